import { describe, expect, it } from 'vitest';
import { snapPoint, type SnapKey, type Vec2 } from '../../../src/analysis/endplateSnap';
import { renderBodies, sixPoints, type SyntheticBody, type SyntheticImage } from './syntheticVertebra';

const PIXEL_MM = 0.2;
const KEYS: SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

function mm(a: Vec2, b: Vec2): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]) * PIXEL_MM;
}

/** Places the six points in order, each clicked `offset` pixels away from the truth, snapping as the tool does. */
function placeAll(image: SyntheticImage, body: SyntheticBody, offsets: (k: SnapKey) => Vec2) {
  const truth = sixPoints(body, PIXEL_MM);
  const placed: Partial<Record<SnapKey, Vec2>> = {};
  const results: Record<string, ReturnType<typeof snapPoint>> = {};
  for (const key of KEYS) {
    const [dx, dy] = offsets(key);
    const click: Vec2 = [truth[key][0] + dx, truth[key][1] + dy];
    results[key] = snapPoint(image, { point: click, key, placed: { ...placed } });
    placed[key] = results[key].point;
  }
  return { truth, placed: placed as Record<SnapKey, Vec2>, results };
}

/** Four px (0.8 mm) off in a different direction for each point. */
const AROUND = (k: SnapKey): Vec2 => {
  const angle = (KEYS.indexOf(k) * 2 * Math.PI) / 6 + 0.4;
  return [4 * Math.cos(angle), 4 * Math.sin(angle)];
};

function heights(p: Record<SnapKey, Vec2>) {
  return { ha: mm(p.as, p.ai), hm: mm(p.ms, p.mi), hp: mm(p.ps, p.pi) };
}

const FIELD = { widthMm: 60, heightMm: 60, pixelMm: PIXEL_MM };

describe('snap: corners and endplates of an upright body', () => {
  const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24 };
  const image = renderBodies([body], FIELD);

  it('moves every clicked point back onto the corner or endplate (within 0.1 mm across the endplate)', () => {
    const { truth, placed, results } = placeAll(image, body, AROUND);
    for (const key of KEYS) {
      expect(results[key]!.snapped, key).toBe(true);
      if (key === 'ms' || key === 'mi') expect(Math.abs(placed[key][1] - truth[key][1]) * PIXEL_MM, key).toBeLessThan(0.1);
      else expect(mm(placed[key], truth[key]), key).toBeLessThan(0.15);
    }
    const h = heights(placed);
    expect(h.ha).toBeCloseTo(24, 0);
    expect(Math.abs(h.hm - 24)).toBeLessThan(0.15);
    expect(Math.abs(h.hp - 24)).toBeLessThan(0.15);
  });

  it('slides a midpoint only across the endplate while the other end of its endplate is not placed', () => {
    const truth = sixPoints(body, PIXEL_MM);
    const click: Vec2 = [truth.ms[0] + 10, truth.ms[1] + 3];
    const r = snapPoint(image, { point: click, key: 'ms', placed: { as: truth.as } });
    expect(r.point[0]).toBeCloseTo(click[0], 6);
    expect(Math.abs(r.point[1] - truth.ms[1]) * PIXEL_MM).toBeLessThan(0.1);
  });
});

describe('snap: the middle of an endplate with a step under it', () => {
  // The inferior endplate lies 0.8 mm higher posterior of 0.3 mm behind the middle, as on a real endplate (TCIA CT).
  const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24, inferiorStep: { at: 0.3, rise: 0.8 } };
  const image = renderBodies([body], FIELD);
  const truth = sixPoints(body, PIXEL_MM);
  const { as, ms, ps, ai, pi } = truth;
  const clickMi = (alongMm: number, placed: Partial<Record<SnapKey, Vec2>>) =>
    snapPoint(image, { point: [truth.mi[0] + alongMm / PIXEL_MM, truth.mi[1] + 2], key: 'mi', placed });
  const offsets = [-1.5, -1, -0.5, 0, 0.5, 1, 1.5];
  const spreadMm = (ys: number[]) => (Math.max(...ys) - Math.min(...ys)) * PIXEL_MM;

  it('with ai and ps placed, mi clicked up to 1.5 mm either side of the middle lands on the same height', () => {
    const snapped = offsets.map((o) => clickMi(o, { as, ms, ps, ai }));
    expect(snapped.every((r) => r.snapped)).toBe(true);
    expect(spreadMm(snapped.map((r) => r.point[1]))).toBeLessThan(0.15);
    // Without both ends there is no middle to go to: where along the endplate it was clicked decides which level it finds.
    const unpulled = offsets.map((o) => clickMi(o, { as, ms }));
    expect(spreadMm(unpulled.map((r) => r.point[1]))).toBeGreaterThan(0.4);
    // Across the endplate only (its normal, fitted to the edges, may lean by a fraction of a degree).
    for (const [i, r] of unpulled.entries()) expect(Math.abs(r.point[0] - (truth.mi[0] + offsets[i]! / PIXEL_MM)) * PIXEL_MM).toBeLessThan(0.05);
  });

  it('moves a midpoint at most 1.5 mm along its endplate', () => {
    const r = clickMi(-3, { as, ms, ps, ai });
    expect((r.point[0] - (truth.mi[0] - 3 / PIXEL_MM)) * PIXEL_MM).toBeCloseTo(1.5, 1);
  });

  it('does not move one whose endplate was traced posterior first (the first inferior point is behind it)', () => {
    const r = clickMi(-2, { as, ms, ps, ai: pi });
    expect(Math.abs(r.point[0] - (truth.mi[0] - 2 / PIXEL_MM)) * PIXEL_MM).toBeLessThan(0.01);
  });
});

describe('snap: a tilted body', () => {
  const body: SyntheticBody = { centre: [30, 30], width: 34, height: 22, tiltDeg: 28 };
  const image = renderBodies([body], { ...FIELD, widthMm: 70, heightMm: 70 });

  it('follows the tilt: corners within 0.15 mm, heights within 0.15 mm', () => {
    const { truth, placed } = placeAll(image, body, AROUND);
    for (const key of ['as', 'ps', 'ai', 'pi'] as const) expect(mm(placed[key], truth[key]), key).toBeLessThan(0.15);
    const h = heights(placed);
    for (const v of Object.values(h)) expect(Math.abs(v - 22)).toBeLessThan(0.15);
  });
});

describe('snap: concave endplates', () => {
  const body: SyntheticBody = { centre: [30, 30], width: 36, height: 26, concavity: 3 };
  const image = renderBodies([body], FIELD);

  it('finds the deep middle of each endplate (Hm 20 mm) and the corners (Ha, Hp 26 mm)', () => {
    const { placed } = placeAll(image, body, AROUND);
    const h = heights(placed);
    expect(Math.abs(h.hm - 20)).toBeLessThan(0.2);
    expect(Math.abs(h.ha - 26)).toBeLessThan(0.2);
    expect(Math.abs(h.hp - 26)).toBeLessThan(0.2);
  });
});

describe('snap: noise', () => {
  const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24, tiltDeg: -12 };
  // Noise of a quarter of the disc-to-cortex step, pixel by pixel.
  const image = renderBodies([body], { ...FIELD, noise: 40, seed: 17 });

  it('keeps every height within 0.3 mm over many perturbed placements', () => {
    let seed = 5;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 20; trial++) {
      const { placed } = placeAll(image, body, () => {
        const a = rand() * 2 * Math.PI;
        const r = 4 * Math.sqrt(rand());
        return [r * Math.cos(a), r * Math.sin(a)];
      });
      for (const v of Object.values(heights(placed))) expect(Math.abs(v - 24)).toBeLessThan(0.3);
    }
  });
});

describe('snap: never into the neighbouring disc or vertebra', () => {
  // Our body below, its cranial neighbour 2 mm above across a thin disc.
  const ours: SyntheticBody = { centre: [30, 40], width: 36, height: 24 };
  const neighbour: SyntheticBody = { centre: [30, 40 - 24 - 2], width: 36, height: 24 };
  const image = renderBodies([ours, neighbour], { ...FIELD, heightMm: 70 });
  const truth = sixPoints(ours, PIXEL_MM);
  const above = sixPoints(neighbour, PIXEL_MM);

  it('a superior midpoint clicked in the disc next to the neighbour goes to our endplate, not theirs', () => {
    // 0.3 mm below the neighbour's inferior endplate, 1.7 mm above ours.
    const click: Vec2 = [truth.ms[0], above.mi[1] + 0.3 / PIXEL_MM];
    const r = snapPoint(image, { point: click, key: 'ms', placed: { as: truth.as } });
    expect(r.snapped).toBe(true);
    expect(Math.abs(r.point[1] - truth.ms[1]) * PIXEL_MM).toBeLessThan(0.1);
  });

  it('a superior corner clicked in the disc goes to our corner', () => {
    const click: Vec2 = [truth.as[0] - 2, above.ai[1] + 0.4 / PIXEL_MM];
    const r = snapPoint(image, { point: click, key: 'as' });
    expect(mm(r.point, truth.as)).toBeLessThan(0.15);
  });

  it("the neighbour's inferior midpoint clicked in the disc goes to the neighbour's endplate", () => {
    const click: Vec2 = [above.mi[0], truth.ms[1] - 0.3 / PIXEL_MM];
    const r = snapPoint(image, { point: click, key: 'mi', placed: { as: above.as, ms: above.ms, ps: above.ps, ai: above.ai } });
    expect(Math.abs(r.point[1] - above.mi[1]) * PIXEL_MM).toBeLessThan(0.1);
  });

  it('a superior midpoint clicked inside the body beyond the cortex snaps out to the outer edge, not the inner one', () => {
    const click: Vec2 = [truth.ms[0], truth.ms[1] + 1.2 / PIXEL_MM];
    const r = snapPoint(image, { point: click, key: 'ms', placed: { as: truth.as } });
    expect(Math.abs(r.point[1] - truth.ms[1]) * PIXEL_MM).toBeLessThan(0.1);
  });
});

describe('snap: the cap', () => {
  const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24 };
  const image = renderBodies([body], { ...FIELD, noise: 10, seed: 3 });
  const truth = sixPoints(body, PIXEL_MM);

  it('a click far from any edge (in the middle of the body) does not move', () => {
    const click: Vec2 = [150, 150];
    const r = snapPoint(image, { point: click, key: 'ms' });
    expect(r).toMatchObject({ point: click, snapped: false });
  });

  it('a click far out in the soft tissue does not move', () => {
    const click: Vec2 = [20, 20];
    expect(snapPoint(image, { point: click, key: 'as' })).toMatchObject({ point: click, snapped: false });
  });

  it('an edge beyond the configured radius is not used: 2 mm off with a 1 mm radius stays', () => {
    const click: Vec2 = [truth.ms[0], truth.ms[1] - 2 / PIXEL_MM];
    expect(snapPoint(image, { point: click, key: 'ms', radiusMm: 1 })).toMatchObject({ point: click, snapped: false });
    expect(snapPoint(image, { point: click, key: 'ms', radiusMm: 3 }).snapped).toBe(true);
  });

  it('a radius over 3 mm is capped at 3 mm: an edge 4 mm away is never reached', () => {
    const click: Vec2 = [truth.ms[0], truth.ms[1] - 4 / PIXEL_MM];
    expect(snapPoint(image, { point: click, key: 'ms', radiusMm: 10 })).toMatchObject({ point: click, snapped: false });
  });

  it('a uniform image gives nothing to snap to', () => {
    const flat = { pixels: new Float32Array(100 * 100).fill(7), width: 100, height: 100, spacing: [0.2, 0.2] as const };
    expect(snapPoint(flat, { point: [50, 50], key: 'as' }).snapped).toBe(false);
  });
});

describe('snap: anisotropic pixels and darker bodies', () => {
  it('honours [rowSpacing, columnSpacing]: a body on 0.2 x 0.4 mm pixels', () => {
    const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24 };
    const square = renderBodies([body], FIELD);
    // Every second column: columns 0.4 mm apart.
    const width = Math.floor(square.width / 2);
    const pixels = new Float32Array(width * square.height);
    for (let r = 0; r < square.height; r++) for (let c = 0; c < width; c++) pixels[r * width + c] = square.pixels[r * square.width + 2 * c]!;
    const image = { pixels, width, height: square.height, spacing: [0.2, 0.4] as const };
    const truth = sixPoints(body, PIXEL_MM);
    const click: Vec2 = [truth.as[0] / 2 + 1, truth.as[1] + 3];
    const r = snapPoint(image, { point: click, key: 'as' });
    expect(Math.hypot((r.point[0] - truth.as[0] / 2) * 0.4, (r.point[1] - truth.as[1]) * 0.2)).toBeLessThan(0.2);
  });

  it("with polarity 'auto' a body darker than its disc (as on STIR) snaps too", () => {
    const body: SyntheticBody = { centre: [30, 30], width: 36, height: 24 };
    const bright = renderBodies([body], FIELD);
    const image = { ...bright, pixels: bright.pixels.map((v) => 400 - v) };
    const truth = sixPoints(body, PIXEL_MM);
    const click: Vec2 = [truth.ms[0], truth.ms[1] + 3];
    const r = snapPoint(image, { point: click, key: 'ms', placed: { as: truth.as }, polarity: 'auto' });
    expect(Math.abs(r.point[1] - truth.ms[1]) * PIXEL_MM).toBeLessThan(0.1);
  });
});
