// StressTest 200 from the admin panel → at least 200 entities drawn; ClearWorld → those entities
// disappear (our own ship stays).
import { check, devLogin, openPage, runTest, sleep } from './lib.mjs';

const COUNT = 200;

await runTest('stress-and-clear', async (browser) => {
  const { page, errors } = await openPage(browser);
  await devLogin(page, 'e2e-admin', { admin: true });
  await page.getByTestId('admin').waitFor({ state: 'visible', timeout: 2000 });
  await sleep(500);
  const before = new Set(await page.evaluate(() => window.aetheris.ids()));
  await page.getByTestId('stress-count').fill(String(COUNT));
  await page.getByTestId('stress-submit').click();
  await page.waitForFunction((n) => window.aetheris.drawnCount >= n, COUNT, { timeout: 10_000 })
    .catch(async () => { throw new Error(`after StressTest ${COUNT}: ${await page.evaluate(() => window.aetheris.drawnCount)} drawn, want ≥ ${COUNT}`); });
  // One look at the page: stress ships keep moving in and out of the interest radius, so a count
  // read before the ids would not describe the same set.
  const seen = await page.evaluate(() => ({ drawn: window.aetheris.drawnCount, ids: window.aetheris.ids() }));
  const peak = seen.drawn;
  const added = seen.ids.filter((id) => !before.has(id));
  check(added.length > 0 && added.length >= Math.min(COUNT, seen.ids.length - before.size),
    `only ${added.length} new of ${seen.ids.length} entities after StressTest (${before.size} before)`);
  await page.getByTestId('clear-world').click();
  await page.waitForFunction((ids) => ids.every((id) => !window.aetheris.sees(id)), added, { timeout: 10_000 })
    .catch(async () => {
      const left = await page.evaluate((ids) => ids.filter((id) => window.aetheris.sees(id)).length, added);
      throw new Error(`after ClearWorld ${left} of the ${added.length} stress entities are still drawn`);
    });
  // The page drops entities on the ClearWorld ack by itself; make sure the server really removed
  // them (they would come back with the next update otherwise).
  await sleep(750);
  const back = await page.evaluate((ids) => ids.filter((id) => window.aetheris.sees(id)).length, added);
  check(back === 0, `${back} stress entities came back after ClearWorld`);
  // ClearWorld removes every entity, our ship included; the page takes a fresh one at once.
  await page.waitForFunction(() => window.aetheris.possessed, null, { timeout: 5_000 })
    .catch(() => { throw new Error('no new ship after ClearWorld'); });
  const after = await page.evaluate(() => ({ drawn: window.aetheris.drawnCount, possessed: window.aetheris.possessed }));
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `drawn ${before.size} → ${peak} after StressTest ${COUNT} (${added.length} new) → ${after.drawn} after ClearWorld`;
});
