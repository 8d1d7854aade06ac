import { describe, expect, it } from 'vitest';
import { gradeFromHeightLoss, gradeLosses, measureVertebrae, type Level, type VertebraResult } from '../../../src/morphometry';
import { box, type BoxHeights } from './fixtures';

/** The vertebra `heights` at L1 between a T12 and an L2 of `neighbour` (all heights), graded. */
function l1Between(heights: BoxHeights | number, neighbour = 25): VertebraResult {
  const result = measureVertebrae([box('T12', neighbour), box('L1', heights), box('L2', neighbour)]);
  return result.vertebrae.find((v) => v.level === 'L1') as VertebraResult;
}

function alone(level: Level, heights: BoxHeights | number): VertebraResult {
  return measureVertebrae([box(level, heights)]).vertebrae[0] as VertebraResult;
}

describe('§4 heightLoss = max(0, wedgeLoss, biconcaveLoss, crushLoss)', () => {
  it('is 0 for a normal vertebra', () => {
    expect(l1Between(25)).toMatchObject({ heightLoss: 0, grade: 0, type: null });
  });

  it('takes the largest of the three losses', () => {
    // wedge 1 - 21/25 = 0.16, biconcave 1 - 19/25 = 0.24, crush 1 - 25/25 = 0.
    const l1 = l1Between({ ha: 21, hm: 19, hp: 25 });
    expect(l1.heightLoss).toBeCloseTo(0.24, 15);
    expect(l1).toMatchObject({ grade: 1, type: 'biconcave' });
  });

  it('gives no type below grade 1 even when some height is lost', () => {
    // 1 - 22/25 = 0.12.
    const l1 = l1Between({ ha: 22, hm: 25, hp: 25 });
    expect(l1.heightLoss).toBeCloseTo(0.12, 15);
    expect(l1).toMatchObject({ grade: 0, type: null });
  });
});

describe('§4 Genant grade: < 0.20 -> 0, < 0.25 -> 1, < 0.40 -> 2, else 3, with a tolerance of 1e-9', () => {
  it.each([
    [0, 0],
    [0.19, 0],
    [0.2 - 2e-9, 0],
    [0.2 - 0.5e-9, 1],
    [1 - 20 / 25, 1], // 0.19999999999999996
    [0.2, 1],
    [0.2499, 1],
    [0.25 - 2e-9, 1],
    [0.25 - 0.5e-9, 2],
    [0.25, 2],
    [0.3999, 2],
    [0.4 - 2e-9, 2],
    [0.4 - 0.5e-9, 3],
    [0.4, 3],
    [1, 3],
  ])('grades a height loss of %s as %i', (loss, grade) => {
    expect(gradeFromHeightLoss(loss)).toBe(grade);
  });

  it('puts a ratio of exactly 0.80, 0.75 or 0.60 in the higher grade', () => {
    expect(1 - 20 / 25).toBeLessThan(0.2); // why the tolerance exists
    expect(alone('L1', { ha: 20, hm: 25, hp: 25 })).toMatchObject({ wedgeRatio: 0.8, grade: 1, type: 'wedge' });
    expect(alone('L1', { ha: 15, hm: 20, hp: 20 })).toMatchObject({ wedgeRatio: 0.75, grade: 2, type: 'wedge' });
    expect(alone('L1', { ha: 15, hm: 25, hp: 25 })).toMatchObject({ wedgeRatio: 0.6, grade: 3, type: 'wedge' });
    expect(alone('L1', { ha: 25, hm: 20, hp: 25 })).toMatchObject({ biconcaveRatio: 0.8, grade: 1, type: 'biconcave' });
    expect(l1Between(20)).toMatchObject({ crushRatio: 0.8, grade: 1, type: 'crush' });
  });

  it.each([
    // ratio = ha / 25; a hair is 1e-6 of ratio, i.e. 25e-6 of ha, far beyond the tolerance.
    [0.8, 20, 0, 1],
    [0.75, 18.75, 1, 2],
    [0.6, 15, 2, 3],
  ])('grades a ratio a hair above %s lower and a hair below it higher', (_ratio, ha, above, below) => {
    expect(alone('L1', { ha: ha + 25e-6, hm: 25, hp: 25 }).grade).toBe(above);
    expect(alone('L1', { ha, hm: 25, hp: 25 }).grade).toBe(below);
    expect(alone('L1', { ha: ha - 25e-6, hm: 25, hp: 25 }).grade).toBe(below);
  });
});

describe('§4 each deformity type at each grade', () => {
  // Losses: 1 - 19.5/25 = 0.22 (grade 1), 1 - 17/25 = 0.32 (grade 2), 1 - 12/25 = 0.52 (grade 3).
  it.each([
    [19.5, 1],
    [17, 2],
    [12, 3],
  ])('an anterior height of %s of 25 is a grade %i wedge', (h, grade) => {
    expect(l1Between({ ha: h, hm: 25, hp: 25 })).toMatchObject({ grade, type: 'wedge' });
  });

  it.each([
    [19.5, 1],
    [17, 2],
    [12, 3],
  ])('a middle height of %s of 25 is a grade %i biconcave', (h, grade) => {
    expect(l1Between({ ha: 25, hm: h, hp: 25 })).toMatchObject({ grade, type: 'biconcave' });
  });

  it.each([
    [19.5, 1],
    [17, 2],
    [12, 3],
  ])('a whole body of %s between neighbours of 25 is a grade %i crush', (h, grade) => {
    expect(l1Between(h)).toMatchObject({ wedgeRatio: 1, biconcaveRatio: 1, grade, type: 'crush' });
  });
});

describe('§4 crush is found only through the adjacent levels', () => {
  it('grades a uniformly flattened body by its neighbours although its own ratios are normal', () => {
    // hp 18 against 25 above and below: crushRatio 0.72, loss 0.28, grade 2.
    const l1 = l1Between(18);
    expect(l1).toMatchObject({ wedgeRatio: 1, biconcaveRatio: 1, hpAdjacent: 25, crushRatio: 0.72, grade: 2, type: 'crush' });
    expect(l1.heightLoss).toBeCloseTo(0.28, 15);
  });

  it('cannot see it without an adjacent measured level: crush null, grade 0', () => {
    expect(alone('L1', 18)).toMatchObject({ hpAdjacent: null, crushRatio: null, heightLoss: 0, grade: 0, type: null });
  });
});

describe('§4 type ties (equal within 1e-9) go to wedge, then biconcave, then crush', () => {
  it('calls equal wedge and biconcave losses a wedge', () => {
    // ha = hm = 15 of hp 20: both 0.25.
    expect(alone('L1', { ha: 15, hm: 15, hp: 20 })).toMatchObject({ grade: 2, type: 'wedge' });
  });

  it('calls biconcave and crush losses equal up to rounding a biconcave', () => {
    // hm 15 of hp 20 is 0.25; hp 20 against neighbours of 80/3 is 0.75 up to rounding, also 0.25.
    const l1 = l1Between({ ha: 20, hm: 15, hp: 20 }, 80 / 3);
    expect(l1.crushRatio).toBeCloseTo(0.75, 14);
    expect(l1).toMatchObject({ grade: 2, type: 'biconcave' });
  });

  it('breaks no tie beyond the tolerance', () => {
    expect(gradeLosses({ wedge: 0.25, biconcave: 0.25 + 2e-9 }).type).toBe('biconcave');
    expect(gradeLosses({ wedge: 0.25, biconcave: 0.25 + 0.5e-9 }).type).toBe('wedge');
    expect(gradeLosses({ wedge: 0.25, crush: 0.25 }).type).toBe('wedge');
  });

  it('measures ties against the largest loss', () => {
    // crush is largest; biconcave is within 1e-9 of it, wedge is not.
    expect(gradeLosses({ wedge: 0.3, biconcave: 0.3 + 0.8e-9, crush: 0.3 + 1.6e-9 }).type).toBe('biconcave');
  });
});

describe('§4 reverse wedging (ha > hp, normal at L5) is no wedge deformity', () => {
  it('gives a negative wedge loss, so no height loss at all', () => {
    // L5 ha 30 hm 28 hp 25 under an L4 of 25: wedgeLoss -0.2, biconcaveLoss -0.12, crushLoss 0.
    const l5 = measureVertebrae([box('L4', 25), box('L5', { ha: 30, hm: 28, hp: 25 })]).vertebrae[1];
    expect(l5).toMatchObject({ level: 'L5', wedgeRatio: 1.2, crushRatio: 1, heightLoss: 0, grade: 0, type: null });
  });
});
