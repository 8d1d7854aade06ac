/**
 * The truth files against the spec (shared/spec/morphometry.md): the heights are the distances between
 * the drawn points, and the spec's own grading of those points gives the designed grade and type,
 * well inside each grade's band.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calibrationFromAttributes,
  deriveFractureAge,
  measureCanal,
  measureVertebrae,
  type Level,
  type SixPoints,
} from '../../../src/morphometry';
import { buildCatalog, DEFAULT_SEED, STUDIES } from '../../../src/phantom/studies';
import type { StudyTruth } from '../../../src/phantom/truth';
import { REPO_SAMPLES } from './samples';

const truths: StudyTruth[] = STUDIES.map((s) => s.describe(DEFAULT_SEED).truth);
const byId = (id: string): StudyTruth => truths.find((t) => t.study.id === id) as StudyTruth;

function spacingOf(truth: StudyTruth): [number, number] | null {
  if (truth.study.modality === 'DX') {
    return calibrationFromAttributes({
      modality: 'DX',
      imagerPixelSpacing: truth.calibration.imagerPixelSpacing ?? null,
      estimatedRadiographicMagnificationFactor: truth.calibration.estimatedRadiographicMagnificationFactor ?? null,
    }).pixelSpacing;
  }
  return truth.calibration.pixelSpacing;
}

function measure(truth: StudyTruth) {
  return measureVertebrae(
    truth.vertebrae.map((v) => ({ level: v.level as Level, points: v.points as SixPoints, space: v.space })),
    { method: 'own-posterior', pixelSpacing: spacingOf(truth) },
  );
}

describe.each(truths.map((t) => [t.study.id, t] as const))('truth of %s', (_id, truth) => {
  const result = measure(truth);

  it('heights (section 3) are the distances between the drawn points, in mm', () => {
    expect(result.vertebrae.map((v) => v.unit)).toEqual(truth.vertebrae.map(() => 'mm'));
    for (const [i, v] of truth.vertebrae.entries()) {
      const r = result.vertebrae[i];
      expect(r?.level).toBe(v.level);
      expect(r?.ha).toBeCloseTo(v.ha, 4);
      expect(r?.hm).toBeCloseTo(v.hm, 4);
      expect(r?.hp).toBeCloseTo(v.hp, 4);
    }
  });

  it('grade and type (section 4) are the designed ones', () => {
    expect(result.vertebrae.map((v) => [v.level, v.grade, v.type])).toEqual(
      truth.vertebrae.map((v) => [v.level, v.expected.grade, v.expected.type]),
    );
  });

  it('every height loss sits at least 1.5 percentage points inside its grade band', () => {
    for (const v of result.vertebrae) {
      for (const boundary of [0.2, 0.25, 0.4]) expect(Math.abs(v.heightLoss - boundary)).toBeGreaterThan(0.015);
    }
  });

  it('angles (section 10) of the truth are what the core computes from its points, to 1e-5 deg', () => {
    for (const [i, v] of truth.vertebrae.entries()) {
      const r = result.vertebrae[i];
      expect(r?.vertebralKyphosis, `${v.level} vertebral`).toBeCloseTo(v.vertebralKyphosis, 5);
      if (v.segmentalKyphosis === null) expect(r?.segmentalKyphosis, `${v.level} segmental`).toBeNull();
      else expect(r?.segmentalKyphosis, `${v.level} segmental`).toBeCloseTo(v.segmentalKyphosis, 5);
    }
    for (const key of ['thoracicKyphosis', 'lumbarLordosis'] as const) {
      if (truth[key] === null) expect(result[key], key).toBeNull();
      else expect(result[key], key).toBeCloseTo(truth[key] as number, 5);
    }
  });

  it('the SDI (section 5) is the sum of the designed grades', () => {
    expect(result.sdi).toBe(truth.expectedSdi);
    expect(result.levelsMeasured).toBe(truth.levelsMeasured);
  });

  it('fracture age (section 7) follows from the edema and the grade', () => {
    for (const v of truth.vertebrae) {
      expect(deriveFractureAge({ edema: v.edema, grade: v.expected.grade })).toBe(v.age);
    }
  });

  it('the committed truth.json is what the generator describes', () => {
    const committed = JSON.parse(readFileSync(join(REPO_SAMPLES, truth.study.id, 'truth.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(truth)));
  });
});

describe('the radiographs', () => {
  const baseline = byId('lateral-baseline');
  const followup = byId('lateral-followup');
  const grades = (t: StudyTruth) => Object.fromEntries(t.vertebrae.filter((v) => v.expected.grade > 0).map((v) => [v.level, `${v.expected.grade} ${v.expected.type}`]));

  it('cover T4..L4 with a grade 1 wedge, a grade 2 biconcave and a grade 3 crush, the rest normal', () => {
    expect(baseline.vertebrae.map((v) => v.level)).toEqual(['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4']);
    expect(grades(baseline)).toEqual({ T6: '1 wedge', T8: '3 crush', L1: '2 biconcave' });
  });

  it('the crush is found only by the adjacent comparison: its own ratios are normal', () => {
    const t8 = measure(baseline).vertebrae.find((v) => v.level === 'T8');
    expect(t8?.wedgeRatio).toBeGreaterThan(0.9);
    expect(t8?.biconcaveRatio).toBeGreaterThan(0.85);
    expect(t8?.crushRatio).toBeLessThan(0.6);
  });

  it('the follow-up adds one incident fracture: T11 loses a further 25% and 5 mm of anterior height', () => {
    const before = baseline.vertebrae.find((v) => v.level === 'T11');
    const after = followup.vertebrae.find((v) => v.level === 'T11');
    expect(before?.ha).toBeCloseTo(20, 6);
    expect(after?.ha).toBeCloseTo(15, 6);
    expect(grades(followup)).toEqual({ T6: '1 wedge', T8: '3 crush', T11: '2 wedge', L1: '2 biconcave' });
    expect(followup.study.studyInstanceUid).not.toBe(baseline.study.studyInstanceUid);
    expect(followup.study.patientId).toBe(baseline.study.patientId);
    expect(followup.study.studyDate > baseline.study.studyDate).toBe(true);
  });

  it('are calibrated by the magnification factor, mm (ERMF)', () => {
    expect(baseline.calibration.label).toBe('mm (ERMF)');
    expect(spacingOf(baseline)?.[0]).toBeCloseTo(0.2, 12);
  });
});

describe('the MRI', () => {
  const mri = byId('mri-fracture-age');

  it('shows one acute fracture with edema filling a stated fraction and one chronic fracture', () => {
    const t11 = mri.vertebrae.find((v) => v.level === 'T11');
    const l1 = mri.vertebrae.find((v) => v.level === 'L1');
    expect(t11).toMatchObject({ edema: 'present', edemaExtent: '25-74%', age: 'acute' });
    expect(t11?.edemaFraction).toBeGreaterThan(0.5);
    expect(t11?.edemaFraction).toBeLessThan(0.6);
    expect(l1).toMatchObject({ edema: 'absent', age: 'chronic', expected: { grade: 2, type: 'biconcave' } });
    expect(mri.vertebrae.filter((v) => v.edema === 'present')).toHaveLength(1);
  });

  it('has SAG T1 and SAG STIR, with the points valid on the STIR slice too', () => {
    expect(mri.series.map((s) => s.seriesDescription)).toEqual(['SAG T1', 'SAG STIR']);
    expect(mri.samePointsOn?.[0]?.seriesInstanceUid).toBe(mri.series[1]?.seriesInstanceUid);
  });
});

describe('the CT', () => {
  const ct = byId('ct-thoracolumbar');

  it('has one fracture of each kind, with points in patient mm in the mid-sagittal plane', () => {
    expect(ct.vertebrae.filter((v) => v.expected.grade > 0).map((v) => v.expected.type).sort()).toEqual(['biconcave', 'crush', 'wedge']);
    for (const v of ct.vertebrae) {
      expect(v.space).toBe('patient');
      for (const p of Object.values(v.points)) expect(p[0]).toBe(0);
      for (const s of Object.values(v.nearestSlices ?? {})) expect(Math.abs(s.distanceMm)).toBeLessThanOrEqual(0.625 + 1e-9);
    }
  });
});

describe('the post-kyphoplasty radiograph', () => {
  const followup = byId('lateral-followup');
  const treated = byId('lateral-kyphoplasty');
  const t11 = (t: StudyTruth) => t.vertebrae.find((v) => v.level === 'T11') as StudyTruth['vertebrae'][number];

  it('is the same patient after the MRI, with T11 treated by kyphoplasty and the rest unchanged', () => {
    expect(treated.study.patientId).toBe(followup.study.patientId);
    expect(treated.study.studyDate > byId('mri-fracture-age').study.studyDate).toBe(true);
    expect(treated.vertebrae.filter((v) => v.augmentation).map((v) => [v.level, v.augmentation])).toEqual([['T11', 'kyphoplasty']]);
    for (const v of treated.vertebrae.filter((x) => x.level !== 'T11')) {
      const before = followup.vertebrae.find((x) => x.level === v.level);
      expect([v.ha, v.hm, v.hp, v.expected]).toEqual([before?.ha, before?.hm, before?.hp, before?.expected]);
    }
  });

  it('restores 3.5 mm of T11 anterior height (15.0 -> 18.5 mm, grade 2 -> 0) and straightens T10-T12 by more than 5 deg', () => {
    expect(t11(followup).ha).toBeCloseTo(15, 6);
    expect(t11(treated).ha).toBeCloseTo(18.5, 6);
    expect(t11(treated).hp).toBeCloseTo(t11(followup).hp, 6);
    expect(t11(treated).expected).toEqual({ grade: 0, type: null });
    const before = t11(followup).segmentalKyphosis as number;
    const after = t11(treated).segmentalKyphosis as number;
    expect(before - after).toBeGreaterThan(5);
    expect(after).toBeGreaterThan(0);
  });
});

describe('the CT of the posterior wall', () => {
  const ct = byId('ct-posterior-wall');
  const at = (level: string) => ct.vertebrae.find((v) => v.level === level) as StudyTruth['vertebrae'][number];

  it('shows T11 retropulsed and its neighbours intact, with a canal line at each', () => {
    expect(ct.vertebrae.map((v) => [v.level, v.posteriorWall ?? null])).toEqual([
      ['T9', null], ['T10', 'intact'], ['T11', 'retropulsed'], ['T12', 'intact'], ['L1', null],
    ]);
    expect(at('T11').expected).toEqual({ grade: 2, type: 'wedge' });
  });

  it('narrows the canal at T11 by about the 3 mm drawn, and section 11 of the core gives the truth\'s compromise', () => {
    const lines = ['T10', 'T11', 'T12'].map((level) => ({ level: level as Level, points: at(level).canal!.points as [number[], number[]], frame: { space: 'patient' as const, pixelSpacing: null } }));
    const results = measureCanal(lines);
    for (const r of results) {
      expect(r.canalDiameter, r.level).toBeCloseTo(at(r.level).canal!.diameter, 5);
      expect(r.canalCompromise, r.level).toBeCloseTo(at(r.level).canal!.compromise as number, 5);
    }
    const reference = (at('T10').canal!.diameter + at('T12').canal!.diameter) / 2;
    expect(reference - at('T11').canal!.diameter).toBeGreaterThan(2.8);
    expect(reference - at('T11').canal!.diameter).toBeLessThan(3.2);
    expect(at('T11').canal!.compromise).toBeGreaterThan(0.2);
    expect(at('T11').canal!.compromise).toBeLessThan(0.25);
  });
});

describe('sample catalog', () => {
  const catalog = buildCatalog(DEFAULT_SEED);

  it('lists every study with its files, and the committed catalog.json is current', () => {
    const committed = JSON.parse(readFileSync(join(REPO_SAMPLES, 'catalog.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(catalog)));
    for (const entry of catalog.studies) {
      expect(entry.files.length).toBeGreaterThan(0);
      for (const file of entry.files) expect(file.startsWith(`${entry.folder}/`)).toBe(true);
      expect(entry.teachingPoints.length).toBeGreaterThan(0);
    }
  });

  it('gives every study a small committed PNG preview for the start screen', () => {
    for (const entry of catalog.studies) {
      const png = readFileSync(join(REPO_SAMPLES, entry.preview));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      // Width and height (IHDR): the longer side is the card's 160 pixels.
      expect(Math.max(png.readUInt32BE(16), png.readUInt32BE(20))).toBe(160);
      expect(png.byteLength).toBeLessThan(40_000);
    }
  });

  it('names the patient as a phantom', () => {
    for (const entry of catalog.studies) expect(entry.patientName).toMatch(/^PHANTOM\^/);
  });

  it('generates only the large CT on demand', () => {
    expect(catalog.studies.filter((s) => s.generatedOnDemand).map((s) => s.id)).toEqual(['ct-thoracolumbar']);
  });
});
