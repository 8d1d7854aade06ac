/** Hand-checkable vertebrae for the morphometry tests. */
import type { Level, SixPoints, VertebraInput } from '../../../src/morphometry';

export interface BoxHeights {
  ha: number;
  hm: number;
  hp: number;
}

/**
 * An upright vertebra in image space: the superior endplate runs along row `y` from the anterior
 * corner at column `x` to the posterior one at `x + depth`, and each height hangs straight down.
 * Without spacing its heights are exactly `ha`, `hm` and `hp` pixels.
 */
export function boxPoints({ ha, hm, hp }: BoxHeights, { x = 100, y = 100, depth = 30 } = {}): SixPoints {
  return {
    as: [x, y],
    ms: [x + depth / 2, y],
    ps: [x + depth, y],
    ai: [x, y + ha],
    mi: [x + depth / 2, y + hm],
    pi: [x + depth, y + hp],
  };
}

export function box(level: Level, heights: BoxHeights | number, options?: { depth?: number }): VertebraInput {
  const h = typeof heights === 'number' ? { ha: heights, hm: heights, hp: heights } : heights;
  return { level, points: boxPoints(h, options) };
}

/** One normal vertebra per level, all heights `height`. */
export function normalSpine(levels: readonly Level[], height = 25): VertebraInput[] {
  return levels.map((level) => box(level, height));
}
