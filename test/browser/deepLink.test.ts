// A worklist's launch link (?StudyInstanceUIDs=, OHIF's parameter) against a real Orthanc behind the preview
// server's /dicom-web proxy: the study opens without a click, a wrong UID and a refused server say so.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance } from '../../src/dicom';
import { PASSWORD, sampleFiles, startTestPacs, USER, type TestPacs } from '../pacs/fixtures';
import { openBrowser, overlayText, previewWithDicomWeb, viewportPixels, waitForImage } from './browser';

const CT = sampleFiles('ct-thoracolumbar/AXIAL');
const T1 = sampleFiles('mri-fracture-age/SAG_T1');
const STIR = sampleFiles('mri-fracture-age/SAG_STIR');

let pacs: TestPacs;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;
let base: string;

async function uidsOf(file: string) {
  const parsed = await readInstance(file, readFileSync(file), file);
  if (parsed.kind !== 'image') throw new Error(`${file} is not an image`);
  return { study: parsed.instance.studyInstanceUid, series: parsed.instance.seriesInstanceUid };
}

beforeAll(async () => {
  pacs = await startTestPacs([...CT, ...T1, ...STIR]);
  app = await previewWithDicomWeb(pacs.orthanc.url);
  base = app.resolvedUrls!.local[0];
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await app?.close();
  await pacs?.stop();
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
    // The path OHIF's links use (Orthanc Explorer 2's "open in OHIF" button): the app answers on any path.
    await page.goto(`${base}viewer?StudyInstanceUIDs=${study}`);
    await waitForImage(page, 'viewport-1', 120_000);
    expect(await overlayText(page, 'image')).toMatch(/^Image \d+\/211$/);
    expect(await overlayText(page, 'series')).toMatch(/AXIAL/i);
    // The pixels of a CT slice: bone and soft tissue on a dark background, not an empty canvas.
    const pixels = await viewportPixels(page);
    expect(pixels.nonBlack).toBeGreaterThan(0.05);
    expect(pixels.std).toBeGreaterThan(10);
    expect(await page.getByRole('region', { name: 'Sample studies' }).count()).toBe(0);
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
});
