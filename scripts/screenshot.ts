// Takes a screenshot of the built app in headless Chromium: `npx tsx scripts/screenshot.ts OUT.png [QUERY] [FILES...]`.
// QUERY is appended to the URL (e.g. "?sample=radiograph"); FILES are opened through the file input.
import { launchChromium, startPreview } from './headless';

const [out, query = '', ...files] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot.ts OUT.png [QUERY] [FILES...]');
const server = await startPreview();
const browser = await launchChromium({ width: 1400, height: 900 });
try {
  const { page } = browser;
  await page.goto(server.url + query);
  if (files.length) await page.getByTestId('file-input').setInputFiles(files);
  if (files.length || query.includes('sample=')) await page.locator('[data-field="image"]').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
