// When WebTransport fails before it is ready (here: the page is handed a certificate hash that does
// not match, so Chromium refuses the server) the page falls back to WebSocket by itself, plays
// normally and says so in the HUD.
import { check, devLogin, openPage, runTest } from './lib.mjs';

await runTest('webtransport-fallback', async (browser) => {
  const context = await browser.newContext();
  await context.route('**/v1/dev/cert-hash', async (route) => {
    const real = await (await route.fetch()).json();
    await route.fulfill({ json: { ...real, hash: '00'.repeat(32) } }, { quic: true });
  }, { quic: true });
  const { page, errors } = await openPage(browser, { context }, { quic: true });
  const ms = await devLogin(page, 'e2e-fallback', { possessWithinMs: 8000 }, { quic: true });
  const st = await page.evaluate(() => ({ transport: window.aetheris.transport, why: window.aetheris.webTransportError }));
  check(st.transport === 'websocket', `transport is '${st.transport}'`);
  check(st.why !== '', 'WebTransport was not tried (no failure recorded)');
  await page.waitForFunction(() => document.querySelector('[data-testid=hud-transport]').textContent.startsWith('WebSocket'),
    null, { timeout: 2000, polling: 50 }).catch(() => { throw new Error('HUD does not say WebSocket'); }, { quic: true });
  const unexpected = errors.filter((e) => !/WebTransport|QUIC|CERT/i.test(e));
  check(unexpected.length === 0, `console errors: ${unexpected.join(' | ')}`);
  return `WebSocket after WebTransport failed (${st.why}; ${errors.length} console line(s) about it), possessed ${ms} ms after login`;
}, { quic: true });
