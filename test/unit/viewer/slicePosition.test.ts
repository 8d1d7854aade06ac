import { describe, expect, it } from 'vitest';
import type { Orientation, Vec3 } from '../../../src/dicom';
import { closestSlice, distanceBetween, locationLabel, type SliceGeometry } from '../../../src/viewer/slicePosition';

const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];
const AXIAL: Orientation = [1, 0, 0, 0, 1, 0];

const slice = (x: number, { frame = 'FOR1', orientation = SAGITTAL, inPlane = [0, 0] as [number, number] } = {}): SliceGeometry => ({
  frameOfReferenceUid: frame,
  position: [x, -180 + inPlane[0], 160 + inPlane[1]] as Vec3,
  orientation,
});

/** A stack as the viewer orders it: along the normal (here -x), so x falls. */
const stack = (xs: number[], options?: Parameters<typeof slice>[1]) => xs.map((x) => slice(x, options));

describe('the slice at the same position in another series', () => {
  it('is found by position, not by index: other slice count, offset and in-plane origin', () => {
    const t1 = stack([20, 16, 12, 8, 4, 0, -4, -8, -12, -16, -20]);
    // Three slices fewer at one end, shifted 1.5 mm, and another field of view.
    const stir = stack([9.5, 5.5, 1.5, -2.5, -6.5, -10.5, -14.5, -18.5], { inPlane: [12, -30] });
    expect(closestSlice(t1[5]!, stir)).toEqual({ index: 2, distance: 1.5 });
    expect(closestSlice(t1[3]!, stir)).toEqual({ index: 0, distance: 1.5 });
    // Beyond the other stack's end: its last slice, and how far away it is.
    expect(closestSlice(t1[0]!, stir)).toEqual({ index: 0, distance: 10.5 });
  });

  it('takes the first of two slices equally near', () => {
    expect(closestSlice(slice(2), stack([4, 0]))?.index).toBe(0);
  });

  it('is nothing in another frame of reference, another plane, or without geometry', () => {
    expect(closestSlice(slice(0), stack([4, 0], { frame: 'FOR2' }))).toBeNull();
    expect(closestSlice(slice(0), stack([4, 0], { orientation: AXIAL }))).toBeNull();
    expect(closestSlice({ ...slice(0), frameOfReferenceUid: undefined }, stack([4, 0]))).toBeNull();
    expect(closestSlice(slice(0), [null, null])).toBeNull();
  });

  it('measures the distance along the normal of the first slice', () => {
    expect(distanceBetween(slice(0), slice(4, { inPlane: [50, 50] }))).toBeCloseTo(-4, 12);
  });
});

describe('the location shown in the overlay', () => {
  it('names the side in patient letters', () => {
    expect(locationLabel(slice(-4))).toBe('R 4.0');
    expect(locationLabel(slice(12.25))).toBe('L 12.3');
    expect(locationLabel(slice(0))).toBe('0.0');
    expect(locationLabel({ frameOfReferenceUid: 'F', position: [0, 0, -35], orientation: AXIAL })).toBe('I 35.0');
  });
});
