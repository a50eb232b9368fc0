// The page falls back to WebSocket by itself and says so in the HUD, in both cases the issue names:
// WebTransport fails before it is ready (the page is handed a certificate hash that does not match,
// so Chromium refuses the server), and WebTransport is unavailable (no WebTransport in the page:
// then it is not tried at all).
import { check, devLogin, openPage, runTest } from './lib.mjs';

async function playOverWebSocket(browser, name, prepare) {
  const context = await browser.newContext();
  await prepare(context);
  const { page, errors } = await openPage(browser, { context });
  const ms = await devLogin(page, name, { possessWithinMs: 8000 });
  const st = await page.evaluate(() => ({ transport: window.aetheris.transport, why: window.aetheris.webTransportError }));
  check(st.transport === 'websocket', `${name}: transport is '${st.transport}'`);
  // The HUD is redrawn every frame: wait for the frame after the connection came up.
  await page.waitForFunction(() => document.querySelector('[data-testid=hud-transport]').textContent.startsWith('WebSocket'),
    null, { timeout: 2000, polling: 50 }).catch(() => { throw new Error(`${name}: HUD does not say WebSocket`); });
  const hud = await page.getByTestId('hud-transport').textContent();
  await context.close();
  return { ms, why: st.why, hud, errors };
}

await runTest('webtransport-fallback', async (browser) => {
  const failed = await playOverWebSocket(browser, 'e2e-fallback', (context) =>
    context.route('**/v1/dev/cert-hash', async (route) => {
      const real = await (await route.fetch()).json();
      await route.fulfill({ json: { ...real, hash: '00'.repeat(32) } });
    }));
  check(failed.why !== '', 'WebTransport was not tried (no failure recorded)');
  check(failed.hud === 'WebSocket (WebTransport failed)', `HUD says '${failed.hud}' after WebTransport failed`);
  const unexpected = failed.errors.filter((e) => !/WebTransport|QUIC|CERT/i.test(e));
  check(unexpected.length === 0, `console errors: ${unexpected.join(' | ')}`);

  const absent = await playOverWebSocket(browser, 'e2e-no-wt', (context) =>
    context.addInitScript(() => { delete window.WebTransport; }));
  check(absent.why === '', `without WebTransport the page still recorded a failure: ${absent.why}`);
  check(absent.hud === 'WebSocket', `HUD says '${absent.hud}' without WebTransport`);
  check(absent.errors.length === 0, `console errors: ${absent.errors.join(' | ')}`);
  return `WebSocket after WebTransport failed (${failed.why}; ${failed.errors.length} console line(s) about it), `
    + `possessed ${failed.ms} ms after login; WebSocket without WebTransport, possessed ${absent.ms} ms after login`;
}, { quic: true });
