/** A whole reading: heights, ratios, adjacent references, grades and the SDI (morphometry.md sections 3-5). */
import type { PixelSpacing, Space, Unit } from './geometry';
import { gradeLosses, type DeformityType, type Grade, type Grading } from './grading';
import { measureHeights, type Heights } from './heights';
import { regionalAngles, segmentalKyphosis, vertebralKyphosis, type AngleVertebra } from './kyphosis';
import { adjacentLevels, compareLevels, type Level } from './levels';
import type { SixPoints } from './points';
import { spinalDeformityIndex } from './sdi';

export type Method = 'own-posterior' | 'adjacent';

export const METHODS: readonly Method[] = ['own-posterior', 'adjacent'];

export const DEFAULT_METHOD: Method = 'own-posterior';

export interface VertebraInput {
  level: Level;
  points: SixPoints;
  /** Default `image`. */
  space?: Space;
  /** Overrides the reading's spacing; null means this image has none (heights in px). Ignored in patient space. */
  pixelSpacing?: PixelSpacing | null;
  /**
   * Which image (or volume) the points are on, for the angles between two vertebrae (section 10): lines on
   * different images have no angle. Absent: all vertebrae of the reading are on one image.
   */
  image?: string;
}

export interface MeasureOptions {
  method?: Method;
  /** Spacing for every image-space vertebra that has none of its own. */
  pixelSpacing?: PixelSpacing | null;
}

export interface VertebraResult {
  level: Level;
  unit: Unit;
  ha: number;
  hm: number;
  hp: number;
  wedgeRatio: number;
  biconcaveRatio: number;
  /** Mean hp of the adjacent measured levels; null when none is measured. */
  hpAdjacent: number | null;
  crushRatio: number | null;
  wedgeAngle: number;
  heightLoss: number;
  grade: Grade;
  type: DeformityType | null;
  /** Degrees between own superior and inferior endplates, positive = kyphosis (section 10); magnitude wedgeAngle. */
  vertebralKyphosis: number;
  /** Degrees from the superior endplate of the level above to the inferior endplate of the level below; null without both. */
  segmentalKyphosis: number | null;
  /**
   * Only when the adjacent method was asked for: the method that produced heightLoss, grade and type
   * here, and whether it fell back to own-posterior because no adjacent level was measured.
   */
  method?: Method;
  fallback?: boolean;
}

export interface MeasureResult {
  method: Method;
  /** Cranial to caudal. */
  vertebrae: VertebraResult[];
  /** Sum of grades over T4..L4. */
  sdi: number;
  /** Measured levels within T4..L4. */
  levelsMeasured: number;
  /** T4 superior to T12 inferior endplate, positive = kyphosis; null unless both are measured on one image. */
  thoracicKyphosis: number | null;
  /** L1 superior to L5 inferior endplate, positive = lordosis; null unless both are measured on one image. */
  lumbarLordosis: number | null;
}

interface Measured extends Heights {
  level: Level;
  angles: AngleVertebra;
}

/** Assumes valid input (see validateLandmarkDocument): known, distinct levels and non-zero heights. */
export function measureVertebrae(vertebrae: readonly VertebraInput[], options: MeasureOptions = {}): MeasureResult {
  const method = options.method ?? DEFAULT_METHOD;
  const measured: Measured[] = [...vertebrae]
    .sort((a, b) => compareLevels(a.level, b.level))
    .map((v) => {
      const frame = {
        space: v.space ?? 'image',
        pixelSpacing: v.pixelSpacing === undefined ? (options.pixelSpacing ?? null) : v.pixelSpacing,
      };
      const angles = { level: v.level, points: v.points, frame, ...(v.image !== undefined && { image: v.image }) };
      return { level: v.level, angles, ...measureHeights(v.points, frame) };
    });
  const byLevel = new Map(measured.map((m) => [m.level, m]));
  const levels = new Set(byLevel.keys());
  const angles = new Map(measured.map((m) => [m.level, m.angles]));

  const results = measured.map((m) => {
    // Heights in px and in mm are not comparable, so a neighbour in the other unit is no reference.
    const neighbours = adjacentLevels(m.level, levels)
      .map((level) => byLevel.get(level) as Measured)
      .filter((n) => n.unit === m.unit);
    return {
      ...measureOne(m, neighbours, method),
      vertebralKyphosis: vertebralKyphosis(m.angles),
      segmentalKyphosis: segmentalKyphosis(m.level, angles),
    };
  });
  return { method, vertebrae: results, ...spinalDeformityIndex(results), ...regionalAngles(angles) };
}

type Morphometry = Omit<VertebraResult, 'vertebralKyphosis' | 'segmentalKyphosis'>;

function measureOne(m: Measured, neighbours: readonly Measured[], method: Method): Morphometry {
  const wedgeRatio = m.ha / m.hp;
  const biconcaveRatio = m.hm / m.hp;
  const hpAdjacent = neighbours.length > 0 ? mean(neighbours.map((n) => n.hp)) : null;
  const crushRatio = hpAdjacent === null ? null : m.hp / hpAdjacent;
  const common = {
    level: m.level,
    unit: m.unit,
    ha: m.ha,
    hm: m.hm,
    hp: m.hp,
    wedgeRatio,
    biconcaveRatio,
    hpAdjacent,
    crushRatio,
    wedgeAngle: m.wedgeAngle,
  };
  const ownPosterior = (): Grading =>
    gradeLosses({
      wedge: 1 - wedgeRatio,
      biconcave: 1 - biconcaveRatio,
      ...(crushRatio === null ? {} : { crush: 1 - crushRatio }),
    });
  if (method === 'own-posterior') return { ...common, ...ownPosterior() };
  if (neighbours.length === 0) return { ...common, ...ownPosterior(), method: 'own-posterior', fallback: true };
  // Expected heights come from the neighbours: anterior loss reads as wedge, middle as biconcave, posterior as crush.
  const adjacent = gradeLosses({
    wedge: 1 - m.ha / mean(neighbours.map((n) => n.ha)),
    biconcave: 1 - m.hm / mean(neighbours.map((n) => n.hm)),
    crush: 1 - m.hp / mean(neighbours.map((n) => n.hp)),
  });
  return { ...common, ...adjacent, method: 'adjacent', fallback: false };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
