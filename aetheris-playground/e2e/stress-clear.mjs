// StressTest 200 from the admin panel → at least 200 more entities drawn; ClearWorld → gone again.
import { check, devLogin, openPage, runTest, sleep } from './lib.mjs';

const COUNT = 200;

await runTest('stress-and-clear', async (browser) => {
  const { page, errors } = await openPage(browser);
  await devLogin(page, 'e2e-admin', { admin: true });
  await page.getByTestId('admin').waitFor({ state: 'visible', timeout: 2000 });
  await sleep(500);
  const base = await page.evaluate(() => window.aetheris.drawnCount);
  await page.getByTestId('stress-count').fill(String(COUNT));
  await page.getByTestId('stress-submit').click();
  await page.waitForFunction((n) => window.aetheris.drawnCount >= n, base + COUNT, { timeout: 10_000 })
    .catch(async () => { throw new Error(`after StressTest ${COUNT}: ${await page.evaluate(() => window.aetheris.drawnCount)} drawn, want ≥ ${base + COUNT}`); });
  const peak = await page.evaluate(() => window.aetheris.drawnCount);
  check(peak >= COUNT, `only ${peak} entities drawn`);
  await page.getByTestId('clear-world').click();
  await page.waitForFunction((n) => window.aetheris.drawnCount <= n, base, { timeout: 10_000 })
    .catch(async () => { throw new Error(`after ClearWorld still ${await page.evaluate(() => window.aetheris.drawnCount)} drawn (before the stress test: ${base})`); });
  const after = await page.evaluate(() => ({ drawn: window.aetheris.drawnCount, possessed: window.aetheris.possessed }));
  check(after.possessed, 'ClearWorld took our own ship away');
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `drawn ${base} → ${peak} after StressTest ${COUNT} → ${after.drawn} after ClearWorld`;
});
