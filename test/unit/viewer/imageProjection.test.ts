import { describe, expect, it } from 'vitest';
import type { Orientation, Vec3 } from '../../../src/dicom';
import type { SixPoints } from '../../../src/morphometry';
import { planeOfInstance, projectPoints, vertebraAt, type PlacedImage } from '../../../src/viewer/imageProjection';

const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];

/** A sagittal slice at x, with 0.875 mm pixels; `shift` moves its field of view (mm, along +y and -z). */
function slice(key: string, x: number, { frame = 'FOR', shift = [0, 0] as [number, number], spacing = 0.875 } = {}): PlacedImage {
  const position: Vec3 = [x, -180 + shift[0], 160 - shift[1]];
  const instance = { imagePositionPatient: position, imageOrientationPatient: SAGITTAL, pixelSpacing: [spacing, spacing] as [number, number] };
  return { key, geometry: { frameOfReferenceUid: frame, position, orientation: SAGITTAL }, plane: planeOfInstance(instance) };
}

describe('points of one image on another', () => {
  it('are the same points on the same image', () => {
    expect(projectPoints(slice('a', 0), slice('a', 0), [[10, 20]])).toEqual([[10, 20]]);
  });

  it('follow the patient across series: another slice, field of view and pixel size', () => {
    const t1 = slice('t1', 0);
    const stir = slice('stir', 4, { shift: [8.75, 17.5], spacing: 0.4375 });
    const [[x, y]] = projectPoints(t1, stir, [[100, 50]])!;
    // 8.75 mm is 20 px of 0.4375 mm, 17.5 mm is 40 px; the 0.875 mm pixels are two of these.
    expect(x).toBeCloseTo(180, 9);
    expect(y).toBeCloseTo(60, 9);
  });

  it('do not carry over to another frame of reference, or to a slice too far away', () => {
    expect(projectPoints(slice('a', 0), slice('b', 0, { frame: 'OTHER' }), [[1, 1]])).toBeNull();
    expect(projectPoints(slice('a', 0), slice('b', 24), [[1, 1]])).toBeNull();
    expect(projectPoints(slice('a', 0), { key: 'dx', geometry: null, plane: null }, [[1, 1]])).toBeNull();
  });
});

describe('the vertebra under the cursor', () => {
  const body = (top: number): SixPoints => ({ as: [100, top], ms: [115, top + 2], ps: [130, top], ai: [100, top + 40], mi: [115, top + 38], pi: [130, top + 40] });
  const spine = [
    { level: 'T11' as const, points: body(0) },
    { level: 'T12' as const, points: body(50) },
  ];

  it('is the body that contains the point', () => {
    expect(vertebraAt([115, 20], spine)).toBe('T11');
    expect(vertebraAt([101, 89], spine)).toBe('T12');
  });

  it('is the nearest body when the point is just outside (in the disc), within a quarter of its height', () => {
    expect(vertebraAt([115, 43], spine)).toBe('T11');
    expect(vertebraAt([115, 49], spine)).toBe('T12');
    expect(vertebraAt([145, 20], spine)).toBeNull();
    expect(vertebraAt([115, 200], spine)).toBeNull();
  });
});
