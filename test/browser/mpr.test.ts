import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { readDicom, type DicomImage } from '../unit/phantom/dicomFile';
import { appUrl, canvasRange, openBrowser, repoRoot, resultRows as rows, sharedDicom, viewportPixels, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;
type Vec3 = [number, number, number];

interface TruthVertebra {
  level: string;
  space: 'patient';
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
  expected: { grade: 0 | 1 | 2 | 3; type: string | null };
}

const CT = path.join(repoRoot, 'sample-data/ct-thoracolumbar');
const CT_FILES = existsSync(path.join(CT, 'AXIAL'))
  ? readdirSync(path.join(CT, 'AXIAL'))
      .filter((f) => f.endsWith('.dcm'))
      .sort()
      .map((f) => path.join(CT, 'AXIAL', f))
  : [];
const truth = JSON.parse(readFileSync(path.join(CT, 'truth.json'), 'utf8')) as { vertebrae: TruthVertebra[]; expectedSdi: number };
const vertebra = (level: string) => truth.vertebrae.find((v) => v.level === level) as TruthVertebra;
const TCIA = path.join(sharedDicom, 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');

const SAGITTAL = 'mpr-sagittal';
const AXIAL = 'mpr-axial';
const CORONAL = 'mpr-coronal';
/** Tall enough that the whole phantom spine (240 mm) fits the sagittal view at 4 screen pixels per mm. */
const WINDOW = { width: 1600, height: 1400 };

function requireSamples(): void {
  if (CT_FILES.length !== 211) throw new Error(`${CT} is incomplete: run "npm run samples" first (npm test does).`);
}

async function openMpr(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
}

/**
 * Where a patient point (mm) is on the page in a reformatted view. Chromium truncates fractional mouse
 * coordinates, so half a pixel is added: a click then lands on the nearest screen pixel.
 */
async function onScreen(page: Page, viewportId: string, point: readonly number[]): Promise<[number, number]> {
  const [x, y] = await clientOf(page, viewportId, point);
  return [x + 0.5, y + 0.5];
}

/** The exact page position of a patient point in a view (for reading pixels, not for clicks). */
async function clientOf(page: Page, viewportId: string, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate(([id, p]) => window.kyphoAutomation?.worldToClient(id, p) ?? null, [viewportId, [...point]] as const);
  if (!client) throw new Error(`${viewportId} shows nothing`);
  return client;
}

/** Zooms the sagittal view in (right drag down, about the spine's centre) until a screen pixel is at most 1/4 mm. */
async function zoomSagittalToSpine(page: Page): Promise<void> {
  const [cx, cy] = await onScreen(page, SAGITTAL, [0, 9, 26]);
  for (let i = 0; i < 8 && (await pixelsPerMm(page, SAGITTAL)) < 4; i++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx, cy + 60, { steps: 4 });
    await page.mouse.up({ button: 'right' });
  }
  expect(await pixelsPerMm(page, SAGITTAL)).toBeGreaterThanOrEqual(4);
}

async function viewPlane(page: Page, viewportId: string) {
  const plane = await page.evaluate((id) => window.kyphoAutomation?.viewPlane(id) ?? null, viewportId);
  if (!plane) throw new Error(`${viewportId} has no camera`);
  return plane;
}

/** Screen pixels per mm in a view, measured over 100 mm along its up direction. */
async function pixelsPerMm(page: Page, viewportId: string): Promise<number> {
  const { focalPoint, viewUp } = await viewPlane(page, viewportId);
  const a = await onScreen(page, viewportId, focalPoint);
  const b = await onScreen(page, viewportId, focalPoint.map((f, i) => f + 100 * viewUp[i]!));
  return Math.hypot(b[0] - a[0], b[1] - a[1]) / 100;
}

const degreesBetween = (a: readonly number[], b: readonly number[]) =>
  (Math.acos(Math.min(1, Math.abs(a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!))) * 180) / Math.PI;


const rowCount = (page: Page) => page.locator('.results-table tbody tr').count();
/** The endplate lines of measured vertebrae: the next vertebra proposed is drawn dashed and is not counted. */
const vertebraLines = (page: Page, viewportId: string) => page.locator(`[data-viewport-id="${viewportId}"] svg polyline:not([stroke-dasharray])`).count();
const overlay = (page: Page, viewportId: string, field: string) => page.locator(`[data-viewport-id="${viewportId}"] [data-field="${field}"]`).innerText();
const notice = (page: Page) => page.getByRole('alert').first().innerText();

/** The grey values a viewport shows at some page positions. */
async function greysAt(page: Page, viewportId: string, clients: readonly (readonly number[])[]): Promise<number[]> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(
    ([id, points]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="viewport-${id}"] canvas`)!;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(canvas, 0, 0);
      const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      return points.map(([x, y]) => data[(Math.floor((y! - rect.top) * scale) * copy.width + Math.floor((x! - rect.left) * scale)) * 4]!);
    },
    [viewportId, clients.map((c) => [...c])] as const,
  );
}

/** The phantom CT in Hounsfield units, sampled trilinearly between its axial slices as they are on disk. */
class AxialVolume {
  private readonly slices: { z: number; image: DicomImage }[];
  private readonly origin: [number, number];
  private readonly spacing: number;
  private readonly intercept: number;

  constructor(files: readonly string[]) {
    this.slices = files
      .map((file) => {
        const image = readDicom(file);
        return { z: Number((image.attrs['ImagePositionPatient'] as number[])[2]), image };
      })
      .sort((a, b) => a.z - b.z);
    const first = this.slices[0]!.image.attrs;
    const position = first['ImagePositionPatient'] as number[];
    this.origin = [Number(position[0]), Number(position[1])];
    this.spacing = Number((first['PixelSpacing'] as number[])[0]);
    this.intercept = Number(first['RescaleIntercept']);
  }

  hu([x, y, z]: readonly number[]): number {
    const column = (x! - this.origin[0]) / this.spacing;
    const row = (y! - this.origin[1]) / this.spacing;
    const k = this.slices.findIndex((s) => s.z > z!);
    const below = this.slices[Math.max(0, k - 1)]!;
    const above = this.slices[Math.max(0, k)]!;
    const t = above === below ? 0 : (z! - below.z) / (above.z - below.z);
    const at = (s: DicomImage) => bilinear(s, column, row);
    return at(below.image) * (1 - t) + at(above.image) * t + this.intercept;
  }
}

function bilinear(img: DicomImage, column: number, row: number): number {
  const c0 = Math.floor(column);
  const r0 = Math.floor(row);
  const tc = column - c0;
  const tr = row - r0;
  const at = (c: number, r: number) => img.pixels[r * img.columns + c]!;
  return (at(c0, r0) * (1 - tc) + at(c0 + 1, r0) * tc) * (1 - tr) + (at(c0, r0 + 1) * (1 - tc) + at(c0 + 1, r0 + 1) * tc) * tr;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    sab += (x - ma) * (b[i]! - mb);
    saa += (x - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('MPR of the phantom axial CT (ct-thoracolumbar, 211 slices of 512 x 512)', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    requireSamples();
    // Placement exactly as clicked (on the truth points): what the patient-space mapping gives. With Snap the points
    // move onto the edges the volume shows, which on this phantom are known only to a slice (assistReformat.test.ts).
    session = await openBrowser({ snap: false });
    page = session.page;
    await page.setViewportSize(WINDOW);
    await page.goto(appUrl('?sample=ct-thoracolumbar'));
    await waitForImage(page);
    await openMpr(page);
  });
  afterAll(() => session.close());

  it('shows axial, sagittal and coronal views, the spine preset with a large sagittal view first', async () => {
    expect(await page.locator('[data-field="mpr-status"]').innerText()).toBe('Volume: 211 slices');
    expect(await page.getByRole('button', { name: 'MPR', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Spine' }).getAttribute('aria-pressed')).toBe('true');
    const boxes = await Promise.all([SAGITTAL, AXIAL, CORONAL].map((id) => page.locator(`[data-viewport-id="${id}"]`).boundingBox()));
    const [sagittal, axial, coronal] = boxes.map((b) => b!);
    expect(sagittal!.width * sagittal!.height).toBeGreaterThan(2 * axial!.width * axial!.height);
    expect(sagittal!.x).toBeLessThan(axial!.x);
    expect(sagittal!.x).toBeLessThan(coronal!.x);
    for (const [id, plane, edges] of [
      [SAGITTAL, 'Sagittal', 'SPIA'],
      [AXIAL, 'Axial', 'ALPR'],
      [CORONAL, 'Coronal', 'SLIR'],
    ] as const) {
      expect(await overlay(page, id, 'plane')).toBe(plane);
      const letters = await page.$$eval(`[data-viewport-id="${id}"] .edge`, (els) => els.map((e) => e.textContent).join(''));
      expect(letters, `${plane}: top, right, bottom, left`).toBe(edges);
      expect(await canvasRange(page.locator(`[data-testid="viewport-${id}"] canvas`)), `${plane} is rendered`).toBeGreaterThan(100);
    }
    // The CT's own bone window, on all three.
    for (const id of [SAGITTAL, AXIAL, CORONAL]) expect(await overlay(page, id, 'window')).toBe('W 2000 L 500');
    // The sagittal plane is the volume's mid-sagittal one, through the phantom's spine (x = 0 lies between two columns).
    expect(Math.abs((await viewPlane(page, SAGITTAL)).focalPoint[0]!)).toBeLessThanOrEqual(0.35 + 1e-6);

    await page.getByRole('button', { name: '3 planes' }).click();
    await expect.poll(async () => (await page.locator(`[data-viewport-id="${AXIAL}"]`).boundingBox())!.x).toBeLessThan(sagittal!.x + 1);
    await page.getByRole('button', { name: 'Spine' }).click();
    await expect.poll(async () => (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!.x).toBeLessThan(axial!.x);
  });

  it('the sagittal reformat shows the vertebrae where the axial slices have them', async () => {
    const volume = new AxialVolume(CT_FILES);
    await zoomSagittalToSpine(page);
    const { focalPoint } = await viewPlane(page, SAGITTAL);
    const x = focalPoint[0]!;
    // A grid over the spine in the sagittal plane, 1 mm apart: T5 to L2, in front of the bodies to behind the spinal canal.
    const points: Vec3[] = [];
    for (let z = -95; z <= 147; z += 1) for (let y = -20; y <= 45; y += 1) points.push([x, y, z]);
    const clients = await page.evaluate(([id, ps]) => ps.map((p) => window.kyphoAutomation!.worldToClient(id, p)!), [SAGITTAL, points] as const);
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    const off = clients.filter(([cx, cy]) => !(cx > pane.x && cx < pane.x + pane.width && cy > pane.y && cy < pane.y + pane.height));
    expect(off.length, 'grid points off screen').toBe(0);
    const shown = await greysAt(page, SAGITTAL, clients);
    // What the bone window (W 2000, L 500) makes of the axial slices' values there.
    const expected = points.map((p) => Math.max(0, Math.min(255, ((volume.hu(p) + 500) / 2000) * 255)));
    const r = correlation(shown, expected);
    const meanError = shown.reduce((s, g, i) => s + Math.abs(g - expected[i]!), 0) / shown.length;
    expect(r, 'correlation of the reformat with the axial slices').toBeGreaterThan(0.95);
    expect(meanError, 'mean grey difference').toBeLessThan(4);
    // A reformat off by a single slice (1.25 mm) either way correlates far worse: the comparison can tell.
    for (const dz of [-1.25, 1.25]) {
      const shifted = points.map((p) => Math.max(0, Math.min(255, ((volume.hu([p[0], p[1], p[2] + dz]) + 500) / 2000) * 255)));
      expect(correlation(shown, shifted), `shifted by ${dz} mm`).toBeLessThan(r - 0.1);
    }
  });

  it('measures the truth points of every vertebra on the sagittal reformat: heights within 0.5 mm, grades and types exactly', async () => {
    // Half a screen pixel is then at most 1/8 mm: clicks land within about 0.2 mm of the truth points.
    await zoomSagittalToSpine(page);
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    for (const v of truth.vertebrae) {
      for (const key of POINT_KEYS) {
        const [px, py] = await onScreen(page, SAGITTAL, v.points[key]);
        expect(px > pane.x + 20 && px < pane.x + pane.width - 20 && py > pane.y + 20 && py < pane.y + pane.height - 20, `${v.level} ${key} on screen`).toBe(true);
      }
    }

    await page.keyboard.press('v');
    await page.getByLabel('Level', { exact: true }).selectOption(truth.vertebrae[0]!.level);
    for (const v of truth.vertebrae) {
      const before = await rowCount(page);
      for (const key of POINT_KEYS) {
        const [px, py] = await onScreen(page, SAGITTAL, v.points[key]);
        await page.mouse.click(px, py);
      }
      // Away from the image, as a reader does (which also ends Cornerstone's double-click wait).
      const [px, py] = await onScreen(page, SAGITTAL, v.points.pi);
      await page.mouse.move(px + 120, py, { steps: 2 });
      await expect.poll(() => rowCount(page), { timeout: 20_000 }).toBe(before + 1);
    }

    const measured = await rows(page);
    expect(measured.map((r) => r.level)).toEqual(truth.vertebrae.map((v) => v.level));
    for (const v of truth.vertebrae) {
      const r = measured.find((m) => m.level === v.level)!;
      expect({ level: r.level, grade: r.grade, type: r.type }).toEqual({ level: v.level, grade: v.expected.grade, type: v.expected.type ?? '' });
      for (const h of ['ha', 'hm', 'hp'] as const) {
        expect(Math.abs(r[h] - v[h]), `${v.level} ${h}: ${r[h]} mm measured, ${v[h]} mm true`).toBeLessThanOrEqual(0.5);
      }
    }
    const summary = await page.locator('[data-field="summary"]').innerText();
    expect(summary).toContain(`SDI >= ${truth.expectedSdi} (partial: ${truth.vertebrae.length}/13 levels of T4-L4 measured)`);
    expect(await page.locator('.results-notes').innerText()).toContain('Heights in mm');
    // Each vertebra is drawn on the sagittal view: its two endplates.
    expect(await vertebraLines(page, SAGITTAL)).toBe(2 * truth.vertebrae.length);
  });

  it('keeps every vertebra on its plane when the other views move, and reopens its plane from the results', async () => {
    const before = await rows(page);
    const sagittal = await viewPlane(page, SAGITTAL);
    const t8 = vertebra('T8').points;
    const t8OnScreen = await onScreen(page, SAGITTAL, t8.as);

    // Scrolling the axial view moves the axial plane only: here onto T8's anterior-superior corner, the first
    // point placed, and through the body. The vertebra stays drawn on its sagittal plane, and only there.
    const axialBox = (await page.locator(`[data-viewport-id="${AXIAL}"]`).boundingBox())!;
    await page.mouse.move(axialBox.x + axialBox.width * 0.8, axialBox.y + axialBox.height * 0.85);
    for (const z of [t8.as[2]!, (t8.as[2]! + t8.ai[2]!) / 2]) {
      const steps = Math.round(((await viewPlane(page, AXIAL)).focalPoint[2]! - z) / 1.25);
      for (let i = 0; i < Math.abs(steps); i++) await page.mouse.wheel(0, steps > 0 ? 120 : -120);
      await expect.poll(async () => Math.abs((await viewPlane(page, AXIAL)).focalPoint[2]! - z)).toBeLessThanOrEqual(0.625 + 1e-6);
      expect(await viewPlane(page, SAGITTAL)).toEqual(sagittal);
      expect(await onScreen(page, SAGITTAL, t8.as)).toEqual(t8OnScreen);
      expect(await vertebraLines(page, SAGITTAL)).toBe(2 * truth.vertebrae.length);
      expect(await page.locator(`[data-viewport-id="${AXIAL}"] svg text`, { hasText: /Ha\/Hp|Hm\/Hp|Hp\/adj/ }).count(), 'vertebra labels on the axial view').toBe(0);
      expect(await vertebraLines(page, AXIAL)).toBe(0);
      expect(await vertebraLines(page, CORONAL)).toBe(0);
    }

    // Dragging the sagittal plane's line in the axial view moves the sagittal plane off the vertebrae's plane:
    // they are not drawn on the new plane, and the reading keeps them as they were.
    await page.keyboard.press('w');
    const { focalPoint: axialFocal } = await viewPlane(page, AXIAL);
    const [lx, ly] = await onScreen(page, AXIAL, [sagittal.focalPoint[0]!, axialFocal[1]! + 60, axialFocal[2]!]);
    await page.mouse.move(lx, ly);
    await page.mouse.down();
    await page.mouse.move(lx + 20, ly, { steps: 4 });
    await page.mouse.move(lx + 40, ly, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.abs((await viewPlane(page, SAGITTAL)).focalPoint[0]! - sagittal.focalPoint[0]!)).toBeGreaterThan(5);
    expect(await vertebraLines(page, SAGITTAL)).toBe(0);
    expect(await rows(page)).toEqual(before);

    // A click on T8's row shows its plane again, centred on T8.
    await page.locator('.results-table tr[data-level="T8"]').click({ position: { x: 120, y: 8 } });
    await expect.poll(async () => (await viewPlane(page, SAGITTAL)).focalPoint[0]).toBeCloseTo(sagittal.focalPoint[0]!, 3);
    expect(degreesBetween((await viewPlane(page, SAGITTAL)).normal, [1, 0, 0])).toBeLessThan(0.01);
    await expect.poll(() => vertebraLines(page, SAGITTAL)).toBe(2 * truth.vertebrae.length);
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    const centre = POINT_KEYS.map((k) => t8[k]).reduce((s, p) => s.map((v, i) => v + p[i]! / 6), [0, 0, 0]);
    const [tx, ty] = await onScreen(page, SAGITTAL, centre);
    expect(Math.abs(tx - (pane.x + pane.width / 2))).toBeLessThan(3);
    expect(Math.abs(ty - (pane.y + pane.height / 2))).toBeLessThan(3);
    expect(await rows(page)).toEqual(before);
  });

  it('rotates the sagittal plane with its handle in the axial view (oblique), and resets it', async () => {
    const sagittalColour = 'rgb(255, 126, 182)';
    const { focalPoint: axialFocal } = await viewPlane(page, AXIAL);
    const { focalPoint: sagittalFocal } = await viewPlane(page, SAGITTAL);
    const { focalPoint: coronalFocal } = await viewPlane(page, CORONAL);
    const centre = await onScreen(page, AXIAL, [sagittalFocal[0]!, coronalFocal[1]!, axialFocal[2]!]);
    // Hovering the sagittal line shows its rotation handles.
    const [lx, ly] = await onScreen(page, AXIAL, [sagittalFocal[0]!, coronalFocal[1]! + 60, axialFocal[2]!]);
    await page.mouse.move(lx, ly, { steps: 2 });
    const handles = page.locator(`[data-viewport-id="${AXIAL}"] svg circle`);
    await expect.poll(() => handles.count()).toBeGreaterThan(0);
    const handle = await handles.evaluateAll((circles, colour) => {
      const mine = circles.filter((c) => getComputedStyle(c).stroke === colour);
      const b = (mine.at(-1) ?? circles.at(-1))!.getBoundingClientRect();
      return [b.left + b.width / 2, b.top + b.height / 2];
    }, sagittalColour);
    const radius = Math.hypot(handle[0]! - centre[0], handle[1]! - centre[1]);
    const start = Math.atan2(handle[1]! - centre[1], handle[0]! - centre[0]);
    await page.mouse.move(handle[0]!, handle[1]!);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      const angle = start + ((20 * Math.PI) / 180) * (step / 10);
      await page.mouse.move(centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle));
    }
    await page.mouse.up();
    const { normal } = await viewPlane(page, SAGITTAL);
    // Rotated about the patient's long axis: still vertical, 20 degrees off the true sagittal.
    expect(Math.abs(normal[2]!)).toBeLessThan(0.01);
    expect(degreesBetween(normal, [1, 0, 0])).toBeGreaterThan(17);
    expect(degreesBetween(normal, [1, 0, 0])).toBeLessThan(23);
    expect(await overlay(page, SAGITTAL, 'plane')).toMatch(/^Sagittal \(oblique (1[7-9]|2[0-3])°\)$/);
    // The vertebrae stay on their own (true sagittal) plane.
    expect(await vertebraLines(page, SAGITTAL)).toBe(0);

    await page.getByRole('button', { name: 'Reset planes' }).click();
    await expect.poll(async () => degreesBetween((await viewPlane(page, SAGITTAL)).normal, [1, 0, 0])).toBeLessThan(0.01);
    expect(await overlay(page, SAGITTAL, 'plane')).toBe('Sagittal');
  });

  it('renders a slab: maximum intensity or average over its thickness, and a thin slice again', async () => {
    const thin = await viewportPixels(page, SAGITTAL);
    await page.getByLabel('Slab mode').selectOption('mip');
    await page.getByLabel('Slab thickness (mm)').fill('20');
    await expect.poll(() => overlay(page, SAGITTAL, 'slab')).toBe('MIP 20 mm');
    expect(await overlay(page, AXIAL, 'slab')).toBe('MIP 20 mm');
    // A maximum over 20 mm of the body brings in the pedicles and ribs beside the midline: brighter.
    await expect.poll(async () => (await viewportPixels(page, SAGITTAL)).mean).toBeGreaterThan(thin.mean * 1.05);
    const mip = await viewportPixels(page, SAGITTAL);
    await page.getByLabel('Slab mode').selectOption('average');
    await expect.poll(() => overlay(page, SAGITTAL, 'slab')).toBe('Average 20 mm');
    await expect.poll(async () => (await viewportPixels(page, SAGITTAL)).mean).toBeLessThan(mip.mean * 0.97);
    await page.getByLabel('Slab mode').selectOption('thin');
    await expect.poll(() => overlay(page, SAGITTAL, 'slab')).toBe('Thin slice');
    await expect.poll(async () => Math.abs((await viewportPixels(page, SAGITTAL)).mean - thin.mean)).toBeLessThan(thin.mean * 0.01);
  });

  it('keys act on the active view: scroll it, window all three, reset its zoom but not its plane', async () => {
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    // Activate the sagittal view with a middle click (a pan of nothing), away from every line.
    await page.mouse.click(pane.x + 30, pane.y + pane.height - 60, { button: 'middle' });
    expect(await page.locator(`[data-viewport-id="${SAGITTAL}"]`).getAttribute('class')).toContain('active');
    const before = await viewPlane(page, SAGITTAL);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    // Two voxels (0.7 mm each) along the normal.
    await expect.poll(async () => Math.abs((await viewPlane(page, SAGITTAL)).focalPoint[0]! - before.focalPoint[0]!)).toBeCloseTo(1.4, 3);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await viewPlane(page, SAGITTAL)).focalPoint[0]).toBeCloseTo(before.focalPoint[0]!, 3);

    await page.keyboard.press('t');
    for (const id of [SAGITTAL, AXIAL, CORONAL]) await expect.poll(() => overlay(page, id, 'window')).toBe('W 400 L 40');
    await page.getByLabel('Slab mode').selectOption('mip');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    for (const id of [SAGITTAL, AXIAL, CORONAL]) await expect.poll(() => overlay(page, id, 'window')).toBe('W 2000 L 500');
    await page.keyboard.press('r');
    expect((await viewPlane(page, SAGITTAL)).normal).toEqual(before.normal);
    expect((await viewPlane(page, SAGITTAL)).focalPoint[0]).toBeCloseTo(before.focalPoint[0]!, 3);
    // The slab is the layout's, for all three views: a window reset leaves it.
    expect(await overlay(page, SAGITTAL, 'slab')).toBe('MIP 20 mm');
    await page.getByLabel('Slab mode').selectOption('thin');
  });

  it('returns to the stack with the MPR button again, and each row reopens the view its vertebra was measured on', async () => {
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await waitForImage(page);
    expect(await page.locator('.mpr').count()).toBe(0);
    // The reading is kept.
    expect(await rowCount(page)).toBe(truth.vertebrae.length);

    // A box on the axial image, measured as L4 in image space.
    const pane = (await page.locator('[data-viewport-id="viewport-1"]').boundingBox())!;
    const [x0, y0] = [pane.x + pane.width / 2 - 60, pane.y + pane.height / 2 - 40];
    await page.keyboard.press('v');
    await page.getByLabel('Level', { exact: true }).selectOption('L4');
    for (const [dx, dy] of [[0, 0], [40, 0], [80, 0], [0, 60], [40, 62], [80, 60]] as const) await page.mouse.click(x0 + dx, y0 + dy);
    await page.mouse.move(pane.x + 10, pane.y + 10);
    await expect.poll(() => rowCount(page)).toBe(truth.vertebrae.length + 1);
    const imageShown = await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').innerText();

    // From the stack, T8's row opens the reformats on its plane; from there, L4's row returns to its image.
    await page.locator('.results-table tr[data-level="T8"]').click({ position: { x: 120, y: 8 } });
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
    await expect.poll(async () => (await viewPlane(page, SAGITTAL)).focalPoint[2]).toBeCloseTo(
      POINT_KEYS.reduce((z, k) => z + vertebra('T8').points[k][2]! / 6, 0),
      0,
    );
    await page.locator('.results-table tr[data-level="L4"]').click({ position: { x: 120, y: 8 } });
    await waitForImage(page);
    expect(await page.locator('.mpr').count()).toBe(0);
    expect(await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').innerText()).toBe(imageShown);
  });

  it('the saved reading reopens each vertebra on its reformat after a reload (the plane is part of the reading)', async () => {
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    const before = await rows(page);
    await page.reload();
    await waitForImage(page);
    await expect.poll(() => rows(page)).toEqual(before);
    await page.locator('.results-table tr[data-level="T8"]').click({ position: { x: 120, y: 8 } });
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
    const t8 = vertebra('T8').points;
    const centre = POINT_KEYS.map((k) => t8[k]).reduce((sum, p) => sum.map((v, i) => v + p[i]! / 6), [0, 0, 0]);
    const plane = await viewPlane(page, SAGITTAL);
    expect(degreesBetween(plane.normal, [1, 0, 0])).toBeLessThan(0.01);
    // Centred on T8, on the plane it was measured on (the volume's mid-sagittal slice, x = 0.35 mm).
    expect(plane.focalPoint[0]).toBeCloseTo(0.35, 3);
    expect(plane.focalPoint[2]).toBeCloseTo(centre[2]!, 0);
    await expect.poll(() => vertebraLines(page, SAGITTAL)).toBe(2 * truth.vertebrae.length);
    expect(await rows(page)).toEqual(before);
  });
});

describe('MPR of an MR volume', () => {
  it('reformats the 11 sagittal T1 slices (4 mm apart), slices stacked along -x', async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      const dir = path.join(repoRoot, 'sample-data/mri-fracture-age/SAG_T1');
      await page.goto(appUrl());
      await page.getByTestId('file-input').setInputFiles(readdirSync(dir).map((f) => path.join(dir, f)));
      await waitForImage(page);
      await openMpr(page);
      expect(await page.locator('[data-field="mpr-status"]').innerText()).toBe('Volume: 11 slices');
      // The middle of the volume: the sixth slice, at x = 0.
      expect((await viewPlane(page, SAGITTAL)).focalPoint[0]).toBeCloseTo(0, 6);
      for (const id of [SAGITTAL, AXIAL, CORONAL]) expect(await canvasRange(page.locator(`[data-testid="viewport-${id}"] canvas`))).toBeGreaterThan(50);
    } finally {
      await session.close();
    }
  });
});

describe('series that cannot form a volume say why and stay stacks', () => {
  let session: Session;
  let page: Page;
  let dir: string;
  beforeAll(async () => {
    requireSamples();
    session = await openBrowser();
    page = session.page;
    dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-mpr-'));
  });
  afterAll(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function refused(files: string[], reason: string): Promise<void> {
    await page.goto(appUrl());
    await page.getByTestId('file-input').setInputFiles(files);
    await waitForImage(page);
    const button = page.getByRole('button', { name: 'MPR', exact: true });
    expect(await button.getAttribute('title')).toBe(`MPR not available: ${reason}`);
    await button.click();
    await expect.poll(() => notice(page)).toContain(`: ${reason}. It is shown as a stack.`);
    expect(await page.locator('.mpr').count()).toBe(0);
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(await canvasRange(page.locator('[data-testid="viewport-viewport-1"] canvas'))).toBeGreaterThan(50);
  }

  it('the phantom CT without one slice: the message names the gap', async () => {
    // IM0100 lies at z = 33.75 mm, between 32.5 and 35.0.
    const withoutOne = CT_FILES.filter((f) => !f.endsWith('IM0100.dcm'));
    await refused(withoutOne, 'slice missing between z = 32.5 and 35.0 mm (expected 1.25 mm spacing)');
    expect(await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').innerText()).toMatch(/^Image \d+\/210$/);
  });

  it('the single-image TCIA sagittal CT', async () => {
    await refused([TCIA], 'a volume needs at least 3 parallel slices; this series has 1 image');
  });

  it('a gantry-tilted acquisition (slices shifted sideways along the series): refused, not sheared', async () => {
    const { default: dcmjs } = await import('dcmjs');
    // 30 slices of the phantom, each moved forward by tan(12°) x 1.25 mm more than the one above: a 12° tilt.
    const files = CT_FILES.slice(60, 90).map((file, i) => {
      const bytes = readFileSync(file);
      const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const position = dataset.dict['00200032']!.Value as number[];
      dataset.dict['00200032']!.Value = [position[0], Number(position[1]) - i * 1.25 * Math.tan((12 * Math.PI) / 180), position[2]];
      const out = path.join(dir, `tilt-${i}.dcm`);
      writeFileSync(out, Buffer.from(dataset.write()));
      return out;
    });
    await refused(files, 'gantry tilt: the slices are tilted 12.0° from their normal (each one shifted sideways), and a volume of them would be sheared');
  });
});
