/**
 * Measuring assistance (issue 17) on the phantom CT's sagittal reformat, whose six points per body are known in
 * patient mm (sample-data/ct-thoracolumbar/truth.json): Snap on the volume, and the next vertebra proposed there.
 *
 * The phantom's volume knows an endplate only to a slice: its axial slices are 1.25 mm apart, each sampling the
 * tissue at its centre, and the cortex of an endplate is 0.8 mm thick, so between the last slice in the disc and
 * the first in the body the edge may lie anywhere. What the snap finds there (and what a reader sees on the
 * reformat) can be off by up to a slice spacing cranio-caudally; across the body (0.7 mm pixels) it is finer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, resultRow as row, waitForImage } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;
type Vec3 = [number, number, number];

interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
  expected: { grade: number; type: string | null };
}

const CT = path.join(repoRoot, 'sample-data/ct-thoracolumbar');
const truth = JSON.parse(readFileSync(path.join(CT, 'truth.json'), 'utf8')) as { vertebrae: TruthVertebra[] };
const vertebra = (level: string) => truth.vertebrae.find((v) => v.level === level)!;
const SAGITTAL = 'mpr-sagittal';
const WINDOW = { width: 1600, height: 1400 };
/** The phantom's slice spacing: how far apart the volume samples the cranio-caudal direction. */
const SLICE_MM = 1.25;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Each point up to `mm` off the truth in the sagittal plane (y: anterior-posterior, z: cranio-caudal), in a random direction. */
function perturbed(points: SixPoints, mm: number, rand: () => number): SixPoints {
  return Object.fromEntries(
    POINT_KEYS.map((key) => {
      const angle = rand() * 2 * Math.PI;
      const r = mm * Math.sqrt(rand());
      const [x, y, z] = points[key];
      return [key, [x!, y! + r * Math.cos(angle), z! + r * Math.sin(angle)]];
    }),
  ) as SixPoints;
}

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate(([id, p]) => window.kyphoAutomation?.worldToClient(id, p) ?? null, [SAGITTAL, [...point]] as const);
  if (!client) throw new Error('the sagittal view shows nothing');
  return [client[0] + 0.5, client[1] + 0.5];
}

const viewPlane = async (page: Page) => (await page.evaluate((id) => window.kyphoAutomation!.viewPlane(id), SAGITTAL))!;

/** Screen pixels per mm on the sagittal view. */
async function pixelsPerMm(page: Page): Promise<number> {
  const { focalPoint, viewUp } = await viewPlane(page);
  const a = await onScreen(page, focalPoint);
  const b = await onScreen(page, focalPoint.map((f, i) => f + 100 * viewUp[i]!));
  return Math.hypot(b[0] - a[0], b[1] - a[1]) / 100;
}

/** The patient point where the sagittal plane shows a truth point (the truth lies at x = 0, the plane at x = 0.35). */
async function onPlane(page: Page, point: readonly number[]): Promise<Vec3> {
  const { focalPoint, normal } = await viewPlane(page);
  const d = [0, 1, 2].reduce((s, i) => s + (point[i]! - focalPoint[i]!) * normal[i]!, 0);
  return [0, 1, 2].map((i) => point[i]! - d * normal[i]!) as Vec3;
}

/** In the sagittal plane: mm between two patient points, ignoring x. */
const inPlaneMm = (a: readonly number[], b: readonly number[]) => Math.hypot(a[1]! - b[1]!, a[2]! - b[2]!);

/**
 * How far a placed point is from the truth where it matters for the heights: a corner's distance to the true
 * corner; a midpoint's distance across its endplate (the line through the true midpoint along the corners), since
 * a midpoint snaps across its endplate only and where it sits along it changes no height.
 */
function offTruth(points: SixPoints, key: (typeof POINT_KEYS)[number], at: readonly number[]): number {
  if (key !== 'ms' && key !== 'mi') return inPlaneMm(at, points[key]);
  const [a, b] = key === 'ms' ? [points.as, points.ps] : [points.ai, points.pi];
  const along = [b[1]! - a[1]!, b[2]! - a[2]!];
  const length = Math.hypot(along[0]!, along[1]!);
  const d = [at[1]! - points[key][1]!, at[2]! - points[key][2]!];
  return Math.abs(d[0]! * along[1]! - d[1]! * along[0]!) / length;
}

const count = (page: Page) => page.locator('.results-table tbody tr').count();

/** The six points of the vertebra placed last on the sagittal view (patient mm), as the tool holds them. */
async function lastVertebra(page: Page): Promise<Vec3[]> {
  const all = await page.evaluate((id) => window.kyphoAutomation!.vertebraPoints(id), SAGITTAL);
  return all.at(-1) as Vec3[];
}

async function place(page: Page, points: SixPoints, level: string): Promise<void> {
  const before = await count(page);
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  for (const key of POINT_KEYS) {
    const [x, y] = await onScreen(page, points[key]);
    await page.mouse.click(x, y);
  }
  const [x, y] = await onScreen(page, points.pi);
  await page.mouse.move(x + 120, y, { steps: 2 });
  await expect.poll(() => count(page), { timeout: 20_000 }).toBe(before + 1);
}

describe('Snap and the next vertebra proposed on the phantom CT sagittal reformat', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    if (!existsSync(path.join(CT, 'AXIAL/IM0211.dcm'))) throw new Error(`${CT} is incomplete: run "npm run samples" first (npm test does).`);
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize(WINDOW);
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.evaluate(() => localStorage.clear());
    await page.goto(appUrl('?sample=ct-thoracolumbar'));
    await waitForImage(page);
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
    // Zoomed onto the spine (right drag down) until a screen pixel is at most 1/4 mm: clicks land where they are meant.
    const [cx, cy] = await onScreen(page, [0, 9, 26]);
    for (let i = 0; i < 8 && (await pixelsPerMm(page)) < 4; i++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(cx, cy + 60, { steps: 4 });
      await page.mouse.up({ button: 'right' });
    }
    expect(await pixelsPerMm(page)).toBeGreaterThanOrEqual(4);
    await page.keyboard.press('v');
  });
  afterAll(() => session.close());

  it('clicks up to 2 mm off T9 and T10 snap onto the volume: every point moved lands within a slice spacing of the truth, and they come closer', async () => {
    const rand = random(20261202);
    const clickErrors: number[] = [];
    const snapErrors: number[] = [];
    const report: string[] = [];
    for (const level of ['T9', 'T10']) {
      const v = vertebra(level);
      const clicked = perturbed(v.points, 2, rand);
      await place(page, clicked, level);
      const placed = await lastVertebra(page);
      const { focalPoint } = await viewPlane(page);
      for (const [i, key] of POINT_KEYS.entries()) {
        const at = placed[i]!;
        // On the viewed plane, as every point placed there.
        expect(Math.abs(at[0] - focalPoint[0]!)).toBeLessThan(1e-3);
        const error = offTruth(v.points, key, at);
        const clickError = offTruth(v.points, key, clicked[key]);
        // Farther than the click lands from where it was meant (a screen pixel, 1/4 mm): the snap moved it.
        const moved = inPlaneMm(at, await onPlane(page, clicked[key])) > 0.25;
        snapErrors.push(error);
        clickErrors.push(clickError);
        report.push(`${level} ${key} ${clickError.toFixed(2)} -> ${error.toFixed(2)}${moved ? '' : ' (stayed)'}`);
        if (moved) expect(error, `${level} ${key}: snapped ${error.toFixed(2)} mm from the truth (clicked ${clickError.toFixed(2)} mm off)`).toBeLessThanOrEqual(SLICE_MM);
      }
    }
    const mean = (values: number[]) => values.reduce((s, e) => s + e, 0) / values.length;
    console.log(`Reformat snap, clicks up to 2 mm off, mm from the truth (corner; midpoint across its endplate), clicked -> placed: ${report.join(', ')}`);
    console.log(`  mean ${mean(clickErrors).toFixed(2)} mm clicked, ${mean(snapErrors).toFixed(2)} mm placed`);
    expect(mean(snapErrors)).toBeLessThan(mean(clickErrors));
  });

  it('after T9 and T10, T11 is proposed, snapped on the volume (closer than the extrapolation alone), and Enter measures it', async () => {
    const t = vertebra('T11');
    const proposal = () => page.evaluate((id) => window.kyphoAutomation!.proposalInWorld(id), SAGITTAL);
    const offOf = (points: Vec3[]) => POINT_KEYS.map((key, i) => offTruth(t.points, key, points[i]!));
    const heightsOf = (p: Vec3[]) => ({ ha: inPlaneMm(p[0]!, p[3]!), hm: inPlaneMm(p[1]!, p[4]!), hp: inPlaneMm(p[2]!, p[5]!) });
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    /** The proposal is remade when the view is drawn again: the pointer moving over it (away from the bodies) does that. */
    const redraw = async () => {
      await page.mouse.move(pane.x + 40, pane.y + pane.height - 40, { steps: 2 });
      await page.mouse.move(pane.x + 60, pane.y + pane.height - 40, { steps: 2 });
    };
    await expect.poll(async () => (await proposal())?.level).toBe('T11');
    const snapped = (await proposal())!.points;
    // The proposal lies on the plane the two bodies were measured on.
    const { focalPoint } = await viewPlane(page);
    for (const p of snapped) expect(Math.abs(p[0] - focalPoint[0]!)).toBeLessThan(1e-3);
    expect(await page.locator(`[data-viewport-id="${SAGITTAL}"] svg text`, { hasText: 'T11 proposed' }).count()).toBe(1);

    // The same proposal with Snap off: the extrapolation from T9 and T10 alone.
    const snap = page.getByRole('button', { name: 'Snap', exact: true });
    await snap.click();
    await redraw();
    await expect.poll(async () => JSON.stringify((await proposal())?.points)).not.toBe(JSON.stringify(snapped));
    const extrapolated = (await proposal())!.points;
    await snap.click();
    await redraw();
    await expect.poll(async () => JSON.stringify((await proposal())?.points)).toBe(JSON.stringify(snapped));
    const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
    const [e, s] = [heightsOf(extrapolated), heightsOf(snapped)];
    console.log(
      `T11 proposed on the reformat, mm from the truth (corner; midpoint across its endplate): extrapolated ${offOf(extrapolated).map((v) => v.toFixed(2)).join(' ')}, ` +
        `snapped ${offOf(snapped).map((v) => v.toFixed(2)).join(' ')}; Ha/Hm/Hp extrapolated ${e.ha.toFixed(2)}/${e.hm.toFixed(2)}/${e.hp.toFixed(2)}, ` +
        `snapped ${s.ha.toFixed(2)}/${s.hm.toFixed(2)}/${s.hp.toFixed(2)}, truth ${t.ha}/${t.hm}/${t.hp} mm`,
    );
    expect(sum(offOf(snapped))).toBeLessThan(sum(offOf(extrapolated)));

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe(3);
    // What Enter measured is what was proposed.
    const placed = await lastVertebra(page);
    expect(placed.map((p) => p.map((c) => c.toFixed(3)))).toEqual(snapped.map((p) => p.map((c) => c.toFixed(3))));
    const r = await row(page, 'T11');
    // Each endplate may be off by up to a slice spacing where the volume cannot tell (see the header), so a height by two.
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - t[h]), `T11 ${h}: ${r[h]} measured, ${t[h]} true`).toBeLessThanOrEqual(2 * SLICE_MM);
    expect({ grade: r.grade, type: r.type }).toEqual({ grade: 0, type: '' });
  });

  it('with Snap off the reformat places points exactly where they are clicked', async () => {
    await page.getByRole('button', { name: 'Snap', exact: true }).click();
    const clicked = perturbed(vertebra('T12').points, 2, random(7));
    await place(page, clicked, 'T12');
    const placed = await lastVertebra(page);
    for (const [i, key] of POINT_KEYS.entries()) {
      // Within a screen pixel (1/4 mm at this zoom) of the click.
      expect(inPlaneMm(placed[i]!, await onPlane(page, clicked[key]))).toBeLessThan(0.25);
    }
    await page.getByRole('button', { name: 'Snap', exact: true }).click();
  });

  it('arrows nudge a grabbed handle on the reformat by one voxel along the screen (Shift: 10), and the heights follow', async () => {
    const t12 = await lastVertebra(page);
    const start = t12[0]!;
    const ai = t12[3]!;
    // Select T12 by a click on its anterior height line (a click on a handle of an unselected vertebra would start
    // a new one), then grab its anterior-superior handle without moving it: it becomes the one the arrows move.
    const [lx, ly] = await onScreen(page, [0, 1, 2].map((i) => (start[i]! + ai[i]!) / 2));
    await page.mouse.click(lx, ly);
    const [x, y] = await onScreen(page, start);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    await page.mouse.move(x - 60, y - 60, { steps: 2 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const { viewUp } = await viewPlane(page);
    const moved = async () => {
      const now = (await lastVertebra(page))[0]!;
      const d = [0, 1, 2].map((i) => now[i]! - start[i]!);
      return { now, length: Math.hypot(d[0]!, d[1]!, d[2]!), down: -d.reduce((s, v, i) => s + v * viewUp[i]!, 0) };
    };
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await moved()).length).toBeGreaterThan(0);
    const one = await moved();
    // One voxel of the volume (0.7 mm across, 1.25 mm between slices: the finer), straight down the screen.
    expect(one.length).toBeGreaterThan(0.5);
    expect(one.length).toBeLessThan(1.3);
    expect(one.down / one.length).toBeGreaterThan(0.999);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await moved()).down).toBeCloseTo(3 * one.length, 2);
    const after = await moved();
    // Ha is the distance from the moved as to ai, as the table shows it (to 0.1 mm).
    await expect.poll(async () => Math.abs((await row(page, 'T12')).ha - inPlaneMm(after.now, ai))).toBeLessThanOrEqual(0.06);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await moved()).length).toBeCloseTo(Math.hypot(3, 10) * one.length, 2);
    // Each nudge is one edit: undo takes the last one back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await moved()).length).toBeCloseTo(3 * one.length, 2);
  });
});
