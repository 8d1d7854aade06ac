/** The truth file of a phantom study: what was drawn, and what a correct reading of it finds. */
import { POINT_KEYS, distance, type PointKey, type Vertebra, type Vec2 } from './spine';

export const TRUTH_SCHEMA = 'kypho.phantom-truth/v1';

export type Edema = 'present' | 'absent' | 'not-assessed';
export type EdemaExtent = '<25%' | '25-74%' | '>=75%';
export type FractureAge = 'acute' | 'chronic' | 'indeterminate';

export interface TruthVertebra {
  level: string;
  seriesInstanceUid: string;
  /** The image the points are on; for the CT, the points are in patient space instead. */
  sopInstanceUid: string | null;
  space: 'image' | 'patient';
  /** `[column, row]` pixels on that image, or `[x, y, z]` patient mm (CT). */
  points: Record<PointKey, number[]>;
  /** CT only: the nearest axial slice to each point and the point's pixel position on it. */
  nearestSlices?: Record<PointKey, { sopInstanceUid: string; instanceNumber: number; column: number; row: number; distanceMm: number }>;
  ha: number;
  hm: number;
  hp: number;
  /** What morphometry.md section 4 must find here (own posterior + adjacent, every listed level measured). */
  expected: { grade: 0 | 1 | 2 | 3; type: 'wedge' | 'biconcave' | 'crush' | null };
  edema: Edema;
  edemaExtent?: EdemaExtent;
  /** Edematous fraction of the body's mid-sagittal area, when present. */
  edemaFraction?: number;
  /** Fracture age as morphometry.md section 7 derives it from this study alone. */
  age: FractureAge;
  /** What the phantom's fracture really is (its story), whatever this study can show. */
  phantomFracture: 'acute' | 'chronic' | null;
  /** Morphometry.md section 10, degrees, positive = kyphosis: own endplates, and level above to level below. */
  vertebralKyphosis: number;
  segmentalKyphosis: number | null;
  /** Section 11, where this study shows it: the wall as drawn, the treatment, the canal line at mid-body. */
  posteriorWall?: 'intact' | 'retropulsed';
  augmentation?: 'kyphoplasty';
  canal?: TruthCanal;
}

/**
 * The canal's antero-posterior diameter line at the middle of the body: from the posterior wall (where it
 * bulges most, if retropulsed) straight back to the front of the laminae, in the study's points' space.
 */
export interface TruthCanal {
  points: [number[], number[]];
  diameter: number;
  /** 1 - d / mean(d of the adjacent levels with a canal line), as section 11 defines it. */
  compromise: number | null;
}

export interface StudyTruth {
  schema: typeof TRUTH_SCHEMA;
  generator: { version: number; seed: number };
  study: { id: string; title: string; modality: string; studyInstanceUid: string; studyDate: string; patientName: string; patientId: string };
  calibration: { label: 'mm' | 'mm (ERMF)'; pixelSpacing: [number, number] | null; imagerPixelSpacing?: [number, number]; estimatedRadiographicMagnificationFactor?: number };
  /** How the corners are drawn, for anyone measuring them from the pixels. */
  drawing: string;
  series: { seriesInstanceUid: string; seriesDescription: string; modality: string; files: string[] }[];
  /** Other images on which the same image points hold (the STIR slice matching the T1 slice). */
  samePointsOn?: { seriesInstanceUid: string; sopInstanceUid: string; file: string }[];
  vertebrae: TruthVertebra[];
  /** Section 10 over the levels listed: T4 superior to T12 inferior, L1 superior to L5 inferior (+ = lordosis). */
  thoracicKyphosis: number | null;
  lumbarLordosis: number | null;
  expectedSdi: number;
  levelsMeasured: number;
  teaching: string[];
}

export function extentOf(fraction: number): EdemaExtent {
  return fraction < 0.25 ? '<25%' : fraction < 0.75 ? '25-74%' : '>=75%';
}

/** Heights from the drawn points (spine mm), as section 3 defines them. */
export function heightsOf(v: Vertebra): { ha: number; hm: number; hp: number } {
  return { ha: distance(v.points.as, v.points.ai), hm: distance(v.points.ms, v.points.mi), hp: distance(v.points.ps, v.points.pi) };
}

export function mapPoints(v: Vertebra, f: (p: Vec2) => number[]): Record<PointKey, number[]> {
  const out = {} as Record<PointKey, number[]>;
  for (const key of POINT_KEYS) out[key] = f(v.points[key]);
  return out;
}

/** Rounds for a readable file; 1e-6 px or mm is far below anything measured. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const GRADED = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4'];

export function sdiOf(vertebrae: readonly TruthVertebra[]): { expectedSdi: number; levelsMeasured: number } {
  const graded = vertebrae.filter((v) => GRADED.includes(v.level));
  return { expectedSdi: graded.reduce((sum, v) => sum + v.expected.grade, 0), levelsMeasured: graded.length };
}

/**
 * The signed angle (degrees) between the superior endplate (ps -> as) of `upper` and the inferior endplate
 * (pi -> ai) of `lower`, morphometry.md section 10: the unsigned angle between the lines, positive when they
 * converge anteriorly (the anterior ends closer than the posterior ends). Spine coordinates (mm).
 */
export function endplateAngle(upper: Vertebra, lower: Vertebra): number {
  const d1 = [upper.points.as[0] - upper.points.ps[0], upper.points.as[1] - upper.points.ps[1]];
  const d2 = [lower.points.ai[0] - lower.points.pi[0], lower.points.ai[1] - lower.points.pi[1]];
  const cos = Math.abs(d1[0]! * d2[0]! + d1[1]! * d2[1]!) / (Math.hypot(d1[0]!, d1[1]!) * Math.hypot(d2[0]!, d2[1]!));
  const degrees = (Math.acos(Math.min(1, cos)) * 180) / Math.PI;
  return distance(upper.points.as, lower.points.ai) < distance(upper.points.ps, lower.points.pi) ? degrees : -degrees;
}

/** The angles of section 10 for a study that lists `levels` (contiguous, cranial to caudal) of `spine`. */
export function anglesOf(spine: readonly Vertebra[], levels: readonly string[]) {
  const at = (level: string) => spine.find((v) => v.level === level) as Vertebra;
  const has = (level: string) => levels.includes(level);
  const perLevel = new Map(
    levels.map((level, i) => {
      const above = levels[i - 1];
      const below = levels[i + 1];
      const segmental = above && below ? round6(endplateAngle(at(above), at(below))) : null;
      return [level, { vertebralKyphosis: round6(endplateAngle(at(level), at(level))), segmentalKyphosis: segmental }] as const;
    }),
  );
  return {
    of: (level: string) => perLevel.get(level) as { vertebralKyphosis: number; segmentalKyphosis: number | null },
    thoracicKyphosis: has('T4') && has('T12') ? round6(endplateAngle(at('T4'), at('T12'))) : null,
    lumbarLordosis: has('L1') && has('L5') ? round6(-endplateAngle(at('L1'), at('L5'))) : null,
  };
}
