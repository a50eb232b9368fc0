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
  // The page speaks codec v2 by default: its ship's position came from decoded snapshots.
  const wire = await page.evaluate(() => ({ codec: window.aetheris.codec, ack: window.aetheris.snapshotAck,
    bad: window.aetheris.badFrames, pos: window.aetheris.shipPos }));
  check(wire.codec === 'v2', `codec ${wire.codec}, expected v2 by default`);
  check(wire.ack > 0 && wire.pos !== null, `no snapshot decoded: ${JSON.stringify(wire)}`);
  check(wire.bad === 0, `${wire.bad} frames the page could not decode`);
  // The page asked for the manifest: it draws the interest radius and shows the budget in use.
  await sleep(1300);
  const view = await page.evaluate(() => ({ radius: window.aetheris.interestRadius, budget: window.aetheris.budgetText }));
  check(view.radius > 0, `no interest radius from the server: ${JSON.stringify(view)}`);
  check(/ of .+\/s \(\d+ %\)$/.test(view.budget), `budget not shown in the HUD: ${JSON.stringify(view)}`);
  return `possessed ship #${st.shipId} ${ms} ms after login, codec v2, snapshot ${wire.ack} decoded, `
    + `radius ${view.radius}, budget ${view.budget}`;
});
