/** Distances and angles in image space (anisotropic pixel spacing) and patient space (morphometry.md section 2). */

/** `[column, row]` in pixels for image space, `[x, y, z]` in mm for patient space. */
export type Point = readonly number[];

export type Space = 'image' | 'patient';

/** DICOM order: `[rowSpacing, columnSpacing]` in mm per pixel. */
export type PixelSpacing = readonly [number, number];

export type Unit = 'mm' | 'px';

/**
 * Where points live and how pixels scale to mm. Image points without spacing are measured in
 * pixels, which is still valid for every unit-free ratio.
 */
export interface Frame {
  space: Space;
  pixelSpacing: PixelSpacing | null;
}

export function unitOf(frame: Frame): Unit {
  return frame.space === 'patient' || frame.pixelSpacing ? 'mm' : 'px';
}

/**
 * The vector from p to q in mm (or px without spacing). Differences are scaled, not coordinates,
 * so that the distance is bit for bit the spec's `sqrt(((qx-px)*columnSpacing)^2 + ((qy-py)*rowSpacing)^2)`.
 */
export function delta(p: Point, q: Point, frame: Frame): number[] {
  if (frame.space === 'patient') return q.map((qi, i) => qi - (p[i] as number));
  const [rowSpacing, columnSpacing] = frame.pixelSpacing ?? [1, 1];
  return [((q[0] as number) - (p[0] as number)) * columnSpacing, ((q[1] as number) - (p[1] as number)) * rowSpacing];
}

export function norm(v: readonly number[]): number {
  let sumOfSquares = 0;
  for (const vi of v) sumOfSquares += vi * vi;
  return Math.sqrt(sumOfSquares);
}

export function distance(p: Point, q: Point, frame: Frame): number {
  return norm(delta(p, q, frame));
}

/**
 * Angle in degrees between two undirected lines given by direction vectors (2-D or 3-D), in [0, 90].
 * atan2 of |cross| and |dot| stays accurate near 0, where acos of a cosine close to 1 does not.
 */
export function angleBetweenLines(u: readonly number[], v: readonly number[]): number {
  const [ux = 0, uy = 0, uz = 0] = u;
  const [vx = 0, vy = 0, vz = 0] = v;
  const cross = norm([uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx]);
  const dot = ux * vx + uy * vy + uz * vz;
  return (Math.atan2(cross, Math.abs(dot)) * 180) / Math.PI;
}
