import { describe, expect, it } from 'vitest';
import { chartLevels } from '../../../src/ui/SpineChart';

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
