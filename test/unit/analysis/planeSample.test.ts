import { describe, expect, it } from 'vitest';
import { snapPoint, type SnapKey, type Vec2 } from '../../../src/analysis/endplateSnap';
import { samplePlane, type SampledVolume } from '../../../src/analysis/planeSample';

type Vec3 = [number, number, number];

/** A volume of `dimensions` voxels whose value is `value(world)` at each voxel centre. */
function volumeOf(
  geometry: Pick<SampledVolume, 'dimensions' | 'spacing' | 'direction' | 'origin'>,
  value: (world: Vec3) => number,
): SampledVolume & { data: Float64Array } {
  const [nI, nJ, nK] = geometry.dimensions;
  const data = new Float64Array(nI * nJ * nK);
  const d = geometry.direction;
  for (let k = 0; k < nK; k++)
    for (let j = 0; j < nJ; j++)
      for (let i = 0; i < nI; i++) {
        const [si, sj, sk] = [i * geometry.spacing[0], j * geometry.spacing[1], k * geometry.spacing[2]];
        const world = [0, 1, 2].map((a) => geometry.origin[a]! + si * d[a]! + sj * d[3 + a]! + sk * d[6 + a]!) as Vec3;
        data[i + j * nI + k * nI * nJ] = value(world);
      }
  return { ...geometry, data, voxel: (index) => data[index] };
}

const deg = (a: number) => (a * Math.PI) / 180;

describe('samplePlane: a patch of a volume on a plane', () => {
  it('on a plane through voxel centres along the volume axes, the patch is the voxels themselves', () => {
    const volume = volumeOf({ dimensions: [5, 6, 7], spacing: [1, 1, 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [10, 20, 30] }, ([x, y, z]) => 1000 * x + 10 * y + z);
    // Centred on voxel [2, 3, 4] (x 12, y 23, z 38); columns along +y (1 mm), rows toward -z, 2 mm apart: one voxel per pixel.
    const patch = samplePlane(volume, { point: [12, 23, 38], right: [0, 1, 0], down: [0, 0, -1], pixelMm: 1 }, 2)!;
    expect(patch.image.width).toBe(5);
    expect(patch.image.height).toBe(5);
    expect(patch.image.spacing).toEqual([1, 1]);
    // The centre pixel is the voxel; one column right is y + 1 mm; one row down is z - 1 mm, half way between two slices.
    expect(patch.image.pixels[2 * 5 + 2]).toBeCloseTo(12000 + 230 + 38, 2);
    expect(patch.image.pixels[2 * 5 + 3]).toBeCloseTo(12000 + 240 + 38, 2);
    expect(patch.image.pixels[3 * 5 + 2]).toBeCloseTo(12000 + 230 + 37, 2);
    expect(patch.toWorld([2, 2])).toEqual([12, 23, 38]);
    expect(patch.toWorld([4, 0])).toEqual([12, 25, 40]);
    expect(patch.toPatch([12, 25, 40])).toEqual([4, 0]);
    // A point off the plane is projected onto it.
    expect(patch.toPatch([15, 25, 40])).toEqual([4, 0]);
  });

  it('on an oblique plane of a rotated volume, every pixel holds the value at its patient point (trilinear is exact on a linear field)', () => {
    // The volume's axes rotated 30 degrees about z, its slices running toward the feet.
    const c = Math.cos(deg(30));
    const s = Math.sin(deg(30));
    const field = ([x, y, z]: readonly number[]) => 2 * x! - 3 * y! + 0.5 * z! + 7;
    const volume = volumeOf({ dimensions: [30, 30, 20], spacing: [0.8, 0.8, 1.5], direction: [c, s, 0, -s, c, 0, 0, 0, -1], origin: [-5, -5, 20] }, field);
    // A plane tilted 20 degrees out of the sagittal one, through a point well inside.
    const right: Vec3 = [Math.sin(deg(20)), Math.cos(deg(20)), 0];
    const down: Vec3 = [0, 0, -1];
    const patch = samplePlane(volume, { point: [3, 8, 6], right, down, pixelMm: 0.3 }, 10)!;
    for (const [column, row] of [
      [0, 0],
      [10, 10],
      [20, 3],
      [7, 19],
    ] as const) {
      const world = patch.toWorld([column, row]);
      expect(patch.image.pixels[row * 21 + column]).toBeCloseTo(field(world), 3);
    }
    // Pixel [20, 3]: 3 mm along the plane's right and 2.1 mm above the centre.
    expect(patch.toWorld([20, 3]).map((v) => Number(v.toFixed(9)))).toEqual([3 + 3 * Math.sin(deg(20)), 8 + 3 * Math.cos(deg(20)), 8.1].map((v) => Number(v.toFixed(9))));
  });

  it('is no patch while a voxel it needs is missing (a slice not loaded yet)', () => {
    const volume = volumeOf({ dimensions: [10, 10, 10], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] }, () => 5);
    const loaded = (k: number) => ({ ...volume, voxel: (index: number) => (Math.floor(index / 100) === k ? null : volume.data[index]!) });
    const plane = { point: [5, 5, 5] as Vec3, right: [0, 1, 0] as Vec3, down: [0, 0, -1] as Vec3, pixelMm: 0.5 };
    expect(samplePlane(loaded(6), plane, 4)).toBeNull();
    // Slice 9 lies beyond the patch (z 3 to 7): it does not matter.
    expect(Array.from(samplePlane(loaded(9), plane, 4)?.image.pixels ?? []).every((v) => v === 5)).toBe(true);
  });
});

describe('the endplate snap on a patch of a volume', () => {
  /**
   * A vertebral body as a box: 20 mm deep (y 0 to 20, anterior is -y), 16 mm high (z -8 to 8), wide across x. Each
   * voxel holds the box's share of it (partial volume, as a CT's voxels do), and the voxel grid is offset so that
   * the box's faces lie between voxel centres.
   */
  const BOX = { y: [0, 20], z: [-8, 8] } as const;
  const overlap = (centre: number, size: number, [lo, hi]: readonly [number, number]) =>
    Math.max(0, Math.min(hi, centre + size / 2) - Math.max(lo, centre - size / 2)) / size;
  const boxVolume = (slice: number) =>
    volumeOf(
      { dimensions: [21, 41, Math.ceil(40 / slice)], spacing: [1, 1, slice], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [-10, -10.3, -19.4] },
      ([, y, z]) => 1000 * overlap(y, 1, BOX.y) * overlap(z, slice, BOX.z),
    );
  const caudal: Vec2 = [0, 1];
  const anterior: Vec2 = [-1, 0];

  /** As the viewer does: pixels half the finest voxel spacing apart, columns along `right`, rows toward the feet. */
  function snapAt(volume: SampledVolume, click: Vec3, key: SnapKey, right: Vec3, placed: Partial<Record<SnapKey, Vec3>> = {}): Vec3 {
    const patch = samplePlane(volume, { point: click, right, down: [0, 0, -1], pixelMm: 0.5 }, 20)!;
    const placedOnPatch = Object.fromEntries(Object.entries(placed).map(([k, p]) => [k, patch.toPatch(p)]));
    const result = snapPoint(patch.image, { point: patch.toPatch(click), key, placed: placedOnPatch, caudal, anterior, polarity: 1 });
    expect(result.snapped, result.reason).toBe(true);
    return patch.toWorld(result.point);
  }

  it('on the sagittal plane of 1 mm voxels, clicks 1.5 mm off the anterior-superior corner and the superior endplate land on them', () => {
    const volume = boxVolume(1);
    const sagittal: Vec3 = [0, 1, 0];
    const corner = snapAt(volume, [0, -1, 9.1], 'as', sagittal);
    expect(Math.hypot(corner[1] - 0, corner[2] - 8)).toBeLessThan(0.15);
    const middle = snapAt(volume, [0, 10, 9.5], 'ms', sagittal, { as: [0, 0, 8] });
    expect(Math.abs(middle[2] - 8)).toBeLessThan(0.15);
    // A midpoint moves across its endplate only.
    expect(middle[1]).toBeCloseTo(10, 6);
  });

  it('on a plane 30 degrees oblique, the posterior wall is where the plane meets it: 20 / cos 30 = 23.1 mm behind the anterior one', () => {
    const volume = boxVolume(1);
    const oblique: Vec3 = [Math.sin(deg(30)), Math.cos(deg(30)), 0];
    // t mm along the plane from the anterior-superior corner (0, 0, 8) is at y = t cos 30.
    const along = (t: number, z: number): Vec3 => [t * oblique[0], t * oblique[1], z];
    const corner = snapAt(volume, along(21.8, 9), 'ps', oblique, { as: along(0, 8), ms: along(11.5, 8) });
    const t = corner[0] * oblique[0] + corner[1] * oblique[1];
    expect(Math.abs(t - 20 / Math.cos(deg(30)))).toBeLessThan(0.15);
    expect(Math.abs(corner[2] - 8)).toBeLessThan(0.15);
  });

  it('across 2 mm slices the endplate is found to a quarter of a slice (0.5 mm): between two slices the volume says no more', () => {
    // The box's superior face (z = 8) cuts the slice from 7.6 to 9.6 mm, a fifth of which is inside: the slices
    // around it read 1000, 200 and 0, and the steepest step, where the snap puts the edge, is the lower one.
    const volume = boxVolume(2);
    const corner = snapAt(volume, [0, -1, 9.1], 'as', [0, 1, 0]);
    expect(Math.abs(corner[1])).toBeLessThan(0.15);
    expect(Math.abs(corner[2] - 8)).toBeLessThan(0.5);
  });
});
