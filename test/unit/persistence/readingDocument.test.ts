import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
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
import { calibrationsReading, patientSpaceReading, radiographReading, spineReading, STUDY } from './fixtures';

const SHARED_SCHEMA = new URL('../../../../shared/spec/reading.schema.json', import.meta.url);
const sequentialIds = () => {
  let n = 0;
  return () => `imported-${++n}`;
};
const SECTION_10_11_FIELDS = [
  'vertebralKyphosis', 'segmentalKyphosis', 'posteriorWall', 'augmentation', 'canalMeasurement', 'canalUnit', 'canalDiameter', 'canalCompromise',
];
const withoutIds = (findings: readonly (Finding | StoredFinding)[]) => findings.map(({ id: _id, ...rest }) => rest);

function document(reading: StoredReading): ReadingDocument {
  return toReadingDocument(reading, { study: STUDY, created: '2026-11-21T10:00:00Z', modified: '2026-11-21T10:05:00.123Z' });
}

const SHARED_INTERCHANGE = new URL('../../../../shared/spec/interchange.md', import.meta.url);
const LOCAL_SCHEMA = JSON.parse(readFileSync(new URL('../../../src/persistence/reading.schema.json', import.meta.url), 'utf8'));

/**
 * Where `ours` fails to accept everything `shared` accepts: every keyword of the shared schema must be in ours,
 * unchanged, except that ours may add properties (never required ones) and definitions. Where the shared schema
 * leaves an object open (no additionalProperties), the fields ours adds there are typed: that is the point of
 * adding them, and no document Kypho or the spec ever wrote carries them with other values.
 */
function widenings(shared: unknown, ours: unknown, path = '#'): string[] {
  const leaf = (v: unknown) => typeof v !== 'object' || v === null || Array.isArray(v);
  if (leaf(shared) || leaf(ours)) {
    return JSON.stringify(shared) === JSON.stringify(ours) ? [] : [`${path}: ${JSON.stringify(ours)} instead of ${JSON.stringify(shared)}`];
  }
  const s = shared as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(o)) {
    if (key in s) continue;
    // Only properties and definitions may be added; a new keyword (required, minimum...) could refuse a shared document.
    const container = path.endsWith('/properties') || path.endsWith('/$defs');
    if (!container) problems.push(`${path}/${key}: a keyword the shared schema does not have`);
  }
  for (const key of Object.keys(s)) {
    if (!(key in o)) problems.push(`${path}/${key}: missing`);
    else problems.push(...widenings(s[key], o[key], `${path}/${key}`));
  }
  return problems;
}

describe('the schema', () => {
  it.runIf(existsSync(SHARED_SCHEMA))('accepts every document the shared schema accepts: it only adds optional fields', () => {
    const shared = JSON.parse(readFileSync(SHARED_SCHEMA, 'utf8'));
    expect(widenings(shared, LOCAL_SCHEMA)).toEqual([]);
  });

  it('holds the containment check to its word: a tightened or newly required field is caught', () => {
    const tightened = JSON.parse(JSON.stringify(LOCAL_SCHEMA));
    tightened.$defs.vertebra.required.push('posteriorWall');
    tightened.properties.sdi.maximum = 20;
    expect(widenings(LOCAL_SCHEMA, tightened)).toEqual([
      '#/properties/sdi/maximum: 20 instead of 42',
      '#/$defs/vertebra/required: ["level","measurement","edema","age","posteriorWall"] instead of ["level","measurement","edema","age"]',
    ]);
  });

  it.runIf(existsSync(SHARED_INTERCHANGE) && existsSync(SHARED_SCHEMA))('accepts the example reading document of the shared interchange spec', () => {
    const text = readFileSync(SHARED_INTERCHANGE, 'utf8');
    const section = text.slice(text.indexOf('## The reading document'));
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!);
    expect(example.schema).toBe('kypho.reading/v1');
    // Valid under both schemas. (Its points are placeholders, all [1, 2]: Kypho's rules beyond the schema refuse
    // the zero heights, which is why the schemas are compared here and not the import.)
    for (const schema of [JSON.parse(readFileSync(SHARED_SCHEMA, 'utf8')), LOCAL_SCHEMA]) {
      const validate = new Ajv2020({ allErrors: true, strict: true }).addFormat('date-time', true).compile(schema);
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('accepts and imports unchanged a document written before sections 10 and 11 (without their fields)', () => {
    for (const reading of [radiographReading(), calibrationsReading(), patientSpaceReading()]) {
      const before = JSON.parse(JSON.stringify(document(reading)));
      for (const key of ['thoracicKyphosis', 'lumbarLordosis']) delete before[key];
      for (const v of before.vertebrae) for (const key of SECTION_10_11_FIELDS) delete v[key];
      const validation = validateReadingDocument(before);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      const back = fromReadingDocument(before, { newId: sequentialIds() });
      expect(back.warnings).toEqual([]);
      expect(withoutIds(back.reading.findings)).toEqual(withoutIds(reading.findings));
      expect(document(back.reading)).toEqual(document(reading));
    }
  });

  it('accepts every document Kypho writes, patient-space measurements included', () => {
    for (const reading of [radiographReading(), calibrationsReading(), patientSpaceReading(), spineReading()]) {
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
      const { level: _level, method: _method, fallback: _fallback, ...computed } = row.result;
      expect(v).toMatchObject(computed);
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

describe('sections 10 and 11 in the document', () => {
  it('writes the angles, the judgements and the canal diameters with their compromise', () => {
    const doc = document(spineReading());
    const v = (level: string) => doc.vertebrae.find((x) => x.level === level)!;
    expect(v('T11')).toMatchObject({ posteriorWall: 'intact', augmentation: 'none', canalUnit: 'mm', canalDiameter: 16, segmentalKyphosis: null });
    expect(v('T12')).toMatchObject({ posteriorWall: 'retropulsed', canalDiameter: 12 });
    expect(v('T12').canalCompromise).toBeCloseTo(1 - 12 / 15, 12);
    expect(v('L1')).toMatchObject({ augmentation: 'kyphoplasty', posteriorWall: 'not-assessed', canalDiameter: 14 });
    // L3 (patient mm) is not adjacent to L1: no reference.
    expect(v('L3')).toMatchObject({ canalUnit: 'mm', canalDiameter: 13, canalCompromise: null, canalMeasurement: { space: 'patient', calibration: 'mm' } });
    // T12 lies between T11 and L1 on one image: its segmental kyphosis is from T11's superior to L1's inferior endplate.
    expect(typeof v('T12').segmentalKyphosis).toBe('number');
    expect(v('T12').vertebralKyphosis).toBeGreaterThan(0);
    expect(doc).toMatchObject({ thoracicKyphosis: null, lumbarLordosis: null });
  });

  it('writes the defaults for a reading made before them: not assessed, no augmentation, no canal line', () => {
    const doc = document(radiographReading());
    for (const v of doc.vertebrae) {
      expect(v).toMatchObject({ posteriorWall: 'not-assessed', augmentation: 'none', canalMeasurement: null, canalDiameter: null, canalCompromise: null });
    }
  });
});

describe('round trips are exact', () => {
  for (const [name, make] of [
    ['radiograph with MRI findings', radiographReading],
    ['every calibration, adjacent method, multi-frame', calibrationsReading],
    ['a patient-space measurement (CT reformat)', patientSpaceReading],
    ['posterior wall, augmentation and canal lines on a radiograph and a reformat', spineReading],
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
    ['an unknown posterior wall', () => {
      const d = valid();
      d.vertebrae[0].posteriorWall = 'broken';
      return d;
    }, /^vertebrae\[0\] \(T11\)\.posteriorWall: must be one of "intact", "retropulsed", "not-assessed"$/],
    ['an unknown augmentation', () => {
      const d = valid();
      d.vertebrae[0].augmentation = 'cement';
      return d;
    }, /^vertebrae\[0\] \(T11\)\.augmentation: must be one of "none", "vertebroplasty", "kyphoplasty", "other"$/],
    ['a canal line of zero length', () => {
      const d = JSON.parse(JSON.stringify(document(spineReading())));
      d.vertebrae[1].canalMeasurement.points[1] = [...d.vertebrae[1].canalMeasurement.points[0]];
      return d;
    }, /^vertebrae\[1\] \(T12\)\.canalMeasurement\.points: the canal diameter is zero/],
    ['a canal line with three points', () => {
      const d = JSON.parse(JSON.stringify(document(spineReading())));
      d.vertebrae[1].canalMeasurement.points.push([1, 2]);
      return d;
    }, /^vertebrae\[1\] \(T12\)\.canalMeasurement\.points: must have at most 2 items$/],
    ['a canal line on the same image with another calibration', () => {
      const d = JSON.parse(JSON.stringify(document(spineReading())));
      d.vertebrae[1].canalMeasurement.pixelSpacing = [0.3, 0.3];
      return d;
    }, /^vertebrae\[1\] \(T12\)\.canalMeasurement\.calibration: the same image is measured by vertebrae\[0\] \(T11\) with another calibration/],
    ['a patient-space canal line without its plane', () => {
      const d = JSON.parse(JSON.stringify(document(spineReading())));
      delete d.vertebrae[3].canalMeasurement.plane;
      return d;
    }, /^vertebrae\[3\] \(L3\)\.canalMeasurement\.plane: a patient-space measurement needs its plane/],
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
