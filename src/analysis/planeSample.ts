/**
 * A small image of a volume on a plane (issue 17): so that the endplate snap, which works on a 2-D image, runs
 * unchanged on a reformat. PURE: voxels and geometry in, a `SnapImage` out; no DOM, no Cornerstone.
 *
 * The volume is the DICOM one: voxel [i, j, k] (column, row, slice) at `origin + i si ri + j sj ci + k sk ni`
 * (patient mm), where `direction` holds the unit vectors of i, j and k one after the other and `spacing` the mm
 * between voxels along each. Its values are read through `voxel(index)`, index `i + j nI + k nI nJ` (a viewer
 * may hold the volume as one array, or as its slices); a value it does not have (a slice not loaded yet) is null.
 *
 * The patch is square, centred on the point, its columns along the plane's `right` and its rows along its `down`,
 * `pixelMm` apart, each value trilinear between the eight voxels around it. A patch that needs a voxel the
 * volume does not have is no patch (null): a snap on a half-loaded volume would find the edge of the hole.
 */
import type { SnapImage, Vec2 } from './endplateSnap';

type Vec3 = readonly [number, number, number];

export interface SampledVolume {
  /** [columns, rows, slices]. */
  dimensions: Vec3;
  /** mm between voxels along i, j and k. */
  spacing: Vec3;
  /** The unit vectors of i, j and k in patient space, one after the other (9 numbers). */
  direction: readonly number[];
  /** Patient position of the centre of voxel [0, 0, 0]. */
  origin: Vec3;
  /** The value of voxel `i + j nI + k nI nJ`, or null when the volume does not have it. */
  voxel: (index: number) => number | null | undefined;
}

export interface SamplePlane {
  /** The patch's centre (patient mm), on the plane. */
  point: Vec3;
  /** Unit vector of the plane along the patch's columns (increasing column). */
  right: Vec3;
  /** Unit vector of the plane along its rows (increasing row), perpendicular to `right`. */
  down: Vec3;
  /** mm between the patch's pixels, both ways. */
  pixelMm: number;
}

export interface PlanePatch {
  image: SnapImage;
  /** The patch's [column, row] of a patient point (projected onto the plane). */
  toPatch: (world: readonly number[]) => Vec2;
  /** The patient point of a patch [column, row]. */
  toWorld: (point: Vec2) => [number, number, number];
}

/**
 * The patch of `2 halfSize + 1` pixels square centred on `plane.point` (its pixel [halfSize, halfSize]), or null
 * when part of it lies where the volume has no values yet. Outside the volume the nearest voxel is taken, as the
 * snap itself does at an image's border.
 */
export function samplePlane(volume: SampledVolume, plane: SamplePlane, halfSize: number): PlanePatch | null {
  const size = 2 * halfSize + 1;
  const { point, right, down, pixelMm } = plane;
  const toWorld = ([column, row]: Vec2): [number, number, number] => {
    const c = (column - halfSize) * pixelMm;
    const r = (row - halfSize) * pixelMm;
    return [0, 1, 2].map((a) => point[a]! + c * right[a]! + r * down[a]!) as [number, number, number];
  };
  const toPatch = (world: readonly number[]): Vec2 => {
    const d = [0, 1, 2].map((a) => (world[a] ?? 0) - point[a]!);
    return [halfSize + dot(d, right) / pixelMm, halfSize + dot(d, down) / pixelMm];
  };
  // Continuous voxel index of the patch's pixel [0, 0], and its steps along a row and down a column.
  const axis = (a: number) => volume.direction.slice(3 * a, 3 * a + 3);
  const indexOf = (world: readonly number[]) =>
    [0, 1, 2].map((a) => dot([0, 1, 2].map((b) => world[b]! - volume.origin[b]!), axis(a)) / volume.spacing[a]!);
  const start = indexOf(toWorld([0, 0]));
  const stepRight = [0, 1, 2].map((a) => (dot(right, axis(a)) * pixelMm) / volume.spacing[a]!);
  const stepDown = [0, 1, 2].map((a) => (dot(down, axis(a)) * pixelMm) / volume.spacing[a]!);

  const [nI, nJ, nK] = volume.dimensions;
  const pixels = new Float32Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const at = [0, 1, 2].map((a) => start[a]! + column * stepRight[a]! + row * stepDown[a]!);
      const value = trilinear(volume.voxel, nI, nJ, nK, at[0]!, at[1]!, at[2]!);
      if (value === null) return null;
      pixels[row * size + column] = value;
    }
  }
  return { image: { pixels, width: size, height: size, spacing: [pixelMm, pixelMm] }, toPatch, toWorld };
}

function trilinear(voxel: SampledVolume['voxel'], nI: number, nJ: number, nK: number, i: number, j: number, k: number): number | null {
  // Per axis the lower voxel and the weight of the upper one, the index clamped into the volume.
  const corner = (v: number, n: number): [number, number, number] => {
    const c = Math.min(n - 1, Math.max(0, v));
    const lower = Math.min(Math.max(0, n - 2), Math.floor(c));
    return [lower, Math.min(n - 1, lower + 1), c - lower];
  };
  const [i0, i1, fi] = corner(i, nI);
  const [j0, j1, fj] = corner(j, nJ);
  const [k0, k1, fk] = corner(k, nK);
  let sum = 0;
  for (const [kk, wk] of [[k0, 1 - fk], [k1, fk]] as const) {
    for (const [jj, wj] of [[j0, 1 - fj], [j1, fj]] as const) {
      for (const [ii, wi] of [[i0, 1 - fi], [i1, fi]] as const) {
        const w = wi * wj * wk;
        if (w === 0) continue;
        const v = voxel(ii + jj * nI + kk * nI * nJ);
        if (v === null || v === undefined || Number.isNaN(v)) return null;
        sum += w * v;
      }
    }
  }
  return sum;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
}
