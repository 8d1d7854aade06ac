import { describe, expect, it } from 'vitest';
import { thumbnailRgba, type ThumbnailSource } from '../../../src/viewer/thumbnailPixels';

const grey = (data: Uint8ClampedArray, size: number, x: number, y: number) => data[(y * size + x) * 4]!;

describe('the pixels of a series thumbnail', () => {
  // A CT slice of 4 x 2 pixels: left half air (stored 0 = -1024 HU), right half bone (stored 2024 = 1000 HU).
  const ct: ThumbnailSource = { columns: 4, rows: 2, pixels: [0, 0, 2024, 2024, 0, 0, 2024, 2024], color: false, slope: 1, intercept: -1024, invert: false };

  it('windows modality values with the DICOM linear function and centres a wide image on black', () => {
    // Window 0 / 2000 HU: air is below it (black), bone at 1000 HU is at its top (white).
    const data = thumbnailRgba({ ...ct, windowCenter: 0, windowWidth: 2000 }, 4);
    // 4 x 2 into 4 x 4: rows 1 and 2 hold the image, rows 0 and 3 are black.
    expect([0, 1, 2, 3].map((x) => grey(data, 4, x, 1))).toEqual([0, 0, 255, 255]);
    expect([0, 1, 2, 3].map((x) => grey(data, 4, x, 0))).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((x) => grey(data, 4, x, 3))).toEqual([0, 0, 0, 0]);
    expect(data[3]).toBe(255);
    // A bone window (centre 1000, width 400) shows 1000 HU as mid grey: (1000 - 999.5) / 399 + 0.5 -> 128.
    expect(grey(thumbnailRgba({ ...ct, windowCenter: 1000, windowWidth: 400 }, 4), 4, 3, 1)).toBe(128);
  });

  it('averages the pixels a thumbnail pixel covers, and without a window uses the pixel range', () => {
    // 4 x 2 into 2 x 2: the image is 2 x 1, each thumbnail pixel the mean of a 2 x 2 block.
    const checker: ThumbnailSource = { ...ct, pixels: [0, 2024, 0, 0, 2024, 0, 2024, 2024] };
    const data = thumbnailRgba(checker, 2);
    // Left block: 0, 2024, 0, 2024 -> mean 1012 stored = -12 HU, the middle of the range -1024..1000: grey 127-128.
    expect(grey(data, 2, 0, 0)).toBeGreaterThanOrEqual(127);
    expect(grey(data, 2, 0, 0)).toBeLessThanOrEqual(128);
    // Right block: 0, 0, 2024, 2024 -> the same mean.
    expect(grey(data, 2, 1, 0)).toBe(grey(data, 2, 0, 0));
    expect(grey(data, 2, 0, 1)).toBe(0);
  });

  it('inverts MONOCHROME1, keeps colour as it is, and honours the pixel aspect', () => {
    expect(grey(thumbnailRgba({ ...ct, windowCenter: 0, windowWidth: 2000, invert: true }, 4), 4, 0, 1)).toBe(255);
    const rgb: ThumbnailSource = { columns: 1, rows: 1, pixels: [200, 100, 50], color: true, slope: 1, intercept: 0, invert: false };
    expect([...thumbnailRgba(rgb, 1)]).toEqual([200, 100, 50, 255]);
    // 2 x 2 pixels twice as high as wide: an image 2 wide and 4 high, centred in a 4 x 4 thumbnail (columns 1 and 2).
    const tall = thumbnailRgba({ ...ct, columns: 2, rows: 2, pixels: [2024, 2024, 2024, 2024], windowCenter: 0, windowWidth: 2000, pixelAspect: 2 }, 4);
    expect([0, 1, 2, 3].map((x) => grey(tall, 4, x, 0))).toEqual([0, 255, 255, 0]);
  });
});
