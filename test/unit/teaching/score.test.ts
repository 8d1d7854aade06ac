import { describe, expect, it } from 'vitest';
import type { Grade, Level } from '../../../src/morphometry';
import { linearWeightedKappa, scoredVertebrae, scoreTrainee, type ScoredVertebra } from '../../../src/teaching/score';

const v = (level: Level, grade: Grade | null, [ha, hm, hp] = [20, 20, 20]): ScoredVertebra => ({
  level,
  grade,
  unit: grade === null ? null : 'mm',
  ha: grade === null ? null : ha,
  hm: grade === null ? null : hm,
  hp: grade === null ? null : hp,
});

describe('linear weighted kappa', () => {
  it('matches a 5-level table worked by hand: 12/17', () => {
    // Reference 0 0 1 2 3, trainee 0 1 1 3 3. Weights 1 - |i-j|/3.
    // po = (1 + 2/3 + 1 + 2/3 + 1) / 5 = 65/75.
    // Marginals: reference 2/5 1/5 1/5 1/5, trainee 1/5 2/5 0 2/5; pe = (14 + 10 + 9 + 8) / 75 = 41/75.
    // kappa = (65 - 41) / (75 - 41) = 24/34 = 12/17.
    const kappa = linearWeightedKappa([
      [0, 0],
      [0, 1],
      [1, 1],
      [2, 3],
      [3, 3],
    ]);
    expect(kappa).toBeCloseTo(12 / 17, 12);
  });

  it('is 1 for perfect agreement on more than one grade', () => {
    expect(linearWeightedKappa([
      [0, 0],
      [2, 2],
    ])).toBeCloseTo(1, 12);
  });

  it('is null when it is undefined: every rating the same grade, so expected agreement is 1', () => {
    expect(linearWeightedKappa([
      [0, 0],
      [0, 0],
    ])).toBeNull();
    expect(linearWeightedKappa([])).toBeNull();
  });
});

describe('scoring a trainee against the reference', () => {
  const reference = [v('T11', 0, [20, 20, 21]), v('T12', 2, [15, 18, 22]), v('L1', 1, [18, 19, 23]), v('L2', 0)];

  it('matches levels by label and averages |dHa|, |dHm|, |dHp| over the matched levels', () => {
    // T11: |20-21| |20-20| |21-21| -> 1/3; T12: |15-16| |18-20| |22-22| -> 1. Mean (1/3 + 1) / 2 = 2/3.
    const trainee = [v('T11', 0, [21, 20, 21]), v('T12', 2, [16, 20, 22])];
    const score = scoreTrainee(reference, trainee);
    expect(score.matched).toBe(2);
    expect(score.meanAbsHeightErrorMm).toBeCloseTo(2 / 3, 12);
  });

  it('counts a reference level the trainee did not measure as grade 0: missed, and in the agreement', () => {
    // Pairs over the reference's 4 levels: T11 0/0, T12 2/2, L1 1/0 (not measured), L2 0/0 -> 3 of 4 agree.
    const trainee = [v('T11', 0), v('T12', 2), v('L2', 0)];
    const score = scoreTrainee(reference, trainee);
    expect(score.gradeAgreement).toBe(0.75);
    expect(score.missed).toEqual(['L1']);
    expect(score.overcalled).toEqual([]);
  });

  it('over-calls a fracture where the reference has grade 0 or did not measure, listed cranial to caudal', () => {
    const trainee = [v('L3', 1), v('T11', 2), v('T12', 2), v('L1', 1), v('L2', 0)];
    expect(scoreTrainee(reference, trainee).overcalled).toEqual(['T11', 'L3']);
  });

  it('ignores vertebrae without a measurement (edema only) on either side', () => {
    const score = scoreTrainee([...reference, v('L3', null)], [v('L3', null), v('T12', 2)]);
    expect(score.matched).toBe(1);
    expect(score.overcalled).toEqual([]);
  });

  it('has no height error when nothing matched', () => {
    expect(scoreTrainee(reference, []).meanAbsHeightErrorMm).toBeNull();
  });
});

describe('reading documents for scoring', () => {
  it('takes the computed fields of a kypho.reading/v1 vertebra', () => {
    const doc = {
      schema: 'kypho.reading/v1',
      vertebrae: [
        { level: 'L1', unit: 'mm', ha: 18, hm: 22, hp: 25, grade: 2, edema: 'present', age: 'acute' },
        { level: 'T12', measurement: null, unit: null, ha: null, hm: null, hp: null, grade: null, edema: 'absent', age: 'indeterminate' },
      ],
    };
    expect(scoredVertebrae(doc)).toEqual({
      ok: true,
      vertebrae: [
        { level: 'L1', grade: 2, unit: 'mm', ha: 18, hm: 22, hp: 25 },
        { level: 'T12', grade: null, unit: null, ha: null, hm: null, hp: null },
      ],
    });
  });

  it('names each problem by vertebra index and level', () => {
    const result = scoredVertebrae({
      schema: 'kypho.reading/v1',
      vertebrae: [
        { level: 'L7', grade: 0 },
        { level: 'L1', unit: 'px', ha: 30, hm: 30, hp: 30, grade: 0 },
        { level: 'L2', unit: 'mm', ha: 'x', hm: 20, hp: 20, grade: 0 },
        { level: 'L2', unit: 'mm', ha: 20, hm: 20, hp: 20, grade: 0 },
        { level: 'L3', unit: 'mm', ha: 20, hm: 20, hp: 20, grade: 5 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'vertebrae[0] (L7): unknown level',
        'vertebrae[1] (L1): heights are in px, not mm, so they cannot be scored',
        'vertebrae[2] (L2): ha must be numeric',
        'vertebrae[3] (L2): duplicate level',
        'vertebrae[4] (L3): grade must be 0, 1, 2, 3 or null',
      ],
    });
  });

  it('refuses anything that is not a reading', () => {
    expect(scoredVertebrae({ vertebrae: [] })).toEqual({
      ok: false,
      problems: ['document: not a kypho.reading/v1 reading (its "schema" must be "kypho.reading/v1")'],
    });
  });
});
