// Copies the page (plain ES modules, served as they are) into the jar's resource folder and
// enforces the transfer budget, so a page that grows past it fails the build instead of shipping.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 300 * 1024;
const src = fileURLToPath(new URL('../src/main/site/', import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/build.mjs <site-dir>');
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(src, out, { recursive: true });

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
}
const files = walk(out);
const total = files.reduce((n, f) => n + statSync(f).size, 0);
if (total > BUDGET_BYTES) {
  console.error(`aetheris-playground: the page is ${total} bytes, over its ${BUDGET_BYTES}-byte budget:`);
  for (const f of files) console.error(`  ${statSync(f).size}\t${relative(out, f)}`);
  process.exit(1);
}
console.log(`aetheris-playground: page built, ${files.length} files, ${(total / 1024).toFixed(1)} KiB uncompressed (budget 300 KiB).`);
