import { describe, expect, it } from 'vitest';
import { imagePointFromWorld, worldFromImagePoint, type ImagePlane } from '../../../src/viewer/imagePlane';

// A sagittal plane as a TCIA sagittal CT has it: rows run anterior->posterior (+y), columns head->feet (-z);
// 0.5 mm between columns and 2.0 mm between rows (anisotropic on purpose), first pixel centre at (10, -100, 300).
const sagittal: ImagePlane = {
  origin: [10, -100, 300],
  rowDirection: [0, 1, 0],
  columnDirection: [0, 0, -1],
  spacing: [0.5, 2],
};

describe('image points [column, row] with the origin at the centre of the top-left pixel (morphometry.md section 2)', () => {
  it('puts pixel [0, 0] at the plane origin, which is the centre of the first pixel', () => {
    expect(worldFromImagePoint(sagittal, [0, 0])).toEqual([10, -100, 300]);
    expect(imagePointFromWorld(sagittal, [10, -100, 300])).toEqual([0, 0]);
  });

  it('steps a column by the column spacing along the row direction, and a row by the row spacing down the column', () => {
    // Column 4 = 2 mm along +y; row 3 = 6 mm along -z.
    expect(worldFromImagePoint(sagittal, [4, 3])).toEqual([10, -98, 294]);
    expect(imagePointFromWorld(sagittal, [10, -98, 294])).toEqual([4, 3]);
  });

  it('keeps fractional positions and round-trips them', () => {
    const point = [123.25, 45.75];
    const back = imagePointFromWorld(sagittal, worldFromImagePoint(sagittal, point));
    expect(back[0]).toBeCloseTo(123.25, 12);
    expect(back[1]).toBeCloseTo(45.75, 12);
  });

  it('projects a world point off the plane onto it (the distance along the normal does not matter)', () => {
    expect(imagePointFromWorld(sagittal, [25, -98, 294])).toEqual([4, 3]);
  });
});
