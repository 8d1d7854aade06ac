/**
 * MPR asked for before the series is loaded (issue 16): a CT from a PACS whose frames come slowly, MPR clicked as
 * soon as its first image shows. The reformat must open with the volume's loading progress and then be ready,
 * not do nothing.
 */
import path from 'node:path';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../pacs/faultProxy';
import { sampleFiles, startTestPacs, type TestPacs } from '../pacs/fixtures';
import { appUrl, canvasRange, openBrowser, previewWithDicomWeb, repoRoot, waitForImage } from './browser';
import { configureServer, openPacs, rows, search } from './pacsSteps';

const CT = sampleFiles('ct-thoracolumbar/AXIAL');

let pacs: TestPacs;
let faults: FaultProxy;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  pacs = await startTestPacs(CT);
  faults = await startFaultProxy(pacs.orthanc.url, /\/frames\//, 16);
  app = await previewWithDicomWeb(faults.url);
  session = await openBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await app?.close();
  await faults?.close();
  await pacs?.stop();
});

type Page = Awaited<ReturnType<typeof openBrowser>>['page'];

/** Clicks MPR at once and follows the reformat until it is ready: what it showed while loading, and at the end. */
async function mprAtOnce(page: Page): Promise<{ whileLoading: string[]; ready: string }> {
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  const mpr = page.locator('.mpr');
  await mpr.waitFor({ timeout: 10_000 });
  const status = page.locator('[data-field="mpr-status"]');
  const whileLoading: string[] = [];
  await expect
    .poll(
      async () => {
        const state = await mpr.getAttribute('data-state');
        if (state === 'loading') whileLoading.push((await status.innerText()).trim());
        return state;
      },
      { timeout: 120_000, interval: 200 },
    )
    .toBe('ready');
  return { whileLoading, ready: (await status.innerText()).trim() };
}

describe('MPR clicked right after the first image of a CT', () => {
  it('from a PACS whose frames come slowly: the reformats open with the volume loading progress, then are ready', async () => {
    const { page } = session;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Slow frames (100 ms each, a few at a time; the series in one answer refused): the 211 slices take several seconds to come.
    faults.setFaults({ delayMs: 100, always: [{ path: /\/series\/[^/]+$/, fault: '503' }] });
    await openPacs(page, app.resolvedUrls!.local[0]!);
    await configureServer(page);
    await search(page, { Modality: 'CT' });
    await rows(page).first().click();
    await page.locator('.series-card', { hasText: 'AXIAL' }).click();
    await waitForImage(page);
    const bar = page.locator('.study-browser .series', { hasText: 'AXIAL' }).getByRole('progressbar');
    // The click comes before the series is loaded.
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(211);
    const { whileLoading, ready } = await mprAtOnce(page);
    expect(whileLoading.length).toBeGreaterThan(0);
    expect(whileLoading[0]).toMatch(/^Loading volume \d+\/211$/);
    expect(Number(/(\d+)\/211/.exec(whileLoading[0]!)![1])).toBeLessThan(211);
    expect(ready).toBe('Volume: 211 slices');
    expect(await page.getByRole('button', { name: 'MPR', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await canvasRange(page.locator('[data-testid="viewport-mpr-sagittal"] canvas'))).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
    faults.setFaults({});
  }, 180_000);

  it('from a local folder: the same', async () => {
    const { page } = session;
    await page.goto(appUrl());
    await page.getByTestId('folder-input').setInputFiles(path.join(repoRoot, 'sample-data/ct-thoracolumbar/AXIAL'));
    await waitForImage(page);
    const { ready } = await mprAtOnce(page);
    expect(ready).toBe('Volume: 211 slices');
    expect(await canvasRange(page.locator('[data-testid="viewport-mpr-sagittal"] canvas'))).toBeGreaterThan(100);
  }, 180_000);
});
