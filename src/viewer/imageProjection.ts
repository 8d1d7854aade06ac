/**
 * Points of one image shown on another: a vertebra measured on the T1 is the same vertebra on the STIR beside it
 * when both lie in one frame of reference and their planes are parallel and near. Pure, from DICOM geometry.
 */
import type { Instance } from '../dicom';
import { compareLevels, type Level, type SixPoints } from '../morphometry';
import { imagePointFromWorld, worldFromImagePoint, type ImagePlane } from './imagePlane';
import { comparable, dot, normalOf, type SliceGeometry } from './slicePosition';

/** One image (frame) and where it lies; `key` is the reading's imageKey. */
export interface PlacedImage {
  key: string;
  geometry: SliceGeometry | null;
  plane: ImagePlane | null;
}

type Point = readonly [number, number];

/**
 * A vertebral body is about 30-50 mm wide: on sagittal slices up to this far from the one it was judged on, it
 * is still that vertebra (the phantom's 11 slices span 40 mm, the mid-sagittal one +-20 mm).
 */
const SAME_VERTEBRA_MM = 20;

/** The plane of a single-frame image from its DICOM attributes; null without position, orientation or spacing. */
export function planeOfInstance(instance: Pick<Instance<unknown>, 'imagePositionPatient' | 'imageOrientationPatient' | 'pixelSpacing'>): ImagePlane | null {
  const { imagePositionPatient: p, imageOrientationPatient: o, pixelSpacing: s } = instance;
  if (!p || !o || !s) return null;
  return { origin: p, rowDirection: [o[0], o[1], o[2]], columnDirection: [o[3], o[4], o[5]], spacing: [s[1], s[0]] };
}

/** `points` of image `from` as points of image `to`, or null when they cannot be carried over. */
export function projectPoints(from: PlacedImage, to: PlacedImage, points: readonly Point[]): [number, number][] | null {
  if (from.key === to.key) return points.map(([x, y]) => [x, y]);
  if (!from.plane || !to.plane || !from.geometry || !to.geometry || !comparable(from.geometry, to.geometry)) return null;
  const n = normalOf(to.geometry.orientation);
  const worlds = points.map((p) => worldFromImagePoint(from.plane!, p));
  const origin = to.plane.origin;
  const far = worlds.some((w) => Math.abs(dot([w[0] - origin[0]!, w[1] - origin[1]!, w[2] - origin[2]!], n)) > SAME_VERTEBRA_MM);
  if (far) return null;
  return worlds.map((w) => imagePointFromWorld(to.plane!, w));
}

export interface VertebraOnImage {
  level: Level;
  points: SixPoints;
}

/**
 * The vertebra at an image point: the body whose outline (the six points) contains it, else the nearest body
 * within a quarter of its height (a click on the endplate or just outside the cortex). Null when none is near.
 */
export function vertebraAt(point: Point, vertebrae: readonly VertebraOnImage[]): Level | null {
  let best: { level: Level; distance: number } | null = null;
  for (const { level, points } of vertebrae) {
    const outline = [points.as, points.ms, points.ps, points.pi, points.mi, points.ai].map(([x = 0, y = 0]) => [x, y] as const);
    const distance = inside(point, outline) ? 0 : distanceToOutline(point, outline);
    const height = (length(points.as, points.ai) + length(points.ps, points.pi)) / 2;
    if (distance > height / 4) continue;
    if (!best || distance < best.distance || (distance === best.distance && compareLevels(level, best.level) < 0)) best = { level, distance };
  }
  return best?.level ?? null;
}

function length(a: readonly number[], b: readonly number[]): number {
  return Math.hypot((b[0] ?? 0) - (a[0] ?? 0), (b[1] ?? 0) - (a[1] ?? 0));
}

/** Even-odd rule. */
function inside([x, y]: Point, polygon: readonly Point[]): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

function distanceToOutline(p: Point, polygon: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)));
  }
  return best;
}
