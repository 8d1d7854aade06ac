/**
 * A reading that cannot be silently wrong (issue 14, morphometry.md sections 2a, 5 and 8), on the phantom
 * lateral radiograph (Patient Orientation P\F: anterior on the left, the feet at the bottom).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { dciodvfyErrors } from '../unit/persistence/dicomTools';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;

interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
}

const PHANTOM = path.join(repoRoot, 'sample-data/lateral-baseline');
const truth = JSON.parse(readFileSync(path.join(PHANTOM, 'truth.json'), 'utf8')) as { vertebrae: TruthVertebra[] };
const vertebra = (level: string) => truth.vertebrae.find((v) => v.level === level) as TruthVertebra;
const ARTIFACTS = path.join(repoRoot, 'test-results');

/** The same six places, clicked posterior wall first. */
const posteriorFirst = (p: SixPoints): SixPoints => ({ as: p.ps, ms: p.ms, ps: p.as, ai: p.pi, mi: p.mi, pi: p.ai });

async function open(page: Page): Promise<void> {
  await page.setViewportSize({ width: 2200, height: 2000 });
  await clearSavedReadings(page);
  await page.goto(appUrl('?sample=lateral-baseline'));
  await waitForImage(page);
  await page.keyboard.press('v');
}

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

const rowCount = (page: Page) => page.locator('.results-table tbody tr').count();

/** Clicks six points in key order as the reader would, at the level chosen first. */
async function place(page: Page, level: string, points: SixPoints): Promise<void> {
  const before = await rowCount(page);
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  for (const key of POINT_KEYS) {
    const [x, y] = await onScreen(page, points[key]);
    await page.mouse.click(x, y);
  }
  const [x, y] = await onScreen(page, points.pi);
  await page.mouse.move(x + 60, y + 30, { steps: 2 });
  await expect.poll(() => rowCount(page)).toBe(before + 1);
}

/** A row as the reader sees it: level, Ha/Hp, grade, type, the notes under the level, and the check flag. */
async function row(page: Page, level: string) {
  const tr = page.locator(`.results-table tbody tr[data-level="${level}"]`);
  const cells = await tr.locator('td').allInnerTexts();
  return {
    ha: Number(cells[0]),
    hp: Number(cells[2]),
    haHp: cells[3],
    loss: Number(cells[6]),
    grade: cells[7]?.trim(),
    type: cells[8],
    notes: (await tr.locator('[data-field="placement-note"]').allInnerTexts()).map((n) => n.replace(/^⚠ /, '')),
    flagged: (await tr.getAttribute('data-placement')) === 'check',
  };
}

/** The lines drawn over the image (a label of several lines is one text of several tspans). */
const imageTexts = (page: Page) =>
  page.$$eval('[data-viewport-id="viewport-1"] svg text', (texts) =>
    texts.flatMap((t) => {
      const spans = [...t.querySelectorAll('tspan')];
      return (spans.length > 0 ? spans : [t]).map((s) => (s.textContent ?? '').replace(/\s+/g, ' ').trim());
    }),
  );

let session: Session;
let page: Page;
let dir: string;
beforeAll(async () => {
  session = await openBrowser();
  page = session.page;
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-placement-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('nothing empty leaves (issue 14)', () => {
  it('Export -> DICOM SR and Store SR to PACS are disabled with nothing measured, and say why', async () => {
    await open(page);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const sr = page.getByRole('menuitem', { name: /^DICOM SR/ });
    expect(await sr.getAttribute('aria-disabled')).toBe('true');
    expect(await sr.getAttribute('title')).toBe('Nothing is measured yet: an SR holds measured vertebrae.');
    // The other formats stay available: a JSON of an empty reading is a valid document.
    expect(await page.getByRole('menuitem', { name: /^Reading JSON/ }).getAttribute('aria-disabled')).toBeNull();
    // Chosen anyway, it does nothing: no download, the menu stays open.
    await sr.click({ force: true });
    expect(await sr.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });
});

describe('a vertebra placed the other way round (section 2a)', () => {
  it('T6 clicked posterior first is graded as the grade 1 wedge it is, and the row and the label say what was swapped', async () => {
    await open(page);
    const t6 = vertebra('T6');
    await place(page, 'T6', posteriorFirst(t6.points));
    const r = await row(page, 'T6');
    // Ha 14.0 / Hp 18.0 mm: Ha/Hp 0.78, 22.0% height loss: Genant grade 1 wedge (not 1.28 and grade 0).
    expect(Math.abs(r.ha - t6.ha)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.hp - t6.hp)).toBeLessThanOrEqual(0.5);
    expect(r).toMatchObject({ haHp: '0.78', grade: '1', type: 'wedge', notes: ['points swapped: placed posterior first'], flagged: false });
    await expect.poll(() => imageTexts(page)).toContain('points swapped: placed posterior first');
    expect(await imageTexts(page)).toContain('T6 Ha/Hp 0.78 G1 wedge');
    // The printed report says it too, on T6's row.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.waitFor();
    expect(await report.locator('.report-table tr[data-level="T6"] [data-field="placement-note"]').allInnerTexts()).toEqual([
      '⚠ points swapped: placed posterior first',
    ]);
    // A radiograph gives no fracture age (section 7): the Age column is empty, as in the CSV and the SR.
    expect(await report.locator('.report-table tr[data-level="T6"] [data-field="age"]').innerText()).toBe('');
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });

    // The SR written from it validates, and it can be exported now that something is measured.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^DICOM SR/ }).click();
      })(),
    ]);
    const target = path.join(dir, 'swapped-sr.dcm');
    await file.saveAs(target);
    expect(await dciodvfyErrors(target)).toEqual([]);
  });

  it('L2 with its inferior endplate traced posterior first (pi, mi, ai) keeps its heights and grade, and says so', async () => {
    await open(page);
    const l2 = vertebra('L2');
    await place(page, 'L2', { ...l2.points, ai: l2.points.pi, pi: l2.points.ai });
    const r = await row(page, 'L2');
    // Not the body's diagonals (about 42 mm, "grade 3 biconcave"): Ha and Hp of the truth, a normal L2.
    expect(Math.abs(r.ha - l2.ha)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.hp - l2.hp)).toBeLessThanOrEqual(0.5);
    expect(r).toMatchObject({ grade: '0', notes: ['points swapped: placed inferior endplate posterior first'], flagged: false });
    await expect.poll(() => imageTexts(page)).toContain('points swapped: placed inferior endplate posterior first');
  });
});

describe('level order (section 2a)', () => {
  it('T5 and T6 labels exchanged are flagged on both rows naming both levels, and "Relabel in order" fixes them', async () => {
    await open(page);
    for (const level of ['T4', 'T7']) await place(page, level, vertebra(level).points);
    // The reader labels T5's body "T6" and T6's body "T5".
    await place(page, 'T6', vertebra('T5').points);
    await place(page, 'T5', vertebra('T6').points);
    for (const level of ['T5', 'T6']) {
      expect(await row(page, level)).toMatchObject({ notes: ['T6 lies above T5'], flagged: true });
    }
    expect((await row(page, 'T4')).flagged).toBe(false);
    // The spine chart does not show their grades without the flag either.
    const chartChecks = () =>
      page.$$eval('.results-column .spine-chart [data-level]:has([data-field="placement-check"])', (gs) => gs.map((g) => g.getAttribute('data-level')));
    expect(await chartChecks()).toEqual(['T5', 'T6']);
    // The sagittal curve runs from T4 to T7, the levels measured, and not on through the empty slots down to L4.
    const curvePoints = await page.$eval('.results-column [data-field="sagittal-curve"] polyline', (p) => p.getAttribute('points')!.split(' ').length);
    expect(curvePoints).toBe(4);
    // The wide table scrolls on its own; the column never scrolls sideways and cuts off its text.
    const overflow = await page.$eval('.results-column', (c) => ({ content: c.scrollWidth, shown: c.clientWidth }));
    expect(overflow.content).toBeLessThanOrEqual(overflow.shown);
    // The wedge sits at the wrong level until relabelled: the row labelled T5 has T6's 0.78.
    expect((await row(page, 'T5')).haHp).toBe('0.78');
    await expect.poll(() => imageTexts(page)).toContain('T6 lies above T5');
    // The report's words name both levels first, before the wedge they may have put at the wrong level.
    const reportBox = () => page.locator('[data-field="report"]').innerText();
    expect((await reportBox()).split('\n')[0]).toBe('⚠ Placement to check: T5 (T6 lies above T5); T6 (T6 lies above T5)');
    await page.locator('.results-column').screenshot({ path: path.join(ARTIFACTS, 'placement-level-order.png') });

    await page.getByRole('button', { name: 'Relabel in order' }).click();
    await expect.poll(async () => (await row(page, 'T6')).haHp).toBe('0.78');
    await expect.poll(chartChecks).toEqual([]);
    expect(await row(page, 'T6')).toMatchObject({ grade: '1', type: 'wedge', notes: [], flagged: false });
    expect(await row(page, 'T5')).toMatchObject({ grade: '0', notes: [], flagged: false });
    expect(await page.getByRole('button', { name: 'Relabel in order' }).count()).toBe(0);
    expect(await reportBox()).not.toContain('Placement to check');
    // One undoable edit: undo brings both labels back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await row(page, 'T5')).haHp).toBe('0.78');
    expect((await row(page, 'T6')).flagged).toBe(true);
  });
});

describe('a body no vertebra has (review of placement)', () => {
  it("T6's anterior-inferior point clicked on T7's corner is flagged, not reported as a normal T6", async () => {
    await open(page);
    for (const level of ['T5', 'T7']) await place(page, level, vertebra(level).points);
    await place(page, 'T6', { ...vertebra('T6').points, ai: vertebra('T7').points.ai });
    const r = await row(page, 'T6');
    // Ha runs across the disc to T7's corner: about twice Hp, a "normal" Ha/Hp the true grade 1 wedge never had.
    expect(Number(r.haHp)).toBeGreaterThan(1.8);
    expect(r.flagged).toBe(true);
    expect(r.notes).toEqual([expect.stringMatching(/^check placement: Ha is 1\.\d\d times Hp, more than a vertebral body has \(a point on a neighbour\?\)$/)]);
    await expect.poll(() => imageTexts(page)).toContain(r.notes[0]);
    expect((await page.locator('[data-field="report"]').innerText()).split('\n')[0]).toMatch(/^⚠ Placement to check: T6 /);

    // On a viewport narrower than the note is long, the note is broken into lines that all lie inside it, none cut off.
    await page.setViewportSize({ width: 1280, height: 900 });
    const viewport = page.locator('[data-viewport-id="viewport-1"]');
    await expect.poll(async () => (await viewport.boundingBox())!.width).toBeLessThan(520);
    // The note's lines follow each other in the label: joined, they are the whole note.
    await expect.poll(async () => (await imageTexts(page)).join(' ')).toContain(r.notes[0]);
    expect(await imageTexts(page)).not.toContain(r.notes[0]);
    const bounds = (await viewport.boundingBox())!;
    const boxes = await page.$$eval('[data-viewport-id="viewport-1"] svg text tspan', (spans) =>
      spans.filter((s) => /placement|times Hp|neighbour/.test(s.textContent ?? '')).map((s) => s.getBoundingClientRect().toJSON() as DOMRect),
    );
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) {
      expect(box.left).toBeGreaterThanOrEqual(bounds.x - 0.5);
      expect(box.right).toBeLessThanOrEqual(bounds.x + bounds.width + 0.5);
    }
    await viewport.screenshot({ path: path.join(ARTIFACTS, 'placement-note-wrapped.png') });
  });
});

describe('a layout change while a vertebra is half placed', () => {
  it('keeps the three points placed on the image still shown, and the vertebra is finished in the new layout', async () => {
    await open(page);
    await page.getByLabel('Level', { exact: true }).selectOption('T6');
    const t6 = vertebra('T6').points;
    for (const key of ['as', 'ms', 'ps'] as const) await page.mouse.click(...(await onScreen(page, t6[key])));
    const inProgress = () => page.evaluate(() => window.kyphoAutomation!.vertebraPoints('viewport-1').map((v) => v.length));
    await expect.poll(inProgress).toEqual([3]);
    // The second viewport getting its series, and this one shown again at its new size, change nothing placed here.
    await page.getByRole('button', { name: '1x2' }).click();
    await expect.poll(() => page.locator('[data-viewport-id="viewport-2"] [data-field="image"]').count()).toBe(1);
    expect(await inProgress()).toEqual([3]);
    expect(await page.locator('.notice').count()).toBe(0);
    for (const key of ['ai', 'mi', 'pi'] as const) await page.mouse.click(...(await onScreen(page, t6[key])));
    await expect.poll(() => rowCount(page)).toBe(1);
    expect(await row(page, 'T6')).toMatchObject({ haHp: '0.78', grade: '1', type: 'wedge', flagged: false });
    await page.getByRole('button', { name: '1x1' }).click();
  });
});

describe('partial SDI (section 5)', () => {
  it('a 2-level reading says the SDI is a lower bound in the results and the printed report', async () => {
    await open(page);
    for (const level of ['T6', 'T7']) await place(page, level, vertebra(level).points);
    const expected = 'SDI >= 1 (partial: 2/13 levels of T4-L4 measured)';
    expect(await page.locator('[data-field="summary"]').innerText()).toContain(expected);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.waitFor();
    const summary = await report.getByLabel('Summary').innerText();
    expect(summary).toContain(expected);
    expect(summary).not.toMatch(/No fractured vertebra/);
    await page.keyboard.press('Escape');
  });
});

describe('a click beside a drawn vertebra is a point (review of placement)', () => {
  const clickAt = async (point: readonly number[]) => {
    const [x, y] = await onScreen(page, point);
    await page.mouse.click(x, y);
  };
  const drawn = () => page.evaluate(() => window.kyphoAutomation!.vertebraPoints('viewport-1'));

  it('T9 measured again over its own drawing: the six clicks on its handles are six points, and the reader is asked to replace', async () => {
    await open(page);
    const t9 = vertebra('T9');
    await place(page, 'T9', t9.points);
    const before = await row(page, 'T9');
    const handlesBefore = await drawn();
    await page.getByLabel('Level', { exact: true }).selectOption('T9');
    for (const key of POINT_KEYS) await clickAt(t9.points[key]);
    // Each click landed on a handle of T9: none may grab it, none may be lost.
    const dialog = page.getByRole('dialog', { name: 'Level already measured' });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Replace T9' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await rowCount(page)).toBe(1);
    expect(await row(page, 'T9')).toEqual(before);
    // One vertebra drawn, where it was: none half placed, no handle moved.
    await expect.poll(drawn).toEqual(handlesBefore);
  });

  it("L1's first point clicked 4 screen px from T12's corner (a narrow disc) starts L1 and leaves T12 as it was", async () => {
    await open(page);
    const snap = page.getByRole('button', { name: 'Snap', exact: true });
    // As clicked: the heights below follow from the clicks alone.
    await page.keyboard.press('s');
    await expect.poll(() => snap.getAttribute('aria-pressed')).toBe('false');
    try {
      const t12 = vertebra('T12');
      const l1 = vertebra('L1');
      await place(page, 'T12', t12.points);
      const t12Before = await row(page, 'T12');
      const t12Drawn = await drawn();
      // 4 screen px from T12's anterior-inferior handle, towards L1's anterior-superior corner.
      const [ax, ay] = await onScreen(page, t12.points.ai);
      const [lx, ly] = await onScreen(page, l1.points.as);
      const k = 4 / Math.hypot(lx - ax, ly - ay);
      const first = [0, 1].map((i) => t12.points.ai[i]! + k * (l1.points.as[i]! - t12.points.ai[i]!));
      await page.getByLabel('Level', { exact: true }).selectOption('L1');
      await clickAt(first);
      for (const key of POINT_KEYS.slice(1)) await clickAt(l1.points[key]);
      await expect.poll(() => rowCount(page)).toBe(2);
      expect(await row(page, 'T12')).toEqual(t12Before);
      expect((await drawn())[0]).toEqual(t12Drawn[0]);
      // L1: Ha from the first click to its true ai (0.2 mm per pixel), Hp its true one.
      const r = await row(page, 'L1');
      const ha = Math.hypot(first[0]! - l1.points.ai[0]!, first[1]! - l1.points.ai[1]!) * 0.2;
      expect(Math.abs(r.ha - ha)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(r.hp - l1.hp)).toBeLessThanOrEqual(0.5);
    } finally {
      await page.keyboard.press('s');
      await expect.poll(() => snap.getAttribute('aria-pressed')).toBe('true');
    }
  });
});
