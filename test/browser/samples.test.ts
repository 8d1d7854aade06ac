import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, openBrowser, overlayText, repoRoot, viewportPixels, waitForImage } from './browser';

interface CatalogStudy {
  id: string;
  title: string;
  files: string[];
  preview: string;
}
const catalog = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/catalog.json'), 'utf8')) as { studies: CatalogStudy[] };

// What each sample shows in the first viewport when it opens: its first series, on the middle image.
const expected: Record<string, { series: string; image: string }> = {
  'lateral-baseline': { series: 'DX LAT T-L SPINE', image: 'Image 1/1' },
  'lateral-followup': { series: 'DX LAT T-L SPINE', image: 'Image 1/1' },
  'mri-fracture-age': { series: 'MR SAG T1', image: 'Image 6/11' },
  'ct-thoracolumbar': { series: 'CT AXIAL 1.25 BONE', image: 'Image 106/211' },
  'ct-posterior-wall': { series: 'CT AXIAL 1.25 BONE T9-L1', image: 'Image 61/121' },
  'lateral-kyphoplasty': { series: 'DX LAT T-L SPINE', image: 'Image 1/1' },
};

/** Brightest minus darkest grey of an image as drawn. */
function greyRange(img: HTMLImageElement): number {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d')!;
  context.drawImage(img, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let min = 255;
  let max = 0;
  for (let p = 0; p < data.length; p += 4) {
    min = Math.min(min, data[p]);
    max = Math.max(max, data[p]);
  }
  return max - min;
}

describe('the start screen lists the sample catalog', () => {
  let session: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(() => session.close());

  it('has a card with a preview image for every study of catalog.json, and fetches no DICOM for them', async () => {
    const { page } = session;
    const requested: string[] = [];
    let bytes = 0;
    const onRequest = (request: { url(): string }) => requested.push(request.url());
    page.on('request', onRequest);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    await page.goto(appUrl());
    const cards = page.locator('.catalog-card');
    await expect.poll(() => cards.count()).toBe(catalog.studies.length);
    for (const study of catalog.studies) await expect.poll(() => cards.filter({ hasText: study.title }).count()).toBe(1);
    expect(Object.keys(expected).sort()).toEqual(catalog.studies.map((s) => s.id).sort());
    // Each preview is a picture of the study (bone and background), not a broken image.
    for (let i = 0; i < catalog.studies.length; i++) {
      const image = cards.nth(i).locator('img');
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
      expect(await image.evaluate(greyRange)).toBeGreaterThan(100);
    }
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    await cdp.detach();
    expect(requested.filter((url) => /\.dcm(\?|$)/.test(url))).toEqual([]);
    // Nor the viewer (issue 19): Cornerstone, its DICOM loader and decode worker, vtk.js and the viewer's own code
    // (vite.config.ts names their chunks) load when a study is opened.
    expect(requested.filter((url) => /\/assets\/(cornerstone-[a-z]+|vtk|App|decodeImageFrameWorker)-[\w-]+\.js$/.test(url))).toEqual([]);
    expect(requested.filter((url) => url.endsWith('.png')).map((url) => url.split('/sample-data/')[1]).sort()).toEqual(catalog.studies.map((s) => s.preview).sort());
    // What the start screen costs is printed, not asserted (its limit is a benchmark's figure).
    console.log(`start screen: ${(bytes / 1e6).toFixed(2)} MB transferred in ${requested.length} requests`);

    // The same pattern names the viewer's code once a study is opened (so the check above looks for the right files).
    const later: string[] = [];
    const onLater = (request: { url(): string }) => later.push(request.url());
    page.on('request', onLater);
    await cards.filter({ hasText: catalog.studies[0].title }).click();
    await waitForImage(page, 'viewport-1', 120_000);
    page.off('request', onLater);
    expect(later.filter((url) => /\/assets\/cornerstone-core-[\w-]+\.js$/.test(url))).toHaveLength(1);
    expect(later.filter((url) => /\/assets\/vtk-[\w-]+\.js$/.test(url))).toHaveLength(1);
  });

  for (const id of Object.keys(expected)) {
    it(`opens ${id} with one click and shows its images`, async () => {
      const { page } = session;
      await page.goto(appUrl());
      await page.locator(`[data-sample-id="${id}"]`).click();
      await waitForImage(page, 'viewport-1', 120_000);
      expect(await overlayText(page, 'patient')).toMatch(/^PHANTOM, /);
      expect(await overlayText(page, 'series')).toBe(expected[id].series);
      expect(await overlayText(page, 'image')).toBe(expected[id].image);
      const stats = await viewportPixels(page);
      expect(stats.nonBlack).toBeGreaterThan(0.15);
      expect(stats.std).toBeGreaterThan(15);
    });
  }

  it('opens a sample straight from the URL parameter', async () => {
    const { page } = session;
    await page.goto(appUrl('?sample=mri-fracture-age'));
    await waitForImage(page);
    const browser = page.getByRole('navigation', { name: 'Studies' });
    await expect.poll(() => browser.innerText()).toContain('SAG STIR');
    expect(await browser.innerText()).toContain('SAG T1');
  });

  it('names an unknown sample in the problems panel instead of failing silently', async () => {
    const { page } = session;
    await page.goto(appUrl('?sample=no-such-study'));
    await expect.poll(() => page.getByRole('region', { name: 'Problems' }).innerText()).toContain('no such sample study');
  });
});
