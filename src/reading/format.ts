/**
 * How results are written for a reader, shared by the image label (viewer) and the panel (ui), so that
 * both always say the same thing. Rounding: heights 1 decimal, ratios 2, height loss % 1; a ratio or loss that
 * would round onto a grade threshold without being on it gets the digits that show its side (19.97, not 20.0 beside G0).
 */
import { GRADE_THRESHOLDS, TOLERANCE, type DeformityType, type Grade, type Method, type VertebraResult } from '../morphometry';
import type { ResultRow } from './results';

export const GRADE_COLOURS: Readonly<Record<Grade, string>> = {
  0: '#3fb950',
  1: '#e3b341',
  2: '#f0883e',
  3: '#ff5a5a',
};

export const GRADE_NAMES: Readonly<Record<Grade, string>> = {
  0: 'normal',
  1: 'mild',
  2: 'moderate',
  3: 'severe',
};

export const METHOD_NAMES: Readonly<Record<Method, string>> = {
  'own-posterior': 'own posterior + adjacent',
  adjacent: 'adjacent reference',
};

export function formatHeight(value: number): string {
  return value.toFixed(1);
}

export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : offThreshold(value, 2, RATIO_THRESHOLDS, TOLERANCE);
}

/** The ratios of the grade thresholds (Ha/Hp 0.80 is a 20% loss) and the losses in %. */
const RATIO_THRESHOLDS = GRADE_THRESHOLDS.map((t) => Number((1 - t).toFixed(2)));
const LOSS_THRESHOLDS = GRADE_THRESHOLDS.map((t) => Number((t * 100).toFixed(6)));

/**
 * `value` with `digits` decimals, or more (up to three more) while the rounded text is a threshold that the value
 * is not on: the text then says on which side of it the grade was decided.
 */
function offThreshold(value: number, digits: number, thresholds: readonly number[], tolerance: number): string {
  for (let d = digits; d < digits + 3; d++) {
    const text = value.toFixed(d);
    if (!thresholds.some((t) => Number(text) === t && Math.abs(value - t) > tolerance)) return text;
  }
  return value.toFixed(digits + 3);
}

/** Signed degrees with one decimal; a value that rounds to zero is "0.0", never "-0.0". */
export function formatAngle(degrees: number): string {
  const text = degrees.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** A fraction as a percentage with one decimal: 0.2814 -> "28.1". */
export function formatLoss(fraction: number): string {
  return offThreshold(fraction * 100, 1, LOSS_THRESHOLDS, TOLERANCE * 100);
}

export function gradeText(grade: Grade, type: DeformityType | null): string {
  return type ? `G${grade} ${type}` : `G${grade}`;
}

/**
 * The ratio that drove the grade: Hm/Hp of a biconcave body, Hp/adj of a crushed one, otherwise (a wedge, or a
 * normal body) Ha/Hp, e.g. `Hm/Hp 0.72`.
 */
export function gradingRatio(result: VertebraResult): string {
  if (result.type === 'biconcave') return `Hm/Hp ${formatRatio(result.biconcaveRatio)}`;
  if (result.type === 'crush') return `Hp/adj ${formatRatio(result.crushRatio)}`;
  return `Ha/Hp ${formatRatio(result.wedgeRatio)}`;
}

/** True when the placement or the label of a row needs the reader's check (morphometry.md section 2a). */
export function needsCheck(row: ResultRow): boolean {
  return row.result.placement === 'check' || row.result.levelOrder !== undefined;
}

/**
 * The label drawn beside a vertebra on the image, e.g. `L1  Ha/Hp 0.72  G2 wedge`, `  kyphoplasty` when treated,
 * and `  ⚠ check` when its placement or label needs checking.
 */
export function annotationLabel(row: ResultRow): string {
  const { result } = row;
  const treated = row.augmentation !== 'none' ? `  ${row.augmentation === 'other' ? 'augmented' : row.augmentation}` : '';
  return `${row.level}  ${gradingRatio(result)}  ${gradeText(result.grade, result.type)}${treated}${needsCheck(row) ? '  ⚠ check' : ''}`;
}

/** What the label says under its first line: the swap note, the placement check, the level order. */
export function annotationNotes(row: ResultRow): string[] {
  return [...row.placementNotes, ...(row.result.levelOrder ?? [])];
}
