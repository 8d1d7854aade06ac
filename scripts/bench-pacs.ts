// Time to the first image and to the whole series of the phantom CT (211 axial slices) opened from
// Orthanc over DICOMweb, in headless Chromium against the production build (run "npm run build" first).
// Each run: a fresh browser profile (empty cache), the study list already showing the CT; the clock
// starts at the click on "Open study" and stops, for the first image, when the viewport's pixels show it
// (scripts/pixelClock.ts; the overlay appears earlier, before the image is decoded and drawn). Prints each run
// and the medians of 5.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startOrthanc } from './orthanc';
import { launchChromium, startPreview } from './headless';
import { firstPixels, installPixelClock, pageNow } from './pixelClock';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, '..');
const ctDir = path.join(root, 'sample-data/ct-thoracolumbar/AXIAL');
const files = readdirSync(ctDir)
  .filter((f) => f.endsWith('.dcm'))
  .map((f) => path.join(ctDir, f));
if (files.length === 0) throw new Error('No phantom CT in sample-data/: run "npm run samples" first.');

const storage = mkdtempSync(path.join(os.tmpdir(), 'kypho-bench-orthanc-'));
const orthanc = await startOrthanc({ storageDir: storage });
console.log(`Orthanc on ${orthanc.url}: uploading ${files.length} CT slices…`);
await orthanc.upload(files);
process.env.KYPHO_DICOMWEB_TARGET = orthanc.url;
const server = await startPreview();
const url = server.url;

const firstImage: number[] = [];
const fullSeries: number[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const browser = await launchChromium({ width: 1400, height: 900 });
    try {
      const { page } = browser;
      await installPixelClock(page);
      await page.goto(url);
      await page.getByRole('button', { name: 'Open from PACS…' }).click();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.locator('.study-table tbody tr', { hasText: 'CT THORACOLUMBAR' }).click();
      const open = page.getByRole('button', { name: 'Open study' });
      await open.waitFor();

      const clicked = await pageNow(page);
      const start = performance.now();
      await open.click();
      const first = (await firstPixels(page, 120_000)) - clicked;
      const bar = page.locator('.study-browser .series').getByRole('progressbar');
      await page.waitForFunction(
        () => {
          const b = document.querySelector('.study-browser .series [role=progressbar]');
          return !!b && b.getAttribute('aria-valuenow') === b.getAttribute('aria-valuemax');
        },
        null,
        { timeout: 300_000, polling: 20 },
      );
      const full = performance.now() - start;
      const loaded = await bar.getAttribute('aria-valuenow');
      if (loaded !== String(files.length)) throw new Error(`run ${run}: ${loaded} of ${files.length} images loaded`);
      firstImage.push(first);
      fullSeries.push(full);
      console.log(`run ${run}: first image ${first.toFixed(0)} ms, all ${files.length} images ${full.toFixed(0)} ms`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
  await orthanc.stop();
  rmSync(storage, { recursive: true, force: true });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`median of ${RUNS}: first image ${median(firstImage).toFixed(0)} ms, full series (${files.length} images) ${median(fullSeries).toFixed(0)} ms`);
