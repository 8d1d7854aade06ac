/**
 * A case pack kept on a real Orthanc: the teacher opens the phantom's baseline radiograph from its file, measures
 * it, saves it as a case's reference and stores the pack on the PACS (the study and the reference as a Kypho SR,
 * by STOW-RS), which downloads a pack.json that names no files. Orthanc is checked through its REST API and
 * DICOMweb. A trainee in another browser, with the server set up, opens a folder holding only that pack.json:
 * the study comes from Orthanc, the reference SR stays unseen (and unfetched) until submit, and the feedback
 * from the SR shows the difference the trainee made on purpose.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSr } from '../../src/persistence/sr/srRead';
import { checkPack, type Pack, type ServerReference } from '../../src/teaching/pack';
import { openPack, packFromZip } from '../../src/teaching/packSource';
import { PASSWORD, startTestPacs, USER, type TestPacs } from '../pacs/fixtures';
import { openBrowser, previewWithDicomWeb, repoRoot, waitForImage } from './browser';
import { CLICKED, feedbackRows, imageTexts, place, rowCount, saveAsReference, stretch, submit, truthOf, WINDOW } from './teachingSteps';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const baseline = truthOf('lateral-baseline');
const STUDY = baseline.study.studyInstanceUid;
const MM = baseline.calibration.pixelSpacing[0];
const SAMPLE_DX = path.join(repoRoot, 'sample-data/lateral-baseline/DX/IM0001.dcm');
const LEVELS = ['T5', 'T6', 'T7'] as const;
const truth = (level: string) => baseline.vertebrae.find((v) => v.level === level)!;
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

const QUESTION = 'Grade T5 to T7 (Genant). Which one is fractured?';
const POINTS = ['T6 is a grade 1 wedge: Ha/Hp 0.78.', 'Measure the neighbours too: T5 and T7 give T6 its adjacent posterior height.'];
/**
 * The trainee's deliberate error: T5's posterior-inferior corner 5 image pixels further from the posterior-superior
 * one: Hp 5 px x 0.2 mm = 1.0 mm too high (Ha and Hm as the teacher's). T5 stays grade 0 (Hm/Hp 0.85).
 */
const OFFSET_PX = 5;

let pacs: TestPacs;
let app: PreviewServer;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'kypho-server-pack-'));
/** The folder the trainee chooses: only the pack.json the teacher downloaded. */
const packFolder = path.join(tmp, 'fracture-teaching');
let pack: Pack | null = null;


const appUrl = (query = '') => app.resolvedUrls!.local[0] + query;

/** A browser with nothing stored for the app: no readings, no servers, no pack draft. */
async function freshPage(session: Session, query = ''): Promise<Page> {
  const { page } = session;
  await page.setViewportSize(WINDOW);
  await page.goto(appUrl());
  await page.evaluate(async () => {
    localStorage.clear();
    sessionStorage.clear();
    for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
  });
  await page.goto(appUrl(query));
  return page;
}

/** "Open from PACS…" -> "Servers…": the proxied Orthanc with the test user, then back to the viewer. */
async function configureServer(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open from PACS…' }).click();
  await page.getByRole('region', { name: 'PACS' }).waitFor();
  await page.getByRole('button', { name: 'Servers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'DICOMweb servers' });
  await dialog.getByLabel('DICOMweb root URL').fill('/dicom-web');
  await dialog.getByLabel('User name and password (Basic)').check();
  await dialog.getByLabel('User name', { exact: true }).fill(USER);
  await dialog.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText('Saved.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Back to the viewer' }).click();
}

async function orthancJson<T>(pathname: string, init?: RequestInit): Promise<T> {
  const response = await pacs.orthanc.rest(pathname, init);
  if (!response.ok) throw new Error(`Orthanc ${pathname}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  // An empty PACS: the teacher's "Store on PACS" puts the study there.
  pacs = await startTestPacs([]);
  app = await previewWithDicomWeb(pacs.orthanc.url);
});

afterAll(async () => {
  await app?.close();
  await pacs?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the teacher stores a pack on the PACS', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = await freshPage(session, '?sample=lateral-baseline');
    await waitForImage(page);
  });
  afterAll(() => session.close());

  it('measures the study opened from its file and saves it as reference', async () => {
    await configureServer(page);
    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, truth(level).points);
    expect(await rowCount(page)).toBe(3);
    await saveAsReference(page, { title: 'Baseline: one mild wedge', question: QUESTION, teachingPoints: POINTS });
  });

  it('"Store on PACS" stores the study and the reference SR in Orthanc, and downloads a pack.json that points at the SR', async () => {
    const store = page.getByRole('button', { name: 'Store on PACS' });
    expect(await store.getAttribute('title')).toBe('Store the studies and references (SR) on "Local Orthanc"');
    const download = page.waitForEvent('download');
    await store.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('pack.json');
    await expect.poll(() => page.locator('details.teacher-pack').getByRole('status').locator('p').innerText()).toBe(
      'Stored 1 case on "Local Orthanc". Give trainees the downloaded pack.json.',
    );
    const text = readFileSync(await file.path(), 'utf8');
    const checked = checkPack(JSON.parse(text));
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    pack = checked.pack;
    expect(pack.cases).toHaveLength(1);
    const [packCase] = pack.cases;
    expect(packCase).toMatchObject({ id: 'baseline-one-mild-wedge', title: 'Baseline: one mild wedge', question: QUESTION, studyInstanceUid: STUDY, teachingPoints: POINTS });
    expect(packCase!.files).toBeUndefined();
    expect(typeof packCase!.reference).toBe('object');
    const reference = packCase!.reference as ServerReference;

    // Orthanc: one study, a DX series (the file, byte for byte) and an SR series holding the reference.
    const [study] = await orthancJson<{ ID: string; Type: string }[]>('/tools/lookup', { method: 'POST', body: STUDY });
    expect(study!.Type).toBe('Study');
    const series = await orthancJson<{ MainDicomTags: { Modality: string; SeriesInstanceUID: string }; Instances: string[] }[]>(
      `/studies/${study!.ID}/series?expand`,
    );
    expect(series.map((s) => s.MainDicomTags.Modality).sort()).toEqual(['DX', 'SR']);
    const dx = series.find((s) => s.MainDicomTags.Modality === 'DX')!;
    const stored = Buffer.from(await (await pacs.orthanc.rest(`/instances/${dx.Instances[0]}/file`)).arrayBuffer());
    expect(Buffer.compare(stored, readFileSync(SAMPLE_DX))).toBe(0);
    const srSeries = series.find((s) => s.MainDicomTags.Modality === 'SR')!;
    expect(srSeries.MainDicomTags.SeriesInstanceUID).toBe(reference.seriesInstanceUid);
    expect(srSeries.Instances).toHaveLength(1);
    const tags = await orthancJson<Record<string, string>>(`/instances/${srSeries.Instances[0]}/simplified-tags`);
    expect(tags.SOPInstanceUID).toBe(reference.sopInstanceUid);
    expect(tags.SOPClassUID).toBe(COMPREHENSIVE_SR);

    // DICOMweb (QIDO-RS) lists the SR series in the study, as a trainee's viewer would find it.
    const qido = await orthancJson<Record<string, { Value?: string[] }>[]>(`/dicom-web/studies/${STUDY}/series`);
    expect(qido.map((s) => s['00080060']?.Value?.[0]).sort()).toEqual(['DX', 'SR']);
    expect(qido.find((s) => s['00080060']?.Value?.[0] === 'SR')!['0020000E']!.Value).toEqual([reference.seriesInstanceUid]);

    // The SR read back is the teacher's reading: T5 G0, T6 G1 wedge, T7 G0, heights as drawn.
    const srBytes = new Uint8Array(await (await pacs.orthanc.rest(`/instances/${srSeries.Instances[0]}/file`)).arrayBuffer());
    const read = readSr(srBytes);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read.document.study.studyInstanceUid).toBe(STUDY);
    expect(read.document.vertebrae.map((v) => [v.level, v.grade, v.type])).toEqual([
      ['T5', 0, null],
      ['T6', 1, 'wedge'],
      ['T7', 0, null],
    ]);
    for (const v of read.document.vertebrae) {
      const t = truth(v.level);
      for (const key of ['ha', 'hm', 'hp'] as const) expect(Math.abs(v[key]! - t[key]), `${v.level} ${key}`).toBeLessThanOrEqual(CLICKED);
    }

    mkdirSync(packFolder);
    writeFileSync(path.join(packFolder, 'pack.json'), text);
  });
});

describe('a trainee opens the pack.json with the PACS set up', () => {
  let session: Session;
  let page: Page;
  /** Every URL the trainee's browser asked for. */
  const requests: string[] = [];
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = await freshPage(session);
    page.on('request', (request) => requests.push(request.url()));
  });
  afterAll(() => session.close());

  const t5 = stretch(truth('T5').points, 'ps', 'pi', OFFSET_PX);

  it('opened before the server is set up, the pack says which case is on the server and what to set up; then it opens', async () => {
    expect(pack, 'the teacher stored the pack').not.toBeNull();
    // Only the default "Local Orthanc" without credentials: this Orthanc refuses it.
    await page.getByLabel('Your name').fill('Dr Server, Trainee');
    await page.getByLabel('Case pack folder').setInputFiles(packFolder);
    const problem = page.locator('.case-open-problem');
    await expect.poll(() => problem.locator('p').innerText(), { timeout: 30_000 }).toMatch(
      /^Case 1 "Baseline: one mild wedge" could not be opened: its study is on a DICOMweb server, and "Local Orthanc" did not give it\. The DICOMweb server "Local Orthanc" refused the credentials \(HTTP 401 Unauthorized\).*Set up the server the teacher stored the pack on with "Open from PACS…" → "Servers…"/,
    );
    expect(await page.getByRole('status').filter({ hasText: 'Opening the first case…' }).count()).toBe(0);
    expect(await problem.getByRole('button').allInnerTexts()).toEqual(['Try again', 'End session']);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'teaching-server-not-set-up.png') });

    await configureServer(page);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await waitForImage(page, 'viewport-1', 120_000);
    expect(await problem.count()).toBe(0);
  });

  it('the case study comes from Orthanc; the reference SR is neither listed nor fetched before submit', async () => {
    const reference = pack!.cases[0]!.reference as ServerReference;
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe('Case 1 of 1: Baseline: one mild wedge');
    expect(await page.locator('.teaching-panel .question').innerText()).toBe(QUESTION);
    // The image is the one on the PACS (retrieved through the proxy), not a file.
    expect(requests.some((url) => url.includes(`/dicom-web/studies/${STUDY}/`))).toBe(true);

    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, level === 'T5' ? t5 : truth(level).points);

    // Blinded: no non-image objects, no SR in the study browser, no reference drawn, no teaching points.
    expect(await page.getByRole('region', { name: 'Non-image objects' }).count()).toBe(0);
    expect(await page.locator('.study-browser').innerText()).not.toMatch(/\bSR\b|Kypho vertebral morphometry/);
    expect((await imageTexts(page)).filter((t) => t.includes(' ref'))).toEqual([]);
    expect(await page.getByRole('region', { name: 'Teaching points' }).count()).toBe(0);
    // The trainee's reading is not stored into the teaching study beside the reference.
    expect(await page.getByRole('button', { name: 'Store SR to PACS' }).count()).toBe(0);
    // Nor was the reference asked of the server: its series and its object are not in any request.
    expect(requests.filter((url) => url.includes(reference.seriesInstanceUid) || url.includes(reference.sopInstanceUid))).toEqual([]);
  });

  it('after submit, the feedback from the SR shows the 1.0 mm made on purpose and the teaching points', async () => {
    const reference = pack!.cases[0]!.reference as ServerReference;
    await submit(page, 1);
    const rows = await feedbackRows(page);
    expect(rows.map((r) => [r.level, r.grade])).toEqual([
      ['T5', 'G0 / G0'],
      ['T6', 'G1 wedge / G1 wedge'],
      ['T7', 'G0 / G0'],
    ]);
    const [t5Row, t6Row, t7Row] = rows;
    // T5: Hp 5 px x 0.2 mm = +1.0 mm, Ha and Hm as the teacher's.
    expect(OFFSET_PX * MM).toBeCloseTo(1.0, 12);
    expect(t5Row!.deltas!.slice(0, 2)).toEqual([0, 0]);
    expect(Math.abs(t5Row!.deltas![2]! - OFFSET_PX * MM)).toBeLessThanOrEqual(CLICKED);
    expect(t6Row!.deltaText).toBe('0.0 0.0 0.0');
    expect(t7Row!.deltaText).toBe('0.0 0.0 0.0');
    expect(rows.map((r) => r.marks)).toEqual(['✓✓', '✓✓', '✓✓']);
    expect(await page.locator('.case-score').innerText()).toBe('Case score 7 / 7 (100%)');
    expect(await page.getByRole('region', { name: 'Teaching points' }).locator('li').allInnerTexts()).toEqual(POINTS);
    await expect.poll(async () => (await imageTexts(page)).filter((t) => t.includes(' ref'))).toContain('T6 ref G1 wedge');
    // The reference came from the SR on the server, now that the case is submitted.
    expect(requests.some((url) => url.includes(reference.sopInstanceUid))).toBe(true);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'teaching-server-feedback.png') });
  });
});

describe('a teacher who opens the study from the PACS: the zip leaves the study there, "Store on PACS" adds only the SR', () => {
  let teacher: Session;
  let trainee: Session;
  let zipPath = '';
  beforeAll(async () => {
    teacher = await openBrowser({ snap: false });
    trainee = await openBrowser({ snap: false });
  });
  afterAll(async () => {
    await teacher.close();
    await trainee.close();
  });

  it('exports a zip with the reference and no study files, and stores one more SR beside the study', async () => {
    expect(pack, 'the first pack was stored').not.toBeNull();
    const page = await freshPage(teacher);
    await configureServer(page);
    await page.getByRole('button', { name: 'Open from PACS…' }).click();
    const form = page.getByRole('search', { name: 'Study search' });
    await form.getByLabel('Accession', { exact: true }).fill('PH25031001');
    await form.getByRole('button', { name: 'Search' }).click();
    await page.locator('.study-table tbody tr').first().click();
    await page.getByRole('button', { name: 'Open study' }).click();
    await waitForImage(page, 'viewport-1', 120_000);
    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, truth(level).points);
    await saveAsReference(page, { title: 'Baseline from the PACS', question: QUESTION, teachingPoints: POINTS });

    const message = () => page.locator('details.teacher-pack').getByRole('status').locator('p').innerText();
    const zipDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export pack (zip)' }).click();
    const zipFile = await zipDownload;
    zipPath = path.join(tmp, zipFile.suggestedFilename());
    await zipFile.saveAs(zipPath);
    await expect.poll(message).toBe('Exported Vertebral-fracture-cases.zip: 1 case, 1 with the study left on the PACS it came from.');
    const zipped = await openPack(await packFromZip('pacs.zip', new Uint8Array(readFileSync(zipPath))));
    if (!zipped.ok) throw new Error(zipped.problems.join('\n'));
    expect(zipped.opened.pack.cases).toEqual([
      expect.objectContaining({ id: 'baseline-from-the-pacs', studyInstanceUid: STUDY, reference: 'cases/baseline-from-the-pacs/reference.json' }),
    ]);
    expect(zipped.opened.pack.cases[0]!.files).toBeUndefined();

    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Store on PACS' }).click();
    const stored = checkPack(JSON.parse(readFileSync(await (await jsonDownload).path(), 'utf8')));
    if (!stored.ok) throw new Error(stored.problems.join('\n'));
    await expect.poll(message).toBe('Stored 1 case on "Local Orthanc". Give trainees the downloaded pack.json.');
    const reference = stored.pack.cases[0]!.reference as ServerReference;
    // The study was not stored again: still one DX image; the SR series are the first pack's and this one's.
    const [study] = await orthancJson<{ ID: string }[]>('/tools/lookup', { method: 'POST', body: STUDY });
    const series = await orthancJson<{ MainDicomTags: { Modality: string; SeriesInstanceUID: string }; Instances: string[] }[]>(`/studies/${study!.ID}/series?expand`);
    const byModality = (modality: string) => series.filter((s) => s.MainDicomTags.Modality === modality);
    expect(byModality('DX').map((s) => s.Instances.length)).toEqual([1]);
    expect(byModality('SR').map((s) => s.MainDicomTags.SeriesInstanceUID).sort()).toEqual(
      [(pack!.cases[0]!.reference as ServerReference).seriesInstanceUid, reference.seriesInstanceUid].sort(),
    );
  });

  it('a trainee opens that zip: the study from the PACS (no SR fetched), the reference from the zip', async () => {
    expect(zipPath).not.toBe('');
    const page = await freshPage(trainee);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await configureServer(page);
    await page.getByLabel('Your name').fill('Dr Mixed, Trainee');
    await page.getByLabel('Case pack zip').setInputFiles(zipPath);
    await waitForImage(page, 'viewport-1', 120_000);
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe('Case 1 of 1: Baseline from the PACS');
    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, truth(level).points);
    await submit(page, 1);
    const rows = await feedbackRows(page);
    expect(rows.map((r) => [r.level, r.grade, r.deltaText])).toEqual([
      ['T5', 'G0 / G0', '0.0 0.0 0.0'],
      ['T6', 'G1 wedge / G1 wedge', '0.0 0.0 0.0'],
      ['T7', 'G0 / G0', '0.0 0.0 0.0'],
    ]);
    // Neither SR of the study was asked for: the reference came from the zip.
    const srSeries = (await orthancJson<Record<string, { Value?: string[] }>[]>(`/dicom-web/studies/${STUDY}/series`))
      .filter((s) => s['00080060']?.Value?.[0] === 'SR')
      .map((s) => s['0020000E']!.Value![0]!);
    expect(srSeries).toHaveLength(2);
    expect(requests.filter((url) => srSeries.some((uid) => url.includes(uid)))).toEqual([]);
    expect(requests.some((url) => url.includes(`/dicom-web/studies/${STUDY}/`))).toBe(true);
  });
});
