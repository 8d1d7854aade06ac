/**
 * Snap to endplates in the viewer (issue 17): the setting (on by default, `S`; kept in snapSetting.ts), and the Cornerstone half of a snap,
 * which hands the displayed image's pixels to the pure `analysis/endplateSnap` and turns its answer back into a
 * world point. Only stack images are snapped: a reformat's pixels are resampled by the renderer, and a snap on
 * them is left for later (the reader places those points as clicked).
 */
import { metaData, type Types } from '@cornerstonejs/core';
import { snapPoint, type SnapKey, type Vec2 } from '../analysis/endplateSnap';
import { imagePointFromWorld, worldFromImagePoint, type ImagePlane } from './imagePlane';

export { onSnapChange, setSnapEnabled, snapEnabled } from './snapSetting';

/** Milliseconds of the last snaps, newest last, for the benchmark (bench:assist). */
const timings: number[] = [];

export function snapTimings(): readonly number[] {
  return timings;
}

/**
 * Where a point clicked at `world` on the image a stack viewport shows snaps to, or null when it stays. `spacing`
 * is the image's calibration ([row, column] mm), else Cornerstone's spacing is used (only the 3 mm radius
 * depends on it).
 */
export function snapOnImage(
  viewport: Types.IStackViewport,
  plane: ImagePlane,
  spacing: readonly [number, number] | null,
  world: Types.Point3,
  key: SnapKey,
  placedWorld: readonly Types.Point3[] | Partial<Record<SnapKey, Types.Point3>>,
): Types.Point3 | null {
  const image = viewport.getCornerstoneImage?.();
  const imageId = viewport.getCurrentImageId?.();
  if (!image || !imageId) return null;
  const started = performance.now();
  const keys: SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];
  // In placement the points before this one, in order; for a proposal, whichever points are settled.
  const placedByKey = Array.isArray(placedWorld) ? placedWorld.map((p, i) => [keys[i], p] as const) : Object.entries(placedWorld);
  const placed = Object.fromEntries(placedByKey.map(([k, p]) => [k, imagePointFromWorld(plane, p as Types.Point3)])) as Partial<Record<SnapKey, Vec2>>;
  const pixel = metaData.get('imagePixelModule', imageId) as { photometricInterpretation?: string } | undefined;
  // A projection radiograph has no Image Orientation (Patient): Cornerstone's default plane then says nothing about
  // head and feet, and its "anterior" would be up. Only a plane that shows the cranio-caudal axis is believed;
  // otherwise head up is assumed and the anterior side is found from the edges.
  const caudal = inImage(plane, [0, 0, -1]);
  const modality = (metaData.get('generalSeriesModule', imageId) as { modality?: string } | undefined)?.modality;
  // Not on MR: the cortex shows dark there, and the snap takes the marrow's edge inside it. On the phantom MR even
  // clicks on the true corners came out 1-3 mm short (L1's Hm 12.5 instead of 16.5 mm): a snap that shortens heights
  // would invent fractures. MR points stay where they are clicked until the snap finds the outer edge there.
  if (modality === 'MR') return null;
  const result = snapPoint(
    {
      pixels: image.getPixelData(),
      width: image.columns,
      height: image.rows,
      spacing: spacing ?? [plane.spacing[1], plane.spacing[0]],
    },
    {
      point: imagePointFromWorld(plane, world),
      key,
      placed,
      caudal,
      anterior: caudal ? inImage(plane, [0, -1, 0]) : undefined,
      // MONOCHROME1 stores bone dark.
      polarity: pixel?.photometricInterpretation === 'MONOCHROME1' ? -1 : 1,
    },
  );
  timings.push(performance.now() - started);
  if (timings.length > 200) timings.shift();
  return result.snapped ? (worldFromImagePoint(plane, result.point) as Types.Point3) : null;
}

/**
 * A patient direction (LPS) as an image direction, or undefined where the plane is (nearly) perpendicular to it.
 */
function inImage(plane: ImagePlane, direction: readonly number[]): Vec2 | undefined {
  const along = (axis: readonly number[]) => axis.reduce((s, a, i) => s + a * (direction[i] ?? 0), 0);
  const v: Vec2 = [along(plane.rowDirection), along(plane.columnDirection)];
  return Math.hypot(v[0], v[1]) > 0.5 ? v : undefined;
}
