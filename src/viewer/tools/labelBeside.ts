import { wrapLines } from './wrapLines';

type Point2 = [number, number];
type Size = { width: number; height: number };
type Element = { clientWidth: number; clientHeight: number };

/** Space kept between a label and the viewport's edge. */
const LABEL_MARGIN_PX = 4;
/** A label is not broken narrower than this many characters to stay on its side: it moves over what it labels instead. */
const FEWEST_CHARS = 12;

export interface Beside {
  /** The side it goes, or how to choose it by the label's width. */
  readonly side: 'left' | 'right' | ((width: number) => 'left' | 'right');
  /** What it labels spans these x: the label ends at the first (left) or starts at the second (right). */
  readonly edges: readonly [number, number];
  readonly centreY: number;
  /** The viewport element it stays inside. */
  readonly within?: Element;
  readonly maxHeight?: number;
  /** The height a line adds (1.2 times the font size, as Cornerstone draws text); else the measured box's per line. */
  readonly lineHeight?: number;
}

/**
 * Where a label goes beside what it labels (PURE): vertically centred on `centreY`, ending at `edges[0]` (side 'left') or
 * starting at `edges[1]` (side 'right'). `measured` is its box as first drawn, one line per line. Inside `within` (the
 * viewport element): a label wider than the element is broken into lines as wide as it; one that does not fit on its
 * side is broken into lines that fit the room there (not narrower than FEWEST_CHARS characters) when that makes it no
 * taller than `maxHeight` (the distance to the next vertebra's label, so that it does not cover it): in a narrow
 * viewport it then stays beside its vertebra instead of sliding over the vertebra and the edema marker next to it.
 * Whatever still does not fit is moved inside the element, as little as possible. Never cut off. `side` may choose by
 * the label's width.
 */
export function labelBeside(
  lines: readonly string[],
  measured: Size,
  { side, edges, centreY, within, maxHeight = Number.POSITIVE_INFINITY, lineHeight }: Beside,
): { lines: string[]; corner: Point2; size: Size } {
  const longest = Math.max(1, ...lines.map((line) => line.length));
  const charWidth = measured.width / longest;
  const perLine = lineHeight ?? measured.height / Math.max(1, lines.length);
  const at = typeof side === 'function' ? side(measured.width) : side;
  const wrapped = (width: number) => {
    const broken = wrapLines(lines, width / charWidth);
    const size = { width: Math.max(...broken.map((line) => line.length)) * charWidth, height: measured.height + (broken.length - lines.length) * perLine };
    return { lines: broken, size };
  };
  let placed = { lines: [...lines], size: measured };
  if (within && charWidth > 0) {
    const widest = within.clientWidth - 2 * LABEL_MARGIN_PX;
    const room = at === 'left' ? edges[0] - LABEL_MARGIN_PX : within.clientWidth - edges[1] - LABEL_MARGIN_PX;
    const beside = Math.min(widest, Math.max(room, FEWEST_CHARS * charWidth));
    if (measured.width > widest) placed = wrapped(widest);
    else if (measured.width > beside) {
      const narrower = wrapped(beside);
      if (narrower.size.height <= Math.max(maxHeight, measured.height)) placed = narrower;
    }
  }
  const { lines: shown, size } = placed;
  const wanted: Point2 = [at === 'left' ? edges[0] - size.width : edges[1], centreY - size.height / 2];
  return { lines: shown, corner: within ? insideBox(wanted, size, within) : wanted, size };
}

/** The top-left corner of a box of this size moved inside the element, as little as possible. */
export function insideBox(corner: Point2, size: Size, element: Element): Point2 {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, max));
  return [clamp(corner[0], element.clientWidth - size.width), clamp(corner[1], element.clientHeight - size.height)];
}

