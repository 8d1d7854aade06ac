import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, canvasRange, openBrowser, overlayText, repoRoot, viewportPixels, waitForImage } from './browser';

interface CatalogStudy {
  id: string;
  title: string;
  files: string[];
}
const catalog = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/catalog.json'), 'utf8')) as { studies: CatalogStudy[] };

// What each sample shows in the first viewport when it opens: its first series, on the middle image.
const expected: Record<string, { series: string; image: string }> = {
  'lateral-baseline': { series: 'DX LAT T-L SPINE', image: 'Image 1/1' },
  'lateral-followup': { series: 'DX LAT T-L SPINE', image: 'Image 1/1' },
  'mri-fracture-age': { series: 'MR SAG T1', image: 'Image 6/11' },
  'ct-thoracolumbar': { series: 'CT AXIAL 1.25 BONE', image: 'Image 106/211' },
};

describe('the start screen lists the sample catalog', () => {
  let session: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(() => session.close());

  it('has a card with a rendered preview for every study of catalog.json', async () => {
    const { page } = session;
    await page.goto(appUrl());
    const cards = page.locator('.catalog-card');
    await expect.poll(() => cards.count()).toBe(catalog.studies.length);
    for (const study of catalog.studies) await expect.poll(() => cards.filter({ hasText: study.title }).count()).toBe(1);
    expect(Object.keys(expected).sort()).toEqual(catalog.studies.map((s) => s.id).sort());
    // Each preview is a real rendering, not an empty canvas.
    for (let i = 0; i < catalog.studies.length; i++) await expect.poll(() => canvasRange(cards.nth(i).locator('canvas'))).toBeGreaterThan(100);
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
