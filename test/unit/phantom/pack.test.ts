/**
 * The phantom samples as a teaching pack: pack.json lists the catalog's studies, and each study's reference
 * reading is its truth, so grading a trainee against it grades against the drawn geometry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SixPoints } from '../../../src/morphometry';
import { fromReadingDocument, type ReadingDocument } from '../../../src/persistence/readingDocument';
import { validateReadingDocument } from '../../../src/persistence/validateReading';
import { buildPack, PHANTOM_PACK_TITLE, planeOfPoints, referencePath, referenceReading } from '../../../src/phantom/pack';
import { buildCatalog, DEFAULT_SEED, STUDIES } from '../../../src/phantom/studies';
import type { StudyTruth } from '../../../src/phantom/truth';
import { checkPack } from '../../../src/teaching/pack';
import { REPO_SAMPLES } from './samples';

const truths: StudyTruth[] = STUDIES.map((s) => s.describe(DEFAULT_SEED).truth);
const committed = (path: string): unknown => JSON.parse(readFileSync(join(REPO_SAMPLES, path), 'utf8'));
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function expectRelativelyClose(actual: number | null, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
}

describe.each(truths.map((t) => [t.study.id, t] as const))('reference reading of %s', (id, truth) => {
  const reference = referenceReading(truth);

  it('reproduces the truth: grade, type, ha/hm/hp (1e-6 relative), edema and age of every vertebra', () => {
    expect(reference.vertebrae.map((v) => v.level)).toEqual(truth.vertebrae.map((v) => v.level));
    for (const [i, t] of truth.vertebrae.entries()) {
      const v = reference.vertebrae[i] as ReadingDocument['vertebrae'][number];
      expect([v.grade, v.type], t.level).toEqual([t.expected.grade, t.expected.type]);
      expect(v.unit, t.level).toBe('mm');
      expectRelativelyClose(v.ha, t.ha, `${t.level} ha`);
      expectRelativelyClose(v.hm, t.hm, `${t.level} hm`);
      expectRelativelyClose(v.hp, t.hp, `${t.level} hp`);
      expect(v.age, t.level).toBe(t.age);
      expect(v.ageOverridden).toBe(false);
      expect([v.edema, v.edemaExtent], t.level).toEqual([t.edema, t.edemaExtent ?? null]);
      expect(v.sequence, t.level).toBe(t.edema === 'not-assessed' ? null : 'STIR');
    }
    expect(reference.sdi).toBe(truth.expectedSdi);
    expect(reference.levelsMeasured).toBe(truth.levelsMeasured);
  });

  it('names the study and measures where the truth says, in the truth\'s calibration', () => {
    expect(reference.study).toEqual({
      studyInstanceUid: truth.study.studyInstanceUid,
      patientId: truth.study.patientId,
      patientName: truth.study.patientName,
      studyDate: truth.study.studyDate,
    });
    for (const [i, t] of truth.vertebrae.entries()) {
      const m = reference.vertebrae[i]?.measurement;
      expect(m?.points).toEqual(t.points);
      expect(m?.seriesInstanceUid).toBe(t.seriesInstanceUid);
      if (m?.space === 'image') {
        expect([m.sopInstanceUid, m.frameNumber, m.calibration, m.pixelSpacing]).toEqual([t.sopInstanceUid, 1, truth.calibration.label, truth.calibration.pixelSpacing]);
      } else {
        expect(t.space).toBe('patient');
        for (const p of Object.values(m?.points ?? {})) {
          const offset = [0, 1, 2].reduce((sum, a) => sum + ((p[a] as number) - (m!.plane.point[a] as number)) * (m!.plane.normal[a] as number), 0);
          expect(Math.abs(offset)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('is a valid kypho.reading/v1 document whose computed fields the importer recomputes without a warning', () => {
    const validation = validateReadingDocument(asJson(reference));
    expect(validation.ok ? [] : validation.problems).toEqual([]);
    expect(fromReadingDocument(reference).warnings).toEqual([]);
  });

  it('the committed reference.json is what the generator writes', () => {
    expect(committed(`${id}/reference.json`)).toEqual(asJson(reference));
  });
});

describe('the CT reference', () => {
  const ct = referenceReading(truths.find((t) => t.study.id === 'ct-thoracolumbar') as StudyTruth);

  it('measures on the mid-sagittal plane, normal +x as the sagittal MPR view\'s', () => {
    for (const v of ct.vertebrae) {
      expect(v.measurement?.space).toBe('patient');
      if (v.measurement?.space !== 'patient') continue;
      expect(v.measurement.plane.normal).toEqual([1, 0, 0]);
      expect(v.measurement.plane.point[0]).toBe(0);
    }
  });
});

describe('planeOfPoints', () => {
  const points: SixPoints = { as: [0, 0, 20], ms: [0, 10, 21], ps: [0, 20, 20], ai: [0, 0, 0], mi: [0, 10, -1], pi: [0, 20, 0] };

  it('finds an oblique plane: the points turned 30 degrees about z give the turned normal, through their centre', () => {
    const angle = Math.PI / 6;
    const turn = ([x, y, z]: number[]) => [x! * Math.cos(angle) - y! * Math.sin(angle), x! * Math.sin(angle) + y! * Math.cos(angle), z! + 100];
    const turned = Object.fromEntries(Object.entries(points).map(([k, p]) => [k, turn(p)])) as SixPoints;
    const plane = planeOfPoints(turned);
    expect(plane.normal[0]).toBeCloseTo(Math.cos(angle), 12);
    expect(plane.normal[1]).toBeCloseTo(Math.sin(angle), 12);
    expect(plane.normal[2]).toBeCloseTo(0, 12);
    const centre = turn([0, 10, 10]);
    for (const a of [0, 1, 2]) expect(plane.point[a]).toBeCloseTo(centre[a]!, 9);
  });

  it('turns the normal the same way whichever way the outline runs', () => {
    const mirrored: SixPoints = { ...points, as: points.ps, ps: points.as, ai: points.pi, pi: points.ai };
    expect(planeOfPoints(mirrored).normal).toEqual([1, 0, 0]);
    expect(planeOfPoints(points).normal).toEqual([1, 0, 0]);
  });

  it('refuses points that span no plane', () => {
    const line: SixPoints = { as: [0, 0, 0], ms: [0, 0, 1], ps: [0, 0, 2], ai: [0, 0, 3], mi: [0, 0, 4], pi: [0, 0, 5] };
    expect(() => planeOfPoints(line)).toThrow(/plane/);
  });
});

describe('the phantom pack', () => {
  const pack = buildPack(DEFAULT_SEED);
  const catalog = buildCatalog(DEFAULT_SEED).studies;

  it('passes checkPack as it is', () => {
    expect(checkPack(asJson(pack))).toEqual({ ok: true, pack: asJson(pack) });
  });

  it('has a case per catalog study, in catalog order, with its files, teaching points, levels and reference', () => {
    expect(pack.title).toBe(PHANTOM_PACK_TITLE);
    expect(pack.cases.map((c) => c.id)).toEqual(catalog.map((s) => s.id));
    for (const [i, entry] of catalog.entries()) {
      const c = pack.cases[i]!;
      const truth = truths[i]!;
      expect(c.studyInstanceUid).toBe(entry.studyInstanceUid);
      expect(c.files).toEqual(entry.files);
      expect(c.teachingPoints).toEqual(entry.teachingPoints);
      expect(c.reference).toBe(referencePath(entry));
      expect(c.levels).toEqual(truth.vertebrae.map((v) => v.level));
      const [first, last] = [truth.vertebrae[0]!.level, truth.vertebrae.at(-1)!.level];
      expect(c.question).toContain(`Measure ${first} to ${last}`);
    }
  });

  it('asks for what each modality can show', () => {
    const question = (id: string) => pack.cases.find((c) => c.id === id)?.question;
    expect(question('lateral-baseline')).toMatch(/Genant/);
    expect(question('mri-fracture-age')).toMatch(/T1.*edema on the STIR.*acute/);
    expect(question('ct-thoracolumbar')).toMatch(/sagittal reformat \(MPR\)/);
  });

  it('the committed pack.json is what the generator writes', () => {
    expect(committed('pack.json')).toEqual(asJson(pack));
  });
});
