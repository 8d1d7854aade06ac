/**
 * What the teaching-pack browser tests share: the phantom's truth, clicking a vertebra's six points through the
 * UI, the teacher's "Save as reference", and reading the trainee's feedback as it is shown.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { POINT_KEYS, type Grade, type SixPoints } from '../../src/morphometry';
import { repoRoot } from './browser';

export interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
  expected: { grade: Grade; type: string | null };
}
export interface Truth {
  study: { studyInstanceUid: string };
  calibration: { pixelSpacing: [number, number] };
  vertebrae: TruthVertebra[];
}

export const truthOf = (id: string) => JSON.parse(readFileSync(path.join(repoRoot, 'sample-data', id, 'truth.json'), 'utf8')) as Truth;

/** A large window, as in morphometry.test.ts: one screen pixel is about 0.2 mm of the phantom. */
export const WINDOW = { width: 2200, height: 2000 };
/**
 * How far a clicked height may be from the truth, as the feedback shows it (mm, to 0.1): each end of a height lands
 * within half a screen pixel (about 0.1 mm) of its point, and the shown difference is rounded.
 */
export const CLICKED = 0.25;

/** Moves `key` by `pixels` along the height from `from` to `key` (away from `from` when positive). */
export function stretch(points: SixPoints, from: keyof SixPoints, key: keyof SixPoints, pixels: number): SixPoints {
  const [x0, y0] = points[from] as [number, number];
  const [x1, y1] = points[key] as [number, number];
  const length = Math.hypot(x1 - x0, y1 - y0);
  return { ...points, [key]: [x1 + ((x1 - x0) / length) * pixels, y1 + ((y1 - y0) / length) * pixels] };
}

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

export function rowCount(page: Page): Promise<number> {
  return page.locator('.results-table tbody tr').count();
}

/** Clicks the six points and moves the mouse away, as a reader does. */
export async function clickSix(page: Page, points: SixPoints): Promise<void> {
  for (const key of POINT_KEYS) {
    const [x, y] = await onScreen(page, points[key]);
    await page.mouse.click(x, y);
  }
  const [x, y] = await onScreen(page, points.pi);
  await page.mouse.move(x + 60, y + 30, { steps: 2 });
}

/** Clicks the six points of a vertebra with the Vertebra tool (press 'v' first) at `level`. */
export async function place(page: Page, level: string, points: SixPoints): Promise<void> {
  const before = await rowCount(page);
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  await clickSix(page, points);
  await expect.poll(() => rowCount(page)).toBe(before + 1);
}

/** The teacher's "Save as reference…" in the results column's "Teaching pack" section; `inPack`: the cases then in the draft. */
export async function saveAsReference(page: Page, details: { title?: string; question: string; teachingPoints: string[] }, inPack = 1): Promise<string> {
  const section = page.locator('details.teacher-pack');
  if (!(await section.evaluate((d: HTMLDetailsElement) => d.open))) await section.locator('summary').click();
  await section.getByRole('button', { name: 'Save as reference…' }).click();
  const form = page.getByRole('form', { name: 'Save as reference' });
  if (details.title !== undefined) await form.getByLabel('Case title').fill(details.title);
  await form.getByLabel('Question for the trainee').fill(details.question);
  await form.getByLabel('Teaching points (one per line, shown after submit)').fill(details.teachingPoints.join('\n'));
  const title = await form.getByLabel('Case title').inputValue();
  await form.getByRole('button', { name: 'Save reference' }).click();
  await expect.poll(() => section.getByRole('status').locator('p').innerText()).toBe(`Added case "${title}": ${inPack} in the pack.`);
  return title;
}

export interface FeedbackRow {
  level: string;
  grade: string;
  deltas: number[] | null;
  /** The raw ΔHa ΔHm ΔHp text, as a reader sees it. */
  deltaText: string;
  marks: string;
}

export async function feedbackRows(page: Page): Promise<FeedbackRow[]> {
  const rows = await page.$$eval('.feedback-table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
  return rows.map(([level, grade, deltas, edema]) => ({
    level: level!,
    grade: grade!.replace(/ [✓✗]$/, ''),
    deltaText: deltas!.replace(/ [✓✗]$/, ''),
    deltas: deltas!.startsWith('—') ? null : deltas!.replace(/ [✓✗]$/, '').replaceAll('−', '-').split(' ').map(Number),
    marks: [grade, deltas, edema].map((cell) => (cell!.endsWith('✓') ? '✓' : cell!.endsWith('✗') ? '✗' : '')).join(''),
  }));
}

/** The labels drawn over the image. */
export async function imageTexts(page: Page): Promise<string[]> {
  return page.$$eval('[data-viewport-id="viewport-1"] svg text', (texts) => texts.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

export async function submit(page: Page, caseNumber: number): Promise<void> {
  await page.getByRole('button', { name: `Submit case ${caseNumber}` }).click();
  await page.getByRole('dialog', { name: 'Submit this case' }).getByRole('button', { name: 'Submit' }).click();
  await page.locator('.feedback-table').waitFor();
}
