/**
 * Readings that travel, on a real Orthanc in Chromium: a reading signed by its reader is stored as a VERIFIED SR
 * and locked; amending it stores a new, preliminary SR that names the signed one, which stays on the server as it
 * was; the study's SRs are told apart by reader, time and sign-off. An SR OHIF wrote (a Length, made by
 * @cornerstonejs/adapters as OHIF makes it) is listed as what it is, not offered for import, and drawn read-only.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import dcmjs from 'dcmjs';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance } from '../../src/dicom';
import { sampleFiles, startTestPacs, type TestPacs } from '../pacs/fixtures';
import { ohifLengthSr } from '../pacs/ohifSr';
import { openBrowser, previewWithDicomWeb, repoRoot, waitForImage } from './browser';
import { configureServer, openPacs, rows, search } from './pacsSteps';

const BASELINE = sampleFiles('lateral-baseline/DX');
const truth = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: Record<string, number[]> }[];
};
const ARTIFACTS = path.join(repoRoot, 'test-results/sr-interchange');

let pacs: TestPacs;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;
let studyUid: string;

beforeAll(async () => {
  const dx = await readInstance(BASELINE[0]!, readFileSync(BASELINE[0]!), BASELINE[0]!);
  if (dx.kind !== 'image') throw new Error('the phantom DX is not an image');
  studyUid = dx.instance.studyInstanceUid;
  pacs = await startTestPacs(BASELINE);
  // OHIF's measurement of the radiograph: one Length along T6's posterior wall.
  const t6 = truth.vertebrae.find((v) => v.level === 'T6')!.points;
  const ohif = ohifLengthSr(BASELINE[0]!, t6.ps as [number, number], t6.pi as [number, number], 18.2);
  const response = await pacs.orthanc.rest('/instances', { method: 'POST', body: ohif.bytes as Uint8Array<ArrayBuffer> });
  if (!response.ok) throw new Error(`Orthanc refused the OHIF SR: HTTP ${response.status}`);
  app = await previewWithDicomWeb(pacs.orthanc.url);
  session = await openBrowser({ snap: false });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await session?.close();
  await app?.close();
  await pacs?.stop();
});

const base = () => app.resolvedUrls!.local[0]!;
const tableRows = (page: Page) => page.locator('.results-table tbody tr').allInnerTexts();
const reportsListed = (page: Page) => page.locator('.non-image li').allInnerTexts();

async function openBaseline(page: Page, { fresh = false } = {}): Promise<void> {
  await openPacs(page, base());
  if (fresh) {
    await page.evaluate(async () => {
      for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
    });
    await openPacs(page, base());
  }
  await configureServer(page);
  await search(page, { Accession: 'PH25031001' });
  await rows(page).first().click();
  await page.getByRole('button', { name: 'Open study' }).click();
  await waitForImage(page);
}

async function place(page: Page, level: string): Promise<void> {
  const before = (await tableRows(page)).length;
  await page.getByRole('button', { name: 'Vertebra' }).click();
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  const points = truth.vertebrae.find((v) => v.level === level)!.points;
  for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi']) {
    const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, points[key]!);
    await page.mouse.click(client![0] + 0.5, client![1] + 0.5);
  }
  await page.mouse.move(10, 10);
  await expect.poll(async () => (await tableRows(page)).length).toBe(before + 1);
}

/** Every SR of the study in Orthanc, with its tags and its file as stored. */
async function storedSrs(): Promise<{ tags: Record<string, any>; bytes: Buffer }[]> {
  const [study] = (await (await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: studyUid })).json()) as { ID: string }[];
  const instances = (await (await pacs.orthanc.rest(`/studies/${study!.ID}/instances`)).json()) as { ID: string }[];
  const result = [];
  for (const instance of instances) {
    const bytes = Buffer.from(await (await pacs.orthanc.rest(`/instances/${instance.ID}/file`)).arrayBuffer());
    const tags = dcmjs.data.DicomMetaDictionary.naturalizeDataset(
      dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).dict,
    ) as Record<string, any>;
    if (tags.Modality === 'SR' && tags.Manufacturer === 'Kypho') result.push({ tags, bytes });
  }
  return result;
}

describe('an SR OHIF wrote', () => {
  it('is listed as OHIF measurements, not offered for import, and drawn read-only on its image', async () => {
    const { page } = session;
    await openBaseline(page, { fresh: true });
    const item = page.locator('.non-image li', { hasText: 'OHIF measurements: 1 length' });
    await item.waitFor();
    expect(await item.getByRole('button', { name: /Import reading/ }).count()).toBe(0);
    await item.getByRole('button', { name: 'Show on images' }).click();
    const label = page.locator('[data-viewport-id="viewport-1"] svg text', { hasText: 'Length 18.2 mm' });
    await expect.poll(() => label.count()).toBe(1);
    // The line is where OHIF measured it: from T6's posterior superior to its posterior inferior point.
    const line = await page.$$eval('[data-viewport-id="viewport-1"] svg polyline', (ps) => ps.map((p) => p.getAttribute('points')));
    const t6 = truth.vertebrae.find((v) => v.level === 'T6')!.points;
    const expected = await page.evaluate(([a, b]) => [window.kyphoAutomation!.imageToClient('viewport-1', a)!, window.kyphoAutomation!.imageToClient('viewport-1', b)!], [t6.ps!, t6.pi!]);
    const box = (await page.locator('[data-viewport-id="viewport-1"] svg').first().boundingBox())!;
    const drawn = line.flatMap((p) => (p ?? '').replace(/,\s*/g, ',').trim().split(/\s+/).map((xy) => xy.split(',').map(Number)));
    expect(drawn).toHaveLength(2);
    drawn.forEach(([x, y], i) => {
      expect(Math.abs(x! + box.x - expected[i]![0])).toBeLessThan(1.5);
      expect(Math.abs(y! + box.y - expected[i]![1])).toBeLessThan(1.5);
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ohif-length-shown.png') });
    // Read-only: nothing entered the reading.
    expect(await tableRows(page)).toEqual([]);
    await item.getByRole('button', { name: 'Hide from images' }).click();
    await expect.poll(() => label.count()).toBe(0);
  });
});

describe('signing on the PACS', () => {
  it('stores a VERIFIED SR, locks the reading, and an amendment is a new preliminary SR; the signed one is unchanged', async () => {
    const { page } = session;
    await openBaseline(page, { fresh: true });
    await place(page, 'T6');
    await page.getByLabel('Name').fill('DOE^JANE');
    await page.getByLabel('Organisation').fill('Phantom Radiology');
    await page.getByLabel('Organisation').blur();
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('dialog', { name: 'Sign the reading?' }).getByRole('button', { name: 'Sign' }).click();
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await page.getByRole('button', { name: 'Store SR to PACS' }).click();
    await expect.poll(() => page.locator('.store-sr [role="status"]').innerText()).toBe('Stored on "Local Orthanc".');

    const [signed] = await storedSrs();
    expect(signed!.tags).toMatchObject({ VerificationFlag: 'VERIFIED', PreliminaryFlag: 'FINAL' });
    expect(signed!.tags.VerifyingObserverSequence[0]).toMatchObject({ VerifyingObserverName: [{ Alphabetic: 'DOE^JANE' }], VerifyingOrganization: 'Phantom Radiology' });
    const observer = signed!.tags.ContentSequence.find((i: { ValueType: string }) => i.ValueType === 'PNAME');
    expect(observer.PersonName).toEqual([{ Alphabetic: 'DOE^JANE' }]);

    // The report says who signed.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    expect(await report.locator('[data-field="report-sign-off"]').innerText()).toMatch(/^Signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await report.getByRole('button', { name: 'Close' }).click();

    // Locked: a new vertebra is refused, with the reason, and the table stays as signed.
    const measured = await tableRows(page);
    await page.getByLabel('Delete T6').click();
    await expect.poll(() => page.locator('.notice').innerText()).toContain('This reading is signed (DOE, JANE, Phantom Radiology,');
    expect(await tableRows(page)).toEqual(measured);
    await page.screenshot({ path: path.join(ARTIFACTS, 'signed-locked.png') });

    // Amend (asked), measure one more, store: a second SR.
    await page.getByRole('button', { name: 'Amend…' }).click();
    await page.getByRole('dialog', { name: 'Amend the signed reading?' }).getByRole('button', { name: 'Amend' }).click();
    await place(page, 'T7');
    await page.getByRole('button', { name: 'Store SR to PACS' }).click();
    await expect.poll(async () => (await storedSrs()).length).toBe(2);
    const srs = await storedSrs();
    const amended = srs.find((s) => s.tags.SOPInstanceUID !== signed!.tags.SOPInstanceUID)!;
    expect(amended.tags).toMatchObject({ VerificationFlag: 'UNVERIFIED', PreliminaryFlag: 'PRELIMINARY' });
    expect(amended.tags.SeriesInstanceUID).not.toBe(signed!.tags.SeriesInstanceUID);
    expect(amended.tags.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(signed!.tags.SOPInstanceUID);
    // The signed SR on the server is the one stored at signing, byte for byte.
    expect(srs.find((s) => s.tags.SOPInstanceUID === signed!.tags.SOPInstanceUID)!.bytes.equals(signed!.bytes)).toBe(true);

    // The study's SRs, told apart by their headers: in the PACS series list and among the study's objects.
    await openBaseline(page, { fresh: true });
    const listed = await reportsListed(page);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Kypho reading, DOE\^JANE, \d{4}-\d\d-\d\d \d\d:\d\d, signed\s+Import reading$/),
        expect.stringMatching(/^Kypho reading, DOE\^JANE, \d{4}-\d\d-\d\d \d\d:\d\d, preliminary\s+Import reading$/),
        expect.stringMatching(/^OHIF measurements: 1 length\s+Show on images$/),
      ]),
    );
    // On another computer (the readings stored here forgotten), the signed SR from the PACS is the signed reading
    // again: locked, its sign-off as stored.
    await page.locator('.non-image li', { hasText: ', signed' }).getByRole('button', { name: /^Import reading/ }).click();
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await tableRows(page)).toEqual(measured);
    await openPacs(page, base());
    await configureServer(page);
    await search(page, { Accession: 'PH25031001' });
    await rows(page).first().click();
    const cards = page.locator('.series-card');
    await expect.poll(() => cards.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Kypho reading, DOE\^JANE, .*, signed/), expect.stringMatching(/Kypho reading, DOE\^JANE, .*, preliminary/)]),
    );
  });
});
