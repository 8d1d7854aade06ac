/**
 * Kyphosis, the canal and treatment (morphometry.md sections 9-11) in a real browser, against the phantom's truth:
 *   - the post-kyphoplasty radiograph measured at its truth points shows each level's vertebral and segmental
 *     kyphosis and the thoracic kyphosis within 0.5 deg of the truth; T11 marked as kyphoplasty and compared with
 *     the follow-up radiograph before treatment (its Kypho SR beside it) is reported as treated, with its height
 *     restoration and its segmental kyphosis before and after; the SR it writes is dciodvfy clean;
 *   - on the CT with a retropulsed T11 wall, the Canal tool drawn on the sagittal reformat at the truth's canal lines
 *     of T10, T11 and T12 gives the truth's compromise within 2 percentage points; the lines are drawn back where they
 *     were drawn (after a reload too); the SR is dciodvfy clean, has them as SCOORD3D, and gives them back on import.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { readSr } from '../../src/persistence/sr/srRead';
import { dciodvfyErrors, toolOutput } from '../unit/persistence/dicomTools';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

const SAMPLES = path.join(repoRoot, 'sample-data');

interface TruthVertebra {
  level: string;
  points: SixPoints;
  ha: number;
  vertebralKyphosis: number;
  segmentalKyphosis: number | null;
  expected: { grade: number; type: string | null };
  posteriorWall?: string;
  canal?: { points: [number[], number[]]; diameter: number; compromise: number | null };
}
interface Truth {
  study: { studyDate: string };
  vertebrae: TruthVertebra[];
  thoracicKyphosis: number | null;
  lumbarLordosis: number | null;
}
const truthOf = (id: string): Truth => JSON.parse(readFileSync(path.join(SAMPLES, id, 'truth.json'), 'utf8'));
const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
const at = (truth: Truth, level: string) => truth.vertebrae.find((v) => v.level === level) as TruthVertebra;

function requireFile(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run samples" first (npm test does).`);
  return file;
}

/** Reads a number shown with one decimal (the table writes a minus sign as U+2212 or '-'). */
const shownNumber = (text: string) => Number(text.replace('−', '-').replace('°', '').trim());

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-kyphosis-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the post-kyphoplasty radiograph (lateral-kyphoplasty)', () => {
  const truth = truthOf('lateral-kyphoplasty');
  const prior = truthOf('lateral-followup');
  const DX = requireFile(path.join(SAMPLES, 'lateral-kyphoplasty/DX/IM0001.dcm'));
  const PRIOR_DX = requireFile(path.join(SAMPLES, 'lateral-followup/DX/IM0001.dcm'));
  let session: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let priorSr: string;

  /** The page position of an image point; half a pixel added, since Chromium truncates mouse coordinates. */
  async function onScreen(point: readonly number[]): Promise<[number, number]> {
    const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
    if (!client) throw new Error('the viewport shows no image');
    return [client[0] + 0.5, client[1] + 0.5];
  }
  const tableRow = (level: string) => page.locator(`.results-table:not(.follow-up-table) tbody tr[data-level="${level}"]`);

  beforeAll(async () => {
    // The prior's reading as a colleague would hand it over: a Kypho SR beside its image.
    priorSr = path.join(dir, 'followup-sr.dcm');
    const made = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin/kypho.js'), 'sr', 'export', path.join(SAMPLES, 'lateral-followup/reference.json'), '--images', path.join(SAMPLES, 'lateral-followup'), '-o', priorSr],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`kypho sr export failed: ${made.stderr}`);
    // Snap off: the points land where the truth says, so the angles shown are those of the truth points.
    session = await openBrowser({ snap: false });
    page = session.page;
    // About 0.2 mm of the phantom per screen pixel, as in the morphometry test.
    await page.setViewportSize({ width: 2200, height: 2000 });
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.goto(appUrl());
  }, 120_000);
  afterAll(() => session?.close());

  it('measured at the truth points, shows every vertebral and segmental kyphosis and the thoracic kyphosis within 0.5 deg of the truth', async () => {
    await page.getByTestId('file-input').setInputFiles([DX]);
    await waitForImage(page);
    await page.keyboard.press('v');
    for (const v of truth.vertebrae) {
      const before = await page.locator('.results-table:not(.follow-up-table) tbody tr').count();
      await page.getByLabel('Level', { exact: true }).selectOption(v.level);
      for (const key of POINT_KEYS) {
        const [x, y] = await onScreen(v.points[key]);
        await page.mouse.click(x, y);
      }
      const [x, y] = await onScreen(v.points.pi);
      await page.mouse.move(x + 60, y + 30, { steps: 2 });
      await expect.poll(() => page.locator('.results-table:not(.follow-up-table) tbody tr').count(), { timeout: 20_000 }).toBe(before + 1);
    }
    for (const v of truth.vertebrae) {
      const vertebral = shownNumber(await tableRow(v.level).locator('[data-field="vertebralKyphosis"]').innerText());
      expect(Math.abs(vertebral - v.vertebralKyphosis), `${v.level} vertebral kyphosis ${vertebral}, truth ${v.vertebralKyphosis}`).toBeLessThanOrEqual(0.5);
      const segmentalText = (await tableRow(v.level).locator('[data-field="segmentalKyphosis"]').innerText()).trim();
      if (v.segmentalKyphosis === null) {
        expect(shownNumber(segmentalText || 'NaN'), `${v.level} has no segmental kyphosis`).toBeNaN();
      } else {
        const segmental = shownNumber(segmentalText);
        expect(Math.abs(segmental - v.segmentalKyphosis), `${v.level} segmental kyphosis ${segmental}, truth ${v.segmentalKyphosis}`).toBeLessThanOrEqual(0.5);
      }
    }
    const thoracic = shownNumber(await page.locator('[data-field="thoracicKyphosis"]').innerText());
    expect(Math.abs(thoracic - truth.thoracicKyphosis!), `thoracic kyphosis ${thoracic}, truth ${truth.thoracicKyphosis}`).toBeLessThanOrEqual(0.5);
    // T4-L4 has no L5: no lumbar lordosis is shown rather than a wrong one.
    expect(truth.lumbarLordosis).toBeNull();
    expect(await page.locator('[data-field="lumbarLordosis"]').count()).toBe(0);
  }, 300_000);

  it('T11 marked as treated by kyphoplasty is named on its image label', async () => {
    await tableRow('T11').click();
    await page.getByLabel('Augmentation of T11').selectOption('kyphoplasty');
    await expect
      .poll(() => page.$$eval('[data-viewport-id="viewport-1"] svg text', (texts) => texts.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ')).join('\n')))
      .toMatch(/kyphoplasty/);
  });

  it('compared with the follow-up before treatment, T11 is treated, with its height restoration and its segmental kyphosis before and after', async () => {
    await page.getByTestId('file-input').setInputFiles([PRIOR_DX, priorSr]);
    await page.getByRole('button', { name: 'Compare with prior…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Compare with prior' });
    await chooser.getByRole('button', { name: new RegExp(`^${iso(prior.study.studyDate)} .* open here`) }).click();
    await waitForImage(page, 'viewport-1');
    await waitForImage(page, 'viewport-2');
    const row = page.locator('.follow-up-table tbody tr[data-level="T11"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('treated');
    const dHa = at(truth, 'T11').ha - at(prior, 'T11').ha;
    const before = at(prior, 'T11').segmentalKyphosis!;
    const after = at(truth, 'T11').segmentalKyphosis!;
    const sentences = await page.getByLabel('Follow-up report sentences').innerText();
    const t11 = sentences.split('\n').find((s) => s.startsWith('T11:')) ?? '';
    expect(t11).toMatch(new RegExp(`^T11: kyphoplasty since ${iso(prior.study.studyDate)} \\(Genant 2 -> 0\\), Ha \\+(\\d+\\.\\d) mm \\(\\+\\d+\\.\\d%\\), segmental kyphosis (\\d+\\.\\d) -> (\\d+\\.\\d) deg: height restoration by the treatment$`));
    const [, shownDHa, shownBefore, shownAfter] = t11.match(/Ha \+(\d+\.\d) mm.*segmental kyphosis (\d+\.\d) -> (\d+\.\d) deg/)!;
    // The prior's points are the truth (its SR); the current ones were clicked, each within half a screen pixel
    // (0.1 mm) of the truth: a height within 0.2 mm, shown to 0.05 mm, and the angle within 0.5 deg.
    expect(Math.abs(Number(shownDHa) - dHa), `Ha change ${shownDHa}, truth ${dHa}`).toBeLessThanOrEqual(0.3);
    expect(Number(shownBefore)).toBe(Number(before.toFixed(1)));
    expect(Math.abs(Number(shownAfter) - after), `segmental kyphosis after ${shownAfter}, truth ${after}`).toBeLessThanOrEqual(0.5);
  }, 120_000);

  it('the SR it writes is dciodvfy clean and carries the treatment', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^DICOM SR/ }).click();
      })(),
    ]);
    const file = path.join(dir, 'kyphoplasty-sr.dcm');
    await download.saveAs(file);
    expect(await dciodvfyErrors(file)).toEqual([]);
    const back = readSr(readFileSync(file));
    if (!back.ok) throw new Error(JSON.stringify(back));
    expect(back.document.vertebrae.filter((v) => v.augmentation && v.augmentation !== 'none').map((v) => [v.level, v.augmentation])).toEqual([['T11', 'kyphoplasty']]);
  });
});

describe('the CT with a retropulsed T11 wall (ct-posterior-wall)', () => {
  const truth = truthOf('ct-posterior-wall');
  const CT_DIR = path.join(SAMPLES, 'ct-posterior-wall/AXIAL');
  const SAGITTAL = 'mpr-sagittal';
  let session: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  async function client(point: readonly number[]): Promise<[number, number]> {
    const c = await page.evaluate(([id, p]) => window.kyphoAutomation?.worldToClient(id, p) ?? null, [SAGITTAL, [...point]] as const);
    if (!c) throw new Error('the sagittal view shows nothing');
    return [c[0] + 0.5, c[1] + 0.5];
  }
  async function pixelsPerMm(): Promise<number> {
    const t11 = at(truth, 'T11').canal!.points[0];
    const a = await client(t11);
    const b = await client([t11[0]!, t11[1]!, t11[2]! + 50]);
    return Math.hypot(b[0] - a[0], b[1] - a[1]) / 50;
  }
  const canalOf = (level: string) => page.locator(`li.age-row[data-level="${level}"] [data-field="canal"]`);

  beforeAll(async () => {
    requireFile(CT_DIR);
    expect(readdirSync(CT_DIR).filter((f) => f.endsWith('.dcm'))).toHaveLength(121);
    session = await openBrowser({ snap: false });
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1400 });
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.goto(appUrl('?sample=ct-posterior-wall'));
    await waitForImage(page);
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
  }, 200_000);
  afterAll(() => session?.close());

  it('the Canal tool on the sagittal reformat gives the truth\'s canal compromise within 2 percentage points', async () => {
    /** Zooms in about T11's canal (right drag down) until a screen pixel is at most 1/`perMm` mm. */
    const zoomTo = async (perMm: number) => {
      for (let i = 0; i < 12 && (await pixelsPerMm()) < perMm; i++) {
        const [x, y] = await client(at(truth, 'T11').canal!.points[0]);
        await page.mouse.move(x, y);
        await page.mouse.down({ button: 'right' });
        await page.mouse.move(x, y + 40, { steps: 4 });
        await page.mouse.up({ button: 'right' });
      }
      expect(await pixelsPerMm()).toBeGreaterThanOrEqual(perMm);
    };
    const pane = (await page.locator(`[data-viewport-id="${SAGITTAL}"]`).boundingBox())!;
    const onPane = ([x, y]: [number, number]) => x > pane.x + 10 && x < pane.x + pane.width - 10 && y > pane.y + 10 && y < pane.y + pane.height - 10;
    const levels = ['T10', 'T11', 'T12'];
    // The three bodies first (a canal line goes to the body beside it), at 4 screen pixels per mm.
    await zoomTo(4);
    await page.keyboard.press('v');
    for (const level of levels) {
      const v = at(truth, level);
      await page.getByLabel('Level', { exact: true }).selectOption(level);
      for (const key of POINT_KEYS) {
        const [x, y] = await client(v.points[key]);
        expect(onPane([x, y]), `${level} ${key} on screen`).toBe(true);
        await page.mouse.click(x, y);
      }
      const [x, y] = await client(v.points.pi);
      await page.mouse.move(x - 150, y, { steps: 2 });
      await expect.poll(() => page.locator(`.results-table:not(.follow-up-table) tbody tr[data-level="${level}"]`).count(), { timeout: 20_000 }).toBe(1);
    }
    // Then the canal lines at 8 pixels per mm: each end within 1/16 mm of the truth's.
    await zoomTo(8);
    for (const level of levels) for (const p of at(truth, level).canal!.points) expect(onPane(await client(p)), `${level} canal line on screen`).toBe(true);
    await page.keyboard.press('Shift+C');
    for (const level of levels) {
      const [from, to] = at(truth, level).canal!.points;
      const [x0, y0] = await client(from);
      const [x1, y1] = await client(to);
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 6 });
      await page.mouse.up();
      await page.mouse.move(x1 + 80, y1 + 40, { steps: 2 });
      await expect.poll(() => canalOf(level).count(), { timeout: 20_000 }).toBe(1);
    }
    for (const level of levels) {
      const v = at(truth, level);
      const diameter = Number(await canalOf(level).getAttribute('data-diameter'));
      const compromise = Number(await canalOf(level).getAttribute('data-compromise'));
      expect(Math.abs(diameter - v.canal!.diameter), `${level} canal ${diameter} mm, truth ${v.canal!.diameter}`).toBeLessThanOrEqual(0.25);
      expect(Math.abs(compromise - v.canal!.compromise!) * 100, `${level} compromise ${compromise}, truth ${v.canal!.compromise}`).toBeLessThanOrEqual(2);
    }
    const shown = await canalOf('T11').locator('[data-field="canal-compromise"]').innerText();
    expect(Math.abs(Number(shown.replace('%', '')) - at(truth, 'T11').canal!.compromise! * 100)).toBeLessThanOrEqual(2);
    await page.getByLabel('Posterior wall of T11').selectOption('retropulsed');
    await page.screenshot({ path: path.join(repoRoot, 'test-results/kyphosis-canal.png') });
  }, 300_000);

  /** The canal lines drawn on the sagittal view: their labels, and how far each truth line's ends are from a drawn line's. */
  async function drawnCanals(): Promise<{ labels: string[]; offsets: number[] }> {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const svg = page.locator(`[data-viewport-id="${SAGITTAL}"] svg`).first();
    const box = (await svg.boundingBox())!;
    const texts = await svg.locator('text').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const labels = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => /canal/.test(t));
    const lines = await svg.locator('line').evaluateAll((els) => els.map((e) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(e.getAttribute(a)))));
    const offsets: number[] = [];
    for (const level of ['T10', 'T11', 'T12']) {
      const [a, b] = await Promise.all(at(truth, level).canal!.points.map((p) => client(p)));
      const ends = [a, b].map(([x, y]) => [x - 0.5 - box.x, y - 0.5 - box.y]);
      offsets.push(
        Math.min(...lines.map(([x1, y1, x2, y2]) => Math.max(Math.hypot(x1! - ends[0]![0]!, y1! - ends[0]![1]!), Math.hypot(x2! - ends[1]![0]!, y2! - ends[1]![1]!)))),
      );
    }
    return { labels, offsets };
  }

  it('draws each canal line back where it was drawn, labelled with its diameter and compromise, also after a reload', async () => {
    const shown = async () => {
      const { labels, offsets } = await drawnCanals();
      expect(labels.some((l) => l.startsWith('T11 canal ') && l.endsWith('%')), labels.join(' | ')).toBe(true);
      expect(labels.filter((l) => /^T1[0-2] canal \d+\.\d mm/.test(l))).toHaveLength(3);
      // Each drawn within about a screen pixel of where the truth's line is (the ends were clicked there).
      for (const offset of offsets) expect(offset).toBeLessThanOrEqual(1.5);
    };
    await shown();
    await page.reload();
    await waitForImage(page);
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 150_000 });
    for (let i = 0; i < 12 && (await pixelsPerMm()) < 8; i++) {
      const [x, y] = await client(at(truth, 'T11').canal!.points[0]);
      await page.mouse.move(x, y);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(x, y + 40, { steps: 4 });
      await page.mouse.up({ button: 'right' });
    }
    await expect.poll(async () => (await drawnCanals()).labels.length, { timeout: 20_000 }).toBe(3);
    await shown();
  }, 300_000);

  it('writes the canal lines to a dciodvfy-clean Comprehensive 3D SR as SCOORD3D, and imports them back exactly', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^DICOM SR/ }).click();
      })(),
    ]);
    const file = path.join(dir, 'ct-canal-sr.dcm');
    await download.saveAs(file);
    expect(await dciodvfyErrors(file, 'Comprehensive3DSR')).toEqual([]);
    const dump = await toolOutput('dsrdump', ['+Pl', file]);
    expect(dump.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    expect(dump.match(/Spinal canal antero-posterior diameter[^\n]*\n[^\n]*inferred from SCOORD3D/g) ?? []).toHaveLength(3);
    const shownDiameters = Object.fromEntries(
      await Promise.all(['T10', 'T11', 'T12'].map(async (level) => [level, Number(await canalOf(level).getAttribute('data-diameter'))] as const)),
    );
    const back = readSr(readFileSync(file));
    if (!back.ok) throw new Error(JSON.stringify(back));
    for (const level of ['T10', 'T11', 'T12']) {
      const v = back.document.vertebrae.find((x) => x.level === level)!;
      expect(v.canalMeasurement?.space, level).toBe('patient');
      expect(v.canalDiameter, level).toBe(shownDiameters[level]);
    }
    expect(back.document.vertebrae.find((x) => x.level === 'T11')!.posteriorWall).toBe('retropulsed');
  });
});
