/**
 * How results are written for a reader, shared by the image label (viewer) and the panel (ui), so that
 * both always say the same thing. Rounding: heights 1 decimal, ratios 2, height loss % 1.
 */
import type { DeformityType, Grade, Method, VertebraResult } from '../morphometry';
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
