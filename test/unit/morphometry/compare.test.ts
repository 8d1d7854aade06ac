import { describe, expect, it } from 'vitest';
import {
  compareReadings,
  describeProblem,
  measureVertebrae,
  type Augmentation,
  type CalibrationLabel,
  type ComparedReading,
  type Comparison,
  type LevelInBoth,
  type VertebraInput,
} from '../../../src/morphometry';
import { box } from './fixtures';

interface Options {
  date?: string;
  patientId?: string;
  calibration?: CalibrationLabel;
  augmentation?: Partial<Record<string, Augmentation>>;
  segmentalKyphosis?: Partial<Record<string, number>>;
}

/** A reading as the document gives it: at 1 mm per pixel the heights in mm are the box heights. */
function reading(uid: string, vertebrae: VertebraInput[], options: Options = {}): ComparedReading {
  const calibration = options.calibration ?? 'mm';
  const result = measureVertebrae(vertebrae, { pixelSpacing: calibration === 'px' ? null : [1, 1] });
  return {
    study: { studyInstanceUid: uid, patientId: options.patientId ?? 'P1', studyDate: options.date },
    vertebrae: result.vertebrae.map((v) => ({
      ...v,
      measurement: { calibration },
      ...(options.augmentation?.[v.level] && { augmentation: options.augmentation[v.level] }),
      ...(options.segmentalKyphosis?.[v.level] !== undefined && { segmentalKyphosis: options.segmentalKyphosis[v.level] }),
    })),
    sdi: result.sdi,
    levelsMeasured: result.levelsMeasured,
  };
}

function compare(prior: ComparedReading, current: ComparedReading): Comparison {
  const result = compareReadings(prior, current);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.comparison;
}

function level(c: Comparison, label: string): LevelInBoth {
  const found = c.levels.find((l) => l.level === label);
  if (!found || found.in !== 'both') throw new Error(`${label} not in both`);
  return found;
}

// Normal neighbours T10 and T12 (all heights 25 mm unless said) around the level under test, T11.
const around = (t11: VertebraInput, neighbours = 25): VertebraInput[] => [box('T10', neighbours), t11, box('T12', neighbours)];

describe('compareReadings: incident fracture (FIT: the same height down by both >= 20% and >= 4 mm)', () => {
  it('exactly 20% and exactly 4 mm is incident (Ha 20 -> 16 mm)', () => {
    const c = compare(
      reading('1', around(box('T11', { ha: 20, hm: 20, hp: 20 })), { date: '20250101' }),
      reading('2', around(box('T11', { ha: 16, hm: 20, hp: 20 })), { date: '20260101' }),
    );
    const t11 = level(c, 'T11');
    expect(t11.dHa).toBe(-4);
    expect(t11.rHa).toBeCloseTo(-0.2, 12);
    expect(t11.dHm).toBe(0);
    expect(t11.incident).toBe(true);
    expect(c.incidentFractures).toEqual(['T11']);
  });

  it('25% but only 3.9 mm is not incident (Ha 15.6 -> 11.7 mm)', () => {
    const c = compare(
      reading('1', around(box('T11', 15.6), 15.6)),
      reading('2', around(box('T11', { ha: 11.7, hm: 15.6, hp: 15.6 }), 15.6)),
    );
    const t11 = level(c, 'T11');
    expect(t11.dHa).toBeCloseTo(-3.9, 12);
    expect(t11.rHa).toBeCloseTo(-0.25, 12);
    expect(t11.incident).toBe(false);
    expect(c.incidentFractures).toEqual([]);
    // The grade still changes: 11.7/15.6 = 0.75 is grade 2, a new fracture that is not incident by FIT.
    expect(t11.status).toBe('new');
    expect(c.newFractures).toEqual(['T11']);
  });

  it('the two thresholds must be met by the same height: Ha -20% but -3 mm, Hp -4.5 mm but -15%, is not incident', () => {
    const c = compare(
      reading('1', around(box('T11', { ha: 15, hm: 30, hp: 30 }))),
      reading('2', around(box('T11', { ha: 12, hm: 30, hp: 25.5 }))),
    );
    const t11 = level(c, 'T11');
    expect(t11.rHa).toBeCloseTo(-0.2, 12);
    expect(t11.dHa).toBeCloseTo(-3, 12);
    expect(t11.dHp).toBeCloseTo(-4.5, 12);
    expect(t11.rHp).toBeCloseTo(-0.15, 12);
    expect(t11.incident).toBe(false);
  });

  it('a middle height loss counts like any other (Hm 25 -> 19 mm, -24%, -6 mm)', () => {
    const c = compare(reading('1', around(box('T11', 25))), reading('2', around(box('T11', { ha: 25, hm: 19, hp: 25 }))));
    const t11 = level(c, 'T11');
    expect(t11.dHm).toBe(-6);
    expect(t11.rHm).toBeCloseTo(-0.24, 12);
    expect(t11.incident).toBe(true);
    expect(t11.current.grade).toBe(1); // 19/25 = 0.76
    expect(t11.current.type).toBe('biconcave');
  });
});

describe('compareReadings: grade change and status', () => {
  it('new (0 -> 2), worsened (1 -> 3), stable, improved (2 -> 1), cranial to caudal', () => {
    const prior = reading('1', [
      box('T8', 25),
      box('T9', { ha: 19, hm: 25, hp: 25 }), // 0.76: grade 1
      box('T10', 25),
      box('T11', 25),
      box('T12', 25),
      box('L1', { ha: 25, hm: 17, hp: 25 }), // 0.68: grade 2 biconcave
      box('L2', 25),
      box('L3', { ha: 18, hm: 25, hp: 25 }), // 0.72: grade 2
      box('L4', 25),
    ]);
    const current = reading('2', [
      box('T8', 25),
      box('T9', { ha: 12, hm: 25, hp: 25 }), // 0.48: grade 3
      box('T10', 25),
      box('T11', { ha: 17.5, hm: 25, hp: 25 }), // 0.70: grade 2
      box('T12', 25),
      box('L1', { ha: 25, hm: 17, hp: 25 }),
      box('L2', 25),
      box('L3', { ha: 19.5, hm: 25, hp: 25 }), // 0.78: grade 1
      box('L4', 25),
    ]);
    const c = compare(prior, current);
    expect(level(c, 'T9')).toMatchObject({ status: 'worsened', gradeChange: 2, dHa: -7, incident: true });
    expect(level(c, 'T11')).toMatchObject({ status: 'new', gradeChange: 2, dHa: -7.5, rHa: -0.3, incident: true });
    expect(level(c, 'L1')).toMatchObject({ status: 'stable', gradeChange: 0, dHa: 0, dHm: 0, incident: false });
    expect(level(c, 'L3')).toMatchObject({ status: 'improved', gradeChange: -1, dHa: 1.5, incident: false });
    expect(level(c, 'T8')).toMatchObject({ status: 'stable', gradeChange: 0 });
    expect(c.newFractures).toEqual(['T11']);
    expect(c.incidentFractures).toEqual(['T9', 'T11']);
    expect(c.levels.map((l) => l.level)).toEqual(['T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4']);
    expect(c.prior).toMatchObject({ sdi: 5, levelsMeasured: 9 });
    expect(c.current).toMatchObject({ sdi: 8, levelsMeasured: 9 });
  });

  it('treated: augmented now and not before, whatever the grades, with the change of segmental kyphosis', () => {
    const c = compare(
      reading('1', around(box('T11', { ha: 15, hm: 25, hp: 25 })), { segmentalKyphosis: { T11: 14 } }),
      reading('2', around(box('T11', { ha: 19, hm: 25, hp: 25 })), {
        augmentation: { T11: 'kyphoplasty' },
        segmentalKyphosis: { T11: 9.5 },
      }),
    );
    const t11 = level(c, 'T11');
    expect(t11.status).toBe('treated');
    expect(t11.gradeChange).toBe(-2); // Ha/Hp 0.60 (grade 3) -> 0.76 (grade 1)
    expect(t11.dHa).toBe(4);
    expect(t11.dSegmentalKyphosis).toBe(-4.5);
    expect(t11.incident).toBe(false);
    // Other levels carry no kyphosis change.
    expect('dSegmentalKyphosis' in level(c, 'T10')).toBe(false);
  });

  it('augmented in both readings is not newly treated: the grades decide', () => {
    const augmentation = { T11: 'vertebroplasty' as const };
    const t11 = box('T11', { ha: 15, hm: 25, hp: 25 });
    const c = compare(reading('1', around(t11), { augmentation }), reading('2', around(t11), { augmentation }));
    expect(level(c, 'T11').status).toBe('stable');
  });
});

describe('compareReadings: units and calibration', () => {
  it('a px reading gives grades but no height change and no incident flag', () => {
    const c = compare(
      reading('1', around(box('T11', 25)), { calibration: 'px' }),
      reading('2', around(box('T11', { ha: 15, hm: 25, hp: 25 }))),
    );
    const t11 = level(c, 'T11');
    expect(t11).toMatchObject({ dHa: null, dHm: null, dHp: null, rHa: null, rHm: null, rHp: null, incident: null });
    expect(t11.note).toBe('not assessable: uncalibrated');
    expect(t11.status).toBe('new');
    expect(t11.prior.unit).toBe('px');
    expect(c.newFractures).toEqual(['T11']);
    expect(c.incidentFractures).toEqual([]);
    expect(c.warnings.join(' ')).toMatch(/px at T10, T11, T12.*not assessable/);
  });

  it('different mm calibrations are compared, with a warning that the magnification may differ', () => {
    const c = compare(
      reading('1', around(box('T11', 20)), { calibration: 'mm (detector)' }),
      reading('2', around(box('T11', { ha: 15, hm: 20, hp: 20 })), { calibration: 'mm (ERMF)' }),
    );
    const t11 = level(c, 'T11');
    expect(t11.dHa).toBe(-5);
    expect(t11.incident).toBe(true);
    expect(t11.note).toBe('calibrations differ (mm (detector) -> mm (ERMF)): the magnification may differ');
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toContain('T11 (mm (detector) -> mm (ERMF))');
    expect(c.warnings[0]).toContain('magnification may differ');
  });
});

describe('compareReadings: levels, patients and dates', () => {
  it('lists a level measured in only one reading as such, without changes', () => {
    const c = compare(
      reading('1', [box('T12', 25), box('L1', 25)]),
      reading('2', [box('T11', 25), box('T12', 25)]),
    );
    expect(c.levels).toEqual([
      { level: 'T11', in: 'current', current: expect.objectContaining({ ha: 25, grade: 0 }) },
      expect.objectContaining({ level: 'T12', in: 'both' }),
      { level: 'L1', in: 'prior', prior: expect.objectContaining({ ha: 25, grade: 0 }) },
    ]);
  });

  it('a level with an edema finding but no measurement is not measured', () => {
    const prior = reading('1', around(box('T11', 25)));
    const current = reading('2', [box('T10', 25), box('T12', 25)]);
    current.vertebrae = [
      ...current.vertebrae,
      { level: 'T11', unit: null, ha: null, hm: null, hp: null, grade: null, type: null, measurement: null },
    ];
    const c = compare(prior, current);
    expect(c.levels.find((l) => l.level === 'T11')).toMatchObject({ in: 'prior' });
  });

  it('refuses readings of different patients, naming both', () => {
    const result = compareReadings(
      reading('1', around(box('T11', 25)), { patientId: 'A-1' }),
      reading('2', around(box('T11', 25)), { patientId: 'B-2' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ kind: 'different-patients', prior: 'A-1', current: 'B-2' }]);
    expect(describeProblem(result.problems[0]!, { prior: 'old.json', current: 'new.json' })).toBe(
      'different patients: old.json has Patient ID "A-1", new.json has "B-2"',
    );
  });

  it('refuses a prior dated after the current, saying which dates', () => {
    const result = compareReadings(
      reading('1', around(box('T11', 25)), { date: '20260309' }),
      reading('2', around(box('T11', 25)), { date: '20250310' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ kind: 'dates-in-wrong-order', prior: '20260309', current: '20250310' }]);
    expect(describeProblem(result.problems[0]!, { prior: 'a.dcm', current: 'b.dcm' })).toContain('20260309');
  });

  it('gives the interval in days, across a leap day, and null without both dates', () => {
    const spine = around(box('T11', 25));
    expect(compare(reading('1', spine, { date: '20250310' }), reading('2', spine, { date: '20260309' })).intervalDays).toBe(364);
    expect(compare(reading('1', spine, { date: '20240228' }), reading('2', spine, { date: '20240301' })).intervalDays).toBe(2);
    expect(compare(reading('1', spine), reading('2', spine, { date: '20240301' })).intervalDays).toBeNull();
  });

  it('warns when a Patient ID is missing instead of assuming one patient', () => {
    const spine = around(box('T11', 25));
    const prior = reading('1', spine);
    prior.study = { studyInstanceUid: '1' };
    expect(compare(prior, reading('2', spine)).warnings[0]).toMatch(/prior reading has no Patient ID/);
  });
});
