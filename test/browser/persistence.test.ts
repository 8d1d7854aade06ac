/**
 * Nothing lost, in a real browser: autosave restores a reading after a reload and in a new tab, two tabs on
 * one study are told about each other, exports (JSON, SR, CSV) are what the spec says, imports of damaged
 * files change nothing, and the printable report renders (looked at as a PDF and a PNG).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { readSr } from '../../src/persistence/sr/srRead';
import { parseReadingJson } from '../../src/persistence/validateReading';
import { dciodvfyErrors } from '../unit/persistence/dicomTools';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const PHANTOM = path.join(repoRoot, 'sample-data/lateral-baseline');
const PHANTOM_DX = path.join(PHANTOM, 'DX/IM0001.dcm');
const truth = JSON.parse(readFileSync(path.join(PHANTOM, 'truth.json'), 'utf8')) as { vertebrae: { level: string; points: SixPoints }[] };
const points = (level: string) => truth.vertebrae.find((v) => v.level === level)!.points;
/** Where the report's PDF and PNG are left for a person to look at. */
const ARTIFACTS = path.join(repoRoot, 'test-results/persistence');

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

async function place(page: Page, level: string): Promise<void> {
  const before = await rowCount(page);
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  for (const key of POINT_KEYS) {
    const [x, y] = await onScreen(page, points(level)[key]);
    await page.mouse.click(x, y);
  }
  const [x, y] = await onScreen(page, points(level).pi);
  await page.mouse.move(x + 60, y + 30, { steps: 2 });
  await expect.poll(() => rowCount(page)).toBe(before + 1);
}

const rowCount = (page: Page) => page.locator('.results-table tbody tr').count();
/** The results table as text, row by row: what the reader sees, to compare before and after. */
const table = (page: Page) =>
  page.$$eval('.results-table tbody tr', (trs) =>
    trs.map((tr) =>
      [(tr.querySelector('select') as HTMLSelectElement).value, ...[...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())].join(' ').trim(),
    ),
  );
const imageLabels = (page: Page) =>
  page.$$eval('[data-viewport-id="viewport-1"] svg text', (ts) => ts.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((t) => / (Ha\/Hp|Hm\/Hp|Hp\/adj) /.test(t)));
const saveState = (page: Page) => page.locator('.save-state').getAttribute('data-state');

async function openSample(page: Page): Promise<void> {
  await page.goto(appUrl('?sample=lateral-baseline'));
  await waitForImage(page);
}

/** Chooses an export and saves the download, under its suggested name or `saveAs`. */
async function download(page: Page, choice: string, saveAs?: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.getByRole('menuitem', { name: new RegExp(`^${choice}`) }).click();
    })(),
  ]);
  const target = path.join(dir, saveAs ?? file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

function readDataset(file: string): Record<string, any> {
  const bytes = readFileSync(file);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).dict);
}

async function importFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(file);
}

let session: Session;
let page: Page;
let dir: string;

beforeAll(async () => {
  if (!existsSync(PHANTOM_DX)) throw new Error(`${PHANTOM_DX} is missing: run "npm run samples" first (npm test does).`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-persistence-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await openBrowser({ snap: false });
  page = session.page;
  await page.setViewportSize({ width: 2200, height: 2000 });
  await clearSavedReadings(page);
  await openSample(page);
  await page.keyboard.press('v');
});
afterAll(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The table as last measured, carried from test to test. */
let measured: string[];
/** The signed SR as downloaded at signing. */
let signedFile: string;

describe('autosave', () => {
  it('says "Nothing to save yet" before the first vertebra, and "Saved" once it is stored', async () => {
    await expect.poll(() => saveState(page)).toBe('empty');
    for (const level of ['T7', 'T8', 'T9', 'L1']) await place(page, level);
    await expect.poll(() => saveState(page)).toBe('saved');
    expect(await page.locator('.save-state').innerText()).toMatch(/^✓ Saved \d/);
    measured = await table(page);
    expect(measured.map((r) => r.split(' ')[0])).toEqual(['T7', 'T8', 'T9', 'L1']);
  });

  it('restores the annotations and the whole results panel after a reload', async () => {
    const summary = await page.locator('[data-field="summary"]').innerText();
    const labels = await imageLabels(page);
    await page.reload();
    await waitForImage(page);
    await expect.poll(() => table(page)).toEqual(measured);
    expect(await page.locator('[data-field="summary"]').innerText()).toBe(summary);
    await expect.poll(() => imageLabels(page)).toEqual(labels);
    expect(await page.locator('.save-state').innerText()).toMatch(/^✓ Restored, saved /);
    await page.locator('.results-column').screenshot({ path: path.join(ARTIFACTS, 'restored-results.png') });
  });

  it('loses nothing shown as saved when the tab is closed: a new tab restores it', async () => {
    await page.keyboard.press('v');
    await place(page, 'T10');
    await expect.poll(() => saveState(page)).toBe('saved');
    const shown = await table(page);
    await page.close();
    page = await session.context.newPage();
    await page.setViewportSize({ width: 2200, height: 2000 });
    await openSample(page);
    await expect.poll(() => table(page)).toEqual(shown);
    measured = shown;
  });

  it('tells two tabs on one study apart: the other tab is told, and keeps nothing silently', async () => {
    const other = await session.context.newPage();
    await other.setViewportSize({ width: 1400, height: 900 });
    await other.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(other);
    await expect.poll(() => table(other)).toEqual(measured);
    // The second tab deletes T10 and saves; the first tab learns of it at once.
    await other.getByLabel('Delete T10').click();
    await expect.poll(() => saveState(other)).toBe('saved');
    await expect.poll(() => saveState(page)).toBe('conflict');
    expect(await page.locator('.save-state').innerText()).toContain('This reading was changed in another tab.');
    // An edit here is not saved over the other tab's reading while the question stands.
    await page.getByLabel('Delete T7').click();
    expect(await saveState(page)).toBe('conflict');
    await page.getByRole('button', { name: 'Load the saved reading' }).click();
    await expect.poll(() => saveState(page)).toBe('saved');
    const fromOther = await table(other);
    await expect.poll(() => table(page)).toEqual(fromOther);
    expect(fromOther.map((r) => r.split(' ')[0])).toEqual(['T7', 'T8', 'T9', 'L1']);
    await other.close();
    measured = fromOther;
  });
});

describe('export and import', () => {
  let jsonFile: string;
  let srFile: string;

  it('exports the reading JSON: valid kypho.reading/v1 with the values of the table', async () => {
    jsonFile = await download(page, 'Reading JSON');
    expect(path.basename(jsonFile)).toBe('KYPHO-PHANTOM-01_20250310_kypho-reading.json');
    const parsed = parseReadingJson(readFileSync(jsonFile, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.document.vertebrae.map((v) => [v.level, v.grade, v.type])).toEqual([
      ['T7', 0, null],
      ['T8', 3, 'crush'],
      ['T9', 0, null],
      ['L1', 2, 'biconcave'],
    ]);
    expect(parsed.document.study).toMatchObject({ patientId: 'KYPHO-PHANTOM-01', studyDate: '20250310' });
    expect(parsed.document.vertebrae[1]!.measurement).toMatchObject({ calibration: 'mm (ERMF)', pixelSpacing: [0.2, 0.2] });
  });

  it('exports a DICOM SR that dciodvfy passes and that reads back into the same document', async () => {
    srFile = await download(page, 'DICOM SR');
    expect(await dciodvfyErrors(srFile)).toEqual([]);
    const back = readSr(readFileSync(srFile));
    if (!back.ok) throw new Error(back.problems.join('\n'));
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as typeof back.document;
    // Points, levels, flags and every assessment read back exactly. The computed values are recomputed here
    // by Node, whose Math.atan2 may differ from Chromium's in the last bit: those are compared to 1e-12 (the
    // exact comparison, browser to browser, is the SR import test below).
    const numeric = [
      'ha', 'hm', 'hp', 'wedgeRatio', 'biconcaveRatio', 'hpAdjacent', 'crushRatio', 'wedgeAngle', 'heightLoss', 'vertebralKyphosis', 'segmentalKyphosis',
    ] as const;
    const strip = (d: typeof json) => d.vertebrae.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => !(numeric as readonly string[]).includes(k))));
    expect(strip(back.document)).toEqual(strip(json));
    expect({ study: back.document.study, sdi: back.document.sdi, levelsMeasured: back.document.levelsMeasured, method: back.document.method }).toEqual({
      study: json.study,
      sdi: json.sdi,
      levelsMeasured: json.levelsMeasured,
      method: json.method,
    });
    back.document.vertebrae.forEach((v, i) => {
      for (const key of numeric) {
        const expected = json.vertebrae[i]![key];
        if (expected === null || expected === undefined) expect(v[key], `${v.level} ${key}`).toBe(expected);
        else expect(v[key], `${v.level} ${key}`).toBeCloseTo(expected, 12);
      }
    });
  });

  it('signs the SR with the reader typed beside the export: VERIFIED, the reader as observer and verifier, and locks the reading', async () => {
    await page.getByLabel('Name').fill('DOE^JANE');
    await page.getByLabel('Organisation').fill('Phantom Radiology');
    await page.getByLabel('Organisation').blur();
    expect(await page.getByTestId('sign-off').innerText()).toBe('Preliminary, not signed');
    // Signing asks first, then writes the signed SR once and downloads it.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^Signed DICOM SR/ }).click();
        const ask = page.getByRole('dialog', { name: 'Sign the reading?' });
        expect(await ask.innerText()).toContain('Sign the reading of 4 vertebrae as DOE, JANE, Phantom Radiology?');
        await ask.getByRole('button', { name: 'Sign' }).click();
      })(),
    ]);
    const signed = path.join(dir, file.suggestedFilename());
    await file.saveAs(signed);
    signedFile = signed;
    expect(await dciodvfyErrors(signed)).toEqual([]);
    const dataset = readDataset(signed);
    expect(dataset.VerificationFlag).toBe('VERIFIED');
    expect(dataset.VerifyingObserverSequence[0]).toMatchObject({ VerifyingOrganization: 'Phantom Radiology', VerifyingObserverName: [{ Alphabetic: 'DOE^JANE' }] });
    expect(dataset.SeriesDescription).toMatch(/^Kypho reading, DOE\^JANE, \d{4}-\d\d-\d\d \d\d:\d\d, signed$/);
    const observer = dataset.ContentSequence.find((i: { ValueType: string }) => i.ValueType === 'PNAME');
    expect(observer.PersonName).toEqual([{ Alphabetic: 'DOE^JANE' }]);
    // The reader is kept in the browser for the next study.
    expect(await page.evaluate(() => localStorage.getItem('kypho.reader'))).toBe('{"name":"DOE^JANE","organization":"Phantom Radiology"}');

    // Locked: the state says who signed and when; an edit is refused with the reason and changes nothing.
    expect(await page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const before = await table(page);
    await page.getByLabel('Delete T9').click();
    await expect.poll(() => page.locator('.notice').innerText()).toMatch(/^This reading is signed \(DOE, JANE, Phantom Radiology, .* UTC\) and locked: choose Amend to change it/);
    expect(await table(page)).toEqual(before);
    // The same signed SR again: the very object signed, not a new one.
    const again = await download(page, 'Signed DICOM SR', 'signed-again.dcm');
    expect(readFileSync(again).equals(readFileSync(signed))).toBe(true);
    // The lock survives a reload.
    await page.reload();
    await waitForImage(page);
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE/);

    // Amending asks, then the reading is preliminary again and its SR a new document naming the signed one.
    await page.getByRole('button', { name: 'Amend…' }).click();
    const amend = page.getByRole('dialog', { name: 'Amend the signed reading?' });
    expect(await amend.innerText()).toContain('Its signed SR stays as it is');
    await amend.getByRole('button', { name: 'Amend' }).click();
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Preliminary, not signed: amends the reading signed by DOE, JANE, Phantom Radiology, /);
    const amended = readDataset(await download(page, 'DICOM SR', 'amended.dcm'));
    expect(amended.SOPInstanceUID).not.toBe(dataset.SOPInstanceUID);
    expect(amended.SeriesInstanceUID).not.toBe(dataset.SeriesInstanceUID);
    expect(amended.VerificationFlag).toBe('UNVERIFIED');
    expect(amended.PreliminaryFlag).toBe('PRELIMINARY');
    expect(amended.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(dataset.SOPInstanceUID);
    expect(readFileSync(signed).equals(readFileSync(again))).toBe(true);
  });

  it('imports its signed SR as the signed reading: locked as signed, and the same SR exported again', async () => {
    const before = await table(page);
    await importFile(page, signedFile);
    await page.getByRole('dialog', { name: 'Replace the reading?' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await page.locator('.persistence-message').innerText()).toMatch(
      /Imported 4 vertebrae from .*\.dcm\. It is the reading signed by DOE, JANE, Phantom Radiology, .* UTC, locked as signed: Amend to change it\./,
    );
    expect(await table(page)).toEqual(before);
    await page.getByLabel('Delete T9').click();
    await expect.poll(() => page.locator('.notice').innerText()).toMatch(/^This reading is signed \(DOE, JANE, Phantom Radiology, .* UTC\) and locked/);
    expect(await table(page)).toEqual(before);
    // Its SR is the one imported, byte for byte (same SOP Instance UID), not a new signature.
    expect(readFileSync(await download(page, 'Signed DICOM SR', 'signed-imported.dcm')).equals(readFileSync(signedFile))).toBe(true);
    await page.reload();
    await waitForImage(page);
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Signed by DOE, JANE/);
    // Amended again for the tests that follow.
    await page.getByRole('button', { name: 'Amend…' }).click();
    await page.getByRole('dialog', { name: 'Amend the signed reading?' }).getByRole('button', { name: 'Amend' }).click();
    await expect.poll(() => page.getByTestId('sign-off').innerText()).toMatch(/^Preliminary, not signed: amends the reading signed by DOE, JANE, Phantom Radiology, /);
  });

  it('exports a CSV with one row per vertebra', async () => {
    const csv = readFileSync(await download(page, 'CSV'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toContain('level,');
    expect(csv[2]).toMatch(/,T8,.*,3,crush,own-posterior,not-assessed,/);
  });

  it('refuses a damaged JSON, says which file and field, and leaves the reading untouched', async () => {
    const before = await table(page);
    const damaged = JSON.parse(readFileSync(jsonFile, 'utf8'));
    damaged.vertebrae[1].measurement.points.ms = [12];
    damaged.vertebrae[2].level = 'T99';
    writeFileSync(path.join(dir, 'damaged.json'), JSON.stringify(damaged));
    await importFile(page, path.join(dir, 'damaged.json'));
    const alert = page.locator('.persistence-message.problem');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Not imported, nothing changed:');
    expect(text).toContain('damaged.json: vertebrae[1] (T8).measurement.points.ms: must have at least 2 items');
    expect(text).toContain('damaged.json: vertebrae[2] (T99).level: is not a vertebral level');
    expect(await table(page)).toEqual(before);
    expect(await saveState(page)).toBe('saved');
  });

  it('refuses a damaged SR the same way', async () => {
    const before = await table(page);
    const bytes = readFileSync(srFile);
    writeFileSync(path.join(dir, 'truncated.dcm'), bytes.subarray(0, 3000));
    await importFile(page, path.join(dir, 'truncated.dcm'));
    await expect.poll(() => page.locator('.persistence-message.problem').innerText()).toContain('truncated.dcm: ');
    expect(await table(page)).toEqual(before);
  });

  it('imports the JSON back over a changed reading, after asking', async () => {
    await page.getByLabel('Delete T9').click();
    await page.getByLabel('Delete L1').click();
    await expect.poll(() => rowCount(page)).toBe(2);
    await importFile(page, jsonFile);
    const dialog = page.getByRole('dialog', { name: 'Replace the reading?' });
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => table(page)).toEqual(measured);
    expect(await page.locator('.persistence-message').innerText()).toContain('Imported 4 vertebrae from KYPHO-PHANTOM-01_20250310_kypho-reading.json.');
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect.poll(async () => (await imageLabels(page)).length).toBe(4);
  });

  it('offers an SR opened with the images for import, and restores the same reading from it', async () => {
    await page.getByLabel('Delete T8').click();
    await expect.poll(() => rowCount(page)).toBe(3);
    await page.getByTestId('file-input').setInputFiles(srFile);
    const offer = page.getByRole('button', { name: `Import reading from ${path.basename(srFile)}` });
    await offer.click();
    await page.getByRole('dialog', { name: 'Replace the reading?' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => table(page)).toEqual(measured);
    // reading -> SR -> reading is exact: the JSON exported now is the one exported before the SR, bit for bit.
    const again = JSON.parse(readFileSync(await download(page, 'Reading JSON', 'after-sr-import.json'), 'utf8'));
    const first = JSON.parse(readFileSync(jsonFile, 'utf8'));
    for (const d of [again, first]) {
      delete d.created;
      delete d.modified;
    }
    expect(again).toEqual(first);
  });
});

describe('the printable report', () => {
  it('shows patient, method, table, chart, sentences and the key image with its annotations', async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.waitFor();
    expect(await report.locator('[data-field="report-patient"]').innerText()).toBe('PHANTOM, KYPHO SPINE');
    expect(await report.locator('[data-field="report-method"]').innerText()).toContain('own posterior + adjacent; heights in mm (ERMF)');
    // One date format throughout, the reader typed beside Export, and the accession number of the images.
    expect(await report.locator('[data-field="report-read"]').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await report.locator('[data-field="report-reader"]').innerText()).toMatch(/JANE.*, Phantom Radiology$/i);
    // Signed earlier, then amended (the signing test): the report says this version is not signed.
    expect(await report.locator('[data-field="report-sign-off"]').innerText()).toMatch(
      /^Preliminary, not signed: amends the reading signed by DOE, JANE, Phantom Radiology, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    expect(await report.locator('[data-field="report-accession"]').innerText()).toBe('PH25031001');
    const summary = await report.getByLabel('Summary').innerText();
    expect(summary).toMatch(/T8: Genant grade 3 crush, \d+\.\d% height loss \(Hp\/adj 0\.\d\d\)/);
    expect(summary).toMatch(/L1: Genant grade 2 biconcave, \d+\.\d% height loss \(Hm\/Hp 0\.\d\d\)/);
    expect(summary).toContain('SDI >= 5 (partial: 4/13 levels of T4-L4 measured)');
    expect(await report.locator('.report-table tbody tr').count()).toBe(4);
    expect(await report.locator('.spine-chart g.measured').count()).toBe(4);
    // Everything lies on the A4 page (210 mm wide), table and chart included: nothing is cut off in print.
    const page210 = await report.locator('.report').evaluate((a) => ({ content: a.scrollWidth, page: a.clientWidth }));
    expect(page210.content).toBeLessThanOrEqual(page210.page);
    const image = report.getByRole('img', { name: 'T7, T8, T9, L1' }).or(report.locator('.report-images img'));
    await expect.poll(() => report.locator('.report-images img').count(), { timeout: 30_000 }).toBe(1);
    await image.first().evaluate((img: HTMLImageElement) => img.decode());
    // The key image is the radiograph with coloured annotations: grey pixels and grade-coloured ones.
    const colours = await image.first().evaluate((img: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let grey = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (Math.abs(r - g) < 8 && Math.abs(g - b) < 8 && r > 40) grey++;
        if (r > 200 && g < 120 && b < 120) red++;
      }
      return { grey: grey / (data.length / 4), red };
    });
    expect(colours.grey).toBeGreaterThan(0.2);
    expect(colours.red, 'the grade 3 T8 is drawn in red').toBeGreaterThan(50);

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-print.png'), fullPage: true });
    await page.pdf({ path: path.join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = readFileSync(path.join(ARTIFACTS, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await report.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => report.count()).toBe(0);
  });
});
