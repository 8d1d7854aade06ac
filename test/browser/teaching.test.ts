/**
 * A trainee through two phantom cases of the bundled pack: blinded until submit, then feedback that shows the
 * differences the test made on purpose (points moved by a known number of pixels, a fracture left out), and a
 * session summary whose numbers match them. The reference is the phantom's truth.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grade } from '../../src/morphometry';
import { linearWeightedKappa } from '../../src/teaching/score';
import { classTable, parseSessionCsv, summarizeSession } from '../../src/teaching/summary';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';
import { CLICKED, clickSix, feedbackRows, imageTexts, place, rowCount, stretch, submit, truthOf, WINDOW, type FeedbackRow } from './teachingSteps';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const baseline = truthOf('lateral-baseline');
const followup = truthOf('lateral-followup');
/** mm per image pixel in the patient (ERMF-corrected), the same in both radiographs. */
const MM = baseline.calibration.pixelSpacing[0];

describe('a trainee through two phantom cases of the bundled pack', () => {
  /** The feedback rows of the two cases, as shown. */
  const shown: FeedbackRow[] = [];
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = session.page;
    await page.setViewportSize(WINDOW);
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  });
  afterAll(() => session.close());

  it('asks for the trainee name before a session starts', async () => {
    await page.getByRole('button', { name: 'Start the phantom cases' }).click();
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContain('Enter your name first: it goes into your results file.');
    await page.getByLabel('Your name').fill('Dr Test, Trainee');
    await page.getByRole('button', { name: 'Start the phantom cases' }).click();
    await waitForImage(page);
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe('Case 1 of 6: Lateral thoracolumbar radiograph (baseline)');
  });

  // Case 1: T5's anterior corners each 10 px further out (Ha +4.0 mm), and the grade 2 L1 fracture left out.
  const t5 = stretch(stretch(baseline.vertebrae.find((v) => v.level === 'T5')!.points, 'ai', 'as', 10), 'as', 'ai', 10);

  it('case 1 is blinded until it is submitted: no reference, no teaching points', async () => {
    await page.keyboard.press('v');
    for (const v of baseline.vertebrae) {
      if (v.level === 'L1') continue;
      await place(page, v.level, v.level === 'T5' ? t5 : v.points);
    }
    expect(await page.getByRole('region', { name: 'Teaching points' }).count()).toBe(0);
    expect(await page.locator('.feedback-table').count()).toBe(0);
    expect((await imageTexts(page)).filter((t) => t.includes(' ref'))).toEqual([]);
  });

  it('after submit, shows the reference over the trainee vertebrae and the known differences', async () => {
    await submit(page, 1);
    const rows = await feedbackRows(page);
    shown.push(...rows);
    expect(rows.map((r) => r.level)).toEqual(baseline.vertebrae.map((v) => v.level));
    const t5Row = rows.find((r) => r.level === 'T5')!;
    // 10 px at each anterior corner along the anterior height: Ha + 20 px x 0.2 mm = +4.0 mm; Hm and Hp as clicked.
    expect(t5Row.deltas![0]).toBeCloseTo(20 * MM, 0);
    expect(Math.abs(t5Row.deltas![0]! - 20 * MM)).toBeLessThanOrEqual(CLICKED);
    expect(Math.abs(t5Row.deltas![1]!)).toBeLessThanOrEqual(CLICKED);
    // Mean |dH| about 4/3 mm > 1 mm: the heights do not agree, the grade does.
    expect(t5Row.marks).toBe('✓✗');
    expect(rows.find((r) => r.level === 'L1')).toMatchObject({ grade: 'not read / G2 biconcave', deltas: null, marks: '✗' });
    for (const r of rows.filter((r) => r.level !== 'T5' && r.level !== 'L1')) {
      expect(r.marks, r.level).toBe('✓✓');
      for (const d of r.deltas!) expect(Math.abs(d), r.level).toBeLessThanOrEqual(CLICKED);
    }
    // 13 grades (12 right), 3 fracture types (T6 and T8 right, L1 not read), 12 heights (11 within 1 mm).
    await expect.poll(() => page.locator('.case-score').innerText()).toBe('Case score 25 / 28 (89%)');
    // The reference is drawn, in its own colour, with its own labels.
    await expect.poll(async () => (await imageTexts(page)).filter((t) => t.includes(' ref'))).toContain('L1 ref G2 biconcave');
    expect(await page.getByRole('region', { name: 'Teaching points' }).innerText()).toContain('T8: grade 3 crush');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'teaching-feedback.png') });
  });

  it('keeps a submitted reading locked', async () => {
    await page.getByLabel('Level', { exact: true }).selectOption('L1');
    await clickSix(page, baseline.vertebrae.find((v) => v.level === 'L1')!.points);
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringContaining('This case is submitted'));
    expect(await rowCount(page)).toBe(12);
  });

  // Case 2: T10's anterior-superior corner moved down by 30% of its anterior height: an over-called wedge.
  const t10 = followup.vertebrae.find((v) => v.level === 'T10')!;
  const t10Points = stretch(t10.points, 'ai', 'as', (-0.3 * t10.ha) / MM);

  it('case 2: an over-call shows in the feedback', async () => {
    await page.getByRole('button', { name: 'Next: case 2' }).click();
    await expect.poll(() => page.locator('.teaching-panel h2').innerText()).toBe('Case 2 of 6: Lateral thoracolumbar radiograph (follow-up, one year)');
    await waitForImage(page);
    await page.keyboard.press('v');
    for (const v of followup.vertebrae) await place(page, v.level, v.level === 'T10' ? t10Points : v.points);
    await submit(page, 2);
    const rows = await feedbackRows(page);
    shown.push(...rows);
    const t10Row = rows.find((r) => r.level === 'T10')!;
    expect(t10Row.grade).toMatch(/^G[123] wedge \/ G0$/);
    expect(Math.abs(t10Row.deltas![0]! + 0.3 * t10.ha)).toBeLessThanOrEqual(CLICKED);
    expect(t10Row.marks).toBe('✗✗');
  });

  it('the session summary matches the differences made, and its CSV recomputes it', async () => {
    await page.getByRole('button', { name: 'Session summary' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Session summary' });
    const field = (name: string) => dialog.locator(`[data-field="${name}"]`).innerText();
    // 13 + 13 reference levels; the trainee's grades are equal except L1 (case 1, missed) and T10 (case 2, over-called).
    expect(await field('gradeAgreement')).toBe(`${Math.round((24 / 26) * 100)}%`);
    expect(await field('missed')).toBe('L1 (case 1)');
    expect(await field('overcalled')).toBe('T10 (case 2)');
    // The mean over the 12 + 13 matched levels of each level's mean |dH|, from the rows shown (each rounded to 0.1 mm,
    // so within 0.05 mm). It is mostly T5's 4/3 mm and T10's 0.3 Ha / 3, checked row by row above.
    const matched = shown.filter((r) => r.deltas !== null);
    expect(matched).toHaveLength(25);
    const fromRows = matched.reduce((sum, r) => sum + r.deltas!.reduce((a, d) => a + Math.abs(d), 0) / 3, 0) / 25;
    const shownError = Number((await field('meanAbsHeightErrorMm')).split(' ')[0]);
    expect(Math.abs(shownError - fromRows)).toBeLessThanOrEqual(0.055);
    expect(shownError).toBeGreaterThanOrEqual(((20 * MM) / 3 + (0.3 * t10.ha) / 3) / 25 - 0.01);

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export CSV for the teacher' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    const parsed = parseSessionCsv('session.csv', csv);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.sessions.map((s) => [s.trainee, s.cases.length])).toEqual([['Dr Test, Trainee', 2]]);
    const recomputed = summarizeSession(parsed.sessions[0]!.cases);
    // The kappa shown is the linear-weighted kappa of the 26 grade pairs the trainee gave.
    const pairs = [
      ...baseline.vertebrae.map((v) => [v.expected.grade, v.level === 'L1' ? 0 : v.expected.grade] as [Grade, Grade]),
      ...followup.vertebrae.map((v) => [v.expected.grade, v.level === 'T10' ? gradeOf(parsed, 'T10') : v.expected.grade] as [Grade, Grade]),
    ];
    expect(recomputed.kappa).toBeCloseTo(linearWeightedKappa(pairs)!, 12);
    expect(await field('kappa')).toBe(recomputed.kappa!.toFixed(2));
    expect(recomputed.gradeAgreement).toBeCloseTo(24 / 26, 12);
    expect(shownError).toBeCloseTo(recomputed.meanAbsHeightErrorMm!, 2);

    // Two trainees' CSVs make a class table, a row each.
    const other = csv.replaceAll('"Dr Test, Trainee"', 'Second Trainee');
    const table = classTable([...parsed.sessions, ...(parseSessionCsv('other.csv', other) as { ok: true; sessions: never[] }).sessions]);
    expect(table.map((r) => r.trainee)).toEqual(['Dr Test, Trainee', 'Second Trainee']);
    await dialog.getByLabel('Trainee CSV files').setInputFiles([
      { name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
      { name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from(other) },
    ]);
    await expect.poll(() => dialog.locator('.class-table tbody tr').count()).toBe(2);
    expect(await dialog.locator('.class-table tbody tr[data-trainee="Second Trainee"] td').nth(2).innerText()).toBe(`${Math.round((24 / 26) * 100)}%`);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'teaching-summary.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('loses nothing on a reload: starting again with the same name shows what was submitted, and goes on at case 3', async () => {
    await page.reload();
    await page.getByLabel('Your name').waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe('Dr Test, Trainee');
    await page.getByRole('button', { name: 'Start the phantom cases' }).click();
    await expect.poll(() => page.locator('.teaching-panel h2').innerText(), { timeout: 60_000 }).toBe('Case 3 of 6: Sagittal MRI: acute or chronic? (T1 and STIR)');
    expect(await page.locator('.case-list button').allInnerTexts()).toEqual(['1 ✓', '2 ✓', '3', '4', '5', '6']);
    await page.getByRole('button', { name: '1 ✓' }).click();
    await expect.poll(() => page.locator('.case-score').innerText()).toBe('Case score 25 / 28 (89%)');
    expect(await rowCount(page)).toBe(12);
  });

  it('ends the session: the cases close and the start screen is back, the trainee name kept', async () => {
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('region', { name: 'Teaching session' }).waitFor();
    expect(await page.locator('.teaching-panel').count()).toBe(0);
    expect(await page.locator('[data-viewport-id="viewport-1"]').count()).toBe(0);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Dr Test, Trainee');
  });
});

/** The grade the trainee gave a level in case 2, from the session CSV. */
function gradeOf(parsed: { ok: true; sessions: { cases: { caseId: string; levels: { level: string; trainee: { grade: Grade | null } | null }[] }[] }[] }, level: string): Grade {
  return parsed.sessions[0]!.cases[1]!.levels.find((l) => l.level === level)!.trainee!.grade as Grade;
}
