/**
 * The pixels of a series thumbnail, computed on the CPU from a loaded image (issue 19): a WebGL rendering of its own
 * for each thumbnail cost the first image of a study ~50 ms of the main thread. The image is fitted into a square,
 * centred on black, each thumbnail pixel the mean of the image pixels it covers, grey levels through the image's
 * window (its header window, else its pixel range). Pure: no Cornerstone here (Thumbnail.tsx takes the image).
 */
export interface ThumbnailSource {
  readonly columns: number;
  readonly rows: number;
  /** Row by row; for colour images 3 or 4 samples per pixel (RGB or RGBA). */
  readonly pixels: ArrayLike<number>;
  readonly color: boolean;
  /** Modality value = stored value * slope + intercept; 1 and 0 for pixels already rescaled. */
  readonly slope: number;
  readonly intercept: number;
  /** The window in modality values; none: the pixel range. */
  readonly windowCenter?: number;
  readonly windowWidth?: number;
  /** MONOCHROME1: the lowest value is white. */
  readonly invert: boolean;
  /** The height of a pixel over its width (row spacing / column spacing), 1 when unknown. */
  readonly pixelAspect?: number;
}

export function thumbnailRgba(source: ThumbnailSource, size: number): Uint8ClampedArray<ArrayBuffer> {
  const { columns, rows, pixels } = source;
  const out = new Uint8ClampedArray(size * size * 4);
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  if (columns <= 0 || rows <= 0 || size <= 0) return out;
  const samples = source.color ? Math.round(pixels.length / (columns * rows)) : 1;
  const aspect = source.pixelAspect && Number.isFinite(source.pixelAspect) && source.pixelAspect > 0 ? source.pixelAspect : 1;
  const fit = Math.min(size / columns, size / (rows * aspect));
  const width = Math.max(1, Math.round(columns * fit));
  const height = Math.max(1, Math.round(rows * aspect * fit));
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  const grey = source.color ? undefined : greyLevels(source);
  for (let y = 0; y < height; y++) {
    const r0 = Math.floor((y * rows) / height);
    const r1 = Math.max(r0 + 1, Math.floor(((y + 1) * rows) / height));
    for (let x = 0; x < width; x++) {
      const c0 = Math.floor((x * columns) / width);
      const c1 = Math.max(c0 + 1, Math.floor(((x + 1) * columns) / width));
      const sums = [0, 0, 0];
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          const at = (r * columns + c) * samples;
          if (grey) sums[0] += pixels[at]!;
          else for (let s = 0; s < 3; s++) sums[s] += pixels[at + s]!;
        }
      }
      const count = (r1 - r0) * (c1 - c0);
      const o = ((top + y) * size + left + x) * 4;
      if (grey) out[o] = out[o + 1] = out[o + 2] = grey(sums[0] / count);
      else for (let s = 0; s < 3; s++) out[o + s] = sums[s] / count;
    }
  }
  return out;
}

/** Stored value -> grey level 0-255 through the window (DICOM's linear VOI function, PS3.3 C.11.2.1.2). */
function greyLevels(source: ThumbnailSource): (stored: number) => number {
  let center = source.windowCenter;
  let width = source.windowWidth;
  if (!(center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width) && width >= 1)) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < source.pixels.length; i++) {
      const v = source.pixels[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const low = min * source.slope + source.intercept;
    const high = max * source.slope + source.intercept;
    center = (low + high) / 2;
    width = Math.max(1, Math.abs(high - low));
  }
  const c = center;
  const w = width;
  return (stored) => {
    const value = stored * source.slope + source.intercept;
    const level = value <= c - 0.5 - (w - 1) / 2 ? 0 : value > c - 0.5 + (w - 1) / 2 ? 255 : ((value - (c - 0.5)) / (w - 1) + 0.5) * 255;
    return source.invert ? 255 - level : level;
  };
}
