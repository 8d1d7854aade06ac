import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTOR_WARNING, NO_SPACING_WARNING, POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { GRADE_COLOURS } from '../../src/reading';
import { appUrl, clearSavedReadings, dragLine, openBrowser, overlayText, repoRoot, sharedDicom, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;

interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
  expected: { grade: 0 | 1 | 2 | 3; type: string | null };
}

const PHANTOM = path.join(repoRoot, 'sample-data/lateral-baseline');
const PHANTOM_DX = path.join(PHANTOM, 'DX/IM0001.dcm');
const TCIA = path.join(sharedDicom, 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');
const truth = JSON.parse(readFileSync(path.join(PHANTOM, 'truth.json'), 'utf8')) as {
  calibration: { pixelSpacing: [number, number] };
  vertebrae: TruthVertebra[];
  expectedSdi: number;
};
const vertebra = (level: string) => truth.vertebrae.find((v) => v.level === level) as TruthVertebra;
/** mm per image pixel in the patient: Imager Pixel Spacing 0.23 / ERMF 1.15. */
const PATIENT_SPACING = truth.calibration.pixelSpacing[0];

/**
 * A large window, so that one screen pixel is about 0.2 mm of the phantom: a click lands within half a
 * screen pixel of the truth point, and a height within about 0.2 mm of the truth.
 */
const WINDOW = { width: 2200, height: 2000 };

async function open(session: Session, target: { sample: string } | { files: string[] }): Promise<Page> {
  const { page } = session;
  await page.setViewportSize(WINDOW);
  // Several tests open copies of the same study: each measures from an empty reading, not the last one's autosave.
  await clearSavedReadings(page);
  if ('sample' in target) {
    if (!existsSync(PHANTOM_DX)) throw new Error(`${PHANTOM_DX} is missing: run "npm run samples" first (npm test does).`);
    await page.goto(appUrl(`?sample=${target.sample}`));
  } else {
    await page.goto(appUrl());
    await page.getByTestId('file-input').setInputFiles(target.files);
  }
  await waitForImage(page);
  return page;
}

/**
 * Where an image point `[column, row]` is on the page. Chromium truncates fractional mouse coordinates,
 * so half a pixel is added: the click then lands on the nearest screen pixel.
 */
async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

/** Screen pixels per image pixel, along a row and down a column, measured over 100 pixels. */
async function screenScale(page: Page): Promise<{ column: number; row: number }> {
  const [a, b, c] = await Promise.all([onScreen(page, [0, 0]), onScreen(page, [100, 0]), onScreen(page, [0, 100])]);
  return { column: Math.hypot(b[0] - a[0], b[1] - a[1]) / 100, row: Math.hypot(c[0] - a[0], c[1] - a[1]) / 100 };
}

async function clickPoints(page: Page, points: SixPoints, keys = POINT_KEYS): Promise<void> {
  for (const key of keys) {
    const [x, y] = await onScreen(page, points[key]);
    await page.mouse.click(x, y);
  }
}

/** Clicks the six points and moves the mouse away, as a reader does (which ends Cornerstone's double-click wait). */
async function placeVertebra(page: Page, points: SixPoints, level?: string): Promise<void> {
  if (level) await page.getByLabel('Level', { exact: true }).selectOption(level);
  await clickPoints(page, points);
  const [x, y] = await onScreen(page, points.pi);
  await page.mouse.move(x + 60, y + 30, { steps: 2 });
}

async function placeTruth(page: Page, level: string, select = true): Promise<void> {
  const before = await rowCount(page);
  await placeVertebra(page, vertebra(level).points, select ? level : undefined);
  await expect.poll(() => rowCount(page)).toBe(before + 1);
}

interface Row {
  level: string;
  ha: number;
  hm: number;
  hp: number;
  haHp: string;
  hmHp: string;
  hpAdj: string;
  loss: number;
  grade: number;
  type: string;
  selected: boolean;
}

async function rows(page: Page): Promise<Row[]> {
  return page.$$eval('.results-table tbody tr', (trs) =>
    trs.map((tr) => {
      const cells = [...tr.children].map((c) => (c.textContent ?? '').trim());
      return {
        level: (tr.querySelector('select') as HTMLSelectElement).value,
        ha: Number(cells[1]),
        hm: Number(cells[2]),
        hp: Number(cells[3]),
        haHp: cells[4] as string,
        hmHp: cells[5] as string,
        hpAdj: cells[6] as string,
        loss: Number(cells[7]),
        grade: Number(cells[8]),
        type: cells[9] as string,
        selected: tr.getAttribute('aria-selected') === 'true',
      };
    }),
  );
}

async function row(page: Page, level: string): Promise<Row | undefined> {
  return (await rows(page)).find((r) => r.level === level);
}

async function rowCount(page: Page): Promise<number> {
  return page.locator('.results-table tbody tr').count();
}

const summary = (page: Page) => page.locator('[data-field="summary"]').innerText();
const notes = (page: Page) => page.locator('.results-notes').innerText();

/** The texts drawn over the image, spaces normalised (the label keeps its double spaces with a no-break space). */
async function imageTexts(page: Page): Promise<{ text: string; fill: string | null }[]> {
  return page.$$eval('[data-viewport-id="viewport-1"] svg text', (texts) =>
    texts.map((t) => ({ text: (t.textContent ?? '').replace(/\s+/g, ' ').trim(), fill: t.getAttribute('fill') })),
  );
}

describe('measuring the phantom lateral radiograph (lateral-baseline)', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = await open(session, { sample: 'lateral-baseline' });
    await page.keyboard.press('v');
  });
  afterAll(() => session.close());

  it('names the next point beside the cursor, and Esc drops the vertebra in progress', async () => {
    const t4 = vertebra('T4').points;
    const [x, y] = await onScreen(page, t4.as);
    await page.mouse.move(x - 40, y - 40, { steps: 2 });
    await expect.poll(async () => (await imageTexts(page)).map((t) => t.text)).toContain('T4: Next: anterior-superior corner');
    await clickPoints(page, t4, ['as', 'ms', 'ps']);
    await page.mouse.move(x - 40, y + 20, { steps: 2 });
    await expect.poll(async () => (await imageTexts(page)).map((t) => t.text)).toContain('T4: Next: anterior-inferior corner');
    expect(await page.locator('[data-viewport-id="viewport-1"] svg polyline').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.mouse.move(x - 40, y - 40, { steps: 2 });
    await expect.poll(async () => (await imageTexts(page)).map((t) => t.text)).toContain('T4: Next: anterior-superior corner');
    expect(await page.locator('[data-viewport-id="viewport-1"] svg polyline').count()).toBe(0);
    expect(await rowCount(page)).toBe(0);
  });

  it('grades the crushed T8 only once a neighbour is measured', async () => {
    await placeTruth(page, 'T8');
    // Flattened as a whole: its own ratios are normal, and without a neighbour there is no Hp/adj.
    expect(await row(page, 'T8')).toMatchObject({ grade: 0, type: '', hpAdj: '—' });
    expect(await notes(page)).toContain('a crush deformity cannot be assessed');
    // The selector moved on caudally by itself.
    expect(await page.getByLabel('Level', { exact: true }).inputValue()).toBe('T9');
    await placeTruth(page, 'T9', false);
    // Hp 10.5 mm against T9's 19.7 mm: Hp/adj 0.53, 47% height loss, grade 3 crush.
    const t8 = (await row(page, 'T8'))!;
    expect(t8).toMatchObject({ grade: 3, type: 'crush' });
    expect(Number(t8.hpAdj)).toBeCloseTo(vertebra('T8').hp / vertebra('T9').hp, 1);
  });

  it('matches the phantom truth at all 13 levels: heights within 0.5 mm, grades and types exactly', async () => {
    await page.getByLabel('Level', { exact: true }).selectOption('T4');
    for (const level of ['T4', 'T5', 'T6', 'T7']) await placeTruth(page, level, false);
    await page.getByLabel('Level', { exact: true }).selectOption('T10');
    for (const level of ['T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4']) await placeTruth(page, level, false);

    const measured = await rows(page);
    expect(measured.map((r) => r.level)).toEqual(truth.vertebrae.map((v) => v.level));
    for (const v of truth.vertebrae) {
      const r = measured.find((m) => m.level === v.level)!;
      expect({ level: r.level, grade: r.grade, type: r.type }).toEqual({ level: v.level, grade: v.expected.grade, type: v.expected.type ?? '' });
      for (const h of ['ha', 'hm', 'hp'] as const) {
        expect(Math.abs(r[h] - v[h]), `${v.level} ${h}: ${r[h]} mm measured, ${v[h]} mm true`).toBeLessThanOrEqual(0.5);
      }
    }
    expect(await summary(page)).toContain(`SDI ${truth.expectedSdi} · 13/13 levels of T4–L4 measured`);
    expect(await summary(page)).toContain('Method: own posterior + adjacent');
    // A DX image with Imager Pixel Spacing and a magnification factor, and no Pixel Spacing.
    expect(await notes(page)).toContain('Heights in mm (ERMF)');
    expect(await page.locator('.results-table thead').innerText()).toContain('Ha (mm)');
    expect(await overlayText(page, 'calibration')).toBe('Spacing: mm (ERMF)');
  });

  it('labels every vertebra on the image with the ratio that drove its grade, in the colour of its grade', async () => {
    const texts = await imageTexts(page);
    const label = (level: string) => texts.find((t) => t.text.startsWith(`${level} `) && t.text.includes(' G'));
    expect(label('T6')?.text).toMatch(/^T6 Ha\/Hp 0\.7\d G1 wedge$/);
    expect(label('T6')?.fill).toBe(GRADE_COLOURS[1]);
    // A crush is graded by Hp against the neighbours' (T8: 10.5 mm of about 19 mm), a biconcave body by Hm/Hp.
    expect(label('T8')?.text).toMatch(/^T8 Hp\/adj 0\.5\d G3 crush$/);
    expect(label('T8')?.fill).toBe(GRADE_COLOURS[3]);
    expect(label('L1')?.text).toMatch(/^L1 Hm\/Hp 0\.\d\d G2 biconcave$/);
    expect(label('L2')?.text).toMatch(/^L2 Ha\/Hp \d\.\d\d G0$/);
    expect(label('L2')?.fill).toBe(GRADE_COLOURS[0]);
    // The spine chart shows the same pattern.
    const chartGrades = await page.$$eval('.spine-chart g.measured', (gs) => gs.map((g) => `${g.getAttribute('data-level')}:${g.getAttribute('data-grade')}`));
    expect(chartGrades.filter((g) => !g.endsWith(':0'))).toEqual(['T6:1', 'T8:3', 'L1:2']);
  });

  it('updates the values live while a handle is dragged; undo and redo restore each state', async () => {
    const t6 = vertebra('T6');
    const before = (await row(page, 'T6'))!;
    const scale = await screenScale(page);
    const [x, y] = await onScreen(page, t6.points.as);
    const drop = 12; // screen pixels, straight down: the anterior-superior corner moves toward ai
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + drop / 2, { steps: 3 });
    await page.mouse.move(x, y + drop, { steps: 3 });
    // Still holding the button: the table already shows the shorter anterior height.
    await expect.poll(async () => (await row(page, 'T6'))!.ha).toBeLessThan(before.ha - 0.5);
    await page.mouse.up();
    const moved = [t6.points.as[0]!, t6.points.as[1]! + drop / scale.row];
    const expectedHa = Math.hypot(moved[0]! - t6.points.ai[0]!, moved[1]! - t6.points.ai[1]!) * PATIENT_SPACING;
    const after = (await row(page, 'T6'))!;
    expect(Math.abs(after.ha - expectedHa)).toBeLessThanOrEqual(0.3);
    expect(after.hp).toBe(before.hp);
    expect(Number(after.haHp)).toBeLessThan(Number(before.haHp));
    expect(after.loss).toBeGreaterThan(before.loss);

    // Dragging selected the vertebra; that is not part of what undo restores.
    const values = async () => {
      const { selected: _selected, ...rest } = (await row(page, 'T6'))!;
      return rest;
    };
    const { selected: _before, ...beforeValues } = before;
    const { selected: _after, ...afterValues } = after;
    await page.keyboard.press('Control+z');
    await expect.poll(values).toEqual(beforeValues);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(values).toEqual(afterValues);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await row(page, 'T6'))!.ha).toBe(before.ha);
  });

  it('deletes the vertebra selected on the image with Delete; undo brings it back', async () => {
    const t6 = vertebra('T6').points;
    // The middle of T6's anterior height line.
    const [x, y] = await onScreen(page, [(t6.as[0]! + t6.ai[0]!) / 2, (t6.as[1]! + t6.ai[1]!) / 2]);
    await page.mouse.click(x, y);
    await page.mouse.move(x - 80, y, { steps: 2 });
    await expect.poll(async () => (await row(page, 'T6'))?.selected).toBe(true);
    await page.keyboard.press('Delete');
    await expect.poll(() => row(page, 'T6')).toBeUndefined();
    // Without T6's grade 1 the SDI drops from 6 to 5.
    // Over 12 of the 13 levels the SDI is a lower bound, and says so (morphometry.md section 5).
    expect(await summary(page)).toContain('SDI >= 5 (partial: 12/13 levels of T4-L4 measured)');
    await page.keyboard.press('Control+z');
    await expect.poll(() => rowCount(page)).toBe(13);
    expect(await row(page, 'T6')).toMatchObject({ grade: 1, type: 'wedge' });
    expect(await summary(page)).toContain('SDI 6 · 13/13 levels');
  });

  it('selects a vertebra by its row, deletes it from there, and relabels from the panel', async () => {
    await page.locator('.results-table tr[data-level="T7"]').click({ position: { x: 120, y: 8 } });
    await expect.poll(async () => (await row(page, 'T7'))?.selected).toBe(true);
    await page.keyboard.press('Delete');
    await expect.poll(() => row(page, 'T7')).toBeUndefined();
    await page.keyboard.press('Control+z');
    await expect.poll(() => rowCount(page)).toBe(13);

    await page.getByLabel('Change level of L4').selectOption('L5');
    await expect.poll(async () => (await rows(page)).at(-1)?.level).toBe('L5');
    // L5 lies outside T4..L4: measured and graded, not counted.
    expect(await summary(page)).toContain('12/13 levels');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await rows(page)).at(-1)?.level).toBe('L4');
  });

  it('asks before a second vertebra replaces a measured level', async () => {
    const original = (await row(page, 'T6'))!;
    // Six points over the soft tissue, well clear of every drawn vertebra: 200 px anterior to T6, and taller.
    const t6 = vertebra('T6').points;
    const elsewhere = Object.fromEntries(
      POINT_KEYS.map((k) => [k, [t6[k][0]! - 200, t6[k][1]! + (k.endsWith('i') ? 20 : 0)]]),
    ) as SixPoints;
    await placeVertebra(page, elsewhere, 'T6');
    const dialog = page.getByRole('dialog', { name: 'Level already measured' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await rowCount(page)).toBe(13);
    expect(await row(page, 'T6')).toEqual(original);

    await placeVertebra(page, elsewhere, 'T6');
    await dialog.getByRole('button', { name: 'Replace T6' }).click();
    await expect.poll(async () => (await row(page, 'T6'))!.ha).toBeGreaterThan(original.ha + 3);
    expect(await rowCount(page)).toBe(13);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await row(page, 'T6'))!.ha).toBe(original.ha);
  });

  it('recomputes everything with the adjacent-reference method and says so', async () => {
    const method = (name: string) => page.locator('.method label', { hasText: name });
    await method('Adjacent reference').click();
    expect(await page.getByRole('radio', { name: 'Adjacent reference' }).isChecked()).toBe(true);
    await expect.poll(() => summary(page)).toContain('Method: adjacent reference');
    // T6 against its neighbours: Ha 14.0 mm against the mean of T5 and T7 (16.6 mm) is a 15% loss, under the
    // 20% of grade 1, while against its own Hp (18 mm) it was 22%. T8 and L1 stay fractured: SDI 6 -> 5.
    expect(await row(page, 'T6')).toMatchObject({ grade: 0, type: '' });
    expect(await row(page, 'T8')).toMatchObject({ grade: 3 });
    expect(await row(page, 'L1')).toMatchObject({ grade: 2, type: 'biconcave' });
    expect(await summary(page)).toContain('SDI 5 · 13/13 levels');
    await method('Own posterior + adjacent').click();
    await expect.poll(() => summary(page)).toContain('SDI 6 · 13/13 levels');
    expect(await summary(page)).toContain('Method: own posterior + adjacent');
  });
});

/** A copy of the phantom radiograph with some attributes removed, as another DX might come from a modality. */
function phantomWithout(dir: string, name: string, tags: string[]): Promise<string> {
  return import('dcmjs').then(({ default: dcmjs }) => {
    const bytes = readFileSync(PHANTOM_DX);
    const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    for (const tag of tags) delete dataset.dict[tag];
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.from(dataset.write()));
    return file;
  });
}

describe('calibration labels on radiographs (morphometry.md section 6)', () => {
  let session: Session;
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(PHANTOM_DX)) throw new Error(`${PHANTOM_DX} is missing: run "npm run samples" first (npm test does).`);
    session = await openBrowser({ snap: false });
    dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-calibration-'));
  });
  afterAll(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a DX without any spacing measures in px with a warning, and in mm (user) once calibrated', async () => {
    const file = await phantomWithout(dir, 'no-spacing.dcm', ['00181164', '00181114']);
    const page = await open(session, { files: [file] });
    expect(await overlayText(page, 'calibration')).toBe('Spacing: px ⚠');
    await page.keyboard.press('v');
    await placeTruth(page, 'T6');
    const t6 = vertebra('T6');
    const px = (await row(page, 'T6'))!;
    // Heights in image pixels: 14.04 mm / 0.2 mm per pixel = 70.2 px, and so on; the grade is unit-free.
    expect(Math.abs(px.ha - t6.ha / PATIENT_SPACING)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(px.hp - t6.hp / PATIENT_SPACING)).toBeLessThanOrEqual(1.5);
    expect(px).toMatchObject({ grade: 1, type: 'wedge' });
    expect(await page.locator('.results-table thead').innerText()).toContain('Ha (px)');
    expect(await notes(page)).toContain('Heights in px ⚠');
    expect(await notes(page)).toContain(NO_SPACING_WARNING);

    // Calibrate on a long known distance: from T4's anterior-superior corner to L4's anterior-inferior one.
    const from = vertebra('T4').points.as;
    const to = vertebra('L4').points.ai;
    const lengthMm = Math.hypot(to[0]! - from[0]!, to[1]! - from[1]!) * PATIENT_SPACING;
    await page.keyboard.press('c');
    await dragLine(page, await onScreen(page, from), await onScreen(page, to));
    const dialog = page.getByRole('dialog', { name: 'Calibrate' });
    await dialog.getByLabel('Length in mm').fill(lengthMm.toFixed(2));
    await dialog.getByRole('button', { name: 'Calibrate' }).click();
    await expect.poll(() => notes(page)).toContain('Heights in mm (user)');
    const mm = (await row(page, 'T6'))!;
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(mm[h] - t6[h]), h).toBeLessThanOrEqual(0.5);
    expect(await notes(page)).not.toContain(NO_SPACING_WARNING);
    expect(await overlayText(page, 'calibration')).toBe('Spacing: mm (user)');
    // The line itself is gone; the calibration is part of the reading and undone like any edit.
    await page.keyboard.press('Control+z');
    await expect.poll(() => notes(page)).toContain('Heights in px ⚠');
    expect((await row(page, 'T6'))!.ha).toBe(px.ha);
  });

  it('with Calibrate on, a press on a vertebra handle draws the calibration line and leaves the vertebra as it was', async () => {
    const page = await open(session, { sample: 'lateral-baseline' });
    await page.keyboard.press('v');
    for (const level of ['T5', 'T6', 'T7']) await placeTruth(page, level);
    const before = (await row(page, 'T6'))!;
    expect(before).toMatchObject({ grade: 1, type: 'wedge' });
    // From T6's posterior-superior handle to its posterior-inferior one: its posterior wall, 18 mm or so.
    await page.keyboard.press('c');
    await dragLine(page, await onScreen(page, vertebra('T6').points.ps), await onScreen(page, vertebra('T6').points.pi));
    const dialog = page.getByRole('dialog', { name: 'Calibrate' });
    await dialog.waitFor();
    expect(await row(page, 'T6')).toEqual(before);
    // A typo is not a length: "1e3" would have made every height on the image 50 times too long.
    await dialog.getByLabel('Length in mm').fill('1e3');
    expect(await dialog.locator('.warning').innerText()).toBe('Type the length in mm as a number, e.g. 50 or 12.5.');
    expect(await dialog.getByRole('button', { name: 'Calibrate' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row(page, 'T6')).toEqual(before);
  });

  it('a calibration length that makes no spine image pixel is refused, and one far from the image own spacing is asked again', async () => {
    const page = await open(session, { sample: 'lateral-baseline' });
    await page.keyboard.press('v');
    await placeTruth(page, 'T6');
    const before = (await row(page, 'T6'))!;
    // Along T6's posterior wall: 18 mm, 90 pixels of 0.2 mm.
    await page.keyboard.press('c');
    await dragLine(page, await onScreen(page, vertebra('T6').points.ps), await onScreen(page, vertebra('T6').points.pi));
    const dialog = page.getByRole('dialog', { name: 'Calibrate' });
    await dialog.waitFor();
    const length = dialog.getByLabel('Length in mm');
    const button = dialog.getByRole('button', { name: /^Calibrate/ });
    const warning = () => dialog.locator('.warning').allInnerTexts();
    // 1 mm over 90 pixels: 0.011 mm per pixel, finer than any spine image.
    await length.fill('1');
    expect(await warning()).toEqual([expect.stringMatching(/^That makes one pixel 0\.011\d mm, and a spine image has 0\.02 to 5 mm per pixel/)]);
    expect(await button.isDisabled()).toBe(true);
    // 100 mm: 1.1 mm per pixel, 5.6 times the 0.2 mm the image says; asked, not refused.
    await length.fill('100');
    expect(await warning()).toEqual([expect.stringMatching(/^That makes one pixel 1\.1\d mm, 5\.\d times more than the image's own 0\.2 mm \(mm \(ERMF\)\)/)]);
    expect([await button.innerText(), await button.isDisabled()]).toEqual(['Calibrate anyway', false]);
    // 18 mm, the truth: nothing to say.
    await length.fill('18');
    expect([await warning(), await button.innerText()]).toEqual([[], 'Calibrate']);
    // Confirmed, the unlikely length is the reader's: heights 100/18 times longer, and undo takes it back.
    await length.fill('100');
    await button.click();
    await expect.poll(() => notes(page)).toContain('Heights in mm (user)');
    expect(Math.abs((await row(page, 'T6'))!.hp - (before.hp * 100) / 18)).toBeLessThanOrEqual(1.5);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await row(page, 'T6'))!.hp).toBe(before.hp);
  });

  it('a DX with Imager Pixel Spacing but no magnification factor measures at the detector, and warns', async () => {
    const file = await phantomWithout(dir, 'detector.dcm', ['00181114']);
    const page = await open(session, { files: [file] });
    await page.keyboard.press('v');
    await placeTruth(page, 'T6');
    const t6 = vertebra('T6');
    const r = (await row(page, 'T6'))!;
    // Detector mm are 0.23 mm per pixel instead of 0.2: every height is 15% larger than in the patient.
    expect(Math.abs(r.ha - t6.ha * 1.15)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.hp - t6.hp * 1.15)).toBeLessThanOrEqual(0.5);
    expect(await notes(page)).toContain('Heights in mm (detector) ⚠');
    expect(await notes(page)).toContain(DETECTOR_WARNING);
  });
});

describe('measuring a TCIA sagittal CT reformat', () => {
  let session: Session;
  let dir: string;
  // A box-shaped "vertebra" in image pixels: 40 columns deep, heights of 30, 28 and 32 rows, the posterior
  // wall slanted by 10 columns. Hand-checkable: ha = 30 rows, hm = 28 rows, hp = sqrt(10 col^2 + 32 row^2).
  const box: SixPoints = { as: [236, 240], ms: [256, 240], ps: [276, 240], ai: [236, 270], mi: [256, 268], pi: [286, 272] };
  const heights = (rowMm: number, colMm: number) => ({ ha: 30 * rowMm, hm: 28 * rowMm, hp: Math.hypot(10 * colMm, 32 * rowMm) });

  /** Half a screen pixel at each end of a height, in mm: how closely a click can hit an image point. */
  async function clickPrecisionMm(page: Page, rowMm: number, colMm: number): Promise<number> {
    const scale = await screenScale(page);
    return 2 * Math.hypot(0.5 / scale.column * colMm, 0.5 / scale.row * rowMm);
  }

  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-ct-'));
  });
  afterAll(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts image point [column, row] on the centre of that pixel as Cornerstone draws it', async () => {
    // The TCIA CT's geometry (a sagittal plane, rows 2.0 mm apart, columns 1.0 mm) with black pixels and one
    // white one at column 101, row 401: its rendered centre must be where the app maps [101, 401].
    const { default: dcmjs } = await import('dcmjs');
    const bytes = readFileSync(TCIA);
    const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const pixels = new Int16Array(512 * 512);
    pixels[401 * 512 + 101] = 3024; // 2000 HU; the rest is 0 = -1024 HU
    dataset.dict['7FE00010'] = { vr: 'OW', Value: [pixels.buffer] };
    dataset.dict['00280030'] = { vr: 'DS', Value: [2.0, 1.0] };
    dataset.dict['00281050'] = { vr: 'DS', Value: [500] };
    dataset.dict['00281051'] = { vr: 'DS', Value: [1000] };
    const file = path.join(dir, 'marker.dcm');
    writeFileSync(file, Buffer.from(dataset.write()));
    const page = await open(session, { files: [file] });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const mapped = (await page.evaluate(() => window.kyphoAutomation?.imageToClient('viewport-1', [101, 401]) ?? null))!;
    const drawn = await page.evaluate(([x, y]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewport-viewport-1"] canvas')!;
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const [ci, cj] = [Math.floor((x! - rect.left) * scale), Math.floor((y! - rect.top) * scale)];
      const { data } = ctx.getImageData(ci - 15, cj - 15, 31, 31);
      // Centroid of the bright screen pixels near the mapped point, weighted by brightness, in client coordinates.
      let weight = 0;
      let sx = 0;
      let sy = 0;
      for (let j = 0; j < 31; j++)
        for (let i = 0; i < 31; i++) {
          const v = data[(j * 31 + i) * 4]!;
          if (v < 64) continue;
          weight += v;
          sx += v * (rect.left + (ci - 15 + i + 0.5) / scale);
          sy += v * (rect.top + (cj - 15 + j + 0.5) / scale);
        }
      return weight ? [sx / weight, sy / weight] : null;
    }, mapped);
    expect(drawn, 'the white pixel is drawn near the mapped point').not.toBeNull();
    // A screen pixel is about 0.5 of an image column and 0.25 of an image row here: a corner origin (half a
    // pixel off) would miss by about 1 and 2 screen pixels, swapped spacings by hundreds.
    const scale = await screenScale(page);
    expect(Math.abs(drawn![0]! - mapped[0]) / scale.column, 'columns off').toBeLessThan(0.25);
    expect(Math.abs(drawn![1]! - mapped[1]) / scale.row, 'rows off').toBeLessThan(0.25);
  });

  it('measures in mm from its Pixel Spacing (1.322 mm square pixels)', async () => {
    const page = await open(session, { files: [TCIA] });
    await page.keyboard.press('v');
    await placeVertebra(page, box, 'L1');
    await expect.poll(() => rowCount(page)).toBe(1);
    const r = (await row(page, 'L1'))!;
    const expected = heights(1.322021, 1.322021);
    const tolerance = (await clickPrecisionMm(page, 1.322021, 1.322021)) + 0.05;
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - expected[h]), h).toBeLessThanOrEqual(tolerance);
    expect(await notes(page)).toContain('Heights in mm');
    expect(await notes(page)).not.toContain('⚠');
  });

  it('honours anisotropic pixels: rows 2.0 mm apart, columns 1.0 mm', async () => {
    const { default: dcmjs } = await import('dcmjs');
    const bytes = readFileSync(TCIA);
    const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    dataset.dict['00280030'] = { vr: 'DS', Value: [2.0, 1.0] };
    const file = path.join(dir, 'anisotropic.dcm');
    writeFileSync(file, Buffer.from(dataset.write()));
    const page = await open(session, { files: [file] });
    await page.keyboard.press('v');
    await placeVertebra(page, box, 'L1');
    await expect.poll(() => rowCount(page)).toBe(1);
    const r = (await row(page, 'L1'))!;
    // ha 60 mm, hm 56 mm, hp sqrt(10^2 + 64^2) = 64.78 mm; with the spacings swapped hp would be 37.7 mm.
    const expected = heights(2.0, 1.0);
    const tolerance = (await clickPrecisionMm(page, 2.0, 1.0)) + 0.05;
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - expected[h]), h).toBeLessThanOrEqual(tolerance);
    expect(Number(r.haHp)).toBeCloseTo(60 / 64.78, 1);
  });
});
