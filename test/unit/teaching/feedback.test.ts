import { describe, expect, it } from 'vitest';
import { compareCase, HEIGHT_TOLERANCE_MM, type LevelComparison } from '../../../src/teaching/feedback';
import { mri, radiograph, reading } from './fixtures';
import { PX } from '../persistence/fixtures';

const at = (levels: LevelComparison[], level: string) => levels.find((l) => l.level === level)!;
const agreements = (l: LevelComparison) => [l.gradeAgrees, l.typeAgrees, l.edemaAgrees, l.ageAgrees, l.heightsAgree];

describe('feedback on a radiograph case: a missed fracture, an over-call, heights off by 2 mm', () => {
  const { levels, score } = compareCase(radiograph.reference, radiograph.trainee);

  it('has one row per level either side read, cranial to caudal', () => {
    expect(levels.map((l) => l.level)).toEqual(['T11', 'T12', 'L1', 'L2', 'L3', 'L4']);
    expect(at(levels, 'L1').trainee).toBeNull();
    expect(at(levels, 'L4').reference).toBeNull();
  });

  it('shows both vertebrae as the documents have them', () => {
    expect(at(levels, 'T12').reference).toEqual({ grade: 2, type: 'wedge', unit: 'mm', ha: 21, hm: 30, hp: 30, edema: 'not-assessed', age: 'indeterminate' });
    expect(at(levels, 'L4').trainee).toEqual({ grade: 1, type: 'wedge', unit: 'mm', ha: 24, hm: 30, hp: 30, edema: 'not-assessed', age: 'indeterminate' });
  });

  it('gives trainee minus reference heights: T11 Ha 32 - 30 = +2 mm, mean error (2 + 0 + 0) / 3 = 2/3 mm, within 1 mm', () => {
    const t11 = at(levels, 'T11');
    expect([t11.dHa, t11.dHm, t11.dHp]).toEqual([2, 0, 0]);
    expect(t11.meanAbsHeightErrorMm).toBeCloseTo(2 / 3, 12);
    expect(t11.heightsAgree).toBe(true);
  });

  it('L2 over-called: Ha 21 - 30 = -9 mm, mean error 3 mm, grade 2 against 0', () => {
    const l2 = at(levels, 'L2');
    expect([l2.dHa, l2.dHm, l2.dHp, l2.meanAbsHeightErrorMm]).toEqual([-9, 0, 0, 3]);
    expect(agreements(l2)).toEqual([false, null, null, null, false]);
  });

  it('L1 missed: not measured counts as grade 0 against 1, and the type as wrong; no heights to compare', () => {
    const l1 = at(levels, 'L1');
    expect([l1.dHa, l1.dHm, l1.dHp, l1.meanAbsHeightErrorMm]).toEqual([null, null, null, null]);
    expect(agreements(l1)).toEqual([false, false, null, null, null]);
  });

  it('an unmeasured level of grade 0 agrees (grade 0 = 0), a level the reference did not read asks nothing', () => {
    expect(agreements(at(levels, 'L3'))).toEqual([true, null, null, null, null]);
    expect(agreements(at(levels, 'L4'))).toEqual([null, null, null, null, null]);
  });

  it('scores 6 of 10', () => {
    // Questions asked (grade, type, edema, age, heights) and the trainee's answers; no edema on a radiograph:
    //   T11 grade 0=0 yes, heights 2/3 mm yes               2 of 2
    //   T12 grade 2=2 yes, type wedge=wedge yes, heights 0 yes   3 of 3
    //   L1  grade 1 vs 0 no, type wedge vs none no          0 of 2
    //   L2  grade 0 vs 2 no, heights 3 mm no                0 of 2
    //   L3  grade 0 vs 0 (not measured) yes                 1 of 1
    //   L4  nothing asked                                   0 of 0
    expect(agreements(at(levels, 'T11'))).toEqual([true, null, null, null, true]);
    expect(agreements(at(levels, 'T12'))).toEqual([true, true, null, null, true]);
    expect(score).toEqual({ earned: 6, possible: 10 });
  });
});

describe('feedback on an MRI case: edema and fracture age', () => {
  const { levels, score } = compareCase(mri.reference, mri.trainee);

  it('marks edema and age where the reference found edema, or judged it absent in a fracture', () => {
    // T12: a normal vertebra without edema has no age to tell: no edema or age question, whatever the trainee said.
    expect(agreements(at(levels, 'T12'))).toEqual([true, null, null, null, true]);
    // L1: grade 2 wedge both; edema present vs absent, so acute vs chronic; Hm 29 - 30: mean error 1/3 mm.
    expect(at(levels, 'L1').trainee).toMatchObject({ grade: 2, type: 'wedge', edema: 'absent', age: 'chronic' });
    expect(at(levels, 'L1').meanAbsHeightErrorMm).toBeCloseTo(1 / 3, 12);
    expect(agreements(at(levels, 'L1'))).toEqual([true, true, false, false, true]);
    // L2: grade 1 both, but wedge (Ha/Hp 0.80) vs biconcave (Hm/Hp 0.80); chronic both; |+6| + |-6| + 0 = 12, /3 = 4 mm.
    expect(at(levels, 'L2').meanAbsHeightErrorMm).toBe(4);
    expect(agreements(at(levels, 'L2'))).toEqual([true, false, true, true, false]);
  });

  it('a level the trainee left out counts as edema not assessed and age indeterminate', () => {
    // L3: the reference judged edema without measuring: no grade question, edema present vs not assessed, acute vs indeterminate.
    expect(at(levels, 'L3').reference).toMatchObject({ grade: null, edema: 'present', age: 'acute' });
    expect(agreements(at(levels, 'L3'))).toEqual([null, null, false, false, null]);
    // A trainee who read nothing: T12 (grade 0, no edema) still agrees on the grade (0), and is asked nothing else.
    const nothing = compareCase(mri.reference, reading([])).levels;
    expect(agreements(at(nothing, 'T12'))).toEqual([true, null, null, null, null]);
    expect(agreements(at(nothing, 'L1'))).toEqual([false, false, false, false, null]);
  });

  it('scores 8 of 14', () => {
    // T12 2 of 2 (grade, heights), L1 3 of 5, L2 3 of 5, L3 0 of 2.
    expect(score).toEqual({ earned: 8, possible: 14 });
  });
});

describe('heights and their tolerance', () => {
  const reference = reading([{ level: 'L1', heights: [30, 30, 30] }]);

  it('counts a mean error of exactly 1 mm as right and just over it as wrong', () => {
    expect(HEIGHT_TOLERANCE_MM).toBe(1);
    // Ha 33: |3| / 3 = 1 mm. Ha 33.1: 3.1 / 3 = 1.033 mm.
    expect(compareCase(reference, reading([{ level: 'L1', heights: [33, 30, 30] }])).levels[0]!.heightsAgree).toBe(true);
    expect(compareCase(reference, reading([{ level: 'L1', heights: [33.1, 30, 30] }])).levels[0]!.heightsAgree).toBe(false);
  });

  it('compares no heights measured in px (no pixel spacing), but still the grade', () => {
    const [l1] = compareCase(reference, reading([{ level: 'L1', heights: [60, 60, 60], calibration: PX }])).levels;
    expect(l1!.trainee).toMatchObject({ unit: 'px', grade: 0 });
    expect([l1!.dHa, l1!.meanAbsHeightErrorMm, l1!.heightsAgree, l1!.gradeAgrees]).toEqual([null, null, null, true]);
  });

  it('a trainee who only judged edema at a fractured level has not measured it: grade 0, type wrong', () => {
    const fractured = reading([{ level: 'L1', heights: [21, 30, 30], edema: 'present' }]);
    const [l1] = compareCase(fractured, reading([{ level: 'L1', edema: 'present' }])).levels;
    expect(agreements(l1!)).toEqual([false, false, true, true, null]);
  });
});

describe('feedback names what the trainee should check of their own placement (morphometry.md 2a)', () => {
  it('the swap into anatomical order, the neighbour check and the level order, per level; none where placed right', () => {
    const trainee = structuredClone(radiograph.trainee);
    const [first, second] = trainee.vertebrae.filter((v) => v.measurement !== null);
    first!.measurement!.swapped = ['anterior-posterior'];
    second!.placement = 'check';
    second!.placementNote = 'placement: check (anterior side opposite to its neighbours)';
    second!.levelOrder = [`${second!.level} lies above ${first!.level}`];
    const { placementNotes } = compareCase(radiograph.reference, trainee);
    expect(placementNotes).toEqual({
      [first!.level]: ['points swapped: placed posterior first'],
      [second!.level]: ['placement: check (anterior side opposite to its neighbours)', `${second!.level} lies above ${first!.level}`],
    });
    expect(compareCase(radiograph.reference, radiograph.trainee).placementNotes).toEqual({});
  });
});
