// A busy scene (stress entities, spawned asteroids, a moving ship) screenshotted under target/.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { check, devLogin, ensureOutDir, openPage, runTest, sleep } from './lib.mjs';

await runTest('busy-screenshot', async (browser) => {
  const { page, errors } = await openPage(browser, { width: 1400, height: 900 });
  await devLogin(page, 'e2e-shooter', { admin: true });
  await page.getByTestId('stress-count').fill('300');
  await page.getByTestId('stress-submit').click();
  // A few asteroids around the ship, placed by clicking the map as a user would.
  await page.getByTestId('spawn-kind').selectOption('5');
  await page.getByTestId('spawn-armed').check();
  const box = await page.getByTestId('view').boundingBox();
  for (const [fx, fy] of [[0.4, 0.4], [0.6, 0.35], [0.55, 0.65], [0.35, 0.6]]) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  await page.getByTestId('spawn-armed').uncheck();
  await page.getByTestId('view').focus();
  await page.keyboard.down('KeyW');
  await page.keyboard.down('Space');
  await sleep(1200);
  await page.keyboard.up('KeyW');
  await page.keyboard.up('Space');
  // Most of the 300 (the interest radius, 300 units, leaves out the far corners of the world).
  await page.waitForFunction(() => window.aetheris.drawnCount >= 200, null, { timeout: 10_000 });
  await sleep(2500); // let the live charts collect a few points
  const file = join(ensureOutDir(), 'busy-scene.png');
  await page.screenshot({ path: file });
  const size = statSync(file).size;
  check(size > 20_000, `screenshot is only ${size} bytes`);
  const drawn = await page.evaluate(() => window.aetheris.drawnCount);
  await page.getByTestId('clear-world').click();
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `${drawn} entities drawn, ${file} (${(size / 1024).toFixed(0)} KiB)`;
});
