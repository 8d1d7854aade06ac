import { describe, expect, it } from 'vitest';
import { measureVertebrae, type VertebraInput, type VertebraResult } from '../../../src/morphometry';
import { box, boxPoints } from './fixtures';

const degrees = (radians: number) => (radians * 180) / Math.PI;

function byLevel(vertebrae: VertebraInput[], options?: Parameters<typeof measureVertebrae>[1]) {
  const result = measureVertebrae(vertebrae, options);
  return Object.fromEntries(result.vertebrae.map((v) => [v.level, v])) as Record<string, VertebraResult>;
}

describe('§3 heights ha hm hp in mm', () => {
  it('measures a normal vertebra: 50 px at 0.5 mm is 25 mm, parallel endplates', () => {
    const [l1] = measureVertebrae([box('L1', 50)], { pixelSpacing: [0.5, 0.5] }).vertebrae;
    expect(l1).toMatchObject({ unit: 'mm', ha: 25, hm: 25, hp: 25, wedgeRatio: 1, biconcaveRatio: 1, wedgeAngle: 0 });
  });

  it('honours anisotropic spacing on a rotated vertebra', () => {
    // Built in mm, then divided into pixels of 0.25 mm (columns) x 0.5 mm (rows). The body axis runs
    // along (3, 4)/5 and the endplates along (4, -3)/5; depth 30 mm, ha 20, hm 25, hp 25 mm.
    //   as (0, 0) mm      -> [0, 0] px      ps = as + 30 (4, -3)/5 = (24, -18) mm -> [96, -36] px
    //   ai = as + 20 (3, 4)/5 = (12, 16) mm -> [48, 32] px
    //   pi = ps + 25 (3, 4)/5 = (39, 2) mm  -> [156, 4] px
    //   ms = (12, -9) mm -> [48, -18] px    mi = ms + 25 (3, 4)/5 = (27, 11) mm -> [108, 22] px
    // shifted by [200, 300] px.
    const shift = ([c, r]: number[]) => [(c as number) + 200, (r as number) + 300];
    const points = {
      as: shift([0, 0]), ms: shift([48, -18]), ps: shift([96, -36]),
      ai: shift([48, 32]), mi: shift([108, 22]), pi: shift([156, 4]),
    };
    const [l1] = measureVertebrae([{ level: 'L1', points }], { pixelSpacing: [0.5, 0.25] }).vertebrae;
    expect(l1).toMatchObject({ unit: 'mm', ha: 20, hm: 25, hp: 25, wedgeRatio: 0.8, biconcaveRatio: 1 });
    // In the body's own frame the inferior endplate is -30 along the endplate and -5 along the axis: atan(5/30).
    expect(l1?.wedgeAngle).toBeCloseTo(degrees(Math.atan(5 / 30)), 10);
    expect(l1).toMatchObject({ grade: 1, type: 'wedge' });
  });

  it('measures patient-space points in 3-D mm and ignores any spacing', () => {
    // Body axis b = (2, 1, 2)/3, endplate axis e = (2, -2, -1)/3 (unit, orthogonal); depth 30 mm.
    //   as (10, -5, 100)   ps = as + 30e = (30, -25, 90)   ms = as + 15e = (20, -15, 95)
    //   ai = as + 18b = (22, 1, 112)   pi = ps + 24b = (46, -17, 106)   mi = ms + 21b = (34, -8, 109)
    const points = {
      as: [10, -5, 100], ms: [20, -15, 95], ps: [30, -25, 90],
      ai: [22, 1, 112], mi: [34, -8, 109], pi: [46, -17, 106],
    };
    const [l2] = measureVertebrae([{ level: 'L2', space: 'patient', points, pixelSpacing: [9, 9] }], {
      pixelSpacing: [7, 7],
    }).vertebrae;
    expect(l2).toMatchObject({ unit: 'mm', ha: 18, hm: 21, hp: 24, wedgeRatio: 0.75, biconcaveRatio: 0.875 });
    // Inferior endplate: ai - pi = -30e - 6b, so atan(6/30).
    expect(l2?.wedgeAngle).toBeCloseTo(degrees(Math.atan(0.2)), 10);
  });

  it('gives heights in px without spacing, with the same ratios as in mm', () => {
    const heights = { ha: 36, hm: 45, hp: 50 };
    const [px] = measureVertebrae([box('L1', heights)]).vertebrae;
    const [mm] = measureVertebrae([box('L1', heights)], { pixelSpacing: [0.5, 0.5] }).vertebrae;
    expect(px).toMatchObject({ unit: 'px', ha: 36, hm: 45, hp: 50, wedgeRatio: 0.72, biconcaveRatio: 0.9 });
    expect(mm).toMatchObject({ unit: 'mm', ha: 18, hm: 22.5, hp: 25, wedgeRatio: 0.72, biconcaveRatio: 0.9 });
    expect(px?.grade).toBe(mm?.grade);
  });

  it('lets a vertebra carry its own spacing, or none', () => {
    const own = { ...box('L1', 50), pixelSpacing: [0.4, 0.4] as [number, number] };
    const none = { ...box('L2', 50), pixelSpacing: null };
    const v = byLevel([box('T12', 50), own, none], { pixelSpacing: [0.5, 0.5] });
    expect([v.T12?.hp, v.L1?.hp, v.L2?.hp]).toEqual([25, 20, 50]);
    expect([v.T12?.unit, v.L1?.unit, v.L2?.unit]).toEqual(['mm', 'mm', 'px']);
  });
});

describe('§3 ratios: wedgeRatio = ha/hp, biconcaveRatio = hm/hp', () => {
  it('divides by the posterior height', () => {
    const [l1] = measureVertebrae([box('L1', { ha: 18, hm: 22.5, hp: 25 })]).vertebrae;
    expect(l1).toMatchObject({ wedgeRatio: 0.72, biconcaveRatio: 0.9 });
  });
});

describe('§3 hpAdjacent: mean hp of the adjacent measured levels; crushRatio = hp/hpAdjacent', () => {
  it('averages both neighbours, or takes the one there is', () => {
    // L1 between T12 (hp 24) and L2 (hp 26): hpAdjacent 25, crushRatio 20/25 = 0.8.
    // T12 has only L1 (hp 20): 24/20 = 1.2.
    const v = byLevel([box('T12', 24), box('L1', 20), box('L2', 26)]);
    expect(v.L1).toMatchObject({ hpAdjacent: 25, crushRatio: 0.8 });
    expect(v.T12).toMatchObject({ hpAdjacent: 20, crushRatio: 1.2 });
    expect(v.L2).toMatchObject({ hpAdjacent: 20, crushRatio: 1.3 });
  });

  it('is null when no adjacent level is measured, and so is crushRatio', () => {
    const [l1] = measureVertebrae([box('L1', 18)]).vertebrae;
    expect(l1).toMatchObject({ hpAdjacent: null, crushRatio: null });
  });

  it('does not reach across a missing level', () => {
    // L2 is not measured: L1 sees only T12 (hp 24), and L3 sees nobody.
    const v = byLevel([box('T12', 24), box('L1', 20), box('L3', 30)]);
    expect(v.L1).toMatchObject({ hpAdjacent: 24 });
    expect(v.L3).toMatchObject({ hpAdjacent: null, crushRatio: null });
  });

  it('goes through a measured T13, and straight from T12 to L1 without one', () => {
    const withT13 = byLevel([box('T12', 24), box('T13', 22), box('L1', 30)]);
    expect(withT13.T12).toMatchObject({ hpAdjacent: 22 });
    expect(withT13.T13).toMatchObject({ hpAdjacent: 27 });
    expect(withT13.L1).toMatchObject({ hpAdjacent: 22 });
    const withoutT13 = byLevel([box('T12', 24), box('L1', 30)]);
    expect(withoutT13.T12).toMatchObject({ hpAdjacent: 30 });
    expect(withoutT13.L1).toMatchObject({ hpAdjacent: 24 });
  });

  it('compares a neighbour only in the same unit: px and mm are not comparable', () => {
    // L1 has no spacing (px) between T12 and L2 in mm: L1 has no reference, and T12 and L2 (not adjacent) neither.
    const v = byLevel([box('T12', 50), { ...box('L1', 50), pixelSpacing: null }, box('L2', 50)], {
      pixelSpacing: [0.5, 0.5],
    });
    expect(v.L1).toMatchObject({ unit: 'px', hpAdjacent: null });
    expect(v.T12).toMatchObject({ unit: 'mm', hpAdjacent: null });
  });
});

describe('§3 wedgeAngle between the endplate lines ps->as and pi->ai, in mm', () => {
  it('is atan of the height difference over the depth for an upright vertebra', () => {
    // Depth 30, ha 18, hp 25: the inferior endplate drops 7 over 30.
    const [l1] = measureVertebrae([box('L1', { ha: 18, hm: 22, hp: 25 })]).vertebrae;
    expect(l1?.wedgeAngle).toBeCloseTo(degrees(Math.atan(7 / 30)), 12);
    // Depth 5, ha 20, hp 25: 45 degrees.
    const [l2] = measureVertebrae([box('L2', { ha: 20, hm: 22, hp: 25 }, { depth: 5 })]).vertebrae;
    expect(l2?.wedgeAngle).toBeCloseTo(45, 12);
  });

  it('is computed after scaling, so anisotropic spacing changes it', () => {
    // Rows at 1 mm and columns at 0.5 mm: depth 30 px = 15 mm, the drop 5 px = 5 mm, so atan(5/15), not atan(5/30).
    const points = boxPoints({ ha: 20, hm: 22, hp: 25 });
    const [l1] = measureVertebrae([{ level: 'L1', points }], { pixelSpacing: [1, 0.5] }).vertebrae;
    expect(l1?.wedgeAngle).toBeCloseTo(degrees(Math.atan(5 / 15)), 12);
  });
});
