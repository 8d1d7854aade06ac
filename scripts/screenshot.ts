// Takes a screenshot of the built app in headless Chromium: `npx tsx scripts/screenshot.ts OUT.png [QUERY] [FILES...]`.
// QUERY is appended to the URL (e.g. "?sample=radiograph"); FILES are opened through the file input.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const [out, query = '', ...files] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot.ts OUT.png [QUERY] [FILES...]');
const root = path.resolve(import.meta.dirname, '..');
const server = await preview({ root, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1' } });
const profile = mkdtempSync(path.join(os.tmpdir(), 'kypho-shot-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.resolvedUrls!.local[0] + query);
  if (files.length) await page.getByTestId('file-input').setInputFiles(files);
  if (files.length || query.includes('sample=')) await page.locator('[data-field="image"]').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
