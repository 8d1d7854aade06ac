// Time to load the phantom CT (211 axial slices of 512 x 512, 1.25 mm) as a volume and show all three
// planes, and the memory it takes, in headless Chromium (SwiftShader, no GPU) against the production build:
// `npm run bench:mpr` (builds first; "npm run samples" must have run). Each of 5 runs opens the sample as a
// stack in a fresh browser, then clicks MPR; the clock runs from that click until the three planes show the
// whole volume (every slice decoded, each view rendered). Prints each run and the median.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { launchChromium, startPreview } from './headless';

const RUNS = 5;
const server = await startPreview();
const url = `${server.url}?sample=ct-thoracolumbar`;
const MB = 1024 * 1024;

/** Proportional set size of every Chromium process of one profile (browser, renderer, GPU, utility), in bytes. */
function chromiumPss(profile: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (pss) total += Number(pss[1]) * 1024;
    } catch {
      // The process ended while it was being read.
    }
  }
  return total;
}

async function allPlanesDrawn(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    ['mpr-axial', 'mpr-sagittal', 'mpr-coronal'].every((id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="viewport-${id}"] canvas`);
      if (!canvas || !canvas.width) return false;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4 * 97) if (data[i]! > 20) return true;
      return false;
    }),
  );
}

const results: { firstMs: number; readyMs: number; pssMb: number; cacheMb: number; heapMb: number }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const browser = await launchChromium({ width: 1600, height: 1000, extraArgs: ['--enable-precise-memory-info'] });
  try {
    const { page } = browser;
    await page.goto(url);
    await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    const pssBefore = chromiumPss(browser.profile);
    const cacheBefore = await page.evaluate(() => window.kyphoAutomation!.imageCacheBytes());

    const start = performance.now();
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    let firstMs = NaN;
    for (;;) {
      const state = await page.locator('.mpr').getAttribute('data-state').catch(() => null);
      if (Number.isNaN(firstMs) && state && (await allPlanesDrawn(page))) firstMs = performance.now() - start;
      if (state === 'ready') break;
      if (state === 'failed') throw new Error(await page.locator('[data-field="mpr-status"]').innerText());
      await page.waitForTimeout(20);
    }
    // Two animation frames: the last slices are on screen.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const readyMs = performance.now() - start;
    if (Number.isNaN(firstMs)) firstMs = readyMs;
    if (!(await allPlanesDrawn(page))) throw new Error('the volume loaded but a plane shows nothing');

    await page.waitForTimeout(1000);
    const pssMb = (chromiumPss(browser.profile) - pssBefore) / MB;
    const cacheMb = ((await page.evaluate(() => window.kyphoAutomation!.imageCacheBytes())) - cacheBefore) / MB;
    const heapMb = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN)) / MB;
    results.push({ firstMs, readyMs, pssMb, cacheMb, heapMb });
    console.log(
      `run ${run}: three planes first drawn ${firstMs.toFixed(0)} ms, whole volume shown ${readyMs.toFixed(0)} ms; ` +
        `memory +${pssMb.toFixed(0)} MB (Chromium PSS), image cache +${cacheMb.toFixed(1)} MB, JS heap ${heapMb.toFixed(0)} MB`,
    );
  } finally {
    await browser.close();
  }
}
await server.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  `median of ${RUNS}: whole volume shown in all three planes ${median(results.map((r) => r.readyMs)).toFixed(0)} ms ` +
    `(first drawn ${median(results.map((r) => r.firstMs)).toFixed(0)} ms); ` +
    `memory +${median(results.map((r) => r.pssMb)).toFixed(0)} MB Chromium PSS, of which the volume's voxels ` +
    `${median(results.map((r) => r.cacheMb)).toFixed(1)} MB (512 x 512 x 211 x 2 bytes = ${((512 * 512 * 211 * 2) / MB).toFixed(1)} MB)`,
);
