package dev.aetheris.bench.soak;

/**
 * What one sampling interval of a soak showed.
 *
 * @param seconds        time since the soak started, at the end of the interval
 * @param rssMb          resident set size of the server process at that moment
 * @param tickP99Ms      99th percentile tick duration over the interval
 * @param tickHz         ticks completed per second over the interval
 * @param overrunTicks   ticks in the interval that took longer than one tick period
 * @param bytesPerMinute payload bytes queued to clients, per minute, over the interval
 * @param clients        authenticated clients at the end of the interval
 * @param droppedDelta   outbound and inbound messages dropped in the interval (queues that overflowed)
 */
record SoakSample(double seconds, double rssMb, double tickP99Ms, double tickHz, long overrunTicks,
                  double bytesPerMinute, int clients, long droppedDelta) {
}
