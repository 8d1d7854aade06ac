/**
 * Which way is anterior and which way is superior (cranial) in the space of a vertebra's points
 * (morphometry.md section 2a): from Patient Orientation (0020,0020) of a projection image, from Image
 * Orientation (Patient) (0020,0037) of a cross-sectional image, or from the plane of a reformat.
 */
import { norm } from './geometry';

/**
 * Unit vectors in the points' own space: `[along a row (column index), down a column (row index)]` for image
 * points, `[x, y, z]` (DICOM LPS) for patient points. null where the image does not say.
 */
export interface AnatomicalDirections {
  anterior: number[] | null;
  superior: number[] | null;
}

export const UNKNOWN_DIRECTIONS: AnatomicalDirections = { anterior: null, superior: null };

/** In patient space (LPS) anterior is -y and superior (head) is +z. */
const ANTERIOR_LPS = [0, -1, 0];
const SUPERIOR_LPS = [0, 0, 1];

/**
 * A direction that lies mostly across the image plane (more than 60 degrees out of it) cannot tell which
 * side of a vertebra is which: a sagittal direction on an axial slice, for instance.
 */
const MIN_IN_PLANE = 0.5;

/**
 * Patient Orientation: two values, the direction of the rows (increasing column) and of the columns
 * (increasing row), each a string of A, P, R, L, H, F, the first letter the main one (`A\F`, `P\F`, `AH\F`).
 */
export function directionsFromPatientOrientation(value: string | readonly string[] | null | undefined): AnatomicalDirections {
  const parts = typeof value === 'string' ? value.split('\\') : [...(value ?? [])];
  if (parts.length !== 2) return UNKNOWN_DIRECTIONS;
  const [rows, columns] = parts.map((p) => p.trim().toUpperCase()) as [string, string];
  return {
    anterior: unitOrNull([letterWeight(rows, 'A', 'P'), letterWeight(columns, 'A', 'P')]),
    superior: unitOrNull([letterWeight(rows, 'H', 'F'), letterWeight(columns, 'H', 'F')]),
  };
}

/** +1 for the letter `plus`, -1 for `minus`, halved for each place it stands after the first. */
function letterWeight(text: string, plus: string, minus: string): number {
  let weight = 0;
  [...text].forEach((letter, i) => {
    if (letter === plus) weight += 1 / 2 ** i;
    if (letter === minus) weight -= 1 / 2 ** i;
  });
  return weight;
}

/** Image Orientation (Patient): row cosines then column cosines, in LPS. */
export function directionsFromImageOrientation(iop: readonly number[] | null | undefined): AnatomicalDirections {
  if (!iop || iop.length !== 6 || !iop.every(Number.isFinite)) return UNKNOWN_DIRECTIONS;
  const row = iop.slice(0, 3);
  const column = iop.slice(3, 6);
  const inImage = (d: readonly number[]) => inPlane([dot(row, d), dot(column, d)]);
  return { anterior: inImage(ANTERIOR_LPS), superior: inImage(SUPERIOR_LPS) };
}

/** A reformat: points are patient mm, so the directions are those of the patient, where they lie in the plane. */
export function directionsOnPlane(normal: readonly number[]): AnatomicalDirections {
  const n = unitOrNull(normal);
  if (!n || n.length !== 3) return UNKNOWN_DIRECTIONS;
  const projected = (d: readonly number[]) => inPlane(d.map((di, i) => di - dot(d, n) * (n[i] as number)));
  return { anterior: projected(ANTERIOR_LPS), superior: projected(SUPERIOR_LPS) };
}

function inPlane(v: number[]): number[] | null {
  return norm(v) >= MIN_IN_PLANE ? unitOrNull(v) : null;
}

function unitOrNull(v: readonly number[]): number[] | null {
  const length = norm(v);
  // + 0 turns -0 into 0, which reads (and compares) as what it is.
  return length > 0 && Number.isFinite(length) ? v.map((vi) => vi / length + 0) : null;
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
