/**
 * The next vertebra proposed (issue 17). PURE: the six points of the measured neighbours in, the six points of
 * the next body out; no DOM, no Cornerstone, no pixels (the snap onto the image is `snapProposal`, with the image
 * analysis passed in).
 *
 * Coordinates are any isotropic 2-D frame of the image plane (mm, or canvas pixels): only distances and angles
 * are used. The proposal continues the column from its nearest measured bodies:
 *  - orientation: each body's angle is square to its posterior wall; the next one turns by as much as
 *    the last one turned from the one before (the spine's curve, at most 12 degrees a level);
 *  - spacing: the disc between the last two bodies (between the middles of their facing corners: an endplate's
 *    midpoint sinks in a concave fracture), turned by that curve, puts the new body's facing endplate beyond the
 *    last body;
 *  - size: the posterior height (the wall least changed by a wedge or biconcave fracture) continues the line fitted
 *    through the measured bodies (up to the five nearest) that are not crushed (posterior height below 80% of the
 *    bodies' median): a crushed neighbour neither shrinks the next body nor bends the trend; the depth likewise
 *    (a crushed body also spreads);
 *  - shape: the outline of the least deformed of the three nearest uncrushed neighbours (the one whose anterior and
 *    middle heights are nearest its posterior one), scaled to that size; a fractured neighbour is so not copied.
 * Travelling cranially is the same with the endplates' roles swapped.
 */
import type { SnapKey, Vec2 } from './endplateSnap';

export type Six = Record<SnapKey, Vec2>;
export type Travel = 'caudal' | 'cranial';

const KEYS: readonly SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];
/** The endplate facing the direction of travel, and the one facing back. */
const SUPERIOR: readonly SnapKey[] = ['as', 'ms', 'ps'];
const INFERIOR: readonly SnapKey[] = ['ai', 'mi', 'pi'];
const SWAP: Record<SnapKey, SnapKey> = { as: 'ai', ms: 'mi', ps: 'pi', ai: 'as', mi: 'ms', pi: 'ps' };
/** A column turns by a few degrees per level; more between two measured bodies is a misplacement, not a curve. */
const MAX_TURN_RAD = (12 * Math.PI) / 180;
/** A trend of more than this per level (heights grow about 3-7% a level down the spine) is not extrapolated. */
const MAX_GROWTH = 1.12;
/** A body this much smaller than its neighbour is crushed, however even its heights. */
const CRUSH_RATIO = 0.8;

/**
 * The six points of the body next to `neighbours[0]` in the direction of travel (caudal: below it). `neighbours`
 * are the measured bodies nearest first, adjacent levels without gaps; at least two. Null with fewer, or when they
 * are degenerate (a body of no height).
 */
export function proposeNextVertebra(neighbours: readonly Six[], travel: Travel): Six | null {
  if (neighbours.length < 2) return null;
  // Cranial travel is caudal travel with each body's superior and inferior endplates exchanged.
  const bodies = travel === 'caudal' ? neighbours : neighbours.map(swapped);
  const maybe = bodies.map(frameOf);
  if (maybe.some((f) => f === null)) return null;
  const frames = maybe as Frame[];
  const [f1, f2] = frames as [Frame, Frame, ...Frame[]];
  const [b1, b2] = bodies as [Six, Six, ...Six[]];

  const turn = clamp(wrapAngle(f1.angle - f2.angle), -MAX_TURN_RAD, MAX_TURN_RAD);
  const angle = f1.angle + turn;
  // Disc: from the last-but-one body's far endplate to the last body's near one, between the corners (a midpoint
  // sinks with a concave fracture and would widen the disc).
  const disc = rotate(sub(midpoint(b1.as, b1.ps), midpoint(b2.ai, b2.pi)), turn);
  const entry = add(midpoint(b1.ai, b1.pi), disc);

  // Size and shape from the bodies a fracture has not crushed: a crushed neighbour says nothing of the next body.
  const normal = notCrushed(frames);
  const height = fitNext(frames.map((f) => f.hp), normal);
  const depth = fitNext(frames.map((f) => f.depth), normal);
  const shapes = frames.slice(0, 3).filter((_, i) => normal[i]);
  const template = (shapes.length ? shapes : [f1]).reduce((best, f) => (shapeScore(f) > shapeScore(best) ? f : best));

  const result = {} as Record<SnapKey, Vec2>;
  for (const key of KEYS) {
    // The template point in its own frame (origin between its superior corners, x along the endplate), scaled.
    const local = template.local[key];
    const scaled: Vec2 = [(local[0] * depth) / template.depth, (local[1] * height) / template.hp];
    result[key] = add(entry, rotate(scaled, angle));
  }
  return travel === 'caudal' ? result : swapped(result);
}

/** Snaps the six proposed points onto the image, as a reader's clicks would be. */
export type SnapOne = (point: Vec2, key: SnapKey, placed: Partial<Six>) => Vec2 | null;

/**
 * The proposal moved onto the image's edges with the reader's own snap: first the endplate facing the measured
 * neighbour (where the proposal is surest), then the far one, moved first by as much as the near one moved (an
 * error of the disc's estimate moves the whole body), then snapped. Each point is snapped with the points already
 * settled as its context, as in placement. Returns the points and how many snapped.
 */
export function snapProposal(proposal: Six, travel: Travel, snap: SnapOne): { points: Six; snapped: number } {
  const near = travel === 'caudal' ? SUPERIOR : INFERIOR;
  const far = travel === 'caudal' ? INFERIOR : SUPERIOR;
  const points: Partial<Six> = {};
  let snapped = 0;
  const moves: Vec2[] = [];
  for (const key of near) {
    const to = snap(proposal[key], key, ordered(points));
    if (to) {
      snapped++;
      moves.push(sub(to, proposal[key]));
    }
    points[key] = to ?? proposal[key];
  }
  const shift: Vec2 = moves.length ? [mean(moves.map((m) => m[0])), mean(moves.map((m) => m[1]))] : [0, 0];
  for (const key of far) {
    const start = add(proposal[key], shift);
    const to = snap(start, key, ordered(points));
    if (to) snapped++;
    points[key] = to ?? start;
  }
  return { points: points as Six, snapped };
}

/** The placed points in the reading order, which the snap reads as "placed before". */
function ordered(points: Partial<Six>): Partial<Six> {
  return Object.fromEntries(KEYS.filter((k) => points[k]).map((k) => [k, points[k]])) as Partial<Six>;
}

interface Frame {
  /** Direction of the endplates (anterior to posterior), as an angle. */
  angle: number;
  hp: number;
  ha: number;
  hm: number;
  /** Mean length of the two endplates. */
  depth: number;
  /** Each point relative to the middle of the superior corners, in the body's frame. */
  local: Record<SnapKey, Vec2>;
}

function frameOf(p: Six): Frame | null {
  const sup = sub(p.ps, p.as);
  const inf = sub(p.pi, p.ai);
  const depth = (length(sup) + length(inf)) / 2;
  if (depth === 0) return null;
  // The posterior wall is the part of a body a fracture changes least: its perpendicular is the body's direction,
  // turned toward the endplates' own (anterior to posterior).
  const wall = sub(p.pi, p.ps);
  const endplates = unit(add(unit(sup), unit(inf)));
  const across = unit([wall[1], -wall[0]]);
  const dir = dot(across, endplates) >= 0 ? across : ([-across[0], -across[1]] as Vec2);
  const angle = Math.atan2(dir[1], dir[0]);
  const hp = length(sub(p.pi, p.ps));
  if (hp === 0) return null;
  const local = Object.fromEntries(
    KEYS.map((k) => {
      const d = sub(p[k], midpoint(p.as, p.ps));
      // Coordinates in the body's frame (dir, perp), perp = dir turned +90 degrees: a proper rotation of the
      // plane, so that `rotate(local, angle)` puts the point back whichever way the image is mirrored.
      return [k, [dot(d, dir), dot(d, [-dir[1], dir[0]])]];
    }),
  ) as unknown as Record<SnapKey, Vec2>;
  return { angle, hp, ha: length(sub(p.ai, p.as)), hm: length(sub(p.mi, p.ms)), depth, local };
}

/** How little a body is deformed: its smallest height over its posterior one (1 for a rectangle). */
function shapeScore(f: Frame): number {
  return Math.min(f.ha, f.hm, f.hp) / Math.max(f.ha, f.hm, f.hp);
}

/**
 * A body is crushed when its posterior height is well below its neighbours' (the median of the measured bodies, or
 * with only two, the larger): a crush keeps its proportions, so only the comparison with the column shows it.
 */
function notCrushed(frames: readonly Frame[]): boolean[] {
  const heights = frames.map((f) => f.hp);
  const reference = heights.length >= 3 ? median(heights) : Math.max(...heights);
  return heights.map((h) => h >= CRUSH_RATIO * reference);
}

/**
 * The next value of a size over the levels (nearest first, adjacent levels): the least-squares line through the
 * values of the bodies that count (`ok`), one level beyond the nearest, its growth capped at `MAX_GROWTH` a level
 * (heights and depths grow a few percent a level down the spine; a steeper trend is a measurement, not anatomy).
 */
function fitNext(values: readonly number[], ok: readonly boolean[]): number {
  const points = values.map((v, i) => [i, v] as const).filter((_, i) => ok[i]);
  if (points.length === 0) return Math.max(...values);
  if (points.length === 1) return points[0]![1];
  const mx = mean(points.map((p) => p[0]));
  const my = mean(points.map((p) => p[1]));
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  // Level offsets grow away from the direction of travel: the next body is at -1.
  const atNearest = my - slope * mx;
  const next = atNearest - slope;
  return clamp(next, atNearest / MAX_GROWTH, atNearest * MAX_GROWTH);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

function swapped(p: Six): Six {
  return Object.fromEntries(KEYS.map((k) => [k, p[SWAP[k]]])) as Six;
}

function wrapAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function rotate([x, y]: Vec2, a: number): Vec2 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [c * x - s * y, s * x + c * y];
}

function add(a: Vec2, b: Vec2): Vec2 {
  return [a[0] + b[0], a[1] + b[1]];
}

function sub(a: Vec2, b: Vec2): Vec2 {
  return [a[0] - b[0], a[1] - b[1]];
}

function dot(a: Vec2, b: Vec2): number {
  return a[0] * b[0] + a[1] * b[1];
}

function length(a: Vec2): number {
  return Math.hypot(a[0], a[1]);
}

function unit(a: Vec2): Vec2 {
  const l = length(a);
  return l === 0 ? [0, 0] : [a[0] / l, a[1] / l];
}

function midpoint(a: Vec2, b: Vec2): Vec2 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
