// With QUIC disabled in the browser the page cannot open WebTransport: it must fall back to
// WebSocket by itself, play normally, and say so in the HUD.
import { check, devLogin, openPage, runTest } from './lib.mjs';

await runTest('webtransport-fallback', async (browser) => {
  const { page, errors } = await openPage(browser);
  const ms = await devLogin(page, 'e2e-fallback', { possessWithinMs: 8000 });
  const st = await page.evaluate(() => ({ transport: window.aetheris.transport, why: window.aetheris.webTransportError }));
  check(st.transport === 'websocket', `transport is '${st.transport}'`);
  check(st.why !== '', 'WebTransport was not tried (no failure recorded)');
  const hud = await page.getByTestId('hud-transport').textContent();
  check(hud.startsWith('WebSocket'), `HUD says '${hud}'`);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `WebSocket after WebTransport failed (${st.why}), possessed ${ms} ms after login`;
}, { quic: false });
