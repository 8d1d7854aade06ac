import { describe, expect, it } from 'vitest';
import { firstClear } from '../../../src/viewer/tools/labelBoxes';

describe("where an edema marker's label goes", () => {
  const viewport = { clientWidth: 245, clientHeight: 600 };
  const size = { width: 70, height: 19 };
  // Right of the marker at (160, 300), under it, over it, left of it.
  const candidates: [number, number][] = [
    [170, 290.5],
    [125, 309],
    [125, 272],
    [80, 290.5],
  ];

  it('goes right of the marker when that is inside the viewport and clear of the vertebrae labels', () => {
    expect(firstClear(candidates, size, [{ x: 0, y: 100, width: 150, height: 19 }], { clientWidth: 400, clientHeight: 600 })).toEqual([170, 290.5]);
  });

  it('goes under it when the right is off the viewport, and over it when a vertebra label is under it', () => {
    // 170 + 70 = 240 fits in 245; a narrower viewport does not.
    expect(firstClear(candidates, size, [], { clientWidth: 230, clientHeight: 600 })).toEqual([125, 309]);
    // T11's label moved over its vertebra, where the right and the under places are.
    const t11 = { x: 0, y: 292, width: 240, height: 30 };
    expect(firstClear(candidates, size, [t11], viewport)).toEqual([125, 272]);
  });

  it('keeps the first place inside the viewport when every place overlaps a label', () => {
    const everywhere = { x: 0, y: 0, width: 245, height: 600 };
    expect(firstClear(candidates, size, [everywhere], viewport)).toEqual([170, 290.5]);
    expect(firstClear(candidates, size, [everywhere], { clientWidth: 230, clientHeight: 600 })).toEqual([125, 309]);
  });
});
