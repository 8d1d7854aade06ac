import { describe, expect, it } from 'vitest';
import { gradeFromHeightLoss } from '../../../src/morphometry';
import { formatLoss, formatRatio } from '../../../src/reading';

describe('numbers beside a grade never contradict it at a threshold (section 4)', () => {
  it('a loss just under 20% is not shown as 20.0 beside its grade 0, nor one just under 25% as 25.0 beside grade 1', () => {
    expect([formatLoss(0.19969), gradeFromHeightLoss(0.19969)]).toEqual(['19.97', 0]);
    expect([formatLoss(0.2497), gradeFromHeightLoss(0.2497)]).toEqual(['24.97', 1]);
    expect([formatLoss(0.39996), gradeFromHeightLoss(0.39996)]).toEqual(['39.996', 2]);
    // On the threshold, and away from it, one decimal as always.
    expect([formatLoss(0.2), gradeFromHeightLoss(0.2)]).toEqual(['20.0', 1]);
    expect(formatLoss(0.20003)).toBe('20.003');
    expect(formatLoss(0.218)).toBe('21.8');
    expect(formatLoss(0.104)).toBe('10.4');
  });

  it('a ratio just over 0.80, 0.75 or 0.60 shows its side; others keep two decimals', () => {
    expect(formatRatio(0.8003)).toBe('0.8003');
    expect(formatRatio(0.7503)).toBe('0.7503');
    expect(formatRatio(0.5996)).toBe('0.5996');
    expect(formatRatio(0.8)).toBe('0.80');
    expect(formatRatio(1 - 0.2)).toBe('0.80');
    expect(formatRatio(0.78)).toBe('0.78');
    expect(formatRatio(0.93)).toBe('0.93');
    expect(formatRatio(null)).toBe('—');
  });
});
