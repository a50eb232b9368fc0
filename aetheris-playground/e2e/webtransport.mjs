// The playground over WebTransport in Chromium with QUIC left as shipped: the session becomes
// ready with the pinned dev certificate, Auth + StartSession on the stream lead to possession,
// state arrives as datagrams, Ping is answered by Pong, and closing the session reaches the
// server's tick as SessionClosed (counted in aetheris_transport_events_total).
import { check, devLogin, metric, openPage, runTest, sleep } from './lib.mjs';

const CLOSED = ['aetheris_transport_events_total', 'type="session_closed"'];

await runTest('webtransport', async (browser) => {
  const { page, errors } = await openPage(browser);
  const ms = await devLogin(page, 'e2e-wt', { possessWithinMs: 5000 });
  const st = await page.evaluate(() => ({ transport: window.aetheris.transport, why: window.aetheris.webTransportError,
    possession: window.aetheris.possessionChannel }));
  check(st.transport === 'webtransport', `transport is '${st.transport}' (WebTransport failed: ${st.why || 'no reason'})`);
  check(st.possession === 'stream', `Possession came on '${st.possession}', not the session's stream`);
  await page.waitForFunction(() => document.querySelector('[data-testid=hud-transport]').textContent === 'WebTransport',
    null, { timeout: 2000, polling: 50 }).catch(() => { throw new Error('HUD does not say WebTransport'); });
  // Thrust, so our own ship's state changes every tick even in an otherwise empty world.
  await page.getByTestId('view').focus();
  await page.keyboard.down('KeyW');
  await page.waitForFunction(() => window.aetheris.rxDatagrams > 10, null, { timeout: 5000, polling: 50 })
    .catch(() => { throw new Error('no state datagrams arrived'); });
  await page.keyboard.up('KeyW');
  await page.waitForFunction(() => Number.isFinite(window.aetheris.rtt), null, { timeout: 5000, polling: 50 })
    .catch(() => { throw new Error('no Pong answered a Ping'); });
  const { rtt, datagrams } = await page.evaluate(() => ({ rtt: window.aetheris.rtt, datagrams: window.aetheris.rxDatagrams }));
  const open = await metric('aetheris_transport_connections_open', 'transport="wt"');
  check(open >= 1, `server reports ${open} open wt connections`);
  const before = await metric(...CLOSED);
  const resetsBefore = await metric('aetheris_transport_events_total', 'type="stream_reset"');
  await page.getByTestId('logout').click(); // closes the session with CLOSE_WEBTRANSPORT_SESSION
  let after = before;
  for (let i = 0; i < 50 && after === before; i++) {
    await sleep(100);
    after = await metric(...CLOSED);
  }
  check(after === before + 1, `session_closed went ${before} -> ${after}, expected +1`);
  const resets = await metric('aetheris_transport_events_total', 'type="stream_reset"') - resetsBefore;
  check(resets === 0, `closing the session also counted ${resets} stream reset(s)`);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  return `possessed ${ms} ms after login, ${datagrams} datagrams, rtt ${rtt} ms, session_closed ${before} -> ${after}`;
}, { quic: true });
