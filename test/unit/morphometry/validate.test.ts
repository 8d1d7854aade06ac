import { describe, expect, it } from 'vitest';
import { validateLandmarkDocument } from '../../../src/morphometry';
import { boxPoints } from './fixtures';

const points = () => boxPoints({ ha: 20, hm: 22, hp: 25 });

/** The problems of a document, or a failure if it was accepted. */
function problemsOf(doc: unknown): string[] {
  const validation = validateLandmarkDocument(doc);
  if (validation.ok) throw new Error('expected the document to be rejected');
  return validation.problems;
}

describe('landmark document: what is accepted', () => {
  it('accepts the interchange example and normalises it', () => {
    const validation = validateLandmarkDocument({
      pixelSpacing: [0.5, 0.5],
      method: 'adjacent',
      comment: 'extra fields are ignored',
      vertebrae: [
        { level: 'T12', points: points() },
        { level: 'L1', pixelSpacing: [0.4, 0.4], points: points() },
        { level: 'L2', space: 'patient', points: { as: [10.5, -3, 120.25], ms: [20, -3, 120], ps: [30, -3, 120],
                                                    ai: [10, -3, 95], mi: [20, -3, 97], pi: [30, -3, 95] } },
        { level: 'L3', pixelSpacing: null, points: points() },
      ],
    });
    expect(validation.ok).toBe(true);
    if (!validation.ok) return;
    expect(validation.value.pixelSpacing).toEqual([0.5, 0.5]);
    expect(validation.value.method).toBe('adjacent');
    expect(validation.value.vertebrae.map((v) => [v.level, v.space, v.pixelSpacing])).toEqual([
      ['T12', undefined, undefined],
      ['L1', undefined, [0.4, 0.4]],
      ['L2', 'patient', undefined],
      ['L3', undefined, null],
    ]);
  });

  it('accepts a document without spacing, method or vertebrae in it', () => {
    expect(validateLandmarkDocument({ vertebrae: [] })).toEqual({
      ok: true,
      value: { pixelSpacing: null, vertebrae: [] },
    });
  });
});

describe('landmark document: every problem is one line naming the vertebra by index and level', () => {
  it('rejects what is not a landmark document', () => {
    const expected = ['not a landmark document: expected an object with a "vertebrae" array'];
    for (const doc of [null, 'L1', 42, [], {}, { pixelSpacing: [1, 1] }]) expect(problemsOf(doc)).toEqual(expected);
    expect(problemsOf({ vertebrae: {} })).toEqual(['document: "vertebrae" is not an array']);
  });

  it('names an unknown level', () => {
    expect(problemsOf({ vertebrae: [{ level: 'L1', points: points() }, { level: 'L7', points: points() }] })).toEqual([
      'vertebrae[1] (L7): unknown level',
    ]);
    expect(problemsOf({ vertebrae: [{ level: 5, points: points() }] })).toEqual(['vertebrae[0] (5): unknown level']);
    expect(problemsOf({ vertebrae: [{ points: points() }] })).toEqual(['vertebrae[0] (no level): missing level']);
  });

  it('keeps a strange level on one line', () => {
    expect(problemsOf({ vertebrae: [{ level: 'L1\nL2', points: points() }] })).toEqual([
      'vertebrae[0] ("L1\\nL2"): unknown level',
    ]);
  });

  it('names a duplicate level and where it was first', () => {
    const doc = { vertebrae: [{ level: 'L1', points: points() }, { level: 'L2', points: points() }, { level: 'L1', points: points() }] };
    expect(problemsOf(doc)).toEqual(['vertebrae[2] (L1): duplicate level (also vertebrae[0])']);
  });

  it('names a missing point, or missing points', () => {
    const { ms: _ms, ...withoutMs } = points();
    expect(problemsOf({ vertebrae: [{ level: 'T12', points: withoutMs }] })).toEqual([
      'vertebrae[0] (T12): missing point ms',
    ]);
    expect(problemsOf({ vertebrae: [{ level: 'T12' }] })).toEqual(['vertebrae[0] (T12): missing points']);
    expect(problemsOf({ vertebrae: [{ level: 'T12', points: [1, 2] }] })).toEqual([
      'vertebrae[0] (T12): points must be an object with as, ms, ps, ai, mi, pi',
    ]);
  });

  it('names a non-numeric point', () => {
    for (const [bad, shown] of [
      [[120, '80'], '[120,"80"]'],
      ['120,80', '"120,80"'],
      [[120, null], '[120,null]'],
      [[120, Number.NaN], '[120,null]'],
      [{ x: 1, y: 2 }, '{"x":1,"y":2}'],
    ] as const) {
      expect(problemsOf({ vertebrae: [{ level: 'L1', points: { ...points(), ps: bad } }] })).toEqual([
        `vertebrae[0] (L1): non-numeric point ps: ${shown}`,
      ]);
    }
  });

  it('wants [column, row] in image space and [x, y, z] in patient space', () => {
    expect(problemsOf({ vertebrae: [{ level: 'L1', points: { ...points(), as: [1, 2, 3] } }] })).toEqual([
      'vertebrae[0] (L1): point as must be [column, row], got [1,2,3]',
    ]);
    expect(problemsOf({ vertebrae: [{ level: 'L1', space: 'patient', points: points() }] })).toHaveLength(6);
    expect(problemsOf({ vertebrae: [{ level: 'L1', space: 'patient', points: points() }] })[0]).toBe(
      'vertebrae[0] (L1): point as must be [x, y, z] in mm, got [100,100]',
    );
    expect(problemsOf({ vertebrae: [{ level: 'L1', space: 'world', points: points() }] })).toEqual([
      'vertebrae[0] (L1): unknown space "world" (expected image or patient)',
    ]);
  });

  it('names a non-positive or non-numeric spacing, in the document or on a vertebra', () => {
    expect(problemsOf({ pixelSpacing: [0, 0.5], vertebrae: [{ level: 'L1', points: points() }] })).toEqual([
      'document: non-positive spacing in pixelSpacing [0,0.5]',
    ]);
    expect(problemsOf({ vertebrae: [{ level: 'L1', pixelSpacing: [0.5, -0.5], points: points() }] })).toEqual([
      'vertebrae[0] (L1): non-positive spacing in pixelSpacing [0.5,-0.5]',
    ]);
    expect(problemsOf({ vertebrae: [{ level: 'L1', pixelSpacing: ['0.5', 0.5], points: points() }] })).toEqual([
      'vertebrae[0] (L1): non-numeric spacing in pixelSpacing ["0.5",0.5]',
    ]);
    expect(problemsOf({ pixelSpacing: 0.5, vertebrae: [] })).toEqual([
      'document: pixelSpacing must be [rowSpacing, columnSpacing] in mm, got 0.5',
    ]);
  });

  it('names a zero height (coincident points) in whatever spacing', () => {
    const flatPosterior = { ...points(), pi: points().ps };
    expect(problemsOf({ vertebrae: [{ level: 'L1', points: flatPosterior }] })).toEqual([
      'vertebrae[0] (L1): zero height hp (ps and pi coincide)',
    ]);
    // Still found when the spacing is wrong too, so that one run lists every problem.
    expect(problemsOf({ pixelSpacing: [0, 1], vertebrae: [{ level: 'L1', points: flatPosterior }] })).toEqual([
      'document: non-positive spacing in pixelSpacing [0,1]',
      'vertebrae[0] (L1): zero height hp (ps and pi coincide)',
    ]);
    const patient = { as: [0, 0, 0], ms: [1, 0, 0], ps: [2, 0, 0], ai: [0, 0, 0], mi: [1, 0, 5], pi: [2, 0, 5] };
    expect(problemsOf({ vertebrae: [{ level: 'L1', space: 'patient', points: patient }] })).toEqual([
      'vertebrae[0] (L1): zero height ha (as and ai coincide)',
    ]);
  });

  it('names an endplate without length, whose angle would be made up', () => {
    const p = points();
    expect(problemsOf({ vertebrae: [{ level: 'L1', points: { ...p, ps: p.as, pi: [100, 125] } }] })).toEqual([
      'vertebrae[0] (L1): zero-length superior endplate (ps and as coincide)',
    ]);
  });

  it('names an unknown method', () => {
    expect(problemsOf({ method: 'genant', vertebrae: [] })).toEqual([
      'document: unknown method "genant" (expected own-posterior or adjacent)',
    ]);
  });

  it('lists every problem, in document order', () => {
    const doc = {
      pixelSpacing: [0.5, 0],
      vertebrae: [
        { level: 'L7', points: { ...points(), mi: 'x' } },
        'L1',
        { level: 'L2', points: points() },
        { level: 'L2', points: { ...points(), as: undefined } },
      ],
    };
    expect(problemsOf(doc)).toEqual([
      'document: non-positive spacing in pixelSpacing [0.5,0]',
      'vertebrae[0] (L7): unknown level',
      'vertebrae[0] (L7): non-numeric point mi: "x"',
      'vertebrae[1] (no level): not an object with a level and six points',
      'vertebrae[3] (L2): missing point as',
      'vertebrae[3] (L2): duplicate level (also vertebrae[2])',
    ]);
  });
});
