/** Posterior wall, spinal canal and augmentation per vertebra (morphometry.md section 11). */
import { distance, unitOf, type Frame, type Point, type Unit } from './geometry';
import { adjacentLevels, compareLevels, type Level } from './levels';

export type PosteriorWall = 'intact' | 'retropulsed' | 'not-assessed';
export const POSTERIOR_WALLS: readonly PosteriorWall[] = ['intact', 'retropulsed', 'not-assessed'];
export const DEFAULT_POSTERIOR_WALL: PosteriorWall = 'not-assessed';

export type Augmentation = 'none' | 'vertebroplasty' | 'kyphoplasty' | 'other';
export const AUGMENTATIONS: readonly Augmentation[] = ['none', 'vertebroplasty', 'kyphoplasty', 'other'];
export const DEFAULT_AUGMENTATION: Augmentation = 'none';

/** The two ends of the antero-posterior canal line at the level of the body's middle. */
export interface CanalInput {
  level: Level;
  points: readonly [Point, Point];
  frame: Frame;
}

export interface CanalResult {
  level: Level;
  unit: Unit;
  canalDiameter: number;
  /** Mean canal diameter of the adjacent levels with one (one or two of them, same unit); null without. */
  canalReference: number | null;
  /** 1 - d / d_ref, a fraction; null without a reference. */
  canalCompromise: number | null;
}

/**
 * Canal diameters and their compromise against the adjacent levels. `levels` are every level of the reading
 * (measured or only judged): adjacency is that of section 1, where a T13 or L6 exists only if it is in the
 * reading, so a neighbour is an adjacent level that has a canal diameter, never one further away.
 */
export function measureCanal(canals: readonly CanalInput[], levels: Iterable<Level> = []): CanalResult[] {
  const diameters = new Map(
    canals.map((c) => [c.level, { unit: unitOf(c.frame), d: distance(c.points[0], c.points[1], c.frame) }] as const),
  );
  const present = new Set<Level>([...levels, ...diameters.keys()]);
  return [...canals]
    .sort((a, b) => compareLevels(a.level, b.level))
    .map((c) => {
      const own = diameters.get(c.level) as { unit: Unit; d: number };
      // Diameters in px and in mm are not comparable, so a neighbour in the other unit is no reference.
      const references = adjacentLevels(c.level, present)
        .map((level) => diameters.get(level))
        .filter((n): n is { unit: Unit; d: number } => n !== undefined && n.unit === own.unit && n.d > 0)
        .map((n) => n.d);
      const canalReference = references.length > 0 ? references.reduce((a, b) => a + b, 0) / references.length : null;
      return {
        level: c.level,
        unit: own.unit,
        canalDiameter: own.d,
        canalReference,
        canalCompromise: canalReference === null ? null : 1 - own.d / canalReference,
      };
    });
}
