// Shared helpers of the browser tests: launch the machine's Chromium through playwright-core (never a
// downloaded browser), open a logged-in page, fail loudly. Each test script is a standalone program:
//   AETHERIS_URL=http://127.0.0.1:8080 node e2e/<script>.mjs
// It exits 0 on success and 1 with a one-line reason on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where screenshots go: `target/e2e/` of this module unless AETHERIS_E2E_OUT says otherwise. */
export const OUT_DIR = process.env.AETHERIS_E2E_OUT ?? join(MODULE_DIR, 'target', 'e2e');
const DEV_LOGIN = '/v1/auth/dev-login';

export class Failure extends Error {}

export function check(cond, message) {
  if (!cond) throw new Failure(message);
}

export function baseUrl() {
  const url = process.env.AETHERIS_URL;
  if (!url) throw new Failure('set AETHERIS_URL to the server base URL, e.g. http://127.0.0.1:8080');
  return url.replace(/\/+$/, '');
}

/** Path of Debian's chromium (or CHROMIUM_PATH); playwright-core must not fetch its own. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    throw new Failure('no chromium on PATH (Debian/Ubuntu: apt-get install chromium)');
  }
}

/**
 * Launches Chromium. By default with `--disable-quic` (HTTP/3 for page loads off; Chromium's
 * WebTransport still works with it); `{ quic: true }` passes no flag that touches QUIC or
 * certificates, as the WebTransport tests require.
 */
export async function launch({ quic = false } = {}) {
  // launch() gives every run a fresh temporary --user-data-dir of its own (it refuses one in args).
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', ...(quic ? [] : ['--disable-quic']), '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One sample of a Prometheus counter from the server's /metrics (0 when absent). */
export async function metric(name, labels = '') {
  const text = await (await fetch(`${baseUrl()}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/**
 * A new browser context with one page on the playground, recording console errors and uncaught
 * exceptions. The dev-login probe's expected non-2xx answer is the one console line ignored.
 */
export async function openPage(browser, { width = 1280, height = 800, context: given } = {}) {
  const context = given ?? await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    if (url.endsWith(DEV_LOGIN) && /Failed to load resource/.test(msg.text())) return;
    errors.push(`console: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(`${baseUrl()}/`, { waitUntil: 'load' });
  return { context, page, errors };
}

/** Dev login through the form; resolves with the ms from submit to possession (ship drawn). */
export async function devLogin(page, name, { admin = true, possessWithinMs = 5000 } = {}) {
  await page.getByTestId('dev-login').waitFor({ state: 'visible', timeout: 5000 });
  await page.getByTestId('dev-name').fill(name);
  await page.getByTestId('dev-admin').setChecked(admin);
  const t0 = Date.now();
  await page.getByTestId('dev-login-submit').click();
  await page.waitForFunction(() => window.aetheris.possessed, null, { timeout: possessWithinMs, polling: 20 })
    .catch(() => { throw new Failure(`${name}: no possession within ${possessWithinMs} ms`); });
  return Date.now() - t0;
}

export function ensureOutDir() {
  mkdirSync(OUT_DIR, { recursive: true });
  return OUT_DIR;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one test body with a fresh browser, a hard deadline, and the exit code convention.
 * @param {string} name
 * @param {(browser: import('playwright-core').Browser) => Promise<string|void>} body returns a summary line
 */
export async function runTest(name, body, { deadlineMs = 60_000, quic = false } = {}) {
  let browser;
  const deadline = setTimeout(() => {
    console.error(`FAIL ${name}: still running after ${deadlineMs} ms`);
    process.exit(1);
  }, deadlineMs);
  try {
    browser = await launch({ quic });
    const summary = await body(browser);
    console.log(`PASS ${name}${summary ? `: ${summary}` : ''}`);
    process.exitCode = 0;
  } catch (e) {
    console.error(`FAIL ${name}: ${e instanceof Failure ? e.message : e.stack}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    if (browser) await browser.close().catch(() => {});
  }
}
