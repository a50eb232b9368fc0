// Two browser contexts (two players) each see the other's ship.
import { check, devLogin, openPage, runTest } from './lib.mjs';

await runTest('two-players', async (browser) => {
  const a = await openPage(browser);
  const b = await openPage(browser);
  await devLogin(a.page, 'e2e-alice', { admin: false });
  await devLogin(b.page, 'e2e-bob', { admin: false });
  const idA = await a.page.evaluate(() => window.aetheris.shipId);
  const idB = await b.page.evaluate(() => window.aetheris.shipId);
  check(idA !== idB, `both players got ship #${idA}`);
  const sees = (page, id) => page.waitForFunction((i) => window.aetheris.sees(i), id, { timeout: 5000 }).then(() => true, () => false);
  check(await sees(a.page, idB), `alice does not see bob's ship #${idB}`);
  check(await sees(b.page, idA), `bob does not see alice's ship #${idA}`);
  const absent = await a.page.getByTestId('admin-absent').textContent();
  check(await a.page.getByTestId('admin').isHidden(), 'a non-admin sees the admin panel');
  check(/admin/.test(absent ?? ''), `no reason given for the missing admin panel: "${absent}"`);
  const errors = [...a.errors, ...b.errors];
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `alice #${idA} and bob #${idB} see each other`;
});
