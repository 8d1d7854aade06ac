/** Kyphosis angles from the six points, no extra clicks (morphometry.md section 10). */
import { angleBetweenLines, delta, distance, type Frame, type Point } from './geometry';
import { adjacentLevels, type Level } from './levels';
import type { SixPoints } from './points';

/** A directed endplate line, posterior end first (superior `ps`->`as`, inferior `pi`->`ai`). */
export interface Endplate {
  posterior: Point;
  anterior: Point;
}

export function superiorEndplate(points: SixPoints): Endplate {
  return { posterior: points.ps, anterior: points.as };
}

export function inferiorEndplate(points: SixPoints): Endplate {
  return { posterior: points.pi, anterior: points.ai };
}

/**
 * The signed angle in degrees between two endplate lines, in [-90, 90] (mm space; 3-D in patient space):
 * positive (kyphosis) when the lines converge anteriorly, i.e. the anterior endpoints are closer together
 * than the posterior ones; negative (lordosis) otherwise. The sign comes from distances, not from the
 * image's handedness, so it holds whether anterior is on the left or the right of the image.
 */
export function endplateAngle(upper: Endplate, lower: Endplate, frame: Frame): number {
  const angle = angleBetweenLines(delta(upper.posterior, upper.anterior, frame), delta(lower.posterior, lower.anterior, frame));
  if (angle === 0) return 0;
  const anterior = distance(upper.anterior, lower.anterior, frame);
  const posterior = distance(upper.posterior, lower.posterior, frame);
  return anterior < posterior ? angle : -angle;
}

/** One measured vertebra as the angles see it: its points and where they live. */
export interface AngleVertebra {
  level: Level;
  points: SixPoints;
  frame: Frame;
  /**
   * Which image (or volume) the points are on. Lines on two different images have no angle between them,
   * so two vertebrae with different keys give no segmental or regional angle; absent means "the same image".
   */
  image?: string;
}

/** Between V's own superior and inferior endplates; its magnitude is wedgeAngle. */
export function vertebralKyphosis(v: AngleVertebra): number {
  return endplateAngle(superiorEndplate(v.points), inferiorEndplate(v.points), v.frame);
}

/**
 * The angle from the superior endplate of `upper` to the inferior endplate of `lower`, or null when the two
 * are not measured in one frame: different images, image and patient space, or different pixel spacings.
 */
export function angleBetweenVertebrae(upper: AngleVertebra, lower: AngleVertebra): number | null {
  if (!sameFrame(upper, lower)) return null;
  return endplateAngle(superiorEndplate(upper.points), inferiorEndplate(lower.points), upper.frame);
}

function sameFrame(a: AngleVertebra, b: AngleVertebra): boolean {
  if ((a.image ?? null) !== (b.image ?? null) || a.frame.space !== b.frame.space) return false;
  if (a.frame.space === 'patient') return true;
  const [sa, sb] = [a.frame.pixelSpacing, b.frame.pixelSpacing];
  if (sa === null || sb === null) return sa === sb;
  return sa[0] === sb[0] && sa[1] === sb[1];
}

/**
 * The local kyphotic angle of V: from the superior endplate of the level above V to the inferior endplate
 * of the level below V, both measured and adjacent to V (section 1); null otherwise.
 */
export function segmentalKyphosis(level: Level, byLevel: ReadonlyMap<Level, AngleVertebra>): number | null {
  // Cranial first; two adjacent levels are necessarily one above and one below.
  const neighbours = adjacentLevels(level, new Set(byLevel.keys()));
  if (neighbours.length !== 2) return null;
  const [above, below] = neighbours as [Level, Level];
  return angleBetweenVertebrae(byLevel.get(above) as AngleVertebra, byLevel.get(below) as AngleVertebra);
}

export const THORACIC_KYPHOSIS = { from: 'T4', to: 'T12' } as const satisfies { from: Level; to: Level };
export const LUMBAR_LORDOSIS = { from: 'L1', to: 'L5' } as const satisfies { from: Level; to: Level };

export interface RegionalAngles {
  /** Superior endplate of T4 to inferior endplate of T12, positive = kyphosis; null unless both are measured. */
  thoracicKyphosis: number | null;
  /** Superior endplate of L1 to inferior endplate of L5 with the opposite sign: positive = lordosis, as quoted. */
  lumbarLordosis: number | null;
}

export function regionalAngles(byLevel: ReadonlyMap<Level, AngleVertebra>): RegionalAngles {
  const between = (from: Level, to: Level) => {
    const upper = byLevel.get(from);
    const lower = byLevel.get(to);
    return upper && lower ? angleBetweenVertebrae(upper, lower) : null;
  };
  const lordosis = between(LUMBAR_LORDOSIS.from, LUMBAR_LORDOSIS.to);
  return {
    thoracicKyphosis: between(THORACIC_KYPHOSIS.from, THORACIC_KYPHOSIS.to),
    // 0 - x, not -x, so that straight endplates give 0 and not -0.
    lumbarLordosis: lordosis === null ? null : 0 - lordosis,
  };
}
