import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveResults, type Finding } from '../../../src/reading';
import {
  fromReadingDocument,
  toReadingDocument,
  type ReadingDocument,
  type StoredFinding,
  type StoredReading,
} from '../../../src/persistence/readingDocument';
import { parseReadingJson, validateReadingDocument } from '../../../src/persistence/validateReading';
import { calibrationsReading, patientSpaceReading, radiographReading, STUDY } from './fixtures';

const SHARED_SCHEMA = new URL('../../../../shared/spec/reading.schema.json', import.meta.url);
const sequentialIds = () => {
  let n = 0;
  return () => `imported-${++n}`;
};
const withoutIds = (findings: readonly (Finding | StoredFinding)[]) => findings.map(({ id: _id, ...rest }) => rest);

function document(reading: StoredReading): ReadingDocument {
  return toReadingDocument(reading, { study: STUDY, created: '2026-11-21T10:00:00Z', modified: '2026-11-21T10:05:00.123Z' });
}

describe('the schema', () => {
  it.runIf(existsSync(SHARED_SCHEMA))('is the shared spec, unchanged', () => {
    const local = readFileSync(new URL('../../../src/persistence/reading.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(local)).toEqual(JSON.parse(readFileSync(SHARED_SCHEMA, 'utf8')));
  });

  it('accepts every document Kypho writes, patient-space measurements included', () => {
    for (const reading of [radiographReading(), calibrationsReading(), patientSpaceReading()]) {
      const validation = validateReadingDocument(JSON.parse(JSON.stringify(document(reading))));
      expect(validation.ok ? [] : validation.problems).toEqual([]);
    }
  });
});

describe('reading -> document', () => {
  it('writes the computed values that the viewer shows (deriveResults), at full precision', () => {
    const reading = radiographReading();
    const doc = document(reading);
    const results = deriveResults(reading);
    expect(doc.vertebrae.map((v) => v.level)).toEqual(['T11', 'T12', 'L1', 'L2', 'L4', 'S1']);
    for (const row of results.rows) {
      const v = doc.vertebrae.find((x) => x.level === row.level)!;
      const { level: _level, method: _method, fallback: _fallback, placement, ...computed } = row.result;
      expect(v).toMatchObject(computed);
      // The document writes a placement only when it needs checking.
      expect(v.placement).toBe(placement === 'check' ? 'check' : undefined);
    }
    expect({ sdi: doc.sdi, levelsMeasured: doc.levelsMeasured }).toEqual({ sdi: results.sdi, levelsMeasured: results.levelsMeasured });
  });

  it('derives the fracture age unless overridden, and leaves computed fields null without a measurement', () => {
    const doc = document(radiographReading());
    const v = (level: string) => doc.vertebrae.find((x) => x.level === level)!;
    expect(v('L1')).toMatchObject({ grade: 2, type: 'wedge', edema: 'present', age: 'acute', ageOverridden: false });
    expect(v('T12')).toMatchObject({ grade: 2, type: 'biconcave', edema: 'absent', age: 'chronic', ageOverridden: false });
    expect(v('L4')).toMatchObject({ measurement: null, unit: null, ha: null, grade: null, type: null, age: 'acute' });
    expect(v('S1')).toMatchObject({ measurement: null, age: 'indeterminate', ageOverridden: true, suspiciousForMalignancy: true });
  });

  it('writes the calibration in force, keeping the image own calibration under a user calibration', () => {
    const doc = document(calibrationsReading());
    const m = (level: string) => doc.vertebrae.find((x) => x.level === level)!.measurement;
    expect(m('T5')).toMatchObject({ calibration: 'px' });
    expect(m('T5')).not.toHaveProperty('pixelSpacing');
    expect(m('T7')).toMatchObject({
      calibration: 'mm (user)',
      pixelSpacing: [0.21234567, 0.21234567],
      imageCalibration: { calibration: 'mm (ERMF)', pixelSpacing: [0.2, 0.2] },
    });
    expect(m('T13')).toMatchObject({ calibration: 'mm', pixelSpacing: [2, 1], frameNumber: 3 });
    // The adjacent method records, per vertebra, the method that graded it.
    expect(doc.vertebrae.find((x) => x.level === 'T5')).toMatchObject({ unit: 'px', method: 'own-posterior', fallback: true });
    expect(doc.vertebrae.find((x) => x.level === 'T8')).toMatchObject({ method: 'adjacent', fallback: false });
  });
});

describe('round trips are exact', () => {
  for (const [name, make] of [
    ['radiograph with MRI findings', radiographReading],
    ['every calibration, adjacent method, multi-frame', calibrationsReading],
    ['a patient-space measurement (CT reformat)', patientSpaceReading],
  ] as const) {
    it(`${name}: reading -> JSON text -> reading -> document`, () => {
      const reading = make();
      const doc = document(reading);
      const parsed = parseReadingJson(JSON.stringify(doc, null, 2));
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      const back = fromReadingDocument(parsed.document, { newId: sequentialIds() });
      expect(back.warnings).toEqual([]);
      expect(withoutIds(back.reading.findings)).toEqual(withoutIds(reading.findings));
      expect(back.reading.userCalibrations).toEqual(reading.userCalibrations);
      expect(back.reading.method).toBe(reading.method);
      expect(document(back.reading)).toEqual(doc);
      expect({ created: back.created, modified: back.modified, study: back.study }).toEqual({
        created: doc.created,
        modified: doc.modified,
        study: STUDY,
      });
    });
  }
});

describe('importing a damaged document', () => {
  const valid = () => JSON.parse(JSON.stringify(document(radiographReading()))) as Record<string, any>;
  const problemsOf = (value: unknown) => {
    const result = typeof value === 'string' ? parseReadingJson(value) : validateReadingDocument(value);
    return result.ok ? [] : result.problems;
  };

  it.each([
    ['not JSON', () => '{"schema": "kypho.reading/v1",', /^not JSON: /],
    ['another schema', () => ({ ...valid(), schema: 'kypho.reading/v2' }), /^schema: must be "kypho\.reading\/v1"$/],
    ['an unknown top-level field', () => ({ ...valid(), extra: 1 }), /^\(document\): unknown field "extra"$/],
    ['no study UID', () => ({ ...valid(), study: {} }), /^study: missing required field "studyInstanceUid"$/],
    ['a study UID that is no UID', () => ({ ...valid(), study: { studyInstanceUid: '1.2.x' } }), /^study\.studyInstanceUid: is not a DICOM UID/],
    ['an unknown level', () => {
      const d = valid();
      d.vertebrae[2].level = 'L7';
      return d;
    }, /^vertebrae\[2\] \(L7\)\.level: is not a vertebral level/],
    ['a point with one coordinate', () => {
      const d = valid();
      d.vertebrae[2].measurement.points.as = [1];
      return d;
    }, /^vertebrae\[2\] \(L1\)\.measurement\.points\.as: must have at least 2 items$/],
    ['a missing point', () => {
      const d = valid();
      delete d.vertebrae[1].measurement.points.mi;
      return d;
    }, /^vertebrae\[1\] \(T12\)\.measurement\.points: missing required field "mi"$/],
    ['an unknown calibration', () => {
      const d = valid();
      d.vertebrae[0].measurement.calibration = 'cm';
      return d;
    }, /^vertebrae\[0\] \(T11\)\.measurement\.calibration: must be one of "mm", /],
    ['a missing edema', () => {
      const d = valid();
      delete d.vertebrae[4].edema;
      return d;
    }, /^vertebrae\[4\] \(L4\): missing required field "edema"$/],
    ['a bad date-time', () => ({ ...valid(), created: 'yesterday' }), /^created: must match format "date-time"$/],
    ['a level measured twice', () => {
      const d = valid();
      d.vertebrae[3].level = 'L1';
      return d;
    }, /^vertebrae\[3\] \(L1\)\.level: L1 is already measured by vertebrae\[2\]$/],
    ['an image point in 3-D', () => {
      const d = valid();
      d.vertebrae[0].measurement.points.ps = [1, 2, 3];
      return d;
    }, /^vertebrae\[0\] \(T11\)\.measurement\.points\.ps: image points have 2 coordinates/],
    ['a zero height', () => {
      const d = valid();
      d.vertebrae[0].measurement.points.pi = [...d.vertebrae[0].measurement.points.ps];
      return d;
    }, /^vertebrae\[0\] \(T11\)\.measurement\.points: the posterior height is zero/],
    ['mm without a spacing', () => {
      const d = valid();
      delete d.vertebrae[0].measurement.pixelSpacing;
      return d;
    }, /^vertebrae\[0\] \(T11\)\.measurement\.pixelSpacing: required with calibration "mm \(ERMF\)"$/],
    ['two calibrations on one image', () => {
      const d = valid();
      d.vertebrae[1].measurement.pixelSpacing = [0.3, 0.3];
      return d;
    }, /^vertebrae\[1\] \(T12\)\.measurement\.calibration: the same image is measured by vertebrae\[0\] \(T11\) with another calibration/],
    ['a patient-space measurement without its plane', () => {
      const d = JSON.parse(JSON.stringify(document(patientSpaceReading())));
      delete d.vertebrae[0].measurement.plane;
      return d;
    }, /^vertebrae\[0\] \(L3\)\.measurement\.plane: a patient-space measurement needs its plane/],
  ])('%s: refused, naming the field', (_name, make, expected) => {
    const problems = problemsOf(make());
    expect(problems.length, problems.join('\n')).toBeGreaterThan(0);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once, not only the first', () => {
    const d = valid();
    d.vertebrae[0].level = 'X1';
    d.vertebrae[1].edema = 'maybe';
    d.sdi = -1;
    expect(problemsOf(d)).toHaveLength(3);
  });
});

describe('a document whose numbers disagree with its points', () => {
  it('is imported with the recomputed values and says which ones changed', () => {
    const doc = document(radiographReading());
    doc.vertebrae[2]!.ha = 99;
    doc.vertebrae[2]!.grade = 0;
    doc.vertebrae[1]!.age = 'acute';
    doc.sdi = 0;
    const back = fromReadingDocument(doc);
    expect(back.warnings).toEqual([
      'vertebrae[1] (T12).age: "acute" is not what edema and grade give ("chronic") and ageOverridden is false; the derived age is used.',
      'vertebrae[2] (L1): ha, grade recomputed from the points (the document had other values).',
      `sdi: recomputed as ${document(radiographReading()).sdi} over 4 levels (the document said 0 over 4).`,
    ]);
    expect(toReadingDocument(back.reading, { study: STUDY }).vertebrae[2]).toMatchObject({ grade: 2 });
  });
});
