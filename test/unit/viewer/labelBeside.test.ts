import { describe, expect, it } from 'vitest';
import { insideBox, labelBeside } from '../../../src/viewer/tools/labelBeside';

// Text 7 px a character, 16 px a line, as drawn at 13 px.
const box = (lines: string[]) => ({ width: Math.max(...lines.map((l) => l.length)) * 7, height: lines.length * 16 });
const label = ['T11 Ha/Hp 0.69 G2 wedge'];

describe('a label beside its vertebra', () => {
  it('ends at the left edge it is given when there is room, centred on the vertebra', () => {
    const placed = labelBeside(label, box(label), { side: 'left', edges: [300, 400], centreY: 200, within: { clientWidth: 800, clientHeight: 600 } });
    expect(placed.lines).toEqual(label);
    expect(placed.corner).toEqual([300 - 23 * 7, 192]);
  });

  it('in a narrow viewport is broken to the room on its side, so that it stays beside the vertebra', () => {
    // 23 characters = 161 px, but only 100 - 4 px left of the vertebra: lines of at most 13 characters.
    const placed = labelBeside(label, box(label), { side: 'left', edges: [100, 200], centreY: 200, within: { clientWidth: 245, clientHeight: 600 }, maxHeight: 35 });
    expect(placed.lines).toEqual(['T11 Ha/Hp', '0.69 G2 wedge']);
    const right = placed.corner[0] + placed.size.width;
    expect(right).toBe(100);
    expect(placed.corner[0]).toBeGreaterThanOrEqual(0);
    expect(placed.corner[1]).toBe(200 - 16);
    // A line adds the line height given (a box measured with its margins: 16 + 4 px for one line, 15.6 px a line more).
    const margins = labelBeside(label, { width: 161, height: 20 }, { side: 'left', edges: [100, 200], centreY: 200, within: { clientWidth: 245, clientHeight: 600 }, lineHeight: 15.6 });
    expect(margins.size.height).toBeCloseTo(35.6);
  });

  it('is not broken taller than the distance to the next label: it moves over the vertebra instead, never cut off', () => {
    // 100 px of room, but the next label's centre 20 px away: two lines (32 px) would cover it.
    const low = labelBeside(label, box(label), { side: 'left', edges: [100, 200], centreY: 200, within: { clientWidth: 245, clientHeight: 600 }, maxHeight: 20 });
    expect(low.lines).toEqual(label);
    expect(low.corner[0]).toBe(0);
    // Room for fewer than 12 characters: broken to 12, and moved inside.
    const placed = labelBeside(label, box(label), { side: 'left', edges: [40, 140], centreY: 200, within: { clientWidth: 245, clientHeight: 600 } });
    expect(Math.max(...placed.lines.map((l) => l.length))).toBeLessThanOrEqual(12);
    expect(placed.corner[0]).toBe(0);
    // A label wider than the whole viewport is broken to its width, however tall that makes it.
    const note = ['Ha is 1.97 times Hp: check that the points are on the right vertebra'];
    const wide = labelBeside(note, box(note), { side: 'right', edges: [10, 20], centreY: 100, within: { clientWidth: 245, clientHeight: 600 }, maxHeight: 20 });
    expect(wide.size.width).toBeLessThanOrEqual(245 - 8);
    expect(wide.corner[0] + wide.size.width).toBeLessThanOrEqual(245);
  });

  it('may choose its side by its width, and keeps the box inside the element', () => {
    const placed = labelBeside(label, box(label), { side: (width) => (width < 50 ? 'left' : 'right'), edges: [100, 200], centreY: 200, within: { clientWidth: 800, clientHeight: 600 } });
    expect(placed.corner).toEqual([200, 192]);
    expect(insideBox([-5, 590], { width: 20, height: 20 }, { clientWidth: 100, clientHeight: 600 })).toEqual([0, 580]);
  });
});
