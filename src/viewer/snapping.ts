/**
 * Snap to endplates in the viewer (issue 17): the setting (on by default, `S`; kept in snapSetting.ts), and the Cornerstone half of a snap,
 * which hands the displayed image's pixels to the pure `analysis/endplateSnap` and turns its answer back into a
 * world point. On a reformat (a volume viewport) the image is a small patch of the volume Cornerstone holds, resampled
 * on the viewed plane around the click (the pure `analysis/planeSample`), so the same snap runs on it.
 */
import { cache, metaData, type Types } from '@cornerstonejs/core';
import { snapPoint, type SnapImage, type SnapKey, type SnapRequest, type Vec2 } from '../analysis/endplateSnap';
import { samplePlane } from '../analysis/planeSample';
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
  const placed = placedOn(placedWorld, (p) => imagePointFromWorld(plane, p));
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
  const snapped = timedSnap(
    started,
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
  return snapped ? (worldFromImagePoint(plane, snapped) as Types.Point3) : null;
}

/**
 * Where a point clicked at `world` on a reformat snaps to, or null when it stays: the volume the viewport shows,
 * resampled on the viewed plane in a square around the click, pixels half the volume's finest voxel spacing apart
 * (trilinear, so the finer grid adds no edges of its own). Not while a slice the patch needs is still loading, and
 * not on MR (see snapOnImage).
 */
export function snapOnVolume(
  viewport: Types.IVolumeViewport,
  world: Types.Point3,
  key: SnapKey,
  placedWorld: readonly Types.Point3[] | Partial<Record<SnapKey, Types.Point3>>,
): Types.Point3 | null {
  const volume = cache.getVolume(viewport.getVolumeId());
  const voxels = volume?.voxelManager as Types.IVoxelManager<number> | undefined;
  const { viewUp, viewPlaneNormal } = viewport.getCamera();
  if (!volume || !voxels || !viewUp || !viewPlaneNormal) return null;
  if (volume.metadata?.Modality === 'MR') return null;
  const started = performance.now();
  // The screen's right and down on the viewed plane, in patient mm (as the proposal's plane).
  const [ux, uy, uz] = viewUp;
  const [nx, ny, nz] = viewPlaneNormal;
  const right: Types.Point3 = [uy * nz - uz * ny, uz * nx - ux * nz, ux * ny - uy * nx];
  const down: Types.Point3 = [-ux, -uy, -uz];
  const pixelMm = Math.min(...volume.spacing) / 2;
  const patch = samplePlane(
    {
      dimensions: volume.dimensions,
      spacing: volume.spacing,
      direction: [...volume.direction],
      origin: volume.origin,
      voxel: (index) => voxels.getAtIndex(index),
    },
    { point: world, right, down, pixelMm },
    Math.ceil(PATCH_MM / pixelMm) + PATCH_MARGIN_PIXELS,
  );
  if (!patch) return null;
  const plane = { rowDirection: right, columnDirection: down };
  const caudal = inImage(plane, [0, 0, -1]);
  const snapped = timedSnap(started, patch.image, {
    point: patch.toPatch(world),
    key,
    placed: placedOn(placedWorld, patch.toPatch),
    caudal,
    anterior: caudal ? inImage(plane, [0, -1, 0]) : undefined,
    polarity: volume.metadata?.PhotometricInterpretation === 'MONOCHROME1' ? -1 : 1,
  });
  return snapped ? patch.toWorld(snapped) : null;
}

/**
 * Half the side of a reformat's patch: what the snap reads around a click, its 3 mm radius and the rounded corner's
 * 1.2 mm, then its line fits (8 pixels past them) and its smoothing (a few pixels), with room to spare.
 */
const PATCH_MM = 4.5;
const PATCH_MARGIN_PIXELS = 16;

const KEYS: readonly SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

/** In placement the points before this one, in order; for a proposal, whichever points are settled. */
function placedOn(
  placedWorld: readonly Types.Point3[] | Partial<Record<SnapKey, Types.Point3>>,
  toImage: (world: Types.Point3) => Vec2,
): Partial<Record<SnapKey, Vec2>> {
  const byKey = Array.isArray(placedWorld) ? placedWorld.map((p, i) => [KEYS[i], p] as const) : Object.entries(placedWorld);
  return Object.fromEntries(byKey.map(([k, p]) => [k, toImage(p as Types.Point3)]));
}

/** The snapped image point, or null; its cost (from `started`) goes to the timings. */
function timedSnap(started: number, image: SnapImage, request: SnapRequest): Vec2 | null {
  const result = snapPoint(image, request);
  timings.push(performance.now() - started);
  if (timings.length > 200) timings.shift();
  return result.snapped ? result.point : null;
}

/**
 * A patient direction (LPS) as an image direction, or undefined where the plane is (nearly) perpendicular to it.
 */
function inImage(plane: Pick<ImagePlane, 'rowDirection' | 'columnDirection'>, direction: readonly number[]): Vec2 | undefined {
  const along = (axis: readonly number[]) => axis.reduce((s, a, i) => s + a * (direction[i] ?? 0), 0);
  const v: Vec2 = [along(plane.rowDirection), along(plane.columnDirection)];
  return Math.hypot(v[0], v[1]) > 0.5 ? v : undefined;
}
