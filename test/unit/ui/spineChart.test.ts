import { describe, expect, it } from 'vitest';
import { chartLevels, sagittalCurve } from '../../../src/ui/SpineChart';

describe('the levels the spine chart draws', () => {
  it('is T4..L4 by default, without the transitional T13', () => {
    expect(chartLevels([])).toEqual(['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4']);
  });

  it('widens to measured levels outside T4..L4 and shows a measured T13', () => {
    const levels = chartLevels(['T2', 'T13', 'L5']);
    expect(levels[0]).toBe('T2');
    expect(levels.at(-1)).toBe('L5');
    expect(levels).toContain('T13');
    expect(levels).not.toContain('L6');
  });
});

describe('the sagittal curve of the spine chart, from the measured endplates', () => {
  const levels = chartLevels([]);
  it('is straight (all offsets 0) when every body has the same tilt', () => {
    const curve = sagittalCurve(levels, new Map(levels.map((l) => [l, 5] as const)));
    expect(curve!.every((o) => Math.abs(o) < 1e-12)).toBe(true);
  });

  it('bows posteriorly (to the right, anterior being left) in the middle of a kyphotic run', () => {
    // T4..T12 turning 6 degrees per level: a kyphosis; its apex lies posterior to both ends.
    const tilts = new Map(levels.slice(0, 9).map((l, i) => [l, 6 * i] as const));
    const curve = sagittalCurve(levels.slice(0, 9), tilts)!;
    expect(curve[4]!).toBeGreaterThan(curve[0]! + 0.5);
    expect(curve[4]!).toBeGreaterThan(curve[8]! + 0.5);
    // Symmetric about the apex.
    expect(curve[0]!).toBeCloseTo(curve[8]!, 10);
  });

  it('needs two measured tilts, and continues the nearest one beyond them', () => {
    expect(sagittalCurve(levels, new Map([['T8', 3]]))).toBeNull();
    const curve = sagittalCurve(levels, new Map([['T8', 0], ['T9', 0]]))!;
    expect(curve.every((o) => Math.abs(o) < 1e-12)).toBe(true);
  });
});
