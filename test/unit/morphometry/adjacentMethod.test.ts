import { describe, expect, it } from 'vitest';
import { measureVertebrae, type VertebraInput, type VertebraResult } from '../../../src/morphometry';
import { box, type BoxHeights } from './fixtures';

const adjacent = (vertebrae: VertebraInput[]) => measureVertebrae(vertebrae, { method: 'adjacent' });
const find = (vertebrae: VertebraResult[], level: string) => vertebrae.find((v) => v.level === level) as VertebraResult;

/** L1 between T12 and L2, both normal with all heights `neighbour`, by the adjacent method. */
function l1Between(heights: BoxHeights | number, neighbour: BoxHeights | number = 25): VertebraResult {
  return find(adjacent([box('T12', neighbour), box('L1', heights), box('L2', neighbour)]).vertebrae, 'L1');
}

describe('§4 the default method is own posterior + adjacent, and says so', () => {
  it('is used when no method is asked for', () => {
    const result = measureVertebrae([box('L1', 25)]);
    expect(result.method).toBe('own-posterior');
    // The result keeps exactly the fields of the interchange output.
    expect(Object.keys(result.vertebrae[0] as object)).toEqual([
      'level', 'unit', 'ha', 'hm', 'hp', 'wedgeRatio', 'biconcaveRatio', 'hpAdjacent', 'crushRatio',
      'wedgeAngle', 'heightLoss', 'grade', 'type', 'vertebralKyphosis', 'segmentalKyphosis',
    ]);
  });
});

describe('§4 the adjacent-reference method: expected heights from the adjacent measured levels', () => {
  it('compares each height with the mean of the neighbours and records the method', () => {
    // T12 (ha 25) and L2 (ha 27): ha_exp 26, anteriorLoss 1 - 20/26 = 0.2308, grade 1 wedge.
    // The default method would see 20/24 = 0.833 (loss 0.167, grade 0).
    const vertebrae = [box('T12', 25), box('L1', { ha: 20, hm: 24, hp: 24 }), box('L2', 27)];
    const l1 = find(adjacent(vertebrae).vertebrae, 'L1');
    expect(l1.heightLoss).toBeCloseTo(1 - 20 / 26, 15);
    expect(l1).toMatchObject({ grade: 1, type: 'wedge', method: 'adjacent', fallback: false });
    expect(find(measureVertebrae(vertebrae).vertebrae, 'L1')).toMatchObject({ grade: 0, type: null });
  });

  it('reads middle loss as biconcave and posterior loss as crush', () => {
    // 1 - 18/25 = 0.28 in the middle; 1 - 18/25 = 0.28 posteriorly against 1 - 20/25 = 0.2 elsewhere.
    expect(l1Between({ ha: 25, hm: 18, hp: 25 })).toMatchObject({ grade: 2, type: 'biconcave' });
    expect(l1Between({ ha: 20, hm: 20, hp: 18 })).toMatchObject({ grade: 2, type: 'crush' });
    expect(l1Between(18)).toMatchObject({ grade: 2, type: 'wedge' }); // all three tie: wedge first
  });

  it('keeps heightLoss at 0 or above', () => {
    expect(l1Between(30)).toMatchObject({ heightLoss: 0, grade: 0, type: null });
  });

  it('still reports the ratios of section 3', () => {
    expect(l1Between({ ha: 20, hm: 24, hp: 25 })).toMatchObject({
      wedgeRatio: 0.8, biconcaveRatio: 0.96, hpAdjacent: 25, crushRatio: 1,
    });
  });

  it('falls back to the default method without adjacent levels, and says so', () => {
    // L1 alone, ha 18 of hp 25: own-posterior gives 0.72, grade 2 wedge.
    const [l1] = adjacent([box('L1', { ha: 18, hm: 25, hp: 25 })]).vertebrae;
    expect(l1).toMatchObject({ grade: 2, type: 'wedge', method: 'own-posterior', fallback: true });
  });

  it('falls back for a vertebra whose only measured neighbour is across a missing level', () => {
    const result = adjacent([box('L1', { ha: 18, hm: 25, hp: 25 }), box('L3', 25)]);
    expect(result.method).toBe('adjacent');
    expect(result.vertebrae.map((v) => [v.level, v.method, v.fallback])).toEqual([
      ['L1', 'own-posterior', true],
      ['L3', 'own-posterior', true],
    ]);
  });
});
