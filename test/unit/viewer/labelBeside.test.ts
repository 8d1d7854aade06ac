import { describe, expect, it } from 'vitest';
import { insideBox, labelBeside } from '../../../src/viewer/tools/labelBeside';

// Text 7 px a character, 16 px a line, as drawn at 13 px.
const box = (lines: string[]) => ({ width: Math.max(...lines.map((l) => l.length)) * 7, height: lines.length * 16 });
const label = ['T11 Ha/Hp 0.69 G2 wedge'];

describe('a label beside its vertebra', () => {
  it('ends at the left edge it is given when there is room, centred on the vertebra', () => {
    const placed = labelBeside(label, box(label), 'left', [300, 400], 200, { clientWidth: 800, clientHeight: 600 });
    expect(placed.lines).toEqual(label);
    expect(placed.corner).toEqual([300 - 23 * 7, 192]);
  });

  it('in a narrow viewport is broken to the room on its side, so that it stays beside the vertebra', () => {
    // 23 characters = 161 px, but only 100 - 4 px left of the vertebra: lines of at most 13 characters.
    const placed = labelBeside(label, box(label), 'left', [100, 200], 200, { clientWidth: 245, clientHeight: 600 }, 35);
    expect(placed.lines).toEqual(['T11 Ha/Hp', '0.69 G2 wedge']);
    const right = placed.corner[0] + placed.size.width;
    expect(right).toBe(100);
    expect(placed.corner[0]).toBeGreaterThanOrEqual(0);
    expect(placed.corner[1]).toBe(200 - 16);
  });

  it('is not broken taller than its vertebra: it moves over the vertebra instead, never cut off', () => {
    // 100 px of room, but a vertebra 20 px high on screen: two lines (32 px) would cover the neighbours' labels.
    const low = labelBeside(label, box(label), 'left', [100, 200], 200, { clientWidth: 245, clientHeight: 600 }, 20);
    expect(low.lines).toEqual(label);
    expect(low.corner[0]).toBe(0);
    // Room for fewer than 12 characters: broken to 12, and moved inside.
    const placed = labelBeside(label, box(label), 'left', [40, 140], 200, { clientWidth: 245, clientHeight: 600 });
    expect(Math.max(...placed.lines.map((l) => l.length))).toBeLessThanOrEqual(12);
    expect(placed.corner[0]).toBe(0);
    // A label wider than the whole viewport is broken to its width, however tall that makes it.
    const note = ['Ha is 1.97 times Hp: check that the points are on the right vertebra'];
    const wide = labelBeside(note, box(note), 'right', [10, 20], 100, { clientWidth: 245, clientHeight: 600 }, 20);
    expect(wide.size.width).toBeLessThanOrEqual(245 - 8);
    expect(wide.corner[0] + wide.size.width).toBeLessThanOrEqual(245);
  });

  it('may choose its side by its width, and keeps the box inside the element', () => {
    const placed = labelBeside(label, box(label), (width) => (width < 50 ? 'left' : 'right'), [100, 200], 200, { clientWidth: 800, clientHeight: 600 });
    expect(placed.corner).toEqual([200, 192]);
    expect(insideBox([-5, 590], { width: 20, height: 20 }, { clientWidth: 100, clientHeight: 600 })).toEqual([0, 580]);
  });
});
