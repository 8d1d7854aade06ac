/**
 * The header window (VOI LUT module) of an image, with the windows that cannot show anything taken out: a
 * width of 0 or less, or a centre or width that is not a finite number, draws every pixel black (or white). What
 * is left goes to Cornerstone; when nothing is left it windows the image to its own pixel range, as it does when
 * the header has no window. Pure: no Cornerstone here (the metadata provider is in windowFallback.ts).
 */
export interface VoiLut {
  windowCenter?: number[];
  windowWidth?: number[];
  windowCenterWidthExplanation?: string[];
  [key: string]: unknown;
}

const usable = (center: unknown, width: unknown) =>
  typeof center === 'number' && Number.isFinite(center) && typeof width === 'number' && Number.isFinite(width) && width > 0;

/** `voi` unchanged when every window is usable, else a copy keeping the usable ones (none: no window at all). */
export function usableWindows(voi: VoiLut): VoiLut {
  const centers = voi.windowCenter ?? [];
  const widths = voi.windowWidth ?? [];
  const count = Math.max(centers.length, widths.length);
  const keep = Array.from({ length: count }, (_, i) => usable(centers[i], widths[i]));
  if (keep.every(Boolean)) return voi;
  const pick = <T>(values: T[] | undefined) => values?.filter((_, i) => keep[i]);
  if (!keep.some(Boolean)) return { ...voi, windowCenter: undefined, windowWidth: undefined, windowCenterWidthExplanation: undefined };
  return { ...voi, windowCenter: pick(centers), windowWidth: pick(widths), windowCenterWidthExplanation: pick(voi.windowCenterWidthExplanation) };
}
