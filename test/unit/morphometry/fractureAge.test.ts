import { describe, expect, it } from 'vitest';
import { deriveFractureAge, type Edema, type Grade } from '../../../src/morphometry';

describe('§7 fracture age from edema and grade', () => {
  it.each<[Edema, Grade | null, boolean, string]>([
    ['present', 0, false, 'acute'],
    ['present', 2, false, 'acute'],
    ['present', null, false, 'acute'],
    ['absent', 1, false, 'chronic'],
    ['absent', 3, false, 'chronic'],
    ['absent', 0, true, 'chronic'],
    ['absent', null, true, 'chronic'],
    ['absent', 0, false, 'indeterminate'],
    ['absent', null, false, 'indeterminate'],
    ['not-assessed', 3, false, 'indeterminate'],
    ['not-assessed', 0, true, 'indeterminate'],
  ])('edema %s with grade %s (marked fractured: %s) is %s', (edema, grade, markedFractured, age) => {
    expect(deriveFractureAge({ edema, grade, markedFractured })).toBe(age);
  });

  it('needs no markedFractured flag', () => {
    expect(deriveFractureAge({ edema: 'absent', grade: 2 })).toBe('chronic');
    expect(deriveFractureAge({ edema: 'absent', grade: 0 })).toBe('indeterminate');
  });
});
