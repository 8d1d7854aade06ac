/**
 * Measuring assistance (issue 17) on the phantom lateral radiograph, whose six points per body are known
 * (sample-data/lateral-baseline/truth.json): Snap, and what undo and Snap off do.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type PointKey, type SixPoints } from '../../src/morphometry';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, resultRow as row, resultRows as rows, waitForImage, type ResultRow } from './browser';

type Session = Awaited<ReturnType<typeof openBrowser>>;

interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  hm: number;
  hp: number;
  expected: { grade: number; type: string | null };
}

const PHANTOM = path.join(repoRoot, 'sample-data/lateral-baseline');
const truth = JSON.parse(readFileSync(path.join(PHANTOM, 'truth.json'), 'utf8')) as {
  calibration: { pixelSpacing: [number, number] };
  vertebrae: TruthVertebra[];
};
const MM = truth.calibration.pixelSpacing[0];
const vertebra = (level: string) => truth.vertebrae.find((v) => v.level === level)!;
/** About one screen pixel per image pixel. */
const WINDOW = { width: 2200, height: 2000 };

/** A seeded generator, so that every run clicks the same perturbed points. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Each point up to 4 image pixels (0.8 mm) off the truth, in a random direction. */
function perturbed(points: SixPoints, rand: () => number): SixPoints {
  return Object.fromEntries(
    POINT_KEYS.map((key) => {
      const angle = rand() * 2 * Math.PI;
      const r = 4 * Math.sqrt(rand());
      return [key, [points[key][0]! + r * Math.cos(angle), points[key][1]! + r * Math.sin(angle)]];
    }),
  ) as SixPoints;
}

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

/** Where a click at `point` lands, in image pixels (Chromium clicks whole screen pixels). */
async function landed(page: Page, point: readonly number[]): Promise<[number, number]> {
  const [x, y] = await onScreen(page, point);
  const [ox, oy] = await onScreen(page, [0, 0]);
  const [cx] = await onScreen(page, [100, 0]);
  const scale = (cx - ox) / 100;
  return [(Math.floor(x) - ox + 0.5) / scale, (Math.floor(y) - oy + 0.5) / scale];
}

async function click(page: Page, point: readonly number[]): Promise<void> {
  const [x, y] = await onScreen(page, point);
  await page.mouse.click(x, y);
}

async function place(page: Page, points: SixPoints, level: string): Promise<void> {
  const before = await page.locator('.results-table tbody tr').count();
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  for (const key of POINT_KEYS) await click(page, points[key]);
  const [x, y] = await onScreen(page, points.pi);
  await page.mouse.move(x + 60, y + 30, { steps: 2 });
  await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(before + 1);
}

const distanceMm = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) * MM;

async function openPhantom(session: Session): Promise<Page> {
  const { page } = session;
  if (!existsSync(path.join(PHANTOM, 'DX/IM0001.dcm'))) throw new Error('the phantom is missing: run "npm run samples" first (npm test does).');
  await page.setViewportSize(WINDOW);
  await page.goto(appUrl());
  await clearSavedReadings(page);
  await page.evaluate(() => localStorage.clear());
  await page.goto(appUrl('?sample=lateral-baseline'));
  await waitForImage(page);
  await page.keyboard.press('v');
  return page;
}

describe('Snap on the phantom radiograph', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = await openPhantom(session);
  });
  afterAll(() => session.close());

  it('is on by default, and S turns it off and on again', async () => {
    const snap = page.getByRole('button', { name: 'Snap', exact: true });
    expect(await snap.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('s');
    await expect.poll(() => snap.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('s');
    await expect.poll(() => snap.getAttribute('aria-pressed')).toBe('true');
  });

  it('perturbed clicks (up to 4 px, 0.8 mm) give every truth height within 0.5 mm and every grade exactly', async () => {
    const rand = random(20261202);
    for (const v of truth.vertebrae) await place(page, perturbed(v.points, rand), v.level);
    const measured = await rows(page);
    for (const v of truth.vertebrae) {
      const r = measured.find((m) => m.level === v.level)!;
      expect({ level: r.level, grade: r.grade, type: r.type }).toEqual({ level: v.level, grade: v.expected.grade, type: v.expected.type ?? '' });
      for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - v[h]), `${v.level} ${h}: ${r[h]} measured, ${v[h]} true`).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('Snap off, and undo of a snap', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = await openPhantom(session);
  });
  afterAll(() => session.close());

  // T6's anterior-superior corner clicked 4 px above the truth (0.8 mm): Ha 0.8 mm longer as clicked.
  const t6 = vertebra('T6');
  const high: SixPoints = { ...t6.points, as: [t6.points.as[0]!, t6.points.as[1]! - 4] };

  it('Ctrl+Z right after a snapped click puts that point back where it was clicked, in one step', async () => {
    await page.getByLabel('Level', { exact: true }).selectOption('T6');
    // The Level select keeps the focus, and with it the keys; a reader's next key goes to the image.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await click(page, high.as);
    const [x, y] = await onScreen(page, high.as);
    await page.mouse.move(x - 30, y - 30, { steps: 2 });
    // While placing, a ring shows where the snapped point was clicked.
    const rings = page.locator('[data-viewport-id="viewport-1"] svg circle[stroke="#f2cc60"]');
    await expect.poll(() => rings.count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => rings.count()).toBe(0);
    for (const key of POINT_KEYS.slice(1) as PointKey[]) await click(page, high[key]);
    await page.mouse.move(50, 50, { steps: 2 });
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(1);
    const asClicked = await landed(page, high.as);
    // Ha as clicked (the other five snapped onto the truth within 0.25 mm).
    expect(Math.abs((await row(page, 'T6')).ha - distanceMm(asClicked, t6.points.ai))).toBeLessThanOrEqual(0.3);
    expect((await row(page, 'T6')).ha - t6.ha).toBeGreaterThan(0.5);
  });

  it('with Snap off, every point stays exactly where it was clicked', async () => {
    await page.getByRole('button', { name: 'Snap', exact: true }).click();
    const rand = random(7);
    const clicked = perturbed(vertebra('T9').points, rand);
    await place(page, clicked, 'T9');
    const at = Object.fromEntries(await Promise.all(POINT_KEYS.map(async (k) => [k, await landed(page, clicked[k])] as const))) as unknown as SixPoints;
    const r = await row(page, 'T9');
    // Shown with one decimal.
    expect(Math.abs(r.ha - distanceMm(at.as, at.ai))).toBeLessThanOrEqual(0.051);
    expect(Math.abs(r.hm - distanceMm(at.ms, at.mi))).toBeLessThanOrEqual(0.051);
    expect(Math.abs(r.hp - distanceMm(at.ps, at.pi))).toBeLessThanOrEqual(0.051);
  });
});

describe('the keyboard', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = await openPhantom(session);
  });
  afterAll(() => session.close());

  it('[ and ] step the Level', async () => {
    const level = page.getByLabel('Level', { exact: true });
    await level.selectOption('T6');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(']');
    await expect.poll(() => level.inputValue()).toBe('T7');
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    await expect.poll(() => level.inputValue()).toBe('T5');
  });

  it('a Level chosen with the mouse, or with the keyboard and Enter, hands the keys back to the image', async () => {
    const level = page.getByLabel('Level', { exact: true });
    const pane = page.locator('.viewport-pane[data-viewport-id="viewport-1"]');
    // Keyboard: the arrows choose in the select (it keeps the focus), Enter goes back to the viewport.
    await level.focus();
    await page.keyboard.press('ArrowDown');
    expect(await level.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => pane.evaluate((e) => e === document.activeElement)).toBe(true);
    const chosen = await level.inputValue();
    await page.keyboard.press(']');
    await expect.poll(() => level.inputValue()).not.toBe(chosen);
    // Mouse: a press on the select, then a choice: the viewport has the focus again.
    await level.dispatchEvent('pointerdown');
    await level.selectOption('T6');
    await expect.poll(() => pane.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press(']');
    await expect.poll(() => level.inputValue()).toBe('T7');
  });

  it('arrows nudge the grabbed handle by one image pixel (Shift: 10), and the heights follow', async () => {
    const t6 = vertebra('T6');
    await place(page, t6.points, 'T6');
    const before = await row(page, 'T6');
    // Select T6 by a click on its anterior height line (a click on a handle of an unselected vertebra would start
    // a new one), then grab its anterior-superior handle without moving it: it becomes the one the arrows move.
    const [lx, ly] = await onScreen(page, [(t6.points.as[0]! + t6.points.ai[0]!) / 2, (t6.points.as[1]! + t6.points.ai[1]!) / 2]);
    await page.mouse.click(lx, ly);
    const [x, y] = await onScreen(page, t6.points.as);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    await page.mouse.move(x - 40, y - 40, { steps: 2 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    // 3 px down moves as toward ai: Ha shorter by the change of |as - ai| (about 0.6 mm, the body being tilted).
    const down3 = distanceMm([t6.points.as[0]!, t6.points.as[1]! + 3], t6.points.ai) - distanceMm(t6.points.as, t6.points.ai);
    await expect.poll(async () => (await row(page, 'T6')).ha).toBeCloseTo(before.ha + down3, 0);
    expect(Math.abs((await row(page, 'T6')).ha - (before.ha + down3))).toBeLessThanOrEqual(0.1);
    expect((await row(page, 'T6')).hp).toBe(before.hp);
    await page.keyboard.press('Shift+ArrowRight');
    const right10 =
      distanceMm([t6.points.as[0]! + 10, t6.points.as[1]! + 3], t6.points.ai) - distanceMm([t6.points.as[0]!, t6.points.as[1]! + 3], t6.points.ai);
    await expect.poll(async () => Math.abs((await row(page, 'T6')).ha - (before.ha + down3 + right10))).toBeLessThanOrEqual(0.1);
    // Each nudge is one edit: undo takes the last one back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.abs((await row(page, 'T6')).ha - (before.ha + down3))).toBeLessThanOrEqual(0.1);
  });
});

describe('the next vertebra proposed, on the phantom radiograph', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = await openPhantom(session);
  });
  afterAll(() => session.close());

  const proposal = () => page.evaluate(() => window.kyphoAutomation!.proposal('viewport-1'));
  const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const count = () => page.locator('.results-table tbody tr').count();
  const label = (level: string) => page.locator('[data-viewport-id="viewport-1"] svg text', { hasText: `${level} proposed` });

  function expectTruth(r: ResultRow, v: TruthVertebra) {
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - v[h]), `${v.level} ${h}: ${r[h]} measured, ${v[h]} true`).toBeLessThanOrEqual(0.5);
    expect({ grade: r.grade, type: r.type }).toEqual({ grade: v.expected.grade, type: v.expected.type ?? '' });
  }

  it('after T4 and T5 shows T6 dashed with its label, and Enter measures it: the wedge fracture at its true heights', async () => {
    const rand = random(31);
    await place(page, perturbed(vertebra('T4').points, rand), 'T4');
    await place(page, perturbed(vertebra('T5').points, rand), 'T5');
    await expect.poll(async () => (await proposal())?.level).toBe('T6');
    await expect.poll(() => label('T6').count()).toBe(1);
    await blur();
    await page.keyboard.press('Enter');
    await expect.poll(count).toBe(3);
    expectTruth(await row(page, 'T6'), vertebra('T6'));
  });

  it('Enter again measures T7; one Ctrl+Z takes the whole vertebra back, and it is proposed again', async () => {
    await expect.poll(async () => (await proposal())?.level).toBe('T7');
    await page.keyboard.press('Enter');
    await expect.poll(count).toBe(4);
    expectTruth(await row(page, 'T7'), vertebra('T7'));
    await page.keyboard.press('Control+z');
    await expect.poll(count).toBe(3);
    await expect.poll(async () => (await proposal())?.level).toBe('T7');
    await page.keyboard.press('Enter');
    await expect.poll(count).toBe(4);
  });

  it('S turns Snap off and the proposal on screen follows at once, without a pointer move: the extrapolation alone; S again snaps it', async () => {
    await expect.poll(async () => (await proposal())?.level).toBe('T8');
    const snapped = (await proposal())!.points;
    const moved = (points: [number, number][]) => Math.max(...points.map((p, i) => Math.hypot(p[0] - snapped[i]![0], p[1] - snapped[i]![1])));
    await blur();
    await page.keyboard.press('s');
    // The snap moves some proposed point by at least a pixel on this radiograph; unsnapped, the proposal is where the extrapolation put it.
    await expect.poll(async () => moved((await proposal())!.points)).toBeGreaterThan(1);
    await page.keyboard.press('s');
    await expect.poll(async () => moved((await proposal())!.points)).toBeLessThan(1e-6);
  });

  it('T8 (crushed) is proposed at the size of its neighbours; its three inferior points dragged onto the body correct it before Enter', async () => {
    await expect.poll(async () => (await proposal())?.level).toBe('T8');
    const t8 = vertebra('T8');
    const before = (await proposal())!;
    // The proposal is a normal body: its posterior height is well above the crushed one's 10.5 mm.
    expect(distanceMm(before.points[2]!, before.points[5]!)).toBeGreaterThan(15);
    for (const [index, key] of [
      [3, 'ai'],
      [4, 'mi'],
      [5, 'pi'],
    ] as const) {
      const from = await onScreen(page, (await proposal())!.points[index]!);
      const to = await onScreen(page, t8.points[key]);
      await page.mouse.move(from[0], from[1]);
      await page.mouse.down();
      await page.mouse.move(to[0], to[1], { steps: 4 });
      await page.mouse.up();
    }
    await page.mouse.move(40, 40, { steps: 2 });
    // Dragged, not accepted: nothing is measured yet.
    expect(await count()).toBe(4);
    await page.keyboard.press('Enter');
    await expect.poll(count).toBe(5);
    expectTruth(await row(page, 'T8'), t8);
  });

  it('Esc dismisses the proposal: it is gone, and Enter then measures nothing', async () => {
    await expect.poll(async () => (await proposal())?.level).toBe('T9');
    await page.keyboard.press('Escape');
    await expect.poll(proposal).toBeNull();
    await expect.poll(() => label('T9').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await count()).toBe(5);
  });

  it('a Level without two measured neighbours (L2: T12 and L1 are not measured) gets no proposal', async () => {
    await page.getByLabel('Level', { exact: true }).selectOption('L2');
    await blur();
    await page.mouse.move(40, 40, { steps: 2 });
    await page.waitForTimeout(300);
    expect(await proposal()).toBeNull();
    expect(await page.locator('[data-viewport-id="viewport-1"] svg text', { hasText: 'proposed' }).count()).toBe(0);
  });
});

describe('the loupe', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = await openPhantom(session);
  });
  afterAll(() => session.close());

  const loupe = () => page.locator('canvas.kypho-loupe');
  /** Mean grey of the loupe's central 12 x 12 pixels (under its crosshair's gap: the image, not the cross). */
  const centreGrey = () =>
    loupe().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(c.width / 2 - 3, c.height / 2 - 3, 6, 6).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i]!;
      return sum / (d.length / 4);
    });

  it('shows the image around the cursor while a vertebra is placed, and goes when it is complete', async () => {
    const t9 = vertebra('T9');
    await page.getByLabel('Level', { exact: true }).selectOption('T9');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect.poll(() => loupe().count()).toBe(0);
    await click(page, t9.points.as);
    // The middle of the body (bone), then the soft tissue in front of it (5 mm anterior of the anterior wall).
    const centre = [0, 1].map((i) => POINT_KEYS.reduce((s, k) => s + t9.points[k][i]!, 0) / 6);
    let [x, y] = await onScreen(page, centre);
    await page.mouse.move(x, y, { steps: 3 });
    await expect.poll(() => loupe().isVisible()).toBe(true);
    const bone = await centreGrey();
    const front = [t9.points.as[0]! - 25, (t9.points.as[1]! + t9.points.ai[1]!) / 2];
    [x, y] = await onScreen(page, front);
    await page.mouse.move(x, y, { steps: 3 });
    await expect.poll(async () => Math.abs((await centreGrey()) - bone)).toBeGreaterThan(5);
    expect(await centreGrey()).toBeLessThan(bone);
    for (const key of POINT_KEYS.slice(1)) await click(page, t9.points[key]);
    await expect.poll(() => loupe().isVisible()).toBe(false);
  });

  it('L turns it off: placing shows no loupe', async () => {
    await page.keyboard.press('l');
    await expect.poll(() => page.getByRole('button', { name: 'Loupe', exact: true }).getAttribute('aria-pressed')).toBe('false');
    await page.getByLabel('Level', { exact: true }).selectOption('T10');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await click(page, vertebra('T10').points.as);
    const [x, y] = await onScreen(page, vertebra('T10').points.ms);
    await page.mouse.move(x, y, { steps: 3 });
    await page.waitForTimeout(300);
    expect(await loupe().isVisible().catch(() => false)).toBe(false);
    await page.keyboard.press('Escape');
    await page.keyboard.press('l');
  });
});

describe('the next vertebra proposed, on the phantom MR (sagittal T1)', () => {
  let session: Session;
  let page: Page;
  const mri = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/mri-fracture-age/truth.json'), 'utf8')) as {
    calibration: { pixelSpacing: [number, number] };
    vertebrae: TruthVertebra[];
  };
  const level = (l: string) => mri.vertebrae.find((v) => v.level === l)!;
  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize(WINDOW);
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.goto(appUrl('?sample=mri-fracture-age'));
    await waitForImage(page, 'viewport-1');
    await page.keyboard.press('v');
  });
  afterAll(() => session.close());

  it('Snap leaves MR points where they are clicked: the true corners give the true heights (it shortened them by 1-3 mm)', async () => {
    await place(page, level('L2').points, 'L2');
    await place(page, level('L3').points, 'L3');
    for (const l of ['L2', 'L3']) {
      const r = await row(page, l);
      // Shown with one decimal; the clicks land on whole screen pixels (about one per image pixel here).
      for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - level(l)[h]), `${l} ${h}`).toBeLessThanOrEqual(0.6);
    }
  });

  it('after L2 and L3, L4 is proposed and Enter measures it as proposed (no snap on MR: within 3 mm of its true heights)', async () => {
    await expect.poll(() => page.evaluate(() => window.kyphoAutomation!.proposal('viewport-1')?.level)).toBe('L4');
    const proposed = (await page.evaluate(() => window.kyphoAutomation!.proposal('viewport-1')))!.points;
    const mm = mri.calibration.pixelSpacing[0];
    const span = (a: number, b: number) => Math.hypot(proposed[a]![0] - proposed[b]![0], proposed[a]![1] - proposed[b]![1]) * mm;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(3);
    const r = await row(page, 'L4');
    const t = level('L4');
    expect(Math.abs(r.ha - span(0, 3))).toBeLessThanOrEqual(0.06);
    expect(Math.abs(r.hm - span(1, 4))).toBeLessThanOrEqual(0.06);
    expect(Math.abs(r.hp - span(2, 5))).toBeLessThanOrEqual(0.06);
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(r[h] - t[h]), `L4 ${h}: ${r[h]} measured, ${t[h]} true`).toBeLessThanOrEqual(3);
  });
});
