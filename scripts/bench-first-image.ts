// Time from opening the page to the first rendered image of a TCIA sagittal CT, in headless Chromium,
// against the production build (run "npm run build" first). Prints each run and the median of 5.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium, startPreview } from './headless';

const root = path.resolve(import.meta.dirname, '..');
const file = path.resolve(root, '../shared/dicom/tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');
const server = await startPreview();
const url = server.url;
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const browser = await launchChromium();
  const { page } = browser;
  const start = performance.now();
  await page.goto(url);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor();
  const ms = performance.now() - start;
  runs.push(ms);
  console.log(`run ${i + 1}: ${ms.toFixed(0)} ms`);
  await browser.close();
}
await server.close();
runs.sort((a, b) => a - b);
console.log(`median time from page open to first image: ${runs[2].toFixed(0)} ms`);
