/**
 * Geometry of the reformatted planes, without Cornerstone: what a camera shows (plane, obliquity,
 * orientation letters at the edges), the plane a vertebra was measured on, and the camera that shows
 * a recorded plane again. Patient coordinates are DICOM LPS mm: +x left, +y posterior, +z superior.
 * A camera looks along -viewPlaneNormal; screen right is (-viewPlaneNormal) x viewUp.
 */
import type { ReformatPlane } from '../../reading';

export type Vec3 = [number, number, number];

export type MprPlane = 'axial' | 'sagittal' | 'coronal';

/** Cornerstone's MPR cameras (MPR_CAMERA_VALUES): radiological convention, patient's left on screen right. */
export const DEFAULT_VIEWS: Readonly<Record<MprPlane, { viewPlaneNormal: Vec3; viewUp: Vec3 }>> = {
  axial: { viewPlaneNormal: [0, 0, -1], viewUp: [0, -1, 0] },
  sagittal: { viewPlaneNormal: [1, 0, 0], viewUp: [0, 0, 1] },
  coronal: { viewPlaneNormal: [0, -1, 0], viewUp: [0, 0, 1] },
};

export interface CameraLike {
  focalPoint: readonly number[];
  viewPlaneNormal: readonly number[];
  viewUp: readonly number[];
}

/** Degrees between a camera's plane and the plane it started as (0 for a true sagittal, say). */
export function obliquity(plane: MprPlane, viewPlaneNormal: readonly number[]): number {
  const cos = Math.min(1, Math.abs(dot(unit(viewPlaneNormal), DEFAULT_VIEWS[plane].viewPlaneNormal)));
  return (Math.acos(cos) * 180) / Math.PI;
}

/** The patient direction a screen direction points to: `L`, `P`, `S`..., two letters when it is oblique (`AS`). */
export function directionLetters(direction: readonly number[]): string {
  const d = unit(direction);
  const letters = d
    .map((value, axis) => ({ value, axis, letter: value >= 0 ? 'LPS'[axis]! : 'RAI'[axis]! }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const [first, second] = letters;
  // A second letter once the direction is more than about 20 degrees off the first axis.
  return Math.abs(second!.value) > 0.35 ? first!.letter + second!.letter : first!.letter;
}

/** The letters at the top, right, bottom and left edges of a view. */
export function edgeLetters(camera: Pick<CameraLike, 'viewPlaneNormal' | 'viewUp'>): { top: string; right: string; bottom: string; left: string } {
  const up = unit(camera.viewUp);
  const right = cross(scale(unit(camera.viewPlaneNormal), -1), up);
  return {
    top: directionLetters(up),
    bottom: directionLetters(scale(up, -1)),
    right: directionLetters(right),
    left: directionLetters(scale(right, -1)),
  };
}

/** Where the plane is, as a reader names it: `x = 0.0 mm` for a sagittal plane through the focal point. */
export function slicePosition(plane: MprPlane, focalPoint: readonly number[]): { axis: 'x' | 'y' | 'z'; mm: number } {
  const axis = plane === 'sagittal' ? 0 : plane === 'coronal' ? 1 : 2;
  return { axis: (['x', 'y', 'z'] as const)[axis], mm: focalPoint[axis]! };
}

/**
 * The plane a vertebra was measured on: the camera's normal, through the centre of the six points (which lie
 * on the plane, up to rounding), so that reopening the plane also centres the view on the vertebra.
 */
export function measuredPlane(points: readonly (readonly number[])[], camera: Pick<CameraLike, 'focalPoint' | 'viewPlaneNormal'>): ReformatPlane {
  const normal = unit(camera.viewPlaneNormal);
  const centre = scale(
    points.reduce<Vec3>((sum, p) => add(sum, p), [0, 0, 0]),
    1 / points.length,
  );
  const off = dot(sub(centre, camera.focalPoint), normal);
  return { point: sub(centre, scale(normal, off)), normal };
}

/**
 * The camera of a viewport made to show a recorded plane: its normal (turned to face the same way as the
 * viewport's own, so the picture is not mirrored), focused on the plane's point, with `up` kept as close to
 * the viewport's present up as the plane allows.
 */
export function cameraOnPlane(plane: ReformatPlane, current: CameraLike & { position: readonly number[] }): {
  focalPoint: Vec3;
  position: Vec3;
  viewPlaneNormal: Vec3;
  viewUp: Vec3;
} {
  let normal = unit(plane.normal);
  if (dot(normal, current.viewPlaneNormal) < 0) normal = scale(normal, -1);
  const up = unit(sub(current.viewUp, scale(normal, dot(current.viewUp, normal))));
  const distance = Math.hypot(...sub(current.position, current.focalPoint)) || 1;
  const focalPoint: Vec3 = [...plane.point];
  return { focalPoint, position: add(focalPoint, scale(normal, distance)), viewPlaneNormal: normal, viewUp: up };
}

/**
 * A view that shows the whole volume as large as the canvas allows: the focal point moved within its plane
 * to the centre of the volume's bounds (the plane itself stays), and the parallel scale (half the visible
 * height, mm) that fits the bounds' extent along the view's right and up directions.
 */
export function fittedView(
  bounds: readonly number[],
  camera: CameraLike & { position: readonly number[] },
  canvas: { width: number; height: number },
  margin = 1.04,
): { focalPoint: Vec3; position: Vec3; parallelScale: number } {
  const normal = unit(camera.viewPlaneNormal);
  const up = unit(camera.viewUp);
  const right = cross(scale(normal, -1), up);
  const corners: Vec3[] = [];
  for (const x of [bounds[0]!, bounds[1]!]) for (const y of [bounds[2]!, bounds[3]!]) for (const z of [bounds[4]!, bounds[5]!]) corners.push([x, y, z]);
  const extent = (axis: Vec3) => {
    const values = corners.map((c) => dot(c, axis));
    return Math.max(...values) - Math.min(...values);
  };
  const width = extent(right);
  const height = extent(up);
  const parallelScale = (margin * Math.max(height, (width * canvas.height) / Math.max(1, canvas.width))) / 2;
  const centre: Vec3 = [(bounds[0]! + bounds[1]!) / 2, (bounds[2]! + bounds[3]!) / 2, (bounds[4]! + bounds[5]!) / 2];
  const toCentre = sub(centre, camera.focalPoint);
  const inPlane = sub(toCentre, scale(normal, dot(toCentre, normal)));
  return { focalPoint: add(camera.focalPoint, inPlane), position: add(camera.position, inPlane), parallelScale };
}

/** The viewport a recorded plane belongs in: the one whose default plane it is closest to. */
export function planeForNormal(normal: readonly number[]): MprPlane {
  return (['sagittal', 'coronal', 'axial'] as const).reduce((best, p) => (obliquity(p, normal) < obliquity(best, normal) ? p : best));
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

function cross(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function add(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[0]! + b[0]!, a[1]! + b[1]!, a[2]! + b[2]!];
}

function sub(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
}

function scale(a: readonly number[], s: number): Vec3 {
  return [a[0]! * s, a[1]! * s, a[2]! * s];
}

function unit(a: readonly number[]): Vec3 {
  const length = Math.hypot(a[0]!, a[1]!, a[2]!);
  return length > 0 ? scale(a, 1 / length) : [a[0]!, a[1]!, a[2]!];
}
