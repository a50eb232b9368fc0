// Connection lost → a visible state and an automatic reconnect; a session the server ends on
// purpose → says so and stops. The WebSocket is routed through Playwright so the test can cut it;
// the page is told WebTransport does not exist, so it takes WebSocket (the reconnect logic is the
// same for both transports).
import { check, devLogin, openPage, runTest, sleep } from './lib.mjs';

await runTest('reconnect-and-closed-session', async (browser) => {
  const { context, page, errors } = await openPage(browser);
  await context.addInitScript(() => { delete window.WebTransport; });
  const sockets = [];
  await context.routeWebSocket(/\/ws$/, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  await page.reload({ waitUntil: 'load' });
  await devLogin(page, 'e2e-flaky', { admin: false });
  const first = await page.evaluate(() => window.aetheris.shipId);

  // 1012 "service restart": a transient loss, the page must come back by itself.
  await sockets.at(-1).close({ code: 1012, reason: 'restarting' });
  await page.waitForFunction(() => window.aetheris.state === 'reconnecting', null, { timeout: 2000 });
  const banner = await page.getByTestId('banner').textContent();
  check(/reconnecting/i.test(banner ?? ''), `no reconnect notice, banner: "${banner}"`);
  await page.waitForFunction(() => window.aetheris.state === 'online' && window.aetheris.possessed, null, { timeout: 8000 });
  const second = await page.evaluate(() => window.aetheris.shipId);
  check(sockets.length === 2, `${sockets.length} connections after one loss`);

  // A revoked session: the page says so and does not loop.
  await sockets.at(-1).close({ code: 1000, reason: 'session revoked' });
  await page.waitForFunction(() => window.aetheris.state === 'closed', null, { timeout: 2000 });
  const closed = await page.getByTestId('banner').textContent();
  check(/revoked/.test(closed ?? ''), `the closed-session banner does not say why: "${closed}"`);
  await sleep(3000);
  check(sockets.length === 2, `the page reconnected ${sockets.length - 2} time(s) after its session was revoked`);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `ship #${first} → reconnected as #${second}; revoked session stopped with "${closed.trim()}"`;
});
