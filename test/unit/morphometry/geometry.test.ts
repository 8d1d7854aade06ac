import { describe, expect, it } from 'vitest';
import { angleBetweenLines, distance, type Frame } from '../../../src/morphometry';

const image = (pixelSpacing: [number, number] | null): Frame => ({ space: 'image', pixelSpacing });

describe('§2 distance in image space: [column, row] scaled by [rowSpacing, columnSpacing]', () => {
  it('scales columns by the column spacing and rows by the row spacing (DICOM order)', () => {
    // 60 columns x 0.25 mm = 15 mm, 40 rows x 0.5 mm = 20 mm: a 15-20-25 triangle.
    expect(distance([0, 0], [60, 40], image([0.5, 0.25]))).toBe(25);
    // Reading the spacing the wrong way round would give sqrt(30^2 + 10^2) = 31.6 mm.
    expect(distance([0, 0], [60, 40], image([0.25, 0.5]))).toBeCloseTo(Math.sqrt(1000), 12);
  });

  it('is bit for bit the formula of the spec, fractional coordinates included', () => {
    const [p, q] = [[12.3, 45.6], [78.9, 10.1]] as const;
    const [rowSpacing, columnSpacing] = [0.7, 0.3];
    const spec = Math.sqrt(((q[0] - p[0]) * columnSpacing) ** 2 + ((q[1] - p[1]) * rowSpacing) ** 2);
    expect(distance(p, q, image([rowSpacing, columnSpacing]))).toBe(spec);
  });

  it('measures in pixels without spacing', () => {
    expect(distance([1, 1], [4, 5], image(null))).toBe(5);
  });
});

describe('§2 distance in patient space: 3-D mm, spacing ignored', () => {
  it('takes the 3-D length', () => {
    // (12, 16, 15): 144 + 256 + 225 = 625.
    expect(distance([1, 2, 3], [13, 18, 18], { space: 'patient', pixelSpacing: null })).toBe(25);
    expect(distance([1, 2, 3], [13, 18, 18], { space: 'patient', pixelSpacing: [9, 9] })).toBe(25);
  });
});

describe('§3 angle between two lines, in [0, 90]', () => {
  it('is 0 for parallel lines whichever way they point, 90 for perpendicular ones', () => {
    expect(angleBetweenLines([-30, 0], [-30, 0])).toBe(0);
    expect(angleBetweenLines([3, 4], [-6, -8])).toBe(0);
    expect(angleBetweenLines([1, 0], [0, 5])).toBe(90);
    expect(angleBetweenLines([1, 0, 0], [0, 0, 2])).toBe(90);
  });

  it('folds obtuse angles between lines into [0, 90]', () => {
    expect(angleBetweenLines([1, 0], [1, 1])).toBeCloseTo(45, 12);
    expect(angleBetweenLines([1, 0], [-1, 1])).toBeCloseTo(45, 12);
    expect(angleBetweenLines([1, 0, 0], [1, 0, Math.sqrt(3)])).toBeCloseTo(60, 12);
  });
});
