/**
 * Mean signal inside an ellipse drawn on an image, for the descriptive signal ratio of morphometry.md section 7.
 * Pure. The ellipse is axis-aligned in image coordinates `[column, row]` (origin at the centre of the top-left
 * pixel, section 2), inscribed in the box between two opposite corners; a pixel counts when its centre lies
 * inside or on the ellipse.
 */
export interface Ellipse {
  centre: readonly [number, number];
  /** Half-width (columns) and half-height (rows), in pixels. */
  radii: readonly [number, number];
}

export function ellipseFromCorners(a: readonly number[], b: readonly number[]): Ellipse {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  return { centre: [(ax + bx) / 2, (ay + by) / 2], radii: [Math.abs(bx - ax) / 2, Math.abs(by - ay) / 2] };
}

export interface RegionStats {
  mean: number;
  /** Pixels counted. */
  count: number;
}

/**
 * Mean of the modality values (stored value x slope + intercept) of the pixels whose centres lie in the ellipse,
 * or null when none does (an ellipse thinner than a pixel, or off the image).
 */
export function ellipseMean(
  pixels: ArrayLike<number>,
  columns: number,
  rows: number,
  { centre: [cx, cy], radii: [rx, ry] }: Ellipse,
  modality: { slope: number; intercept: number } = { slope: 1, intercept: 0 },
): RegionStats | null {
  if (!(rx > 0 && ry > 0)) return null;
  let sum = 0;
  let count = 0;
  const r0 = Math.max(0, Math.ceil(cy - ry));
  const r1 = Math.min(rows - 1, Math.floor(cy + ry));
  const c0 = Math.max(0, Math.ceil(cx - rx));
  const c1 = Math.min(columns - 1, Math.floor(cx + rx));
  for (let r = r0; r <= r1; r++) {
    const dy = (r - cy) / ry;
    for (let c = c0; c <= c1; c++) {
      const dx = (c - cx) / rx;
      if (dx * dx + dy * dy > 1) continue;
      sum += pixels[r * columns + c] as number;
      count += 1;
    }
  }
  return count === 0 ? null : { mean: (sum / count) * modality.slope + modality.intercept, count };
}
