/**
 * Placement checks (morphometry.md section 2a): a wrong placement never becomes a silent grade.
 * - A vertebra placed the other way round on an image that says where anterior and superior are is put back in
 *   anatomical order, and says what was swapped.
 * - Where the image does not say, a vertebra whose anterior (or superior) side is opposite to that of the other
 *   vertebrae measured on the same image is flagged `check`.
 * - Labels that contradict the cranio-caudal positions of the bodies on one image are flagged on every row involved.
 */
import { delta, type Frame } from './geometry';
import { compareLevels, type Level } from './levels';
import { dot, type AnatomicalDirections } from './orientation';
import type { SixPoints } from './points';

/**
 * What was swapped: the whole body's anterior and posterior pairs, its superior and inferior endplates, or one
 * endplate's corners alone (that endplate clicked posterior first, as when the outline is traced round the body).
 */
export type Swap = 'anterior-posterior' | 'superior-inferior' | 'superior-endplate' | 'inferior-endplate';

/** Every swap, in the order the notes name them. */
export const SWAPS: readonly Swap[] = ['anterior-posterior', 'superior-endplate', 'inferior-endplate', 'superior-inferior'];

export interface Ordered {
  points: SixPoints;
  /** What was swapped to put the points back in anatomical order; empty when they were placed right. */
  swapped: Swap[];
}

const IMAGE_FRAME: Frame = { space: 'image', pixelSpacing: null };

/** The vector from a body's posterior wall to its anterior wall (mid-points), in mm (or px). */
export function anteriorVector(points: SixPoints, frame: Frame = IMAGE_FRAME): number[] {
  return delta(mean([points.ps, points.pi]), mean([points.as, points.ai]), frame);
}

/** The vector from the inferior endplate to the superior one (mean of their three points). */
export function superiorVector(points: SixPoints, frame: Frame = IMAGE_FRAME): number[] {
  return delta(mean([points.ai, points.mi, points.pi]), mean([points.as, points.ms, points.ps]), frame);
}

/**
 * The six points in anatomical order: the anterior pair swapped with the posterior one when the reader placed
 * the posterior wall first (each endplate on its own: one endplate clicked posterior first, the other not, would
 * otherwise measure the body's diagonals as heights), the superior endplate with the inferior one when placed
 * inferior first. Heights are then those the reader meant. Directions the image does not give are left as placed.
 */
export function anatomicalOrder(points: SixPoints, directions: AnatomicalDirections, frame: Frame = IMAGE_FRAME): Ordered {
  let ordered = points;
  const swapped: Swap[] = [];
  if (directions.anterior) {
    const reversed = (front: readonly number[], back: readonly number[]) => dot(delta(back, front, frame), directions.anterior!) < 0;
    const superior = reversed(points.as, points.ps);
    const inferior = reversed(points.ai, points.pi);
    if (superior) ordered = { ...ordered, as: ordered.ps, ps: ordered.as };
    if (inferior) ordered = { ...ordered, ai: ordered.pi, pi: ordered.ai };
    if (superior && inferior) swapped.push('anterior-posterior');
    else if (superior) swapped.push('superior-endplate');
    else if (inferior) swapped.push('inferior-endplate');
  }
  if (directions.superior && dot(superiorVector(ordered, frame), directions.superior) < 0) {
    ordered = { as: ordered.ai, ms: ordered.mi, ps: ordered.pi, ai: ordered.as, mi: ordered.ms, pi: ordered.ps };
    swapped.push('superior-inferior');
  }
  return { points: ordered, swapped };
}

/** `points swapped: placed posterior first`, or null when nothing was swapped. */
export function swapNote(swapped: readonly Swap[]): string | null {
  const what = [
    swapped.includes('anterior-posterior') && 'posterior first',
    swapped.includes('superior-endplate') && 'superior endplate posterior first',
    swapped.includes('inferior-endplate') && 'inferior endplate posterior first',
    swapped.includes('superior-inferior') && 'inferior endplate first',
  ].filter(Boolean);
  return what.length > 0 ? `points swapped: placed ${what.join(', ')}` : null;
}

export type PlacementStatus = 'ok' | 'check';

export interface PlacedVertebra {
  level: Level;
  points: SixPoints;
  frame: Frame;
  /** Vertebrae in one group lie on one image (or one volume): their positions and directions compare. */
  group: string;
  /** The image said where anterior and superior are, so the points are in anatomical order already. */
  orientationKnown: boolean;
}

export interface PlacementCheck {
  placement: PlacementStatus;
  /** Why the placement needs checking, e.g. `check placement: anterior side opposite to the other vertebrae's`. */
  note: string | null;
}

/**
 * The neighbour rule, for vertebrae on images without orientation: a vertebra whose anterior (or superior) side
 * points the other way from most of the other vertebrae of its group is flagged. With two vertebrae of opposite
 * sides both are flagged: which one is wrong cannot be told.
 */
export function placementChecks(vertebrae: readonly PlacedVertebra[]): Map<Level, PlacementCheck> {
  const checks = new Map<Level, PlacementCheck>();
  const vectors = vertebrae.map((v) => ({
    v,
    anterior: anteriorVector(v.points, v.frame),
    superior: superiorVector(v.points, v.frame),
  }));
  for (const { v, anterior, superior } of vectors) {
    const others = vectors.filter((o) => o.v !== v && o.v.group === v.group);
    const opposite = (mine: number[], pick: (o: (typeof vectors)[number]) => number[]) => {
      const signs = others.map((o) => Math.sign(dot(mine, pick(o))));
      return signs.filter((s) => s < 0).length > signs.filter((s) => s > 0).length;
    };
    const sides = v.orientationKnown
      ? []
      : [opposite(anterior, (o) => o.anterior) && 'anterior', opposite(superior, (o) => o.superior) && 'superior'].filter(
          (side): side is string => typeof side === 'string',
        );
    // Whatever the image says: endplates that run opposite ways cross, and their "heights" are diagonals.
    const crossed = dot(delta(v.points.ps, v.points.as, v.frame), delta(v.points.pi, v.points.ai, v.frame)) < 0;
    const tall = tallerThanPosterior(v);
    const notes = [
      ...(sides.length > 0 ? [`${sides.join(' and ')} side opposite to the other vertebrae's`] : []),
      ...(crossed ? ['its endplates run opposite ways (one placed posterior first?)'] : []),
      ...(tall ? [`${tall.height} is ${tall.ratio.toFixed(2)} times Hp, more than a vertebral body has (a point on a neighbour?)`] : []),
    ];
    checks.set(v.level, notes.length > 0 ? { placement: 'check', note: `check placement: ${notes.join('; ')}` } : { placement: 'ok', note: null });
  }
  return checks;
}

/**
 * No vertebral body is this much taller in front or in the middle than at the back (a reverse wedge of L5 is about
 * 1.2): beyond it a point is on a neighbour or a click slipped across the disc, and the "normal" grade a fracture
 * turned into (Ha/Hp 1.9 is no loss at all) must not be read as one.
 */
const MAX_HEIGHT_OVER_POSTERIOR = 1.4;

function tallerThanPosterior(v: PlacedVertebra): { height: 'Ha' | 'Hm'; ratio: number } | null {
  const length = (a: keyof SixPoints, b: keyof SixPoints) => Math.hypot(...delta(v.points[a], v.points[b], v.frame));
  const hp = length('ps', 'pi');
  if (!(hp > 0)) return null;
  const ha = length('as', 'ai') / hp;
  const hm = length('ms', 'mi') / hp;
  const [height, ratio] = ha >= hm ? (['Ha', ha] as const) : (['Hm', hm] as const);
  return ratio > MAX_HEIGHT_OVER_POSTERIOR ? { height, ratio } : null;
}

/** Each body's position along the cranial axis of its group (larger is more cranial), in mm (or px). */
function cranialPositions(group: readonly PlacedVertebra[]): Map<Level, number> {
  // The bodies' own superior sides give the cranial axis; on an image with orientation they are in anatomical order.
  const axis = [0, 0, 0];
  for (const v of group) {
    const s = superiorVector(v.points, v.frame);
    const length = Math.hypot(...s);
    s.forEach((si, i) => (axis[i] = (axis[i] as number) + (length > 0 ? si / length : 0)));
  }
  const origin = group[0]?.points.as ?? [0, 0, 0];
  return new Map(
    group.map((v) => {
      const centre = mean([v.points.as, v.points.ms, v.points.ps, v.points.ai, v.points.mi, v.points.pi]);
      return [v.level, dot(delta(origin, centre, v.frame), axis)];
    }),
  );
}

function byGroup(vertebrae: readonly PlacedVertebra[]): PlacedVertebra[][] {
  const groups = new Map<string, PlacedVertebra[]>();
  for (const v of vertebrae) groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
  return [...groups.values()];
}

/**
 * Level order: per group, each pair of labels next to each other in the order of section 1 whose bodies lie the
 * other way round gives `T6 lies above T5`, on both rows.
 */
export function levelOrderProblems(vertebrae: readonly PlacedVertebra[]): Map<Level, string[]> {
  const problems = new Map<Level, string[]>();
  const add = (level: Level, problem: string) => problems.set(level, [...(problems.get(level) ?? []), problem]);
  for (const group of byGroup(vertebrae)) {
    const position = cranialPositions(group);
    const sorted = [...group].sort((a, b) => compareLevels(a.level, b.level));
    sorted.slice(1).forEach((lower, i) => {
      const upper = sorted[i] as PlacedVertebra;
      if ((position.get(upper.level) as number) < (position.get(lower.level) as number)) {
        const problem = `${lower.level} lies above ${upper.level}`;
        add(upper.level, problem);
        add(lower.level, problem);
      }
    });
  }
  return problems;
}

/**
 * The labels of each group in order of the bodies' positions: the same labels, cranial first. Only the levels
 * whose label changes are returned (old -> new).
 */
export function relabelledInOrder(vertebrae: readonly PlacedVertebra[]): Map<Level, Level> {
  const changes = new Map<Level, Level>();
  for (const group of byGroup(vertebrae)) {
    const position = cranialPositions(group);
    const labels = group.map((v) => v.level).sort(compareLevels);
    const bodies = [...group].sort((a, b) => (position.get(b.level) as number) - (position.get(a.level) as number));
    bodies.forEach((body, i) => {
      const label = labels[i] as Level;
      if (label !== body.level) changes.set(body.level, label);
    });
  }
  return changes;
}

function mean(points: readonly (readonly number[])[]): number[] {
  const sum = [...(points[0] ?? [])].map(() => 0);
  for (const p of points) p.forEach((pi, i) => (sum[i] = (sum[i] as number) + pi));
  return sum.map((s) => s / points.length);
}
