import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { inject } from 'vitest';
import { launchChromium, type Headless } from '../../scripts/headless';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const sharedDicom = path.resolve(repoRoot, '../shared/dicom');

/**
 * Debian's Chromium, headless, at the window size the tests are written for. `snap: false` is a reader who turned
 * Snap off (issue 17): for the tests of placement exactly as clicked, which were written before snapping.
 */
export async function openBrowser(options: { cpuOnly?: boolean; snap?: boolean } = {}): Promise<Headless> {
  const session = await launchChromium({ width: 1400, height: 900, cpuOnly: options.cpuOnly });
  if (options.snap === false) await session.page.context().addInitScript(() => localStorage.setItem('kypho.snap', 'off'));
  return session;
}

/** A preview server of the build whose /dicom-web proxy goes to `target` (vite.config.ts reads KYPHO_DICOMWEB_TARGET). */
export async function previewWithDicomWeb(target: string): Promise<PreviewServer> {
  const before = process.env.KYPHO_DICOMWEB_TARGET;
  process.env.KYPHO_DICOMWEB_TARGET = target;
  try {
    return await preview({ root: repoRoot, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  } finally {
    if (before === undefined) delete process.env.KYPHO_DICOMWEB_TARGET;
    else process.env.KYPHO_DICOMWEB_TARGET = before;
  }
}

export function appUrl(query = ''): string {
  return inject('baseUrl') + query;
}

/**
 * Forgets the readings autosaved in this browser profile, so that a test opening a study starts from an
 * empty reading, as on a fresh machine (the app restores what was saved for a study, by design).
 */
export async function clearSavedReadings(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(appUrl()).origin, storageTypes: 'indexeddb' });
  await cdp.detach();
}

export interface PixelStats {
  width: number;
  height: number;
  mean: number;
  std: number;
  /** Fraction of pixels brighter than black (an empty viewport is all black). */
  nonBlack: number;
  /** A cheap fingerprint of the grey values, to compare two renderings. */
  grey: number[];
}

/** Reads the pixels the reader sees in a viewport's canvas. */
export async function viewportPixels(page: Page, viewportId = 'viewport-1'): Promise<PixelStats> {
  // Two animation frames after a render, the canvas holds the new image.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="viewport-${id}"] canvas`);
    if (!canvas) throw new Error(`no canvas in ${id}`);
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const n = copy.width * copy.height;
    let sum = 0;
    let sum2 = 0;
    let nonBlack = 0;
    const grey: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = data[i * 4];
      sum += v;
      sum2 += v * v;
      if (v > 8) nonBlack++;
    }
    // A 32x32 grid of samples is enough to tell two renderings apart or alike.
    for (let gy = 0; gy < 32; gy++)
      for (let gx = 0; gx < 32; gx++) {
        const x = Math.floor(((gx + 0.5) * copy.width) / 32);
        const y = Math.floor(((gy + 0.5) * copy.height) / 32);
        grey.push(data[(y * copy.width + x) * 4]);
      }
    const mean = sum / n;
    return { width: copy.width, height: copy.height, mean, std: Math.sqrt(sum2 / n - mean * mean), nonBlack: nonBlack / n, grey };
  }, viewportId);
}

/** Waits until the overlay of a viewport shows an image counter (the stack is loaded and rendered). */
/** A left drag from one page point to another in a few steps, as a reader draws a line (calibration, canal). */
export async function dragLine(page: Page, [x1, y1]: readonly [number, number], [x2, y2]: readonly [number, number]): Promise<void> {
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, { steps: 4 });
  await page.mouse.move(x2, y2, { steps: 4 });
  await page.mouse.up();
}

export async function waitForImage(page: Page, viewportId = 'viewport-1', timeout = 60_000): Promise<void> {
  await page.locator(`[data-viewport-id="${viewportId}"] [data-field="image"]`).waitFor({ timeout });
  await page.waitForFunction(
    (id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="viewport-${id}"] canvas`);
      return !!canvas && canvas.width > 0;
    },
    viewportId,
    { timeout },
  );
  // The overlay can show before the image is decoded (slow codecs): wait until the image itself is loaded and
  // drawn, so that what a test does next (a window preset, a click) applies to it and is not reset by its first render.
  await page.waitForFunction((id) => window.kyphoAutomation?.imageToClient(id, [0, 0]) != null, viewportId, { timeout });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** A row of the results table as the reader reads it: level, heights in mm, Genant grade and type. */
export interface ResultRow {
  level: string;
  ha: number;
  hm: number;
  hp: number;
  grade: number;
  type: string;
}

export async function resultRows(page: Page): Promise<ResultRow[]> {
  return page.$$eval('.results-table tbody tr', (trs) =>
    trs.map((tr) => {
      const cells = [...tr.children].map((c) => (c.textContent ?? '').trim());
      return {
        level: (tr.querySelector('select') as HTMLSelectElement).value,
        ha: Number(cells[1]),
        hm: Number(cells[2]),
        hp: Number(cells[3]),
        grade: Number(cells[8]),
        type: cells[9] as string,
      };
    }),
  );
}

/** The results table's row of a level. */
export async function resultRow(page: Page, level: string): Promise<ResultRow> {
  return (await resultRows(page)).find((r) => r.level === level)!;
}

export async function overlayText(page: Page, field: string, viewportId = 'viewport-1'): Promise<string> {
  return (await page.locator(`[data-viewport-id="${viewportId}"] [data-field="${field}"]`).innerText()).trim();
}

/** Brightest minus darkest grey of a canvas: a rendered image has both bone and background, an empty canvas is uniform. */
export function canvasRange(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let min = 255;
    let max = 0;
    for (let p = 0; p < data.length; p += 4) {
      min = Math.min(min, data[p]);
      max = Math.max(max, data[p]);
    }
    return max - min;
  });
}
