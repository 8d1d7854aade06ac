/**
 * How results are written for a reader, shared by the image label (viewer) and the panel (ui), so that
 * both always say the same thing. Rounding: heights 1 decimal, ratios 2, height loss % 1.
 */
import type { DeformityType, Grade, Method } from '../morphometry';
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
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(2);
}

/** Signed degrees with one decimal; a value that rounds to zero is "0.0", never "-0.0". */
export function formatAngle(degrees: number): string {
  const text = degrees.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** A fraction as a percentage with one decimal: 0.2814 -> "28.1". */
export function formatLoss(fraction: number): string {
  return (fraction * 100).toFixed(1);
}

export function gradeText(grade: Grade, type: DeformityType | null): string {
  return type ? `G${grade} ${type}` : `G${grade}`;
}

/** The label drawn beside a vertebra on the image, e.g. `L1  Ha/Hp 0.72  G2 wedge`, and `  kyphoplasty` when treated. */
export function annotationLabel(row: ResultRow): string {
  const { result } = row;
  const treated = row.augmentation !== 'none' ? `  ${row.augmentation === 'other' ? 'augmented' : row.augmentation}` : '';
  return `${row.level}  Ha/Hp ${formatRatio(result.wedgeRatio)}  ${gradeText(result.grade, result.type)}${treated}`;
}
