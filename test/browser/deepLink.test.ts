// A worklist's launch link (?StudyInstanceUIDs=, OHIF's parameter) against a real Orthanc behind the preview
// server's /dicom-web proxy: the study opens without a click, a wrong UID and a refused server say so.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance } from '../../src/dicom';
import { newUid, PASSWORD, sampleFiles, startTestPacs, USER, type TestPacs } from '../pacs/fixtures';
import { openBrowser, overlayText, previewWithDicomWeb, viewportPixels, waitForImage } from './browser';

const CT = sampleFiles('ct-thoracolumbar/AXIAL');
const T1 = sampleFiles('mri-fracture-age/SAG_T1');
const STIR = sampleFiles('mri-fracture-age/SAG_STIR');

let pacs: TestPacs;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;
let base: string;
let compressedDir: string;

/**
 * Twelve CT slices compressed to JPEG-LS lossless by DCMTK's dcmcjpls, as a series of a study of their own: a
 * compressed series needs a WASM decoder in each decode worker.
 */
function jpegLsSeries(): { files: string[]; study: string } {
  compressedDir = mkdtempSync(path.join(os.tmpdir(), 'kypho-jls-'));
  const study = newUid();
  const series = newUid();
  const files = CT.slice(100, 112).map((source, i) => {
    const out = path.join(compressedDir, `JLS${i + 1}.dcm`);
    execFileSync('dcmcjpls', [source, out]);
    execFileSync('dcmodify', ['-nb', '-m', `(0020,000D)=${study}`, '-m', `(0020,000E)=${series}`, '-m', `(0008,0018)=${newUid()}`, '-m', '(0008,103E)=AXIAL JPEG-LS', out]);
    return out;
  });
  return { files, study };
}
let jls: { files: string[]; study: string };

async function uidsOf(file: string) {
  const parsed = await readInstance(file, readFileSync(file), file);
  if (parsed.kind !== 'image') throw new Error(`${file} is not an image`);
  return { study: parsed.instance.studyInstanceUid, series: parsed.instance.seriesInstanceUid };
}

beforeAll(async () => {
  jls = jpegLsSeries();
  pacs = await startTestPacs([...CT, ...T1, ...STIR, ...jls.files]);
  app = await previewWithDicomWeb(pacs.orthanc.url);
  base = app.resolvedUrls!.local[0];
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await app?.close();
  await pacs?.stop();
  if (compressedDir) rmSync(compressedDir, { recursive: true, force: true });
});

/**
 * The servers this browser has set up, as the settings dialog saves them: the proxied Orthanc without credentials
 * (which it refuses) as the active one, and the same Orthanc with the reader's password as "Reading room".
 */
async function setUpServers(page: Page, active: 'local-orthanc' | 'reading-room'): Promise<void> {
  await page.goto(base);
  await page.evaluate(
    ({ user, password, active }) => {
      localStorage.clear();
      sessionStorage.clear();
      localStorage.setItem(
        'kypho.dicomweb.servers',
        JSON.stringify([
          { id: 'local-orthanc', name: 'Local Orthanc', url: '/dicom-web', authKind: 'none', rememberSecret: false },
          { id: 'reading-room', name: 'Reading room', url: '/dicom-web', authKind: 'basic', username: user, rememberSecret: true },
        ]),
      );
      localStorage.setItem('kypho.dicomweb.secrets', JSON.stringify({ 'reading-room': password }));
      localStorage.setItem('kypho.dicomweb.active', active);
    },
    { user: USER, password: PASSWORD, active },
  );
}

const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });

describe('a deep link', () => {
  it('opens the phantom CT from the PACS without any click', async () => {
    const { page } = session;
    const { study } = await uidsOf(CT[0]);
    await setUpServers(page, 'reading-room');
    // The start page setUpServers went through has fetched its previews (not the link's open's).
    await page.waitForLoadState('networkidle');
    // Nothing of the start screen competes with the study: not its sample previews.
    const previews: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (/\/preview\.(png|webp)$/.test(new URL(request.url()).pathname)) previews.push(request.url());
    };
    session.context.on('request', onRequest);
    // The path OHIF's links use (Orthanc Explorer 2's "open in OHIF" button): the app answers on any path.
    await page.goto(`${base}viewer?StudyInstanceUIDs=${study}`);
    await waitForImage(page, 'viewport-1', 120_000);
    session.context.off('request', onRequest);
    expect(previews).toEqual([]);
    expect(await overlayText(page, 'image')).toMatch(/^Image \d+\/211$/);
    expect(await overlayText(page, 'series')).toMatch(/AXIAL/i);
    // The pixels of a CT slice: bone and soft tissue on a dark background, not an empty canvas.
    const pixels = await viewportPixels(page);
    expect(pixels.nonBlack).toBeGreaterThan(0.05);
    expect(pixels.std).toBeGreaterThan(10);
    expect(await page.getByRole('region', { name: 'Sample studies' }).count()).toBe(0);
  });

  it('brings the other 210 slices in one series answer, read as it arrives, with the password of the server', async () => {
    const { page } = session;
    const { study } = await uidsOf(CT[0]);
    await setUpServers(page, 'reading-room');
    const requests: { path: string; authorization: boolean }[] = [];
    // The context sees the requests of the page's workers too.
    const onRequest = (request: { url(): string; headers(): Record<string, string> }) => {
      const url = new URL(request.url());
      if (url.pathname.includes('/dicom-web/')) requests.push({ path: url.pathname, authorization: 'authorization' in request.headers() });
    };
    session.context.on('request', onRequest);
    try {
      await page.goto(`${base}?StudyInstanceUIDs=${study}`);
      await waitForImage(page, 'viewport-1', 120_000);
      await expect.poll(() => page.locator('.study-browser').innerText(), { timeout: 60_000 }).toContain('211/211 loaded');
      const whole = requests.filter((r) => /\/series\/[^/]+$/.test(r.path));
      expect(whole).toHaveLength(1);
      expect(whole[0]!.authorization).toBe(true);
      // The slice shown first, asked for as soon as its instance was known; no other frame on its own.
      expect(requests.filter((r) => r.path.includes('/frames/'))).toHaveLength(1);
      // A slice that came in the series answer is drawn from it: 20 slices on, the pixels of a CT slice, and no request.
      const before = requests.length;
      const viewport = page.locator('[data-viewport-id="viewport-1"]');
      await viewport.hover();
      for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 100);
      await expect.poll(() => overlayText(page, 'image')).not.toBe('Image 106/211');
      const pixels = await viewportPixels(page);
      expect(pixels.nonBlack).toBeGreaterThan(0.05);
      expect(pixels.std).toBeGreaterThan(10);
      expect(requests.length).toBe(before);
    } finally {
      session.context.off('request', onRequest);
    }
  });

  it('asks for the slice it shows as soon as the series metadata is here, before the series is parsed and listed', async () => {
    const { page } = session;
    const { study } = await uidsOf(CT[0]);
    await setUpServers(page, 'reading-room');
    // When the study browser first lists a series (the series was parsed and added to the study).
    await page.addInitScript(`(() => {
      const watch = new MutationObserver(() => {
        if (document.querySelector('.study-browser .series')) {
          window.kyphoSeriesListedAt = performance.now();
          watch.disconnect();
        }
      });
      watch.observe(document, { childList: true, subtree: true });
    })();`);
    await page.goto(`${base}?StudyInstanceUIDs=${study}`);
    await waitForImage(page, 'viewport-1', 120_000);
    expect(await overlayText(page, 'image')).toBe('Image 106/211');
    const { listed, metadataEnd, frames } = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        listed: (window as unknown as { kyphoSeriesListedAt?: number }).kyphoSeriesListedAt,
        metadataEnd: entries.find((e) => e.name.endsWith('/metadata'))?.responseEnd,
        frames: entries.filter((e) => e.name.includes('/frames/')).map((e) => ({ url: e.name, start: e.startTime })),
      };
    });
    expect(listed).toBeDefined();
    expect(metadataEnd).toBeDefined();
    const first = frames.sort((a, b) => a.start - b.start)[0]!;
    expect(first.start).toBeGreaterThanOrEqual(metadataEnd!);
    expect(first.start).toBeLessThan(listed!);
    // The viewer took those bytes: the shown slice was not asked for a second time.
    expect(frames.filter((f) => f.url === first.url)).toHaveLength(1);
  });

  it('says the study is not on the server when its UID is wrong', async () => {
    const { page } = session;
    await setUpServers(page, 'reading-room');
    await page.goto(`${base}?StudyInstanceUIDs=1.2.3.4.5`);
    await expect.poll(() => problems(page).innerText(), { timeout: 30_000 }).toMatch(/link: study 1\.2\.3\.4\.5: The DICOMweb server "Reading room" has no study with this Study Instance UID\./);
    expect(await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').count()).toBe(0);
  });

  it('says the server refused, and server= selects the server set up with the password', async () => {
    const { page } = session;
    const { study, series } = await uidsOf(STIR[0]);
    await setUpServers(page, 'local-orthanc');
    await page.goto(`${base}?StudyInstanceUIDs=${study}`);
    await expect.poll(() => problems(page).innerText(), { timeout: 30_000 }).toMatch(/link: study [\d.]+: The DICOMweb server "Local Orthanc" refused the credentials \(HTTP 401/);

    // By name, only the STIR of the two series.
    await page.goto(`${base}?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=${series}&server=Reading%20room`);
    await waitForImage(page, 'viewport-1', 60_000);
    expect(await overlayText(page, 'series')).toMatch(/STIR/);
    expect(await page.locator('.study-browser .series').count()).toBe(1);
    expect((await viewportPixels(page)).std).toBeGreaterThan(5);
  });

  it('names a series that is not in the study, and a server that is not set up', async () => {
    const { page } = session;
    const { study } = await uidsOf(T1[0]);
    await setUpServers(page, 'reading-room');
    await page.goto(`${base}?StudyInstanceUIDs=${study}&SeriesInstanceUIDs=1.2.3`);
    await expect.poll(() => problems(page).innerText(), { timeout: 30_000 }).toMatch(/The DICOMweb server "Reading room" has no series 1\.2\.3 in the linked study\./);

    await page.goto(`${base}?StudyInstanceUIDs=${study}&server=https://elsewhere.example/dicom-web`);
    await expect.poll(() => problems(page).innerText()).toMatch(/https:\/\/elsewhere\.example\/dicom-web, which is not set up here/);
  });

  it('opens a JPEG-LS series, each decode worker fetching its decoder once', async () => {
    const { page } = session;
    await setUpServers(page, 'reading-room');
    // Decoders are fetched by the decode workers: the context sees their requests.
    const decoders: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().endsWith('.wasm')) decoders.push(path.basename(new URL(request.url()).pathname));
    };
    session.context.on('request', onRequest);
    try {
      await page.goto(`${base}?StudyInstanceUIDs=${jls.study}`);
      await waitForImage(page, 'viewport-1', 120_000);
      expect(await overlayText(page, 'series')).toMatch(/AXIAL JPEG-LS$/);
      expect(await overlayText(page, 'image')).toBe('Image 6/12');
      const pixels = await viewportPixels(page);
      expect(pixels.nonBlack).toBeGreaterThan(0.05);
      expect(pixels.std).toBeGreaterThan(10);
      // All twelve slices retrieved and decoded: the series' progress is complete.
      await expect.poll(() => page.locator('.study-browser').innerText(), { timeout: 60_000 }).toContain('12/12 loaded');
      const workers = await page.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)));
      expect(decoders.length).toBeGreaterThan(0);
      expect(new Set(decoders).size).toBe(1);
      expect(decoders[0]).toMatch(/^charlswasm_decode/);
      expect(decoders.length).toBeLessThanOrEqual(workers);
    } finally {
      session.context.off('request', onRequest);
    }
  });
});
