// Holding W thrusts: the ship's replicated position changes.
import { check, devLogin, openPage, runTest, sleep } from './lib.mjs';

await runTest('hold-w-moves', async (browser) => {
  const { page, errors } = await openPage(browser);
  await devLogin(page, 'e2e-mover');
  await sleep(300);
  const before = await page.evaluate(() => window.aetheris.shipPos);
  await page.getByTestId('view').focus();
  await page.keyboard.down('KeyW');
  await sleep(1500);
  await page.keyboard.up('KeyW');
  const after = await page.evaluate(() => window.aetheris.shipPos);
  const moved = Math.hypot(after.x - before.x, after.y - before.y);
  check(moved > 1, `ship moved only ${moved.toFixed(3)} units (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
  const sent = await page.evaluate(() => window.aetheris.inputsSent);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `moved ${moved.toFixed(1)} units in 1.5 s, ${sent} input batches sent`;
});
