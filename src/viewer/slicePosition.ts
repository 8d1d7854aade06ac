/**
 * Where a slice lies in the patient, from its DICOM geometry alone (Image Position and Orientation Patient and
 * the Frame of Reference): what linked viewports need to find "the same place" in another series. Pure.
 */
import type { Orientation, Vec3 } from '../dicom';

export interface SliceGeometry {
  frameOfReferenceUid: string | undefined;
  /** Image Position (Patient): the centre of the first pixel, mm. */
  position: Vec3;
  orientation: Orientation;
}

/** Slices whose normals differ by more than about 8 degrees are not the same kind of plane. */
const PARALLEL_COSINE = 0.99;

export function normalOf(orientation: Orientation): Vec3 {
  const [a, b, c, d, e, f] = orientation;
  const n: Vec3 = [b * f - c * e, c * d - a * f, a * e - b * d];
  const length = Math.hypot(...n) || 1;
  return [n[0] / length, n[1] / length, n[2] / length];
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}

/** Two slices can be compared by position: same frame of reference (both known) and parallel planes. */
export function comparable(a: SliceGeometry, b: SliceGeometry): boolean {
  if (!a.frameOfReferenceUid || a.frameOfReferenceUid !== b.frameOfReferenceUid) return false;
  return Math.abs(dot(normalOf(a.orientation), normalOf(b.orientation))) >= PARALLEL_COSINE;
}

/** Signed distance in mm from the plane of `a` to the plane of `b`, along the normal of `a`. */
export function distanceBetween(a: SliceGeometry, b: SliceGeometry): number {
  const n = normalOf(a.orientation);
  return dot([b.position[0] - a.position[0], b.position[1] - a.position[1], b.position[2] - a.position[2]], n);
}

/**
 * The slice of a stack nearest to `source` along the source's normal, by position and not by index, so that
 * series with other slice counts, gaps or offsets still line up. Null when no slice of the stack is
 * comparable (another frame of reference, another plane, or no geometry).
 */
export function closestSlice(source: SliceGeometry, stack: readonly (SliceGeometry | null)[]): { index: number; distance: number } | null {
  let best: { index: number; distance: number } | null = null;
  stack.forEach((slice, index) => {
    if (!slice || !comparable(source, slice)) return;
    const distance = Math.abs(distanceBetween(source, slice));
    // Ties (a slice exactly between two) go to the first, so the choice never depends on float noise.
    if (!best || distance < best.distance - 1e-6) best = { index, distance };
  });
  return best;
}

/**
 * The slice's place along its normal in the reader's letters: `R 4.0` / `L 4.0` for sagittal, `A`/`P` for
 * coronal, `S`/`I` for axial slices (DICOM patient axes: +x left, +y posterior, +z head).
 */
export function locationLabel(geometry: SliceGeometry): string {
  const n = normalOf(geometry.orientation);
  const axis = [0, 1, 2].reduce((best, i) => (Math.abs(n[i] as number) > Math.abs(n[best] as number) ? i : best), 0);
  const value = geometry.position[axis] as number;
  if (Math.abs(value) < 0.05) return '0.0';
  const letters = [
    ['R', 'L'],
    ['A', 'P'],
    ['I', 'S'],
  ][axis] as [string, string];
  return `${value < 0 ? letters[0] : letters[1]} ${Math.abs(value).toFixed(1)}`;
}
