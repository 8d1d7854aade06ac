/**
 * Fracture age on MRI (issue 6, morphometry.md section 7), in Chromium on the phantom study mri-fracture-age:
 * T1 and STIR hung side by side and linked by position, edema flagged with E, ages derived per vertebra, the
 * report sentences, and the descriptive signal ratio checked against the DICOM pixel data read here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, openBrowser, overlayText, repoRoot, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;
type Point = [number, number];
type SixPoints = Record<'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi', Point>;

const MRI = path.join(repoRoot, 'sample-data/mri-fracture-age');
const truth = JSON.parse(readFileSync(path.join(MRI, 'truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: SixPoints; edema: string; edemaExtent?: string; age: string; expected: { grade: number } }[];
};
const truthOf = (level: string) => truth.vertebrae.find((v) => v.level === level)!;
const T1_FILES = readdirSync(path.join(MRI, 'SAG_T1')).sort().map((f) => path.join(MRI, 'SAG_T1', f));
const STIR_FILES = readdirSync(path.join(MRI, 'SAG_STIR')).sort().map((f) => path.join(MRI, 'SAG_STIR', f));

/** A large window: an image pixel of the MR is over two screen pixels in each of the two viewports. */
const WINDOW = { width: 2600, height: 1600 };

/** A point on the line from the superior to the inferior endplate midpoint, `t` of the way down. */
function along(p: SixPoints, t: number): Point {
  return [p.ms[0] + t * (p.mi[0] - p.ms[0]), p.ms[1] + t * (p.mi[1] - p.ms[1])];
}

// ------------------------------------------------------------------ DICOM read here, independently of the app

interface Slice {
  file: string;
  position: number[];
  /** Along the slice normal (row x column cosines), the order the app promises for a stack. */
  alongNormal: number;
}

function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  return (dataSet.string(tag) ?? '').split('\\').map(Number);
}

function readSlice(file: string): Slice {
  const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(file)));
  const position = numbers(dataSet, 'x00200032');
  const [a, b, c, d, e, f] = numbers(dataSet, 'x00200037') as [number, number, number, number, number, number];
  const normal = [b * f - c * e, c * d - a * f, a * e - b * d];
  return { file, position, alongNormal: position.reduce((s, v, i) => s + v * normal[i]!, 0) };
}

/** The files of a series in stack order, as the overlay's "Image n/N" counts them. */
function stack(files: readonly string[]): Slice[] {
  return files.map(readSlice).sort((p, q) => p.alongNormal - q.alongNormal);
}

/** Index of the slice nearest to `position` along the normal. */
function nearest(slices: readonly Slice[], alongNormal: number): number {
  let best = 0;
  slices.forEach((s, i) => {
    if (Math.abs(s.alongNormal - alongNormal) < Math.abs(slices[best]!.alongNormal - alongNormal) - 1e-6) best = i;
  });
  return best;
}

/** Stored pixel values of a 16-bit MR (no rescale in the phantom: checked). */
function pixelsOf(file: string): { pixels: Uint16Array; columns: number; rows: number } {
  const bytes = readFileSync(file);
  const dataSet = dicomParser.parseDicom(new Uint8Array(bytes));
  expect(dataSet.string('x00281053')).toBeUndefined();
  expect(dataSet.uint16('x00280100')).toBe(16);
  const element = dataSet.elements.x7fe00010!;
  const copy = bytes.buffer.slice(bytes.byteOffset + element.dataOffset, bytes.byteOffset + element.dataOffset + element.length);
  return { pixels: new Uint16Array(copy), columns: dataSet.uint16('x00280011')!, rows: dataSet.uint16('x00280010')! };
}

/** Mean of the pixels whose centres lie in the ellipse inscribed in the box of two opposite corners. */
function ellipseMean({ pixels, columns, rows }: ReturnType<typeof pixelsOf>, a: Point, b: Point): number {
  const [cx, cy, rx, ry] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, Math.abs(b[0] - a[0]) / 2, Math.abs(b[1] - a[1]) / 2];
  let sum = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (((c - cx) / rx) ** 2 + ((r - cy) / ry) ** 2 > 1) continue;
      sum += pixels[r * columns + c]!;
      count++;
    }
  }
  expect(count).toBeGreaterThan(20);
  return sum / count;
}

/** A copy of the STIR with its own geometry: `keep` slices (by file index), moved `shiftMm` along x. */
function stirVariant(folder: string, keep: (index: number) => boolean, shiftMm: number): string[] {
  const { DicomMessage } = dcmjs.data;
  return STIR_FILES.flatMap((file, index) => {
    if (!keep(index)) return [];
    const bytes = readFileSync(file);
    const dict = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const element = (tag: string) => dict.dict[Object.keys(dict.dict).find((k) => k.toUpperCase() === tag)!]!;
    const position = element('00200032').Value as (string | number)[];
    position[0] = Number(position[0]) + shiftMm;
    // Without STIR in its name and listed before the T1: recognised by its physics (IR, TI 150 ms) alone.
    element('0008103E').Value = ['SAG 2'];
    element('00200011').Value = [1];
    const out = path.join(folder, path.basename(file));
    writeFileSync(out, new Uint8Array(dict.write()));
    return [out];
  });
}

// ------------------------------------------------------------------ the page

/** Integer page coordinates of image point `point` in a viewport (a mouse event carries whole pixels). */
async function client(page: Page, viewportId: string, point: readonly number[]): Promise<Point> {
  const c = await page.evaluate(([id, p]) => window.kyphoAutomation?.imageToClient(id as string, p as number[]) ?? null, [viewportId, [...point]] as const);
  if (!c) throw new Error(`${viewportId} shows no image`);
  return [Math.round(c[0]), Math.round(c[1])];
}

/** The image point under whole page pixel `at`, by inverting the viewport's (affine) image-to-page mapping. */
async function imagePointAt(page: Page, viewportId: string, at: Point): Promise<Point> {
  const map = (p: number[]) => page.evaluate(([id, q]) => window.kyphoAutomation!.imageToClient(id as string, q as number[])!, [viewportId, p] as const);
  const [o, u, v] = await Promise.all([map([0, 0]), map([100, 0]), map([0, 100])]);
  const ux = [(u[0] - o[0]) / 100, (u[1] - o[1]) / 100];
  const uy = [(v[0] - o[0]) / 100, (v[1] - o[1]) / 100];
  const det = ux[0]! * uy[1]! - ux[1]! * uy[0]!;
  const [dx, dy] = [at[0] - o[0], at[1] - o[1]];
  return [(dx * uy[1]! - dy * uy[0]!) / det, (ux[0]! * dy - ux[1]! * dx) / det];
}

async function open(session: Session, target: { sample: string } | { files: string[] }): Promise<Page> {
  const { page } = session;
  await page.setViewportSize(WINDOW);
  if ('sample' in target) await page.goto(appUrl(`?sample=${target.sample}`));
  else {
    await page.goto(appUrl());
    await page.getByTestId('file-input').setInputFiles(target.files);
  }
  await waitForImage(page, 'viewport-1');
  await waitForImage(page, 'viewport-2');
  return page;
}

const imageIndex = async (page: Page, viewportId: string) => Number(/Image (\d+)\//.exec(await overlayText(page, 'image', viewportId))![1]) - 1;
const seriesText = (page: Page, viewportId: string) => overlayText(page, 'series', viewportId);

async function placeVertebra(page: Page, level: string): Promise<void> {
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  const before = await page.locator('.results-table tbody tr').count();
  for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi'] as const) await page.mouse.click(...(await client(page, 'viewport-1', truthOf(level).points[key])));
  await page.mouse.move(10, WINDOW.height - 10);
  await page.waitForFunction((n) => document.querySelectorAll('.results-table tbody tr').length === n, before + 1);
}

const ageRow = (page: Page, level: string) => page.locator(`.age-row[data-level="${level}"]`);
const ageOf = (page: Page, level: string) => ageRow(page, level).getAttribute('data-age');
const edemaOf = (page: Page, level: string) => ageRow(page, level).locator('.edema input:checked').getAttribute('value');
const marker = (page: Page, viewportId: string, level: string) => page.locator(`[data-viewport-id="${viewportId}"] svg [data-id="edema-marker-${level}"]`);

/** Centre of an SVG circle drawn over a viewport, in page coordinates. */
async function circleCentre(page: Page, selector: string): Promise<Point> {
  return page.locator(selector).evaluate((circle: SVGCircleElement) => {
    const svg = circle.ownerSVGElement!.getBoundingClientRect();
    return [svg.left + Number(circle.getAttribute('cx')), svg.top + Number(circle.getAttribute('cy'))] as [number, number];
  });
}

async function morphometryRow(page: Page, level: string): Promise<{ haHp: string; hmHp: string; loss: string; grade: number }> {
  const cells = await page.locator(`.results-table tr[data-level="${level}"] td`).allInnerTexts();
  return { haHp: cells[3]!.trim(), hmHp: cells[4]!.trim(), loss: cells[6]!.trim().replace('†', ''), grade: Number(cells[7]) };
}

// ------------------------------------------------------------------ tests

describe('hanging the phantom MR study', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = await open(session, { sample: 'mri-fracture-age' });
  });
  afterAll(() => session.close());

  it('puts T1 on the left and STIR on the right, side by side, linked', async () => {
    expect(await page.getByRole('button', { name: '1x2' }).getAttribute('aria-pressed')).toBe('true');
    expect(await seriesText(page, 'viewport-1')).toBe('MR SAG T1');
    expect(await seriesText(page, 'viewport-2')).toBe('MR SAG STIR');
    expect(await page.locator('[data-field="protocol"]').innerText()).toBe('Spine MRI: T1 | STIR');
    expect(await page.getByLabel('Link slices by position').isChecked()).toBe(true);
    expect(await page.getByLabel('Link zoom/pan').isChecked()).toBe(false);
    expect(await page.getByLabel('Sequence of viewport 1').inputValue()).toBe('');
    expect(await page.getByLabel('Sequence of viewport 1').locator('option:checked').innerText()).toBe('T1 (auto)');
    expect(await page.getByLabel('Sequence of viewport 2').locator('option:checked').innerText()).toBe('STIR (auto)');
  });

  it('scrolling the T1 to slice k shows the STIR slice at the same position (same geometry here)', async () => {
    const t1 = stack(T1_FILES);
    const stir = stack(STIR_FILES);
    await page.keyboard.press('Home');
    for (let k = 0; k < t1.length; k += 1) {
      if (k > 0) await page.keyboard.press('ArrowDown');
      await expect.poll(() => imageIndex(page, 'viewport-1')).toBe(k);
      const expected = nearest(stir, t1[k]!.alongNormal);
      await expect.poll(() => imageIndex(page, 'viewport-2')).toBe(expected);
      expect(stir[expected]!.position[0]).toBeCloseTo(t1[k]!.position[0]!, 6);
    }
  });

  it('keeps the window of each viewport its own', async () => {
    const before = await overlayText(page, 'window', 'viewport-2');
    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 60, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => overlayText(page, 'window', 'viewport-1')).not.toBe('W 1500 L 760');
    expect(await overlayText(page, 'window', 'viewport-2')).toBe(before);
  });

  it('shows the mouse over the T1 as a crosshair at the same point of the STIR', async () => {
    await page.keyboard.press('r');
    const at = await client(page, 'viewport-1', along(truthOf('T12').points, 0.5));
    await page.mouse.move(...at);
    const image = await imagePointAt(page, 'viewport-1', at);
    const expected = await page.evaluate((p) => window.kyphoAutomation!.imageToClient('viewport-2', p)!, image);
    await expect.poll(() => page.locator('[data-viewport-id="viewport-2"] svg [data-id="linked-cursor"]').count()).toBe(1);
    const shown = await circleCentre(page, '[data-viewport-id="viewport-2"] svg [data-id="linked-cursor"]');
    expect(Math.abs(shown[0] - expected[0])).toBeLessThan(0.5);
    expect(Math.abs(shown[1] - expected[1])).toBeLessThan(0.5);
    // Not in the viewport the mouse is in, and gone when it leaves the images.
    expect(await page.locator('[data-viewport-id="viewport-1"] svg [data-id="linked-cursor"]').count()).toBe(0);
    await page.mouse.move(10, WINDOW.height - 10);
    await expect.poll(() => page.locator('svg [data-id="linked-cursor"]').count()).toBe(0);
  });

  it('follows zoom and pan only when asked to', async () => {
    const zoom2 = await overlayText(page, 'zoom', 'viewport-2');
    await page.getByRole('button', { name: 'Zoom', exact: true }).click();
    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    const drag = async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 80, { steps: 6 });
      await page.mouse.up();
    };
    await drag();
    await expect.poll(() => overlayText(page, 'zoom', 'viewport-1')).not.toBe(zoom2);
    expect(await overlayText(page, 'zoom', 'viewport-2')).toBe(zoom2);
    await page.getByLabel('Link zoom/pan').check();
    await expect.poll(() => overlayText(page, 'zoom', 'viewport-2')).toBe(await overlayText(page, 'zoom', 'viewport-1'));
    await drag();
    await expect.poll(() => overlayText(page, 'zoom', 'viewport-2')).toBe(await overlayText(page, 'zoom', 'viewport-1'));
    await page.getByLabel('Link zoom/pan').uncheck();
    await page.getByRole('button', { name: 'W/L', exact: true }).click();
  });
});

describe('a STIR with another slice count and offset, named without STIR, listed first', () => {
  let session: Session;
  let page: Page;
  let folder: string;
  let stir: Slice[];
  const t1 = stack(T1_FILES);
  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'kypho-stir-'));
    // Seven of the eleven slices (the first three and the last dropped), moved 1.5 mm to the patient's left.
    const files = stirVariant(folder, (i) => i >= 3 && i < 10, 1.5);
    stir = stack(files);
    expect(stir).toHaveLength(7);
    session = await openBrowser({ snap: false });
    page = await open(session, { files: [...files, ...T1_FILES] });
  });
  afterAll(async () => {
    await session.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is recognised by its physics and still hung on the right', async () => {
    expect(await seriesText(page, 'viewport-1')).toBe('MR SAG T1');
    expect(await seriesText(page, 'viewport-2')).toBe('MR SAG 2');
    expect(await page.getByLabel('Sequence of viewport 2').getAttribute('title')).toContain('inversion recovery');
  });

  it('follows the T1 by position, not by index, through every slice', async () => {
    await page.keyboard.press('Home');
    const distances: number[] = [];
    for (let k = 0; k < t1.length; k += 1) {
      if (k > 0) await page.keyboard.press('ArrowDown');
      await expect.poll(() => imageIndex(page, 'viewport-1')).toBe(k);
      const expected = nearest(stir, t1[k]!.alongNormal);
      await expect.poll(() => imageIndex(page, 'viewport-2'), { message: `T1 slice ${k}` }).toBe(expected);
      distances.push(Math.abs(stir[expected]!.alongNormal - t1[k]!.alongNormal));
    }
    // Inside the STIR's range every T1 slice has a STIR slice 1.5 mm away; beyond it, the STIR stays at its end.
    expect(distances.filter((d) => Math.abs(d - 1.5) < 1e-6).length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...distances)).toBeGreaterThan(4);
  });

  it('says how far apart the two slices are when they are not at one place', async () => {
    await page.keyboard.press('Home');
    await expect.poll(() => imageIndex(page, 'viewport-1')).toBe(0);
    const expected = Math.abs(stir[nearest(stir, t1[0]!.alongNormal)]!.alongNormal - t1[0]!.alongNormal);
    await expect.poll(() => page.locator('[data-viewport-id="viewport-1"] [data-field="link-offset"]').innerText()).toContain(`other slice ${expected.toFixed(1)} mm away`);
  });

  it('leads the other way too: scrolling the STIR moves the T1 to its nearest slice', async () => {
    await page.getByTestId('viewport-viewport-2').click();
    await page.keyboard.press('End');
    for (let j = stir.length - 1; j >= 0; j -= 1) {
      if (j < stir.length - 1) await page.keyboard.press('ArrowUp');
      await expect.poll(() => imageIndex(page, 'viewport-2')).toBe(j);
      await expect.poll(() => imageIndex(page, 'viewport-1'), { message: `STIR slice ${j}` }).toBe(nearest(t1, stir[j]!.alongNormal));
    }
  });
});

describe('fracture age on the phantom MR', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser({ snap: false });
    page = await open(session, { sample: 'mri-fracture-age' });
    // Heights on the T1, from the truth's points (instance 6, shown first).
    expect(await imageIndex(page, 'viewport-1')).toBe(5);
    await page.keyboard.press('v');
    for (const level of ['T10', 'T11', 'T12', 'L1', 'L2']) await placeVertebra(page, level);
    await page.keyboard.press('w');
  });
  afterAll(() => session.close());

  it('measures the grades the phantom was drawn with', async () => {
    for (const level of ['T10', 'T11', 'T12', 'L1', 'L2']) expect((await morphometryRow(page, level)).grade, level).toBe(truthOf(level).expected.grade);
    for (const level of ['T10', 'T11', 'T12', 'L1', 'L2']) expect(await ageOf(page, level)).toBe('indeterminate');
  });

  it('E over the acute level on the STIR flags its edema: acute, on STIR, marked on both images', async () => {
    const t11 = truthOf('T11');
    expect(t11).toMatchObject({ edema: 'present', age: 'acute' });
    // The STIR carries no vertebra: T11 is found through the T1 measurement in the same frame of reference.
    await page.mouse.move(...(await client(page, 'viewport-2', along(t11.points, 0.5))));
    await page.keyboard.press('e');
    await expect.poll(() => ageOf(page, 'T11')).toBe('acute');
    expect(await edemaOf(page, 'T11')).toBe('present');
    expect(await ageRow(page, 'T11').getByLabel('Sequence of T11').inputValue()).toBe('STIR');
    await expect.poll(() => marker(page, 'viewport-1', 'T11').count()).toBe(1);
    await expect.poll(() => marker(page, 'viewport-2', 'T11').count()).toBe(1);
    // The marker sits inside T11 on both images.
    for (const viewportId of ['viewport-1', 'viewport-2']) {
      const centre = await circleCentre(page, `[data-viewport-id="${viewportId}"] svg [data-id="edema-marker-T11"]`);
      const [x, y] = await imagePointAt(page, viewportId, [Math.round(centre[0]), Math.round(centre[1])]);
      const { as, ai, ps, pi } = t11.points;
      expect(x).toBeGreaterThan(Math.min(as[0], ai[0]));
      expect(x).toBeLessThan(Math.max(ps[0], pi[0]));
      expect(y).toBeGreaterThan(Math.min(as[1], ps[1]));
      expect(y).toBeLessThan(Math.max(ai[1], pi[1]));
    }
    // The extent the phantom was drawn with.
    await ageRow(page, 'T11').getByLabel('Edema extent of T11').selectOption(t11.edemaExtent!);
    expect(t11.edemaExtent).toBe('25-74%');
  });

  it('E again takes the flag back, and undo and redo cover it', async () => {
    await page.mouse.move(...(await client(page, 'viewport-2', along(truthOf('T11').points, 0.5))));
    await page.keyboard.press('e');
    await expect.poll(() => edemaOf(page, 'T11')).toBe('not-assessed');
    expect(await ageOf(page, 'T11')).toBe('indeterminate');
    await expect.poll(() => marker(page, 'viewport-2', 'T11').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => ageOf(page, 'T11')).toBe('acute');
    expect(await ageRow(page, 'T11').getByLabel('Edema extent of T11').inputValue()).toBe('25-74%');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => ageOf(page, 'T11')).toBe('indeterminate');
    await page.keyboard.press('Control+z');
    await expect.poll(() => ageOf(page, 'T11')).toBe('acute');
  });

  it('the chronic fracture with edema absent is chronic', async () => {
    expect(truthOf('L1')).toMatchObject({ edema: 'absent', age: 'chronic' });
    expect((await morphometryRow(page, 'L1')).grade).toBe(2);
    await ageRow(page, 'L1').getByLabel('Edema of L1').getByText('absent').click();
    await expect.poll(() => ageOf(page, 'L1')).toBe('chronic');
    // Judged in the panel with the T1 active: on the STIR beside it, where edema is seen (not "on T1").
    expect(await page.locator('.viewport-pane.active').getAttribute('data-viewport-id')).toBe('viewport-1');
    expect(await ageRow(page, 'L1').getByLabel('Sequence of L1').inputValue()).toBe('STIR');
  });

  it('a grade-0 vertebra with edema absent is indeterminate', async () => {
    expect((await morphometryRow(page, 'L2')).grade).toBe(0);
    await ageRow(page, 'L2').getByLabel('Edema of L2').getByText('absent').click();
    await expect.poll(() => edemaOf(page, 'L2')).toBe('absent');
    expect(await ageOf(page, 'L2')).toBe('indeterminate');
  });

  it('the reader can override the derived age', async () => {
    await ageRow(page, 'L2').getByLabel('Age of L2').selectOption('chronic');
    await expect.poll(() => ageOf(page, 'L2')).toBe('chronic');
    await ageRow(page, 'L2').getByLabel('Age of L2').selectOption('');
    await expect.poll(() => ageOf(page, 'L2')).toBe('indeterminate');
  });

  it('writes the report sentences of spec section 8, live', async () => {
    const t11 = await morphometryRow(page, 'T11');
    const l1 = await morphometryRow(page, 'L1');
    const report = () => page.locator('[data-field="report"] p').allInnerTexts();
    await expect.poll(report).toEqual([
      `T11: acute (edema on STIR, 25-74%) Genant grade 2 wedge, ${t11.loss}% height loss (Ha/Hp ${t11.haHp})`,
      `L1: chronic Genant grade 2 biconcave, ${l1.loss}% height loss (Hm/Hp ${l1.hmHp}), no edema`,
      // Section 10: each fracture's segmental kyphosis between the endplates of its measured neighbours.
      expect.stringMatching(/^T11: segmental kyphosis -?\d+\.\d deg \(T10-T12\)$/),
      expect.stringMatching(/^L1: segmental kyphosis -?\d+\.\d deg \(T12-L2\)$/),
      'SDI >= 4 (partial: 5/13 levels of T4-L4 measured)',
    ]);
    await ageRow(page, 'L1').getByLabel('L1 suspicious for malignancy').check();
    await expect.poll(async () => (await report())[1]).toMatch(/, no edema; suspicious for malignancy$/);
    await ageRow(page, 'L1').getByLabel('L1 suspicious for malignancy').uncheck();
  });

  it('with the mouse off the images, E toggles the selected vertebra', async () => {
    await ageRow(page, 'T12').locator('.age-level').click();
    await page.mouse.move(WINDOW.width - 20, WINDOW.height - 20);
    await page.keyboard.press('e');
    await expect.poll(() => ageOf(page, 'T12')).toBe('acute');
    await page.keyboard.press('Control+z');
    await expect.poll(() => ageOf(page, 'T12')).toBe('indeterminate');
  });

  it('an unmeasured level takes its edema from the Level selector, and its later measurement joins the row', async () => {
    const l3 = truthOf('L3');
    await page.getByLabel('Level', { exact: true }).selectOption('L3');
    await page.mouse.move(...(await client(page, 'viewport-2', along(l3.points, 0.5))));
    await page.keyboard.press('e');
    await expect.poll(() => ageOf(page, 'L3')).toBe('acute');
    expect(await ageRow(page, 'L3').locator('[data-field="grade"]').innerText()).toBe('—');
    await expect.poll(() => marker(page, 'viewport-1', 'L3').count()).toBe(1);
    expect(await marker(page, 'viewport-2', 'L3').count()).toBe(1);
    expect(await page.locator('.results-table tr[data-level="L3"]').count()).toBe(0);
    // Selected in the panel and toggled off the images: with nothing judged left, the row goes; undo brings it back.
    await ageRow(page, 'L3').locator('.age-level').click();
    await expect.poll(() => ageRow(page, 'L3').getAttribute('class')).toContain('selected');
    await page.mouse.move(WINDOW.width - 20, WINDOW.height - 20);
    await page.keyboard.press('e');
    await expect.poll(() => ageRow(page, 'L3').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => ageOf(page, 'L3')).toBe('acute');
    // Measured on the T1 afterwards: one row for L3, with its grade and the edema kept.
    await page.keyboard.press('v');
    await placeVertebra(page, 'L3');
    await page.keyboard.press('w');
    expect(await page.locator('.age-row[data-level="L3"]').count()).toBe(1);
    expect(await ageRow(page, 'L3').locator('[data-field="grade"]').innerText()).toBe('0');
    expect(await ageOf(page, 'L3')).toBe('acute');
    expect(await edemaOf(page, 'L3')).toBe('present');
    await ageRow(page, 'L3').getByLabel('Edema of L3').getByText('not assessed').click();
    await expect.poll(() => ageOf(page, 'L3')).toBe('indeterminate');
  });

  it('the signal ratio of the acute level over a normal one on the STIR is above 1.5 and is the ratio of the ROI means', async () => {
    // The STIR slice shown is the one the truth's points are on (instance 6, mid-sagittal).
    const stir = stack(STIR_FILES);
    const shown = stir[await imageIndex(page, 'viewport-2')]!;
    expect(path.basename(shown.file)).toBe('IM0006.dcm');
    const pixels = pixelsOf(shown.file);

    // In T11 under the superior endplate, where the edema is; the reference in the middle of the normal T12.
    const roiCentre = along(truthOf('T11').points, 0.25);
    const referenceCentre = along(truthOf('T12').points, 0.5);
    const box = (c: Point): [Point, Point] => [
      [c[0] - 8, c[1] - 3],
      [c[0] + 8, c[1] + 3],
    ];
    await page.keyboard.press('q');
    const drawn: Point[] = [];
    for (const [from, to] of [box(roiCentre), box(referenceCentre)]) {
      const a = await client(page, 'viewport-2', from);
      const b = await client(page, 'viewport-2', to);
      await page.mouse.move(...a);
      await page.mouse.down();
      await page.mouse.move(...b, { steps: 5 });
      await page.mouse.up();
      // The ellipse the app measured is the one between the whole pixels the mouse was pressed and released on.
      drawn.push(await imagePointAt(page, 'viewport-2', a), await imagePointAt(page, 'viewport-2', b));
    }
    const ratio = ageRow(page, 'T11').locator('[data-field="signal-ratio"]');
    await expect.poll(() => ratio.count()).toBe(1);
    const recorded = Number(await ratio.getAttribute('data-value'));
    const expected = ellipseMean(pixels, drawn[0]!, drawn[1]!) / ellipseMean(pixels, drawn[2]!, drawn[3]!);
    expect(expected).toBeGreaterThan(1.5);
    // Same pixels, same rule (pixel centre inside the ellipse): only floating-point rounding of the page-to-image
    // mapping differs, which could change the result only for a pixel centre exactly on the border.
    expect(Math.abs(recorded - expected) / expected).toBeLessThan(1e-9);
    // Shown with two decimals and the words that keep it descriptive.
    expect(await ratio.innerText()).toBe(`Signal ratio ${expected.toFixed(2)}`);
    expect(await ageRow(page, 'T11').innerText()).toContain('descriptive, no validated threshold');
    // And beside the ellipses on the image.
    const labels = await page.$$eval('[data-viewport-id="viewport-2"] svg text tspan', (lines) => lines.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(labels).toContain(`T11: mean ${ellipseMean(pixels, drawn[0]!, drawn[1]!).toFixed(0)}, ratio ${expected.toFixed(2)}`);
    expect(labels).toContain('descriptive, no validated threshold');
    // Undo takes the number back, and the ellipses with it.
    await page.keyboard.press('Control+z');
    await expect.poll(() => ratio.count()).toBe(0);
    await expect.poll(() => page.locator('[data-viewport-id="viewport-2"] svg [data-id="signal-roi"]').count()).toBe(0);
  });

  it("T11's heights deleted, or replaced, leave its edema with the level, and the reader is told", async () => {
    const t11Row = page.locator('.results-table tr[data-level="T11"]');
    const grade = () => ageRow(page, 'T11').locator('[data-field="grade"]').innerText();
    await page.keyboard.press('w');
    await t11Row.click({ position: { x: 120, y: 8 } });
    await page.keyboard.press('Delete');
    await expect.poll(() => t11Row.count()).toBe(0);
    await expect
      .poll(() => page.locator('.notice').innerText())
      .toBe('T11: heights deleted. What was judged of it (edema present, edema extent) stays under Fracture age; clear it there to remove T11 from the reading.');
    expect([await edemaOf(page, 'T11'), await ageOf(page, 'T11'), await grade()]).toEqual(['present', 'acute', '—']);
    // Measured again: one row for T11, its grade back, the edema kept.
    await page.keyboard.press('v');
    await placeVertebra(page, 'T11');
    expect([await edemaOf(page, 'T11'), await ageOf(page, 'T11'), await grade()]).toEqual(['present', 'acute', '2']);
    // Measured once more over its own drawing: the reader is asked, and told that the judgement stays.
    await page.getByLabel('Level', { exact: true }).selectOption('T11');
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi'] as const) await page.mouse.click(...(await client(page, 'viewport-1', truthOf('T11').points[key])));
    const dialog = page.getByRole('dialog', { name: 'Level already measured' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('What was judged of T11 (edema present, edema extent) stays.');
    await dialog.getByRole('button', { name: 'Replace T11' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect([await edemaOf(page, 'T11'), await ageOf(page, 'T11'), await grade()]).toEqual(['present', 'acute', '2']);
    expect(await ageRow(page, 'T11').getByLabel('Edema extent of T11').inputValue()).toBe('25-74%');
    await page.keyboard.press('w');
  });

  it('a vertebra half placed on the T1 and dropped by scrolling the linked STIR is not dropped without a word', async () => {
    const rows = await page.locator('.results-table tbody tr').count();
    const start = await imageIndex(page, 'viewport-1');
    await page.keyboard.press('v');
    await page.getByLabel('Level', { exact: true }).selectOption('L3');
    for (const key of ['as', 'ms', 'ps', 'ai'] as const) await page.mouse.click(...(await client(page, 'viewport-1', truthOf('L3').points[key])));
    await expect.poll(async () => (await page.evaluate(() => window.kyphoAutomation!.vertebraPoints('viewport-1'))).some((v) => v.length === 4)).toBe(true);
    // Checking the edema on the STIR beside it: one notch of the wheel, and the T1 follows.
    await page.mouse.move(...(await client(page, 'viewport-2', along(truthOf('L3').points, 0.5))));
    await page.mouse.wheel(0, 120);
    await expect.poll(() => imageIndex(page, 'viewport-1')).not.toBe(start);
    await expect
      .poll(() => page.locator('.notice').innerText())
      .toBe('The vertebra being placed was dropped (4 of 6 points): the image changed. Place all six points on one image.');
    expect(await page.locator('.results-table tbody tr').count()).toBe(rows);
    await page.mouse.wheel(0, -120);
    await expect.poll(() => imageIndex(page, 'viewport-1')).toBe(start);
    await page.keyboard.press('w');
  });

  it('a click followed at once by a scroll starts no vertebra on the image scrolled to', async () => {
    const start = await imageIndex(page, 'viewport-1');
    const inProgress = async () => (await page.evaluate(() => window.kyphoAutomation!.vertebraPoints('viewport-1'))).filter((v) => v.length < 6);
    await page.keyboard.press('v');
    await page.getByLabel('Level', { exact: true }).selectOption('L3');
    // Cornerstone holds a click 400 ms for a possible double click; the wheel turns well within that.
    await page.mouse.click(...(await client(page, 'viewport-1', truthOf('L3').points.as)));
    await page.mouse.wheel(0, 120);
    await expect.poll(() => imageIndex(page, 'viewport-1')).not.toBe(start);
    // Past the wait the click would have been handed over: it was meant for the image scrolled away from.
    await page.waitForTimeout(1000);
    expect(await inProgress()).toEqual([]);
    await page.mouse.wheel(0, -120);
    await expect.poll(() => imageIndex(page, 'viewport-1')).toBe(start);
    // A click on the image shown still starts the vertebra there.
    await page.mouse.click(...(await client(page, 'viewport-1', truthOf('L3').points.as)));
    await expect.poll(async () => (await inProgress()).map((v) => v.length)).toEqual([1]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('w');
  });

  it('at 1280 x 800 keeps every label whole and inside its viewport, and the page where it is', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      // The page does not scroll away from the toolbar when the reader tabs to the last edema choice (its hidden radio
      // button once sat outside the results column, and made the whole page taller than the window).
      await page.locator('[aria-label="Edema of L2"] input').last().focus();
      expect(await page.evaluate(() => [document.scrollingElement!.scrollTop, document.scrollingElement!.scrollHeight, innerHeight])).toEqual([0, 800, 800]);

      for (const viewportId of ['viewport-1', 'viewport-2']) {
        const cell = page.locator(`[data-viewport-id="${viewportId}"]`);
        // The overlay's patient lines give way to the series': cut short, never under them; the image counter is whole.
        const patient = (await cell.locator('[data-field="patient"]').boundingBox())!;
        const series = (await cell.locator('[data-field="series"]').boundingBox())!;
        expect(patient.x + patient.width, viewportId).toBeLessThanOrEqual(series.x);
        const counter = cell.locator('[data-field="image"]');
        expect(await counter.innerText()).toMatch(/^Image \d+\/11$/);
        expect(await counter.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      }

      // Every line of the vertebrae's labels inside the T1's viewport, and the labels of neighbours not on each other.
      const texts = await page.$$eval('[data-viewport-id="viewport-1"] svg text', (all) =>
        all.map((t) => {
          const svg = t.closest('svg')!.getBoundingClientRect();
          const b = t.getBoundingClientRect();
          return { text: (t.textContent ?? '').replace(/\s+/g, ' '), left: b.left - svg.left, right: b.right - svg.left, top: b.top, bottom: b.bottom, width: svg.width };
        }),
      );
      const labels = texts.filter((t) => /^[TL]\d+ (Ha|Hm|Hp)/.test(t.text));
      expect(labels.map((l) => l.text.split(' ')[0])).toEqual(expect.arrayContaining(['L1', 'L2', 'T10', 'T11', 'T12']));
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) {
          const apart = a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left;
          expect(apart, `${a.text} / ${b.text}`).toBe(true);
        }
      }
      for (const l of texts) {
        expect(l.left, l.text).toBeGreaterThanOrEqual(0);
        expect(l.right, l.text).toBeLessThanOrEqual(l.width);
      }
    } finally {
      await page.setViewportSize(WINDOW);
    }
  });
});
