/** morphometry.md section 2a: placement checks, so that a wrong placement never becomes a silent grade. */
import { describe, expect, it } from 'vitest';
import {
  anatomicalOrder,
  directionsFromImageOrientation,
  directionsFromPatientOrientation,
  directionsOnPlane,
  levelOrderProblems,
  measureVertebrae,
  placementChecks,
  relabelledInOrder,
  swapNote,
  type Level,
  type PlacedVertebra,
  type SixPoints,
} from '../../../src/morphometry';
import { boxPoints } from './fixtures';

/** The box fixture is upright with its anterior wall on the left (small column) and superior endplate on top. */
const T6 = boxPoints({ ha: 20, hm: 24, hp: 25 }); // a grade 1 wedge: Ha/Hp 0.80

/** The same six places, clicked posterior wall first: the reader's "as" is on the posterior corner. */
function posteriorFirst(p: SixPoints): SixPoints {
  return { as: p.ps, ms: p.ms, ps: p.as, ai: p.pi, mi: p.mi, pi: p.ai };
}

/** Clicked inferior endplate first. */
function inferiorFirst(p: SixPoints): SixPoints {
  return { as: p.ai, ms: p.mi, ps: p.pi, ai: p.as, mi: p.ms, pi: p.ps };
}

/** A vertebra drawn `row` pixels down the image, i.e. more caudal on an image whose columns run to the feet. */
function bodyAt(level: Level, row: number, group = 'image-1'): PlacedVertebra {
  return { level, points: boxPoints({ ha: 25, hm: 25, hp: 25 }, { y: row }), frame: { space: 'image', pixelSpacing: null }, group, orientationKnown: true };
}

describe('2a orientation: Patient Orientation of a projection image', () => {
  it('A\\F: rows run to anterior (anterior on the right), columns to the feet (superior up)', () => {
    expect(directionsFromPatientOrientation('A\\F')).toEqual({ anterior: [1, 0], superior: [0, -1] });
  });
  it('P\\F: anterior on the left (the phantom radiograph)', () => {
    expect(directionsFromPatientOrientation(['P', 'F'])).toEqual({ anterior: [-1, 0], superior: [0, -1] });
  });
  it('A\\H: an image hung upside down, superior at the bottom', () => {
    expect(directionsFromPatientOrientation('A\\H')).toEqual({ anterior: [1, 0], superior: [0, 1] });
  });
  it('a frontal view (L\\F) says where superior is but not anterior', () => {
    expect(directionsFromPatientOrientation('L\\F')).toEqual({ anterior: null, superior: [0, -1] });
  });
  it('absent or malformed: nothing is known', () => {
    expect(directionsFromPatientOrientation(undefined)).toEqual({ anterior: null, superior: null });
    expect(directionsFromPatientOrientation('A')).toEqual({ anterior: null, superior: null });
  });
});

describe('2a orientation: Image Orientation (Patient) of MR and CT slices', () => {
  it('a sagittal slice with rows to posterior and columns to the feet is oriented like P\\F', () => {
    // Row cosines (0, 1, 0): along a row the patient's y (posterior) grows. Column cosines (0, 0, -1): down is feet.
    expect(directionsFromImageOrientation([0, 1, 0, 0, 0, -1])).toEqual({ anterior: [-1, 0], superior: [0, -1] });
  });
  it('an oblique sagittal slice (rows 30 degrees toward the left) still tells both sides', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const { anterior, superior } = directionsFromImageOrientation([s, -c, 0, 0, 0, -1]);
    // Rows point mostly anterior (-y is anterior in LPS): anterior lies to the right.
    expect(anterior?.[0]).toBeCloseTo(1, 12);
    expect(anterior?.[1]).toBeCloseTo(0, 12);
    expect(superior).toEqual([0, -1]);
  });
  it('an axial slice cannot say which endplate is superior', () => {
    expect(directionsFromImageOrientation([1, 0, 0, 0, 1, 0]).superior).toBeNull();
  });
  it('a reformat plane: patient directions where they lie in the plane', () => {
    expect(directionsOnPlane([1, 0, 0])).toEqual({ anterior: [0, -1, 0], superior: [0, 0, 1] });
    expect(directionsOnPlane([0, 0, 1]).superior).toBeNull();
  });
});

describe('2a a vertebra placed the other way round is put back in anatomical order', () => {
  const pf = directionsFromPatientOrientation('P\\F');

  it('placed right: nothing is swapped', () => {
    expect(anatomicalOrder(T6, pf)).toEqual({ points: T6, swapped: [] });
  });
  it('posterior first: the pairs are swapped back and the wedge is graded (Ha/Hp 0.80, not 1.25)', () => {
    const ordered = anatomicalOrder(posteriorFirst(T6), pf);
    expect(ordered).toEqual({ points: T6, swapped: ['anterior-posterior'] });
    expect(swapNote(ordered.swapped)).toBe('points swapped: placed posterior first');
    const [graded] = measureVertebrae([{ level: 'T6', points: ordered.points }]).vertebrae;
    expect(graded?.wedgeRatio).toBe(0.8);
    expect(graded?.grade).toBe(1);
    expect(graded?.type).toBe('wedge');
  });
  it('inferior endplate first, and both at once', () => {
    expect(anatomicalOrder(inferiorFirst(T6), pf)).toEqual({ points: T6, swapped: ['superior-inferior'] });
    const both = anatomicalOrder(inferiorFirst(posteriorFirst(T6)), pf);
    expect(both).toEqual({ points: T6, swapped: ['anterior-posterior', 'superior-inferior'] });
    expect(swapNote(both.swapped)).toBe('points swapped: placed posterior first, inferior endplate first');
  });
  it('one endplate clicked posterior first (the outline traced round the body): only its corners are swapped back', () => {
    // as, ms, ps along the superior endplate, then pi, mi, ai: the "heights" as-ai and ps-pi would be the diagonals.
    const traced = { ...T6, ai: T6.pi, pi: T6.ai };
    const [crossed] = measureVertebrae([{ level: 'T6', points: traced }]).vertebrae;
    expect(crossed?.ha).toBeGreaterThan(35);
    const ordered = anatomicalOrder(traced, pf);
    expect(ordered).toEqual({ points: T6, swapped: ['inferior-endplate'] });
    expect(swapNote(ordered.swapped)).toBe('points swapped: placed inferior endplate posterior first');
    const [graded] = measureVertebrae([{ level: 'T6', points: ordered.points }]).vertebrae;
    expect([graded?.ha, graded?.hp, graded?.wedgeRatio, graded?.grade]).toEqual([20, 25, 0.8, 1]);
    expect(anatomicalOrder({ ...T6, as: T6.ps, ps: T6.as }, pf)).toEqual({ points: T6, swapped: ['superior-endplate'] });
  });
  it('on an image hung the other way (A\\F) the same clicks are the right way round', () => {
    expect(anatomicalOrder(posteriorFirst(T6), directionsFromPatientOrientation('A\\F')).swapped).toEqual([]);
  });
  it('without orientation nothing is swapped', () => {
    expect(anatomicalOrder(posteriorFirst(T6), { anterior: null, superior: null }).swapped).toEqual([]);
  });
});

describe('2a neighbour rule where the orientation is unknown', () => {
  const unknown = (level: Level, points: SixPoints): PlacedVertebra => ({
    level,
    points,
    frame: { space: 'image', pixelSpacing: null },
    group: 'image-1',
    orientationKnown: false,
  });
  const spine = (reversed: Level[]) =>
    (['T4', 'T5', 'T6', 'T7'] as Level[]).map((level, i) => {
      const p = boxPoints({ ha: 25, hm: 25, hp: 25 }, { y: 100 + 35 * i });
      return unknown(level, reversed.includes(level) ? posteriorFirst(p) : p);
    });

  it('the vertebra whose anterior side is opposite to its neighbours is flagged, with a note', () => {
    const checks = placementChecks(spine(['T6']));
    expect(checks.get('T6')).toEqual({ placement: 'check', note: "check placement: anterior side opposite to the other vertebrae's" });
    for (const level of ['T4', 'T5', 'T7'] as const) expect(checks.get(level)).toEqual({ placement: 'ok', note: null });
  });
  it('two vertebrae of opposite sides are both flagged: which one is wrong cannot be told', () => {
    const checks = placementChecks(spine(['T5']).slice(0, 2));
    expect([checks.get('T4')?.placement, checks.get('T5')?.placement]).toEqual(['check', 'check']);
  });
  it('endplates that run opposite ways are flagged whatever the neighbours: their heights are the diagonals', () => {
    const bodies = spine([]);
    const t6 = bodies[2]!.points;
    bodies[2] = { ...bodies[2]!, points: { ...t6, ai: t6.pi, pi: t6.ai } };
    expect(placementChecks(bodies).get('T6')).toEqual({ placement: 'check', note: 'check placement: its endplates run opposite ways (one placed posterior first?)' });
    expect(placementChecks(bodies).get('T5')).toEqual({ placement: 'ok', note: null });
  });
  it('a body more than 1.4 times taller in front (or in the middle) than at the back is flagged: a point on a neighbour', () => {
    const bodies = spine([]).map((v) => ({ ...v, orientationKnown: true }));
    const t6 = bodies[2]!.points;
    // T6's ai clicked on T7's ai, across the disc: Ha 60 px against Hp 25, a "normal" Ha/Hp of 2.4.
    bodies[2] = { ...bodies[2]!, points: { ...t6, ai: bodies[3]!.points.ai } };
    expect(placementChecks(bodies).get('T6')).toEqual({
      placement: 'check',
      note: 'check placement: Ha is 2.40 times Hp, more than a vertebral body has (a point on a neighbour?)',
    });
    expect(measureVertebrae(bodies.map(({ level, points }) => ({ level, points }))).vertebrae[2]).toMatchObject({ placement: 'check', grade: 0 });
    // 1.4 times is still a body (a tall reverse wedge): no flag; Hm is checked the same way.
    const wedge = boxPoints({ ha: 35, hm: 25, hp: 25 });
    const concave = boxPoints({ ha: 25, hm: 36, hp: 25 });
    const checks = placementChecks([{ ...bodies[0]!, points: wedge }, { ...bodies[1]!, points: concave }]);
    expect([checks.get('T4'), checks.get('T5')?.note]).toEqual([
      { placement: 'ok', note: null },
      'check placement: Hm is 1.44 times Hp, more than a vertebral body has (a point on a neighbour?)',
    ]);
  });
  it('an image that gave the orientation is never flagged (its points are already in order)', () => {
    const known = spine(['T6']).map((v) => ({ ...v, orientationKnown: true }));
    expect([...placementChecks(known).values()].every((c) => c.placement === 'ok')).toBe(true);
  });
  it('kypho measure (no orientation in a landmark document) reports the flag on the vertebra', () => {
    const result = measureVertebrae(spine(['T6']).map(({ level, points }) => ({ level, points })));
    expect(result.vertebrae.map((v) => v.placement)).toEqual(['ok', 'ok', 'check', 'ok']);
    expect(result.vertebrae[2]?.placementNote).toBe("check placement: anterior side opposite to the other vertebrae's");
    // Its grade is still shown (here a wedge read backwards, Ha/Hp 1.0 of a normal box): the flag says how far to trust it.
    expect(result.vertebrae[2]?.grade).toBe(0);
  });
});

describe('2a level order on one image', () => {
  it('labels in order of the bodies: no problem', () => {
    expect(levelOrderProblems([bodyAt('T5', 100), bodyAt('T6', 135), bodyAt('T7', 170)]).size).toBe(0);
  });
  it('a swapped pair: T5 and T6 exchanged, both rows flagged naming both levels', () => {
    const problems = levelOrderProblems([bodyAt('T4', 65), bodyAt('T6', 100), bodyAt('T5', 135), bodyAt('T7', 170)]);
    expect(Object.fromEntries(problems)).toEqual({ T5: ['T6 lies above T5'], T6: ['T6 lies above T5'] });
    expect(Object.fromEntries(relabelledInOrder([bodyAt('T4', 65), bodyAt('T6', 100), bodyAt('T5', 135), bodyAt('T7', 170)]))).toEqual({
      T6: 'T5',
      T5: 'T6',
    });
  });
  it('a run of three inverted labels (T7, T6, T5 from the top) is flagged on every row and relabelled in order', () => {
    const bodies = [bodyAt('T4', 65), bodyAt('T7', 100), bodyAt('T6', 135), bodyAt('T5', 170), bodyAt('T8', 205)];
    expect(Object.fromEntries(levelOrderProblems(bodies))).toEqual({
      T5: ['T6 lies above T5'],
      T6: ['T6 lies above T5', 'T7 lies above T6'],
      T7: ['T7 lies above T6'],
    });
    expect(Object.fromEntries(relabelledInOrder(bodies))).toEqual({ T7: 'T5', T5: 'T7' });
  });
  it('on an image hung upside down (bodies in anatomical order point their superior side down) the order still holds', () => {
    const flipped = (level: Level, row: number): PlacedVertebra => ({ ...bodyAt(level, row), points: inferiorFirst(bodyAt(level, row).points) });
    expect(levelOrderProblems([flipped('T6', 100), flipped('T5', 135)]).size).toBe(0);
    expect(Object.fromEntries(levelOrderProblems([flipped('T5', 100), flipped('T6', 135)]))).toEqual({
      T5: ['T6 lies above T5'],
      T6: ['T6 lies above T5'],
    });
  });
  it('bodies on different images are not compared', () => {
    expect(levelOrderProblems([bodyAt('T6', 100, 'image-1'), bodyAt('T5', 135, 'image-2')]).size).toBe(0);
  });
});
