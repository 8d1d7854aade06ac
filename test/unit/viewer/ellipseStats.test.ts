import { describe, expect, it } from 'vitest';
import { ellipseFromCorners, ellipseMean } from '../../../src/viewer/tools/ellipseStats';

/** A 10 x 8 image whose value is 100 x row + column, so each pixel says where it is. */
const COLUMNS = 10;
const ROWS = 8;
const pixels = Array.from({ length: COLUMNS * ROWS }, (_, i) => 100 * Math.floor(i / COLUMNS) + (i % COLUMNS));

describe('the ellipse of two opposite corners', () => {
  it('is inscribed in their box, whichever corner comes first', () => {
    expect(ellipseFromCorners([6, 1], [2, 5])).toEqual({ centre: [4, 3], radii: [2, 2] });
  });
});

describe('mean signal in an ellipse', () => {
  it('counts the pixels whose centres are inside or on it', () => {
    // A circle of radius 1 about pixel (4, 3): the centre and its four neighbours; the diagonals lie outside.
    const stats = ellipseMean(pixels, COLUMNS, ROWS, { centre: [4, 3], radii: [1, 1] });
    expect(stats?.count).toBe(5);
    expect(stats?.mean).toBe((304 + 303 + 305 + 204 + 404) / 5);
  });

  it('honours different radii across and down', () => {
    const stats = ellipseMean(pixels, COLUMNS, ROWS, { centre: [4, 3], radii: [2, 0.5] });
    expect(stats).toEqual({ mean: 304, count: 5 });
  });

  it('applies the modality rescale (slope, intercept)', () => {
    expect(ellipseMean(pixels, COLUMNS, ROWS, { centre: [0, 0], radii: [0.5, 0.5] }, { slope: 2, intercept: -1000 })).toEqual({ mean: -1000, count: 1 });
  });

  it('clips at the image border and finds nothing in a degenerate or outside ellipse', () => {
    expect(ellipseMean(pixels, COLUMNS, ROWS, { centre: [0, 0], radii: [1, 1] })?.count).toBe(3);
    expect(ellipseMean(pixels, COLUMNS, ROWS, { centre: [4, 3], radii: [0, 3] })).toBeNull();
    expect(ellipseMean(pixels, COLUMNS, ROWS, { centre: [40, 30], radii: [2, 2] })).toBeNull();
  });
});
