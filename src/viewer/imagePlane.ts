/**
 * Between Cornerstone's world coordinates (patient mm) and image points `[column, row]` with the origin at
 * the centre of the top-left pixel (morphometry.md section 2). Pure math on the plane Cornerstone itself
 * renders with (utilities.getImageDataMetadata): origin at the centre of the first pixel, the row and column
 * direction cosines, and `spacing = [between columns, between rows]`. Cornerstone's own worldToImageCoords
 * puts the origin at the pixel's corner and pairs the cosines with the wrong spacing on anisotropic
 * pixels, so it is not used.
 */
export interface ImagePlane {
  /** World position of the centre of pixel [0, 0]. */
  origin: readonly number[];
  /** Unit vector along a row (increasing column). */
  rowDirection: readonly number[];
  /** Unit vector down a column (increasing row). */
  columnDirection: readonly number[];
  /** `[columnSpacing, rowSpacing]`: mm between columns (horizontal), then between rows. */
  spacing: readonly [number, number];
}

export function imagePointFromWorld(plane: ImagePlane, world: readonly number[]): [number, number] {
  const d = [0, 1, 2].map((i) => (world[i] ?? 0) - (plane.origin[i] ?? 0));
  return [dot(d, plane.rowDirection) / plane.spacing[0], dot(d, plane.columnDirection) / plane.spacing[1]];
}

export function worldFromImagePoint(plane: ImagePlane, [column, row]: readonly number[]): [number, number, number] {
  const c = (column ?? 0) * plane.spacing[0];
  const r = (row ?? 0) * plane.spacing[1];
  const at = (i: number) => (plane.origin[i] ?? 0) + c * (plane.rowDirection[i] ?? 0) + r * (plane.columnDirection[i] ?? 0);
  return [at(0), at(1), at(2)];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, ai, i) => sum + ai * (b[i] ?? 0), 0);
}
