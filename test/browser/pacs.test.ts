// Kypho against a real Orthanc in Chromium: a test user, the phantom samples and 30 one-image studies,
// reached through the preview server's /dicom-web proxy as a deployment reaches its PACS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance } from '../../src/dicom';
import { storeInstances } from '../../src/dicom/dicomweb';
import { basicTextSr, sampleFiles, startTestPacs, tinyStudy, type TestPacs } from '../pacs/fixtures';
import { openBrowser, overlayText, previewWithDicomWeb, repoRoot, viewportPixels, waitForImage, type PixelStats } from './browser';
import { column, configureServer, openPacs as openPacsAt, openSeries, rows, search, waitForAllImages } from './pacsSteps';

const T1 = sampleFiles('mri-fracture-age/SAG_T1');
const STIR = sampleFiles('mri-fracture-age/SAG_STIR');
const BASELINE = sampleFiles('lateral-baseline/DX');
const FOLLOWUP = sampleFiles('lateral-followup/DX');
// Ten frames in one JPEG 2000 object: a multi-frame instance, and frames sent in their stored compressed syntax.
const MULTIFRAME = [path.join(repoRoot, '../shared/dicom/pydicom/emri_small_jpeg_2k_lossless.dcm')];
const TINY_STUDIES = 30;

let pacs: TestPacs;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;


const urlOf = (server: PreviewServer) => server.resolvedUrls!.local[0];
const openPacs = (page: Page, base = urlOf(app)) => openPacsAt(page, base);

beforeAll(async () => {
  await readUids([...T1, ...BASELINE]);
  pacs = await startTestPacs([...BASELINE, ...FOLLOWUP, ...T1, ...STIR, ...MULTIFRAME]);
  for (let i = 0; i < TINY_STUDIES; i++) {
    const response = await pacs.orthanc.rest('/instances', { method: 'POST', body: tinyStudy(i) as Uint8Array<ArrayBuffer> });
    if (!response.ok) throw new Error(`Orthanc refused a test study: HTTP ${response.status}`);
  }
  app = await previewWithDicomWeb(pacs.orthanc.url);
  session = await openBrowser({ snap: false });
});

afterAll(async () => {
  await session?.close();
  await app?.close();
  await pacs?.stop();
});

function maxDifference(a: PixelStats, b: PixelStats): number {
  return Math.max(...a.grey.map((v, i) => Math.abs(v - b.grey[i])));
}

describe('the study list (QIDO-RS)', () => {
  it('filters by patient name, modality, date range and accession, showing the series and image counts', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page);

    await search(page, { 'Patient name': 'kypho' });
    expect(await rows(page).count()).toBe(3);
    expect(new Set(await column(page, 0))).toEqual(new Set(['PHANTOM, KYPHO SPINE']));

    await search(page, { 'Patient name': 'phantom', Modality: 'MR' });
    expect(await column(page, 4)).toEqual(['MR THORACOLUMBAR SPINE']);
    expect(await column(page, 6)).toEqual(['2']);
    expect(await column(page, 7)).toEqual(['22']);

    await search(page, { Modality: 'DX', 'Study date from': '2026-01-01' });
    expect(await column(page, 5)).toEqual(['PH26030901']);

    await search(page, { 'Study date from': '2025-03-01', to: '2025-03-31' });
    expect(await column(page, 5)).toEqual(['PH25031001']);

    await search(page, { Accession: 'PG07' });
    expect(await column(page, 1)).toEqual(['PAGER-07']);

    await search(page, { 'Patient ID': 'KYPHO-PHANTOM-01' });
    expect(await rows(page).count()).toBe(3);

    await search(page, { 'Patient name': 'nobody' });
    await expect.poll(() => page.locator('.pacs-status').innerText()).toBe('No study matches.');
  });

  it('sorts by any column and pages through 25 studies at a time', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page);
    await search(page);
    const total = 4 + TINY_STUDIES;
    await expect.poll(() => page.locator('.pacs-status').innerText()).toBe(`${total} studies`);
    expect(await rows(page).count()).toBe(25);
    await expect.poll(() => page.locator('.pager').innerText()).toMatch(new RegExp(`1–25 of ${total}\\s+‹ Previous\\s+Page 1 of 2\\s+Next ›`));

    // Newest first by default; a click on the header sorts the other way.
    const dates = await column(page, 2);
    expect(dates).toEqual([...dates].sort().reverse());
    await page.getByRole('button', { name: /^Study date/ }).click();
    const ascending = await column(page, 2);
    expect(ascending).toEqual([...ascending].sort());

    await page.getByRole('button', { name: /^Patient ID/ }).click();
    expect(await page.locator('th', { hasText: 'Patient ID' }).getAttribute('aria-sort')).toBe('ascending');
    const firstPage = await column(page, 1);
    await page.getByRole('button', { name: 'Next ›' }).click();
    const secondPage = await column(page, 1);
    expect(secondPage).toHaveLength(total - 25);
    const all = [...firstPage, ...secondPage];
    // Studies without the value sort last, whichever the direction.
    const present = all.filter((id) => id !== '');
    expect(all).toEqual([...present.sort(new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare), '']);
    // The three phantom studies share one patient ID; the multi-frame study has none.
    expect(all.filter((id) => id === '')).toHaveLength(1);
    expect(new Set(all).size).toBe(total - 2);
  });

  it('lists the series of the selected study with thumbnails rendered by the server', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page);
    await search(page, { 'Patient name': 'kypho', Modality: 'MR' });
    await rows(page).first().click();
    const cards = page.locator('.series-card');
    await expect.poll(() => cards.allInnerTexts()).toEqual([expect.stringMatching(/MR SAG T1\s+Series 2 · 11 objects/), expect.stringMatching(/MR SAG STIR\s+Series 3 · 11 objects/)]);
    for (const img of await page.locator('.series-card img').all()) {
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(64);
    }
  });
});

describe('opening a series from Orthanc (WADO-RS)', () => {
  for (const [query, studyText, series, files, images] of [
    [{ Modality: 'MR' }, 'MR THORACOLUMBAR', 'SAG T1', T1, 11],
    [{ Accession: 'PH25031001' }, 'PH25031001', 'LAT T-L SPINE', BASELINE, 1],
    [{ Modality: 'MR' }, '(no name)', '(no description)', MULTIFRAME, 10],
  ] as const) {
    it(`shows ${series} with the same pixels as from its files, and loads every image`, async () => {
      const { page } = session;
      await openPacs(page);
      await configureServer(page);
      await search(page, query);
      await openSeries(page, studyText, series);
      expect(await waitForAllImages(page, series)).toEqual({ loaded: images, total: images });
      const fromPacs = await viewportPixels(page);
      const counter = await overlayText(page, 'image');
      await page.keyboard.press('Home');
      await expect.poll(() => overlayText(page, 'image')).toBe(`Image 1/${images}`);
      const firstFromPacs = await viewportPixels(page);
      expect(await page.getByRole('region', { name: 'Problems' }).count()).toBe(0);

      await page.goto(urlOf(app));
      await page.getByTestId('file-input').setInputFiles([...files]);
      await waitForImage(page);
      expect(await overlayText(page, 'image')).toBe(counter);
      const fromFiles = await viewportPixels(page);
      await page.keyboard.press('Home');
      await expect.poll(() => overlayText(page, 'image')).toBe(`Image 1/${images}`);
      const firstFromFiles = await viewportPixels(page);

      expect(fromPacs.nonBlack).toBeGreaterThan(0.15);
      expect(fromPacs.std).toBeGreaterThan(15);
      // The same decoded pixels through the same rendering: identical, not just close.
      expect(fromPacs.grey).toEqual(fromFiles.grey);
      expect(firstFromPacs.grey).toEqual(firstFromFiles.grey);
      expect(fromPacs.mean).toBe(fromFiles.mean);
      // The comparison can tell images apart: the first and the middle image differ.
      expect(images === 1 || maxDifference(fromPacs, firstFromPacs) > 20).toBe(true);
    });
  }

  it('retries a frame that fails once, and lists a frame that keeps failing as a problem naming the server', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page);
    await search(page, { Modality: 'MR' });
    const instances = T1.map((file) => sopInstanceUidOf(file));
    const flaky = instances[2];
    const broken = instances[8];
    const attempts = new Map<string, number>();
    await page.route('**/dicom-web/**/frames/**', (route: Route) => {
      const sop = /instances\/([^/]+)\/frames/.exec(route.request().url())?.[1] ?? '';
      const count = (attempts.get(sop) ?? 0) + 1;
      attempts.set(sop, count);
      if (sop === broken || (sop === flaky && count === 1)) return route.fulfill({ status: 503, body: 'overloaded' });
      return route.continue();
    });
    try {
      await openSeries(page, 'MR THORACOLUMBAR', 'SAG T1');
      const bar = page.locator('.study-browser .series', { hasText: 'SAG T1' }).getByRole('progressbar');
      await expect.poll(() => bar.getAttribute('aria-valuetext'), { timeout: 60_000 }).toBe('10 of 11 images loaded, 1 failed');
      const problems = page.getByRole('region', { name: 'Problems' });
      // One line for the series, with a Retry; the image itself named under it.
      await expect.poll(() => problems.innerText()).toContain('1 image of MR 2 (SAG T1) could not be retrieved from "Local Orthanc": server not answering');
      await problems.getByText('Which images').click();
      const text = await problems.innerText();
      expect(text).toContain(`frame 1 of object ${broken}`);
      expect(text).toContain('Local Orthanc: series 2 SAG T1, object 9');
      expect(text).toContain('The DICOMweb server "Local Orthanc" is not reachable (HTTP 503');
      expect(text).toContain('Tried 3 times.');
      expect(text).not.toContain(flaky);
      expect(attempts.get(broken)).toBe(3);
      expect(attempts.get(flaky)).toBe(2);
    } finally {
      await page.unroute('**/dicom-web/**/frames/**');
    }
  });

  it('stops retrieving a series when it leaves the viewport', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page);
    await search(page, { Modality: 'MR' });
    const t1 = new Set(T1.map((file) => sopInstanceUidOf(file)));
    const asked = new Set<string>();
    const held: Route[] = [];
    let holding = true;
    // Frames of SAG T1 are held until it has left the viewport (except the one on screen).
    await page.route('**/dicom-web/**/frames/**', (route: Route) => {
      const sop = /instances\/([^/]+)\/frames/.exec(route.request().url())?.[1] ?? '';
      if (!t1.has(sop)) return route.continue();
      asked.add(sop);
      if (holding && sop !== sopInstanceUidOf(T1[5])) held.push(route);
      else return route.continue();
    });
    try {
      await openSeries(page, 'MR THORACOLUMBAR', 'SAG T1');
      await expect.poll(() => held.length).toBeGreaterThan(0);
      await page.locator('.study-browser .series', { hasText: 'SAG STIR' }).click();
      await expect.poll(() => overlayText(page, 'series')).toBe('MR SAG STIR');
      holding = false;
      await Promise.all(held.map((route) => route.continue()));
      await waitForAllImages(page, 'SAG STIR');
      const bar = page.locator('.study-browser .series', { hasText: 'SAG T1' }).getByRole('progressbar');
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(11);
      // The retrieval asks for a few images at a time; none after the series left the viewport.
      expect(asked.size).toBeLessThanOrEqual(6);
    } finally {
      await page.unroute('**/dicom-web/**/frames/**');
    }
  });
});

describe('reformatting a series from Orthanc (MPR)', () => {
  it('the sagittal T1 from the PACS forms the same volume as from its files: identical axial and coronal reformats', async () => {
    const { page } = session;
    const mpr = async () => {
      await page.getByRole('button', { name: 'MPR', exact: true }).click();
      await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
      expect(await page.locator('[data-field="mpr-status"]').innerText()).toBe('Volume: 11 slices');
      return Promise.all(['mpr-axial', 'mpr-coronal', 'mpr-sagittal'].map((id) => viewportPixels(page, id)));
    };
    await openPacs(page);
    await configureServer(page);
    await search(page, { Modality: 'MR' });
    await openSeries(page, 'MR THORACOLUMBAR', 'SAG T1');
    const fromPacs = await mpr();
    expect(await page.getByRole('region', { name: 'Problems' }).count()).toBe(0);

    await page.goto(urlOf(app));
    await page.getByTestId('file-input').setInputFiles([...T1]);
    await waitForImage(page);
    const fromFiles = await mpr();
    for (const [i, plane] of ['axial', 'coronal', 'sagittal'].entries()) {
      expect(fromPacs[i]!.nonBlack, plane).toBeGreaterThan(0.05);
      expect(fromPacs[i]!.grey, plane).toEqual(fromFiles[i]!.grey);
    }
  });
});

describe('errors from the server are clear and the app stays usable', () => {
  it('a wrong password says that the server refused the credentials (HTTP 401), and the right one then works', async () => {
    const { page } = session;
    const prompts: string[] = [];
    page.on('dialog', (d) => {
      prompts.push(d.message());
      void d.dismiss();
    });
    await openPacs(page);
    await configureServer(page, { password: 'wrong-password' });
    await search(page);
    const alert = page.locator('.pacs-results [role="alert"]');
    await expect.poll(() => alert.innerText()).toBe(
      'The DICOMweb server "Local Orthanc" refused the credentials (HTTP 401 Unauthorized) for the study search: check the user name and password, or the token, in the server settings.',
    );
    expect(prompts).toEqual([]);
    await configureServer(page);
    await search(page, { 'Patient name': 'kypho' });
    expect(await rows(page).count()).toBe(3);
  });

  it('no credentials on a server that needs them says to add them', async () => {
    const { page } = session;
    await openPacs(page);
    await configureServer(page, { password: null });
    await search(page);
    await expect.poll(() => page.locator('.pacs-results [role="alert"]').innerText()).toMatch(/HTTP 401.*it needs a user name and password or a token/);
  });

  it('a server that is down (behind the proxy, or direct) gives a clear message, and the app still opens files', async () => {
    const { page } = session;
    const down = await startTestPacs([]);
    await down.stop();
    const proxiedToNothing = await previewWithDicomWeb(down.orthanc.url);
    try {
      await openPacs(page, urlOf(proxiedToNothing));
      await configureServer(page);
      await search(page);
      await expect.poll(() => page.locator('.pacs-results [role="alert"]').innerText()).toMatch(
        /^The DICOMweb server "Local Orthanc" is not reachable \(HTTP 502 Bad Gateway from the proxy in front of it\) for the study search: is it running\? Tried 3 times\.$/,
      );

      // A second saved server, reached directly: nothing listens there.
      await page.getByRole('button', { name: 'Servers…' }).click();
      const dialog = page.getByRole('dialog', { name: 'DICOMweb servers' });
      await dialog.getByRole('button', { name: 'Add a server' }).click();
      await dialog.getByLabel('Name', { exact: true }).fill('Direct Orthanc');
      await dialog.getByLabel('DICOMweb root URL').fill(down.orthanc.dicomWebRoot);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByRole('button', { name: 'Close' }).click();
      expect(await page.getByLabel('DICOMweb server').inputValue()).not.toBe('local-orthanc');
      await search(page);
      await expect.poll(() => page.locator('.pacs-results [role="alert"]').innerText()).toContain(
        `Cannot reach the DICOMweb server "Direct Orthanc" at ${down.orthanc.dicomWebRoot}`,
      );
      // Both servers stay saved, each with its own settings.
      await page.reload();
      await page.getByRole('button', { name: 'Open from PACS…' }).click();
      // The PACS screen is loaded when first shown (its own chunk): the list appears once it is.
      await expect.poll(() => page.getByLabel('DICOMweb server').locator('option').allInnerTexts()).toEqual(['Local Orthanc', 'Direct Orthanc']);
      await page.getByLabel('DICOMweb server').selectOption({ label: 'Local Orthanc' });
      await search(page);
      await expect.poll(() => page.locator('.pacs-results [role="alert"]').innerText()).toMatch(/"Local Orthanc" is not reachable \(HTTP 502/);

      await page.getByRole('button', { name: 'Back to the viewer' }).click();
      await page.getByTestId('file-input').setInputFiles(BASELINE);
      await waitForImage(page);
      expect((await viewportPixels(page)).std).toBeGreaterThan(15);
    } finally {
      await proxiedToNothing.close();
    }
  });
});

describe('storing back (STOW-RS)', () => {
  it('an SR stored through STOW is in Orthanc, in the study list, and opens with the study', async () => {
    const { page } = session;
    const sr = basicTextSr({ studyInstanceUid: studyUidOf(BASELINE[0]), patientName: 'PHANTOM^KYPHO SPINE', patientId: 'KYPHO-PHANTOM-01' }, 'T6 grade 1 wedge.');
    expect(await storeInstances(pacs.server, [sr.bytes])).toEqual({ stored: [sr.sopInstanceUid], failed: [] });
    const lookup = (await (await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: sr.sopInstanceUid })).json()) as { Type: string }[];
    expect(lookup.map((l) => l.Type)).toEqual(['Instance']);

    await openPacs(page);
    await configureServer(page);
    await search(page, { Accession: 'PH25031001' });
    expect(await column(page, 6)).toEqual(['2']);
    await rows(page).first().click();
    await expect.poll(() => page.locator('.series-card').allInnerTexts()).toEqual([
      expect.stringMatching(/DX LAT T-L SPINE/),
      expect.stringMatching(/SR KYPHO TEST REPORT\s+Series 900 · 1 object/),
    ]);
    await page.getByRole('button', { name: 'Open study' }).click();
    await waitForImage(page);
    await expect.poll(() => page.getByLabel('Non-image objects').innerText()).toContain('1 non-image object');
    const store = page.getByRole('button', { name: 'Store SR to PACS' });
    // Nothing is measured yet: no empty SR leaves (issue 14); the next test stores a measured reading.
    expect(await store.isEnabled()).toBe(false);
    expect(await store.getAttribute('title')).toBe('Nothing is measured yet: an SR holds measured vertebrae.');
  });

  it('stores the reading as a TID 1500 SR on the server, and a fresh browser reopens the reading from it', async () => {
    const { page } = session;
    const studyUid = studyUidOf(BASELINE[0]);
    const openBaseline = async () => {
      await openPacs(page);
      await configureServer(page);
      await search(page, { Accession: 'PH25031001' });
      await rows(page).first().click();
      await page.getByRole('button', { name: 'Open study' }).click();
      await waitForImage(page);
    };
    const forgetSavedReadings = () =>
      page.evaluate(async () => {
        for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
      });
    const tableRows = () => page.locator('.results-table tbody tr').allInnerTexts();

    await openBaseline();
    await forgetSavedReadings();
    await openBaseline();
    const truth = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as {
      vertebrae: { level: string; points: Record<string, number[]> }[];
    };
    const t6 = truth.vertebrae.find((v) => v.level === 'T6')!.points;
    await page.getByRole('button', { name: 'Vertebra' }).click();
    await page.getByLabel('Level', { exact: true }).selectOption('T6');
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi']) {
      const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, t6[key]);
      await page.mouse.click(client![0] + 0.5, client![1] + 0.5);
    }
    await page.mouse.move(10, 10);
    await expect.poll(tableRows).toHaveLength(1);
    const measured = await tableRows();
    // T6 of the phantom: Ha 14.3, Hm 15.2, Hp 18.2 mm (ERMF), Ha/Hp 0.78, grade 1 wedge.
    expect(measured[0]).toMatch(/\t14\.3\t15\.2\t18\.2\t0\.78\t[\s\S]*\t1\twedge/);

    await page.getByRole('button', { name: 'Store SR to PACS' }).click();
    await expect.poll(() => page.locator('.store-sr [role="status"]').innerText()).toBe('Stored on "Local Orthanc".');

    // Orthanc holds a Comprehensive SR in the study now.
    const [study] = (await (await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: studyUid })).json()) as { ID: string }[];
    const instances = (await (await pacs.orthanc.rest(`/studies/${study.ID}/instances?expand`)).json()) as { MainDicomTags: { SOPInstanceUID: string } }[];
    const tags = await Promise.all(
      instances.map(async (i) => (await (await pacs.orthanc.rest(`/instances/${(i as unknown as { ID: string }).ID}/simplified-tags`)).json()) as Record<string, string>),
    );
    const kyphoSr = tags.find((t) => t.SOPClassUID === '1.2.840.10008.5.1.4.1.1.88.33');
    expect(kyphoSr, 'a Comprehensive SR in the study').toBeDefined();

    // Another reader, nothing saved in this browser: the reading comes back from the server's SR.
    await forgetSavedReadings();
    await openBaseline();
    expect(await tableRows()).toEqual([]);
    expect(kyphoSr!.SeriesDescription).not.toBe('KYPHO TEST REPORT');
    await page.locator('.non-image li', { hasText: kyphoSr!.SeriesDescription }).getByRole('button', { name: /^Import reading from / }).click();
    await expect.poll(tableRows).toEqual(measured);
  });
});

/** The SOP Instance and Study Instance UIDs of the files used here, read by the study model's own reader. */
const uids = new Map<string, { sop: string; study: string }>();
async function readUids(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const parsed = await readInstance(file, readFileSync(file), file);
    if (parsed.kind !== 'image') throw new Error(`${file} is not an image`);
    uids.set(file, { sop: parsed.instance.sopInstanceUid, study: parsed.instance.studyInstanceUid });
  }
}
const sopInstanceUidOf = (file: string) => uids.get(file)!.sop;
const studyUidOf = (file: string) => uids.get(file)!.study;
