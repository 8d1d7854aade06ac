/**
 * A case pack made and used without a server: a teacher measures the phantom's baseline radiograph through the
 * UI, saves it as a case's reference and exports the pack as a zip; the zip is checked with Info-ZIP's unzip and
 * with the viewer's own pack reader; then a trainee (another browser, nothing stored) opens the zip from the start
 * screen, measures with one point moved by a known number of pixels, and the feedback shows that difference and
 * the teacher's teaching points.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPack, PACK_SCHEMA, type Pack } from '../../src/teaching/pack';
import { caseFiles, openPack, packFromZip, packZip, readReference } from '../../src/teaching/packSource';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';
import { CLICKED, feedbackRows, imageTexts, place, rowCount, saveAsReference, stretch, submit, truthOf, WINDOW } from './teachingSteps';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const baseline = truthOf('lateral-baseline');
const followup = truthOf('lateral-followup');
const MM = baseline.calibration.pixelSpacing[0];
const SAMPLE_DX = path.join(repoRoot, 'sample-data/lateral-baseline/DX/IM0001.dcm');
/** The levels the teacher measures: the grade 1 wedge T6 and its neighbours. */
const LEVELS = ['T5', 'T6', 'T7'] as const;
const truth = (level: string) => baseline.vertebrae.find((v) => v.level === level)!;

const QUESTION = 'Measure T5 to T7 and grade each vertebra (Genant): is any of them fractured?';
const POINTS = [
  'T6: grade 1 wedge, Ha/Hp 0.78 (22% anterior height loss).',
  'T5 and T7 are normal: their Hp gives T6 its adjacent reference (crush ratio about 1.0).',
];
/**
 * The trainee's deliberate error: T7's anterior-superior corner 10 image pixels further from the anterior-inferior
 * one, along the anterior height: Ha 10 px x 0.2 mm = 2.0 mm too high (Hm and Hp as the teacher's). T7 stays
 * grade 0 (its Ha exceeds its Hp), and the mean |dH| of 2/3 mm is within the 1 mm the heights may differ.
 */
const OFFSET_PX = 10;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kypho-pack-'));
let zipPath = '';
let caseTitle = '';
/** The second pack: the follow-up radiograph, made with the same defaults (title, case id) as the first. */
let followupZip = '';
const FOLLOWUP_LEVELS = ['T10', 'T11', 'T12'] as const;
const followupTruth = (level: string) => followup.vertebrae.find((v) => v.level === level)!;

async function freshApp(page: Page, query = ''): Promise<void> {
  await page.setViewportSize(WINDOW);
  await page.goto(appUrl());
  await clearSavedReadings(page);
  await page.evaluate(() => localStorage.clear());
  await page.goto(appUrl(query));
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the teacher makes a pack from files and exports it as a zip', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
    await freshApp(page, '?sample=lateral-baseline');
    await waitForImage(page);
  });
  afterAll(() => session.close());

  it('measures T5, T6 and T7 and saves the reading as the case reference', async () => {
    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, truth(level).points);
    expect(await rowCount(page)).toBe(3);
    caseTitle = await saveAsReference(page, { question: QUESTION, teachingPoints: POINTS });
    // The case title offered is the study's description.
    expect(caseTitle).toBe('XR THORACOLUMBAR SPINE LATERAL');
    await expect.poll(() => page.locator('.draft-cases li').allInnerTexts()).toEqual([`${caseTitle} (3 vertebrae) ×`]);
  });

  it('exports a zip that Info-ZIP lists and tests, with the study byte for byte and the reference as measured', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export pack (zip)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Vertebral-fracture-cases.zip');
    zipPath = path.join(tmp, file.suggestedFilename());
    await file.saveAs(zipPath);

    const id = 'xr-thoracolumbar-spine-lateral';
    const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['pack.json', `cases/${id}/reference.json`, `cases/${id}/IM0001.dcm`]);
    expect(execFileSync('unzip', ['-l', zipPath], { encoding: 'utf8' })).toMatch(/3 files/);
    expect(execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })).toContain('No errors detected');

    const packJson = JSON.parse(execFileSync('unzip', ['-p', zipPath, 'pack.json'], { encoding: 'utf8' })) as unknown;
    expect(checkPack(packJson).ok).toBe(true);
    expect(packJson).toEqual({
      schema: PACK_SCHEMA,
      title: 'Vertebral fracture cases',
      cases: [
        {
          id,
          title: caseTitle,
          question: QUESTION,
          studyInstanceUid: baseline.study.studyInstanceUid,
          files: [`cases/${id}/IM0001.dcm`],
          reference: `cases/${id}/reference.json`,
          teachingPoints: POINTS,
        },
      ],
    });
    const dicom = execFileSync('unzip', ['-p', zipPath, `cases/${id}/IM0001.dcm`], { maxBuffer: 64 * 1024 * 1024 });
    expect(Buffer.compare(dicom, readFileSync(SAMPLE_DX))).toBe(0);

    const reference = JSON.parse(execFileSync('unzip', ['-p', zipPath, `cases/${id}/reference.json`], { encoding: 'utf8' })) as {
      schema: string;
      study: { studyInstanceUid: string };
      vertebrae: { level: string; grade: number; type: string | null; unit: string; ha: number; hm: number; hp: number }[];
    };
    expect(reference.schema).toBe('kypho.reading/v1');
    expect(reference.study.studyInstanceUid).toBe(baseline.study.studyInstanceUid);
    expect(reference.vertebrae.map((v) => [v.level, v.grade, v.type, v.unit])).toEqual([
      ['T5', 0, null, 'mm'],
      ['T6', 1, 'wedge', 'mm'],
      ['T7', 0, null, 'mm'],
    ]);
    // The heights the phantom was drawn with (mm, ERMF), to the click.
    for (const v of reference.vertebrae) {
      const t = truth(v.level);
      for (const key of ['ha', 'hm', 'hp'] as const) expect(Math.abs(v[key] - t[key]), `${v.level} ${key}`).toBeLessThanOrEqual(CLICKED);
    }

    // The viewer's own reader opens it the same way.
    const source = await packFromZip('Vertebral-fracture-cases.zip', new Uint8Array(readFileSync(zipPath)));
    const opened = await openPack(source);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    const [packCase] = opened.opened.pack.cases;
    const document = await readReference(source, packCase!);
    expect(document.vertebrae.map((v) => [v.level, v.grade])).toEqual([['T5', 0], ['T6', 1], ['T7', 0]]);
    const [only] = await caseFiles(source, packCase!);
    expect(Buffer.compare(Buffer.from(await only!.file.arrayBuffer()), readFileSync(SAMPLE_DX))).toBe(0);

    // The teacher is told what was exported, in words.
    expect(await page.locator('details.teacher-pack').getByRole('status').locator('p').innerText()).toBe('Exported Vertebral-fracture-cases.zip: 1 case.');
  });
});

describe('the teacher makes a second pack the same way, from the follow-up radiograph', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
    await freshApp(page, '?sample=lateral-followup');
    await waitForImage(page);
  });
  afterAll(() => session.close());

  it('has the same pack title and case id as the first (both radiographs are "XR THORACOLUMBAR SPINE LATERAL")', async () => {
    await page.keyboard.press('v');
    for (const level of FOLLOWUP_LEVELS) await place(page, level, followupTruth(level).points);
    await saveAsReference(page, { question: 'Grade T10 to T12 (Genant).', teachingPoints: ['T11: new grade 2 wedge since the baseline.'] });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export pack (zip)' }).click();
    const file = await download;
    mkdirSync(path.join(tmp, 'followup'));
    followupZip = path.join(tmp, 'followup', file.suggestedFilename());
    await file.saveAs(followupZip);
    const packJson = JSON.parse(execFileSync('unzip', ['-p', followupZip, 'pack.json'], { encoding: 'utf8' })) as {
      title: string;
      cases: { id: string; studyInstanceUid: string }[];
    };
    expect(packJson.title).toBe('Vertebral fracture cases');
    expect(packJson.cases.map((c) => [c.id, c.studyInstanceUid])).toEqual([['xr-thoracolumbar-spine-lateral', followup.study.studyInstanceUid]]);
  });
});

describe('a trainee opens the zip on the start screen', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
    await freshApp(page);
  });
  afterAll(() => session.close());

  const t7 = stretch(truth('T7').points, 'ai', 'as', OFFSET_PX);

  it('opens the pack from its zip and shows the teacher question, blinded', async () => {
    expect(zipPath, 'the teacher exported the pack').not.toBe('');
    await page.getByLabel('Your name').fill('Dr Zip, Trainee');
    await page.getByLabel('Case pack zip').setInputFiles(zipPath);
    await waitForImage(page);
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe(`Case 1 of 1: ${caseTitle}`);
    expect(await page.locator('.teaching-panel .question').innerText()).toBe(QUESTION);
    expect(await rowCount(page)).toBe(0);

    await page.keyboard.press('v');
    for (const level of LEVELS) await place(page, level, level === 'T7' ? t7 : truth(level).points);
    expect(await page.getByRole('region', { name: 'Teaching points' }).count()).toBe(0);
    expect(await page.locator('.feedback-table').count()).toBe(0);
    expect((await imageTexts(page)).filter((t) => t.includes(' ref'))).toEqual([]);
  });

  it('after submit, the feedback shows the 2.0 mm made on purpose and the teacher teaching points', async () => {
    await submit(page, 1);
    const rows = await feedbackRows(page);
    expect(rows.map((r) => [r.level, r.grade])).toEqual([
      ['T5', 'G0 / G0'],
      ['T6', 'G1 wedge / G1 wedge'],
      ['T7', 'G0 / G0'],
    ]);
    const [t5Row, t6Row, t7Row] = rows;
    // The same points clicked in the same window as the teacher's: no difference at all.
    expect(t5Row!.deltaText).toBe('0.0 0.0 0.0');
    expect(t6Row!.deltaText).toBe('0.0 0.0 0.0');
    // T7: Ha 10 px x 0.2 mm = +2.0 mm, Hm and Hp as the teacher's.
    expect(OFFSET_PX * MM).toBeCloseTo(2.0, 12);
    expect(Math.abs(t7Row!.deltas![0]! - OFFSET_PX * MM)).toBeLessThanOrEqual(CLICKED);
    expect(t7Row!.deltas!.slice(1)).toEqual([0, 0]);
    // Every grade agrees; the heights agree too (T7's mean |dH| is 2/3 mm, within 1 mm).
    expect(rows.map((r) => r.marks)).toEqual(['✓✓', '✓✓', '✓✓']);
    // 3 grades, 1 fracture type (T6), 3 heights.
    expect(await page.locator('.case-score').innerText()).toBe('Case score 7 / 7 (100%)');
    expect(await page.getByRole('region', { name: 'Teaching points' }).locator('li').allInnerTexts()).toEqual(POINTS);
    await expect.poll(async () => (await imageTexts(page)).filter((t) => t.includes(' ref'))).toContain('T6 ref G1 wedge');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'teaching-pack-feedback.png') });
  });

  it('the second pack, of another study under the same title and case id, starts unsubmitted and is compared with its own reference', async () => {
    expect(followupZip, 'the teacher exported the second pack').not.toBe('');
    // A new page load, as a trainee opening the next pack would (the name is remembered).
    await page.reload();
    await page.getByLabel('Case pack zip').setInputFiles(followupZip);
    await waitForImage(page);
    await expect.poll(() => page.locator('.teaching-panel .question').innerText()).toBe('Grade T10 to T12 (Genant).');
    // The follow-up radiograph is on screen (its study date).
    expect(await page.locator('[data-viewport-id="viewport-1"]').innerText()).toContain('2026-03-09');
    // Not the first pack's submission: nothing measured, nothing locked, no feedback.
    expect(await page.locator('.teaching-panel header').innerText()).toContain('0 of 1 submitted');
    expect(await rowCount(page)).toBe(0);
    expect(await page.locator('.feedback-table').count()).toBe(0);
    await page.keyboard.press('v');
    for (const level of FOLLOWUP_LEVELS) await place(page, level, followupTruth(level).points);
    await submit(page, 1);
    const rows = await feedbackRows(page);
    expect(rows.map((r) => [r.level, r.grade, r.deltaText])).toEqual([
      ['T10', 'G0 / G0', '0.0 0.0 0.0'],
      ['T11', 'G2 wedge / G2 wedge', '0.0 0.0 0.0'],
      ['T12', 'G0 / G0', '0.0 0.0 0.0'],
    ]);

    // The first pack keeps its own submission: reopened, it shows T5-T7 with T7's +2 mm, not the second pack's reading.
    await page.reload();
    await page.getByLabel('Case pack zip').setInputFiles(zipPath);
    await waitForImage(page);
    await expect.poll(() => page.locator('.teaching-panel header').innerText()).toContain('1 of 1 submitted');
    await page.locator('.feedback-table').waitFor();
    const first = await feedbackRows(page);
    expect(first.map((r) => r.level)).toEqual([...LEVELS]);
    expect(Math.abs(first[2]!.deltas![0]! - OFFSET_PX * MM)).toBeLessThanOrEqual(CLICKED);
  });
});

describe('a pack whose case holds no image', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
    await freshApp(page);
  });
  afterAll(() => session.close());

  it('names the case and the reason instead of waiting, and the session can be ended', async () => {
    const reference = readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'));
    const pack: Pack = {
      schema: PACK_SCHEMA,
      title: 'A pack with a bad case',
      cases: [
        {
          id: 'broken',
          title: 'Not an image',
          question: 'Grade T4 to L4.',
          studyInstanceUid: baseline.study.studyInstanceUid,
          files: ['broken/IM0001.dcm'],
          reference: 'broken/reference.json',
          teachingPoints: [],
        },
      ],
    };
    const zip = path.join(tmp, 'broken.zip');
    const files = new Map([
      ['broken/IM0001.dcm', new TextEncoder().encode('this is a text file, not DICOM')],
      ['broken/reference.json', new Uint8Array(reference)],
    ]);
    writeFileSync(zip, packZip(pack, files));
    await page.getByLabel('Your name').fill('Dr Broken, Trainee');
    await page.getByLabel('Case pack zip').setInputFiles(zip);
    const alert = page.locator('.case-open-problem');
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toContain(
      'Case 1 "Not an image" could not be opened: none of its 1 files is an image Kypho can show (each is named under Problems)',
    );
    expect(await page.getByRole('region', { name: 'Problems' }).innerText()).toContain('broken/IM0001.dcm');
    await alert.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Start the phantom cases' }).waitFor();
  });
});

describe('a pack from a link (?pack=)', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
  });
  afterAll(() => session.close());

  it('offers the linked pack first and opens it from the server the app is on', async () => {
    await freshApp(page, '?pack=sample-data/');
    await page.getByLabel('Your name').fill('Dr Link, Trainee');
    await page.getByRole('button', { name: 'Start the linked pack (sample-data/)' }).click();
    await waitForImage(page);
    // From the app's own site: no question asked.
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe('Case 1 of 6: Lateral thoracolumbar radiograph (baseline)');
  });

  it('asks first for a pack on another site, naming it, and Cancel loads nothing from there', async () => {
    // The same preview server under another name is another origin (localhost, not 127.0.0.1).
    const other = new URL(appUrl());
    other.hostname = 'localhost';
    const pack = new URL('sample-data/', other).href;
    await freshApp(page, `?pack=${encodeURIComponent(pack)}`);
    const asked: string[] = [];
    const onRequest = (request: { url: () => string }) => {
      if (new URL(request.url()).origin === other.origin) asked.push(request.url());
    };
    page.on('request', onRequest);
    await page.getByLabel('Your name').fill('Dr Link, Trainee');
    await page.getByRole('button', { name: `Start the linked pack (${pack})` }).click();
    const dialog = page.getByRole('dialog', { name: 'Case pack from another site' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`This link opens a case pack from ${other.origin}, not from ${new URL(appUrl()).origin}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Esc is a Cancel too.
    await page.getByRole('button', { name: `Start the linked pack (${pack})` }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    expect(asked).toEqual([]);
    expect(await page.locator('.teaching-panel').count()).toBe(0);
    await page.getByRole('button', { name: 'Start the phantom cases' }).waitFor();
  });

  it('says why a link to no pack cannot be opened, naming what is missing', async () => {
    await freshApp(page, '?pack=no-such-pack');
    await page.getByLabel('Your name').fill('Dr Link, Trainee');
    await page.getByRole('button', { name: 'Start the linked pack (no-such-pack)' }).click();
    const alert = page.getByRole('region', { name: 'Teaching session' }).getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('The case pack could not be opened:');
    expect(await alert.innerText()).toContain('pack.json');
    expect(await page.locator('.teaching-panel').count()).toBe(0);
  });
});
