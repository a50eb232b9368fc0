// Runs every browser test script in turn against AETHERIS_URL; exits non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCRIPTS = ['page-loads.mjs', 'login-possession.mjs', 'move.mjs', 'stress-clear.mjs', 'two-players.mjs', 'reconnect.mjs', 'busy-screenshot.mjs', 'webtransport.mjs', 'webtransport-fallback.mjs'];

if (!process.env.AETHERIS_URL) {
  console.error('set AETHERIS_URL to the server base URL, e.g. http://127.0.0.1:8080');
  process.exit(2);
}
let passed = 0;
let failed = 0;
for (const s of SCRIPTS) {
  const r = spawnSync(process.execPath, [join(HERE, s)], { stdio: 'inherit', env: process.env, timeout: 90_000 });
  if (r.status === 0) passed++; else failed++;
}
console.log(`browser tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
