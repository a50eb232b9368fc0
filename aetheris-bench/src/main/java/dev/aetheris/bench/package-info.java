/**
 * JMH benchmarks. Each area has its own sub-package; results and the commands that reproduce
 * them are in {@code docs/PERFORMANCE.md}.
 */
package dev.aetheris.bench;
