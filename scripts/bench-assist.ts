/**
 * Measuring assistance (issue 17), numbers for the README:
 * - the phantom radiographs (truth.json corners): every point clicked up to 4 px (0.8 mm) off in a random direction,
 *   20 placements of all 13 vertebrae per radiograph; the height errors with and without Snap, and how many of the
 *   placements grade every vertebra exactly;
 * - the TCIA sagittal CT reformats (real images, reference points in bench-assist-reference.ts): 8 draws of 10
 *   placements per vertebra, each point up to 1.5 mm off; the coefficient of variation of each height with and
 *   without Snap (median and range over the draws);
 * - the cost of one snap in Node and in the browser (headless Chromium, the production build, 13 vertebrae placed);
 * - on the phantom CT's sagittal reformat: the cost of a snap on the volume and of a proposal, and the height errors;
 * - the reader's actions for T4-L4 on the phantom radiograph with the next vertebra proposed and Snap (T4 and T5
 *   clicked, each later level accepted with Enter, a proposed corner more than 0.5 mm from the truth or a midpoint
 *   more than 0.5 mm off its endplate dragged onto it, or, with all six off, the proposal dismissed and the six points
 *   clicked), and the cost of a proposal. ACTIONS_ONLY=1 runs this part alone; CT_ONLY=1 the TCIA CT part and the
 *   Node cost alone; NODE_ONLY=1 everything but the browser; REFORMAT_ONLY=1 the reformat alone.
 *
 *   npm run bench:assist
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import dicomParser from 'dicom-parser';
import { snapPoint, type SnapImage, type SnapKey, type Vec2 } from '../src/analysis/endplateSnap';
import { measureVertebrae, type Level } from '../src/morphometry';
import { TCIA_REFERENCE } from './bench-assist-reference';
import { launchChromium, startPreview } from './headless';

const KEYS: SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];
const root = path.resolve(import.meta.dirname, '..');
// The shared folder beside the project (a worktree one level deeper also finds it).
const shared = [path.resolve(root, '../shared/dicom'), path.resolve(root, '../../shared/dicom')].find((p) => existsSync(p));

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An image, and (as the viewer passes them) its feet and front directions when Image Orientation (Patient) says. */
type OrientedImage = SnapImage & { caudal?: Vec2; anterior?: Vec2 };

function readImage(file: string): OrientedImage {
  const bytes = readFileSync(file);
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  const element = ds.elements['x7fe00010']!;
  const buffer = bytes.buffer.slice(bytes.byteOffset + element.dataOffset, bytes.byteOffset + element.dataOffset + element.length);
  const spacing = (ds.string('x00280030') ?? '1\\1').split('\\').map(Number) as [number, number];
  const orientation = ds.string('x00200037')?.split('\\').map(Number);
  // LPS: feet are -z, front is -y; an image direction from the row (column index) and column (row index) cosines.
  const inImage = (d: number[]): Vec2 | undefined => {
    if (!orientation || orientation.length !== 6) return undefined;
    const v: Vec2 = [orientation.slice(0, 3).reduce((s, a, i) => s + a * d[i]!, 0), orientation.slice(3).reduce((s, a, i) => s + a * d[i]!, 0)];
    return Math.hypot(v[0], v[1]) > 0.5 ? v : undefined;
  };
  const caudal = inImage([0, 0, -1]);
  return {
    caudal,
    anterior: caudal ? inImage([0, -1, 0]) : undefined,
    pixels: ds.uint16('x00280103') ? new Int16Array(buffer) : new Uint16Array(buffer),
    width: ds.uint16('x00280011')!,
    height: ds.uint16('x00280010')!,
    spacing,
  };
}

type Six = Record<SnapKey, Vec2>;
const snapTimes: number[] = [];
/** Snapped clicks that stayed where they were clicked (no convincing edge), counted per part. */
let snapsStayed = 0;

/** The six points clicked in order, each `maxOffsetPx` at most off, snapped as the tool does (or not). */
function placeOnce(image: OrientedImage, truth: Six, maxOffsetPx: number, snap: boolean, rand: () => number): Six {
  const placed: Partial<Six> = {};
  for (const key of KEYS) {
    const angle = rand() * 2 * Math.PI;
    const r = maxOffsetPx * Math.sqrt(rand());
    const click: Vec2 = [truth[key][0] + r * Math.cos(angle), truth[key][1] + r * Math.sin(angle)];
    if (!snap) {
      placed[key] = click;
      continue;
    }
    const started = performance.now();
    const result = snapPoint(image, { point: click, key, placed: { ...placed }, caudal: image.caudal, anterior: image.anterior });
    snapTimes.push(performance.now() - started);
    placed[key] = result.point;
    if (!result.snapped) snapsStayed++;
  }
  return placed as Six;
}

function heightsMm(p: Six, [rowMm, colMm]: readonly [number, number]): Record<'ha' | 'hm' | 'hp', number> {
  const d = (a: SnapKey, b: SnapKey) => Math.hypot((p[a][0] - p[b][0]) * colMm, (p[a][1] - p[b][1]) * rowMm);
  return { ha: d('as', 'ai'), hm: d('ms', 'mi'), hp: d('ps', 'pi') };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);

function phantom(): void {
  console.log('Phantom radiographs: 20 placements of T4-L4 per radiograph, clicks up to 4 px (0.8 mm) off');
  for (const study of ['lateral-baseline', 'lateral-followup']) {
    const truth = JSON.parse(readFileSync(path.join(root, 'sample-data', study, 'truth.json'), 'utf8')) as {
      calibration: { pixelSpacing: [number, number] };
      vertebrae: { level: Level; points: Six; ha: number; hm: number; hp: number; expected: { grade: number; type: string | null } }[];
    };
    const image = { ...readImage(path.join(root, 'sample-data', study, 'DX/IM0001.dcm')), spacing: truth.calibration.pixelSpacing };
    for (const snap of [false, true]) {
      const rand = random(17);
      const errors: number[] = [];
      let exact = 0;
      const trials = 20;
      for (let t = 0; t < trials; t++) {
        const placed = truth.vertebrae.map((v) => ({ level: v.level, points: placeOnce(image, v.points, 4, snap, rand) }));
        placed.forEach((p, i) => {
          const h = heightsMm(p.points, image.spacing);
          const v = truth.vertebrae[i]!;
          errors.push(Math.abs(h.ha - v.ha), Math.abs(h.hm - v.hm), Math.abs(h.hp - v.hp));
        });
        const result = measureVertebrae(
          placed.map((p) => ({ level: p.level, points: Object.fromEntries(KEYS.map((k) => [k, [...p.points[k]]])) as never })),
          { pixelSpacing: image.spacing },
        );
        const allExact = result.vertebrae.every((r) => {
          const v = truth.vertebrae.find((x) => x.level === r.level)!;
          return r.grade === v.expected.grade && (r.type ?? null) === (v.expected.type ?? null);
        });
        if (allExact) exact++;
      }
      const within = errors.filter((e) => e <= 0.5).length;
      console.log(
        `  ${study.padEnd(17)} ${snap ? 'Snap on ' : 'Snap off'}: |height error| median ${fmt(errors.length ? quantile(errors, 0.5) : 0)} mm, ` +
          `95th percentile ${fmt(quantile(errors, 0.95))} mm, max ${fmt(Math.max(...errors))} mm; ` +
          `${within}/${errors.length} within 0.5 mm; all 13 grades exact in ${exact}/${trials} placements`,
      );
    }
  }
}

function tcia(): void {
  if (!shared) {
    console.log('TCIA: ../shared/dicom not found, skipped');
    return;
  }
  // A CV from 10 placements is itself uncertain (about a quarter of its value): 8 draws of 10 placements each, their
  // median and range.
  const DRAWS = 8;
  console.log(
    `TCIA sagittal CT reformats: ${DRAWS} draws of 10 placements per vertebra, clicks up to 1.5 mm off; coefficient of variation of Ha, Hm, Hp, median (range) over the draws`,
  );
  for (const ref of TCIA_REFERENCE) {
    const image = readImage(path.join(shared, ref.file));
    const offsetPx = 1.5 / image.spacing[0];
    const line: string[] = [];
    for (const snap of [false, true]) {
      snapsStayed = 0;
      const draws = Array.from({ length: DRAWS }, (_, draw) => {
        const rand = random(99 + draw);
        const samples = Array.from({ length: 10 }, () => heightsMm(placeOnce(image, ref.points, offsetPx, snap, rand), image.spacing));
        return (['ha', 'hm', 'hp'] as const).map((h) => {
          const values = samples.map((s) => s[h]);
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
          return (100 * sd) / mean;
        });
      });
      const cv = [0, 1, 2].map((h) => {
        const values = draws.map((d) => d[h]!);
        return `${fmt(quantile(values, 0.5), 1)} (${fmt(Math.min(...values), 1)}-${fmt(Math.max(...values), 1)})`;
      });
      line.push(`${snap ? 'Snap on' : 'Snap off'} ${cv.join(' / ')} %${snap ? `, ${snapsStayed} of ${DRAWS * 60} snapped clicks stayed` : ''}`);
    }
    console.log(`  ${ref.name} (${fmt(image.spacing[0], 3)} mm pixels): ${line.join('; ')}`);
  }
}

async function browser(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/index.html'))) throw new Error('dist/ is missing: npm run bench:assist builds it first');
  const server = await startPreview();
  const session = await launchChromium({ width: 2200, height: 2000 });
  try {
    const { page } = session;
    await page.goto(`${server.url}?sample=lateral-baseline`);
    await page.waitForFunction(() => window.kyphoAutomation?.imageToClient('viewport-1', [0, 0]) != null, null, { timeout: 120_000 });
    await page.keyboard.press('v');
    const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as { vertebrae: { points: Six }[] };
    for (const v of truth.vertebrae) {
      for (const key of KEYS) {
        const client = await page.evaluate((p) => window.kyphoAutomation!.imageToClient('viewport-1', p), [...v.points[key]]);
        await page.mouse.click(client![0] + 2.5, client![1] - 1.5);
      }
      await page.mouse.move(20, 20, { steps: 2 });
    }
    await page.waitForTimeout(500);
    const times = await page.evaluate(() => window.kyphoAutomation!.snapTimings());
    console.log(`Browser (headless Chromium, production build): ${times.length} snaps, median ${fmt(quantile(times, 0.5))} ms, 95th percentile ${fmt(quantile(times, 0.95))} ms, max ${fmt(Math.max(...times))} ms per point`);
  } finally {
    await session.close();
    await server.close();
  }
}

/**
 * The phantom CT's sagittal reformat (issue 17): the ten vertebrae clicked on their truth points, then each up to 1 mm
 * and 2 mm off in a random direction (the same clicks each time), without and with Snap (the volume resampled on the plane around
 * each click): the height errors (the volume knows an endplate only to a slice, 1.25 mm), and the cost of a snap and
 * of a proposal on a volume.
 */
async function reformat(snap: boolean, offMm: number): Promise<void> {
  const server = await startPreview();
  const session = await launchChromium({ width: 1600, height: 1400 });
  try {
    const { page } = session;
    if (!snap) await page.context().addInitScript(() => localStorage.setItem('kypho.snap', 'off'));
    await page.goto(`${server.url}?sample=ct-thoracolumbar`);
    await page.waitForFunction(() => window.kyphoAutomation?.imageToClient('viewport-1', [0, 0]) != null, null, { timeout: 120_000 });
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 180_000 });
    const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/ct-thoracolumbar/truth.json'), 'utf8')) as {
      vertebrae: { level: string; points: Record<SnapKey, [number, number, number]>; ha: number; hm: number; hp: number }[];
    };
    // Zoomed onto the spine (right drag down) to 4 screen pixels per mm, as a reader placing points does.
    const client = async (p: readonly number[]) => (await page.evaluate((q) => window.kyphoAutomation!.worldToClient('mpr-sagittal', q), [...p]))!;
    const perMm = async () => {
      const { focalPoint, viewUp } = (await page.evaluate(() => window.kyphoAutomation!.viewPlane('mpr-sagittal')))!;
      const [a, b] = [await client(focalPoint), await client(focalPoint.map((f, i) => f + 100 * viewUp[i]!))];
      return Math.hypot(b[0] - a[0], b[1] - a[1]) / 100;
    };
    const [cx, cy] = await client([0, 9, 26]);
    for (let i = 0; i < 8 && (await perMm()) < 4; i++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(cx, cy + 60, { steps: 4 });
      await page.mouse.up({ button: 'right' });
    }
    const rand = random(1225);
    const before = (await page.evaluate(() => window.kyphoAutomation!.snapTimings())).length;
    await page.keyboard.press('v');
    await page.getByLabel('Level', { exact: true }).selectOption(truth.vertebrae[0]!.level);
    for (const v of truth.vertebrae) {
      const rows = await page.locator('.results-table tbody tr').count();
      for (const key of KEYS) {
        const [x, y, z] = v.points[key];
        const a = rand() * 2 * Math.PI;
        const r = offMm * Math.sqrt(rand());
        const [px, py] = await client([x, y + r * Math.cos(a), z + r * Math.sin(a)]);
        await page.mouse.click(px + 0.5, py + 0.5);
      }
      const [px, py] = await client(v.points.pi);
      await page.mouse.move(px + 120, py, { steps: 2 });
      await page.waitForFunction((n) => document.querySelectorAll('.results-table tbody tr').length === n + 1, rows);
    }
    const times = (await page.evaluate(() => window.kyphoAutomation!.snapTimings())).slice(before);
    const proposals = await page.evaluate(() => window.kyphoAutomation!.proposalTimings());
    const measured = await page.$$eval('.results-table tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.children].map((c) => (c.textContent ?? '').trim());
        return { level: (tr.querySelector('select') as HTMLSelectElement).value, ha: Number(cells[1]), hm: Number(cells[2]), hp: Number(cells[3]) };
      }),
    );
    const errors = measured.flatMap((r) => {
      const v = truth.vertebrae.find((t) => t.level === r.level)!;
      return [Math.abs(r.ha - v.ha), Math.abs(r.hm - v.hm), Math.abs(r.hp - v.hp)];
    });
    console.log(
      `Reformat (phantom CT sagittal, 1.25 mm slices), clicks ${offMm ? `up to ${offMm} mm off` : 'on the truth'}, ${snap ? 'Snap on ' : 'Snap off'}: |height error| median ${fmt(quantile(errors, 0.5))} mm, max ${fmt(Math.max(...errors))} mm, ` +
        `${errors.filter((e) => e <= 0.5).length}/${errors.length} within 0.5 mm`,
    );
    if (snap && offMm === 1) {
      console.log(
        `Reformat snap in the browser: ${times.length} snaps, median ${fmt(quantile(times, 0.5))} ms, 95th percentile ${fmt(quantile(times, 0.95))} ms, max ${fmt(Math.max(...times))} ms per point; ` +
          `${proposals.length} proposals, median ${fmt(quantile(proposals, 0.5))} ms, max ${fmt(Math.max(...proposals))} ms per vertebra`,
      );
    }
  } finally {
    await session.close();
    await server.close();
  }
}

/**
 * T4-L4 as a reader would measure them with the proposal and Snap: V, T4 and T5 clicked (up to 4 px off, snapped),
 * then per level: look at the proposal; each point more than 0.5 mm from the truth is dragged onto it (one action;
 * a drag does not snap, so the drop is taken as careful: up to 1 px off); with all six off, Esc and six clicks instead
 * (the cheaper); then Enter. Counts every key press, click and drag.
 */
async function actions(): Promise<void> {
  const server = await startPreview();
  const session = await launchChromium({ width: 1600, height: 1000 });
  try {
    const { page } = session;
    await page.goto(`${server.url}?sample=lateral-baseline`);
    await page.waitForFunction(() => window.kyphoAutomation?.imageToClient('viewport-1', [0, 0]) != null, null, { timeout: 120_000 });
    const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as {
      calibration: { pixelSpacing: [number, number] };
      vertebrae: { level: string; points: Six; ha: number; hm: number; hp: number; expected: { grade: number; type: string | null } }[];
    };
    const mm = truth.calibration.pixelSpacing[0];
    const rand = random(2026);
    const screen = async (p: readonly number[]) => (await page.evaluate((q) => window.kyphoAutomation!.imageToClient('viewport-1', q), [...p]))!;
    const jitter = (p: Vec2, r: number): Vec2 => {
      const a = rand() * 2 * Math.PI;
      const d = r * Math.sqrt(rand());
      return [p[0] + d * Math.cos(a), p[1] + d * Math.sin(a)];
    };
    const rows = () => page.locator('.results-table tbody tr').count();
    let count = 0;
    const press = async (key: string) => {
      await page.keyboard.press(key);
      count++;
    };
    const clickSix = async (points: Six) => {
      const before = await rows();
      for (const key of KEYS) {
        const [x, y] = await screen(jitter(points[key], 4));
        await page.mouse.click(x, y);
        count++;
      }
      await page.mouse.move(20, 20, { steps: 2 });
      await page.waitForFunction((n) => document.querySelectorAll('.results-table tbody tr').length === n + 1, before);
    };
    await press('v');
    const log: string[] = [];
    for (const v of truth.vertebrae) {
      if (v.level === 'T4' || v.level === 'T5') {
        await clickSix(v.points);
        continue;
      }
      await page.waitForFunction((level) => window.kyphoAutomation!.proposal('viewport-1')?.level === level, v.level, { timeout: 10_000 });
      const proposed = (await page.evaluate(() => window.kyphoAutomation!.proposal('viewport-1')))!.points;
      // What a reader corrects: a corner more than 0.5 mm from the corner; a midpoint more than 0.5 mm off its endplate
      // (across it: that is what changes a height), or more than a tenth of the body's depth from the middle (along it).
      const off = KEYS.map((k, i) => [k, i] as const).filter(([k, i]) => {
        const p = proposed[i]!;
        const t = v.points[k];
        if (k !== 'ms' && k !== 'mi') return Math.hypot(p[0] - t[0], p[1] - t[1]) * mm > 0.5;
        const [a, b] = k === 'ms' ? [v.points.as, v.points.ps] : [v.points.ai, v.points.pi];
        const along = [b[0] - a[0], b[1] - a[1]];
        const depth = Math.hypot(along[0], along[1]);
        const u = [along[0] / depth, along[1] / depth];
        const d = [p[0] - t[0], p[1] - t[1]];
        const across = Math.abs(d[0] * u[1] - d[1] * u[0]) * mm;
        return across > 0.5 || Math.abs(d[0] * u[0] + d[1] * u[1]) > 0.1 * depth;
      });
      // Dragging n points and Enter is n + 1 actions, Esc and six clicks 7: the reader takes the cheaper.
      if (off.length > 5) {
        log.push(`${v.level}: ${off.length} points off, clicked`);
        await press('Escape');
        await clickSix(v.points);
        continue;
      }
      for (const [k, i] of off) {
        const [fx, fy] = await screen(proposed[i]!);
        const [tx, ty] = await screen(jitter(v.points[k], 1));
        // A correction of a pixel or two is still a drag (a press that does not move is a click, which starts a
        // vertebra by hand): the hand moves away and back, as it does.
        await page.mouse.move(fx, fy);
        await page.mouse.down();
        await page.mouse.move(fx + 12, fy + 12, { steps: 3 });
        await page.mouse.move(tx, ty, { steps: 5 });
        await page.mouse.up();
        count++;
      }
      if (off.length) log.push(`${v.level}: ${off.map(([k]) => k).join(', ')} dragged`);
      await page.mouse.move(20, 20, { steps: 2 });
      const before = await rows();
      await press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('.results-table tbody tr').length === n + 1, before);
    }
    const measured = await page.$$eval('.results-table tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.children].map((c) => (c.textContent ?? '').trim());
        return { level: (tr.querySelector('select') as HTMLSelectElement).value, ha: Number(cells[1]), hm: Number(cells[2]), hp: Number(cells[3]), grade: Number(cells[8]), type: cells[9] };
      }),
    );
    const errors = measured.flatMap((r) => {
      const v = truth.vertebrae.find((t) => t.level === r.level)!;
      return [Math.abs(r.ha - v.ha), Math.abs(r.hm - v.hm), Math.abs(r.hp - v.hp)];
    });
    const exact = measured.filter((r) => {
      const v = truth.vertebrae.find((t) => t.level === r.level)!;
      return r.grade === v.expected.grade && (r.type || null) === (v.expected.type ?? null);
    }).length;
    const times = await page.evaluate(() => window.kyphoAutomation!.proposalTimings());
    console.log(
      `Actions for T4-L4 with the proposal and Snap: ${count} (V, 12 clicks for T4 and T5, ${truth.vertebrae.length - 2} Enter, corrections: ${log.join('; ') || 'none'}); ` +
        `${measured.length} levels, |height error| max ${fmt(Math.max(...errors))} mm, ${errors.filter((e) => e <= 0.5).length}/${errors.length} within 0.5 mm, ${exact}/${measured.length} grades exact`,
    );
    console.log(`Proposal (extrapolation and six snaps) in the browser: ${times.length} made, median ${fmt(quantile(times, 0.5))} ms, max ${fmt(Math.max(...times))} ms per vertebra`);
  } finally {
    await session.close();
    await server.close();
  }
}

// ACTIONS_ONLY=1: the action count alone. CT_ONLY=1: the TCIA CT part and the Node cost alone (no phantom, no browser).
// NODE_ONLY=1: the phantom and the TCIA CT in Node, without the browser. REFORMAT_ONLY=1: the phantom CT's reformat alone.
const { ACTIONS_ONLY, CT_ONLY, NODE_ONLY, REFORMAT_ONLY } = process.env;
if (REFORMAT_ONLY) {
  for (const off of [0, 1, 2]) for (const snap of [false, true]) await reformat(snap, off);
} else {
  if (!ACTIONS_ONLY && !CT_ONLY) phantom();
  if (!ACTIONS_ONLY) tcia();
  if (!ACTIONS_ONLY) console.log(`Node: ${snapTimes.length} snaps, median ${fmt(quantile(snapTimes, 0.5))} ms, 95th percentile ${fmt(quantile(snapTimes, 0.95))} ms, max ${fmt(Math.max(...snapTimes))} ms per point`);
  if (!ACTIONS_ONLY && !CT_ONLY && !NODE_ONLY) await browser();
  if (!ACTIONS_ONLY && !CT_ONLY && !NODE_ONLY) for (const off of [0, 1, 2]) for (const snap of [false, true]) await reformat(snap, off);
  if (!CT_ONLY && !NODE_ONLY) await actions();
}
