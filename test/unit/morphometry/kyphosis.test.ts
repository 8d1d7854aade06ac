import { describe, expect, it } from 'vitest';
import { measureVertebrae, type Level, type SixPoints, type VertebraInput } from '../../../src/morphometry';

const tan = (deg: number) => Math.tan((deg * Math.PI) / 180);

/**
 * A vertebra in image mm (no spacing needed: 1 px = 1 mm unless a test scales it) with the anterior side on the
 * left, 30 mm deep: its superior endplate drops `superior` degrees from posterior to anterior (the anterior
 * corner lower on the image), its inferior endplate rises `inferior` degrees. Positive tilts make the
 * endplates converge anteriorly, so the vertebra's own kyphosis is superior + inferior.
 */
function tilted(top: number, height: number, superior = 0, inferior = 0): SixPoints {
  const [x, depth] = [100, 30];
  return {
    as: [x, top + depth * tan(superior)],
    ms: [x + depth / 2, top + (depth / 2) * tan(superior)],
    ps: [x + depth, top],
    ai: [x, top + height - depth * tan(inferior)],
    mi: [x + depth / 2, top + height - (depth / 2) * tan(inferior)],
    pi: [x + depth, top + height],
  };
}

/** The same points seen with anterior on the right of the image (a mirrored lateral view). */
function mirrored(points: SixPoints): SixPoints {
  return Object.fromEntries(Object.entries(points).map(([k, [c, r]]) => [k, [400 - (c as number), r as number]])) as SixPoints;
}

/**
 * The same points in patient space on a sagittal plane (LPS: y anterior is -y, z up is +z), optionally rotated
 * about the patient's z axis by `yaw` degrees (an oblique sagittal reformat). Distances and angles are unchanged.
 */
function inPatient(points: SixPoints, yaw = 0): SixPoints {
  const [c, s] = [Math.cos((yaw * Math.PI) / 180), Math.sin((yaw * Math.PI) / 180)];
  return Object.fromEntries(
    Object.entries(points).map(([k, [col, row]]) => {
      const [x, y, z] = [12, (col as number) - 115, 400 - (row as number)];
      return [k, [c * x - s * y, s * x + c * y, z]];
    }),
  ) as SixPoints;
}

/** Image points in pixels of [rowSpacing, columnSpacing] = [0.5, 0.25] mm for points built in mm. */
function inAnisotropicPixels(points: SixPoints): SixPoints {
  return Object.fromEntries(Object.entries(points).map(([k, [c, r]]) => [k, [(c as number) / 0.25, (r as number) / 0.5]])) as SixPoints;
}

function measure(vertebrae: VertebraInput[]) {
  const result = measureVertebrae(vertebrae);
  const byLevel = new Map(result.vertebrae.map((v) => [v.level, v]));
  return { ...result, at: (level: Level) => byLevel.get(level)! };
}

/**
 * T11 with its superior endplate tilted 10 degrees, a straight T12, L1 with its inferior endplate tilted 8:
 * the segmental kyphosis of T12 (T11 superior to L1 inferior) is 10 + 8 = 18 degrees, converging anteriorly.
 */
function kyphoticSegment(transform: (p: SixPoints) => SixPoints = (p) => p, space: 'image' | 'patient' = 'image'): VertebraInput[] {
  return [
    { level: 'T11', space, points: transform(tilted(100, 25, 10, 0)) },
    { level: 'T12', space, points: transform(tilted(135, 25)) },
    { level: 'L1', space, points: transform(tilted(170, 25, 0, 8)) },
  ];
}

describe('§10 the sign: positive (kyphosis) when the endplates converge anteriorly', () => {
  it('gives a wedged vertebra a positive vertebral kyphosis of its wedge angle, whichever side anterior is on', () => {
    for (const transform of [(p: SixPoints) => p, mirrored]) {
      const v = measure([{ level: 'T12', points: transform(tilted(100, 25, 6, 4)) }]).at('T12');
      expect(v.vertebralKyphosis).toBeCloseTo(10, 10);
      expect(v.vertebralKyphosis).toBeCloseTo(v.wedgeAngle, 12);
    }
  });

  it('makes a reverse wedge (Ha > Hp, normal at L5) negative, lordotic, on both handednesses', () => {
    for (const transform of [(p: SixPoints) => p, mirrored]) {
      const v = measure([{ level: 'L5', points: transform(tilted(100, 25, -5, -3)) }]).at('L5');
      expect(v.vertebralKyphosis).toBeCloseTo(-8, 10);
      expect(v.wedgeAngle).toBeCloseTo(8, 10);
    }
  });

  it('gives parallel endplates 0, not -0', () => {
    expect(Object.is(measure([{ level: 'L2', points: tilted(100, 25) }]).at('L2').vertebralKyphosis, 0)).toBe(true);
  });
});

describe('§10 segmental kyphosis: superior endplate of the level above to inferior endplate of the level below', () => {
  it('is 18 degrees at T12 for T11 tilted 10 and L1 tilted 8, anterior left or right', () => {
    expect(measure(kyphoticSegment()).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
    expect(measure(kyphoticSegment(mirrored)).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
  });

  it('is the same in patient space, on a true and an oblique sagittal plane', () => {
    expect(measure(kyphoticSegment((p) => inPatient(p), 'patient')).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
    expect(measure(kyphoticSegment((p) => inPatient(p, 25), 'patient')).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
  });

  it('is measured in mm, not pixels, under anisotropic spacing', () => {
    const vertebrae = kyphoticSegment(inAnisotropicPixels).map((v) => ({ ...v, pixelSpacing: [0.5, 0.25] as const }));
    expect(measure(vertebrae).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
  });

  it('is negative where the segment is lordotic (endplates converging posteriorly)', () => {
    const lordotic: VertebraInput[] = [
      { level: 'L2', points: tilted(100, 25, -7, 0) },
      { level: 'L3', points: tilted(135, 25) },
      { level: 'L4', points: tilted(170, 25, 0, -5) },
    ];
    expect(measure(lordotic).at('L3').segmentalKyphosis).toBeCloseTo(-12, 10);
  });

  it('is null without both adjacent neighbours, and at the ends of the measured run', () => {
    const r = measure(kyphoticSegment());
    expect(r.at('T11').segmentalKyphosis).toBeNull();
    expect(r.at('L1').segmentalKyphosis).toBeNull();
    // L1 missing: T12 has T11 above and nothing adjacent below (L2 is not adjacent to T12).
    const gap = measure([kyphoticSegment()[0]!, kyphoticSegment()[1]!, { level: 'L2', points: tilted(205, 25) }]);
    expect(gap.at('T12').segmentalKyphosis).toBeNull();
  });

  it('follows a measured T13: T12 and L1 are then no longer adjacent', () => {
    const withT13: VertebraInput[] = [
      { level: 'T12', points: tilted(100, 25, 10, 0) },
      { level: 'T13', points: tilted(135, 25) },
      { level: 'L1', points: tilted(170, 25, 0, 8) },
    ];
    const r = measure(withT13);
    expect(r.at('T13').segmentalKyphosis).toBeCloseTo(18, 10);
    expect(r.at('T12').segmentalKyphosis).toBeNull();
  });

  it('is null when the neighbours are on different images, spacings or spaces', () => {
    const [t11, t12, l1] = kyphoticSegment() as [VertebraInput, VertebraInput, VertebraInput];
    expect(measure([{ ...t11, image: 'a' }, t12, { ...l1, image: 'b' }]).at('T12').segmentalKyphosis).toBeNull();
    expect(measure([{ ...t11, image: 'a' }, { ...t12, image: 'a' }, { ...l1, image: 'a' }]).at('T12').segmentalKyphosis).toBeCloseTo(18, 10);
    expect(measure([{ ...t11, pixelSpacing: [0.5, 0.5] }, t12, l1]).at('T12').segmentalKyphosis).toBeNull();
    const patientL1 = { ...l1, space: 'patient' as const, points: inPatient(l1.points) };
    expect(measure([t11, t12, patientL1]).at('T12').segmentalKyphosis).toBeNull();
  });
});

describe('§10 regional angles', () => {
  /** Normal vertebrae from `from` to `to`, stacked 35 mm apart, with the end levels tilted. */
  function run(levels: Level[], first: number, last: number): VertebraInput[] {
    return levels.map((level, i) => ({
      level,
      points: tilted(100 + 35 * i, 25, i === 0 ? first : 0, i === levels.length - 1 ? last : 0),
    }));
  }
  const THORACIC: Level[] = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'];
  const LUMBAR: Level[] = ['L1', 'L2', 'L3', 'L4', 'L5'];

  it('gives the thoracic kyphosis T4-T12 from the superior endplate of T4 to the inferior endplate of T12', () => {
    // T4 tilted 30, T12 tilted 22.3 (converging anteriorly): 52.3 degrees.
    expect(measure(run(THORACIC, 30, 22.3)).thoracicKyphosis).toBeCloseTo(52.3, 10);
    expect(measure(run(THORACIC, 30, 22.3).map((v) => ({ ...v, points: mirrored(v.points) }))).thoracicKyphosis).toBeCloseTo(52.3, 10);
    // Only the end levels are needed.
    const ends = run(THORACIC, 30, 22.3).filter((v) => v.level === 'T4' || v.level === 'T12');
    expect(measure(ends).thoracicKyphosis).toBeCloseTo(52.3, 10);
  });

  it('gives the lumbar lordosis L1-L5 with the opposite sign: positive = lordosis, as clinicians quote it', () => {
    // L1 superior endplate and L5 inferior endplate converging posteriorly by 25 + 20 degrees.
    const lordotic = run(LUMBAR, -25, -20);
    expect(measure(lordotic).lumbarLordosis).toBeCloseTo(45, 10);
    expect(measure(lordotic.map((v) => ({ ...v, space: 'patient' as const, points: inPatient(v.points, -40) }))).lumbarLordosis).toBeCloseTo(45, 10);
    // A kyphotic lumbar spine (converging anteriorly) is a negative lordosis.
    expect(measure(run(LUMBAR, 5, 5)).lumbarLordosis).toBeCloseTo(-10, 10);
  });

  it('is null unless both end levels are measured on one image', () => {
    const noT4 = run(THORACIC, 30, 22.3).filter((v) => v.level !== 'T4');
    expect(measure(noT4).thoracicKyphosis).toBeNull();
    expect(measure(run(THORACIC, 30, 22.3)).lumbarLordosis).toBeNull();
    const twoImages = run(LUMBAR, -25, -20).map((v) => ({ ...v, image: v.level === 'L5' ? 'b' : 'a' }));
    expect(measure(twoImages).lumbarLordosis).toBeNull();
  });
});
