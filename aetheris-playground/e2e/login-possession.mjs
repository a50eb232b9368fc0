// Dev login works and the ship is possessed (and drawn) within 2 s of pressing Play.
import { check, devLogin, openPage, runTest, sleep } from './lib.mjs';

await runTest('login-possession', async (browser) => {
  const { page, errors } = await openPage(browser);
  const ms = await devLogin(page, 'e2e-possess', { possessWithinMs: 2000 });
  const st = await page.evaluate(() => ({ shipId: window.aetheris.shipId, state: window.aetheris.state, pos: window.aetheris.shipPos }));
  check(st.shipId > 0, `no ship id after possession: ${JSON.stringify(st)}`);
  check(st.state === 'online', `connection state ${st.state}`);
  await sleep(300);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `possessed ship #${st.shipId} ${ms} ms after login`;
});
