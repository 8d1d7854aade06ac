import { describe, expect, it } from 'vitest';
import {
  LEVELS,
  inGradingRange,
  levelsInGradingRange,
  measureVertebrae,
  spinalDeformityIndex,
  type Level,
} from '../../../src/morphometry';
import { box } from './fixtures';

const T4_TO_L4: Level[] = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4'];

/** A normal vertebra (25 high) at each level, with wedges: ha 20 of 25 is grade 1, 18 grade 2, 12 grade 3. */
function spine(levels: readonly Level[], wedges: Partial<Record<Level, number>> = {}) {
  return levels.map((level) => box(level, { ha: wedges[level] ?? 25, hm: 25, hp: 25 }));
}

describe('§5 SDI: the sum of grades over T4..L4', () => {
  it('sums a complete standard spine and leaves C7 and L5 out', () => {
    const result = measureVertebrae(spine(['C7', ...T4_TO_L4, 'L5'], { T8: 20, L1: 18, C7: 12, L5: 12 }));
    // T8 grade 1 + L1 grade 2 = 3; C7 and L5 are graded 3 each but not summed.
    expect(result.vertebrae.find((v) => v.level === 'C7')?.grade).toBe(3);
    expect(result.vertebrae.find((v) => v.level === 'L5')?.grade).toBe(3);
    expect(result).toMatchObject({ sdi: 3, levelsMeasured: 13 });
  });

  it('counts a measured T13 inside the range', () => {
    const levels: Level[] = [...T4_TO_L4.slice(0, 9), 'T13', ...T4_TO_L4.slice(9)];
    const result = measureVertebrae(spine(levels, { T8: 20, T13: 20, L1: 18 }));
    expect(result).toMatchObject({ sdi: 4, levelsMeasured: 14 });
    expect(levelsInGradingRange(levels)).toBe(14);
    expect(levelsInGradingRange(T4_TO_L4)).toBe(13);
  });

  it('counts unmeasured levels as 0', () => {
    expect(measureVertebrae(spine(['T8', 'L1', 'L5'], { T8: 20, L1: 18, L5: 12 }))).toMatchObject({
      sdi: 3,
      levelsMeasured: 2,
    });
    expect(measureVertebrae([])).toEqual({
      method: 'own-posterior', vertebrae: [], sdi: 0, levelsMeasured: 0, thoracicKyphosis: null, lumbarLordosis: null,
    });
  });

  it('spans T4 to L4 inclusive, T13 included; C-levels, T1-T3, L5, L6 and S1 are outside', () => {
    expect(LEVELS.filter(inGradingRange)).toEqual([...T4_TO_L4.slice(0, 9), 'T13', ...T4_TO_L4.slice(9)]);
  });

  it('does not count a level without a measurement (grade null)', () => {
    expect(
      spinalDeformityIndex([
        { level: 'L1', grade: 2 },
        { level: 'L2', grade: null },
        { level: 'L5', grade: 3 },
      ]),
    ).toEqual({ sdi: 2, levelsMeasured: 1 });
  });
});
