// The page loads with no console errors, shows a login form, and stays under its transfer budget.
import { check, openPage, runTest, sleep } from './lib.mjs';

const BUDGET = 300 * 1024;

await runTest('page-loads', async (browser) => {
  const ctx = await openPage(browser);
  const { page, errors } = ctx;
  let bytes = 0;
  const files = [];
  // Reload with a listener so every static file of the page is counted.
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'fetch' || res.request().resourceType() === 'websocket') return;
    try {
      const n = (await res.body()).length;
      bytes += n;
      files.push(`${new URL(res.url()).pathname}=${n}`);
    } catch {
      // redirects have no body
    }
  });
  await page.reload({ waitUntil: 'networkidle' });
  const form = await Promise.race([
    page.getByTestId('dev-login').waitFor({ state: 'visible', timeout: 5000 }).then(() => 'dev-login'),
    page.getByTestId('otp-request').waitFor({ state: 'visible', timeout: 5000 }).then(() => 'otp-request'),
  ]);
  await sleep(500);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);
  check(bytes > 0 && bytes < BUDGET, `page transfer ${bytes} bytes, budget ${BUDGET} (${files.join(', ')})`);
  return `login form "${form}", ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB`;
});
