/** The report sentences of morphometry.md section 8. */
import { describe, expect, it } from 'vitest';
import type { DocumentVertebra, ReadingDocument } from '../../../src/persistence/readingDocument';
import { reportSentences, sdiSentence, vertebraSentence } from '../../../src/persistence/reportText';
import { toReadingDocument } from '../../../src/persistence/readingDocument';
import { radiographReading, STUDY } from './fixtures';

const vertebra = (v: Partial<DocumentVertebra>): DocumentVertebra => ({
  level: 'L1',
  measurement: null,
  unit: 'mm',
  ha: 18,
  hm: 22,
  hp: 25,
  wedgeRatio: 0.72,
  biconcaveRatio: 0.88,
  hpAdjacent: null,
  crushRatio: null,
  wedgeAngle: 13.1,
  heightLoss: 0.28,
  grade: 2,
  type: 'wedge',
  edema: 'not-assessed',
  edemaExtent: null,
  sequence: null,
  signalRatio: null,
  age: 'indeterminate',
  ageOverridden: false,
  suspiciousForMalignancy: false,
  note: '',
  ...v,
});

const doc = (vertebrae: DocumentVertebra[], sdi = 0, levelsMeasured = 0): ReadingDocument => ({
  schema: 'kypho.reading/v1',
  study: STUDY,
  method: 'own-posterior',
  vertebrae,
  sdi,
  levelsMeasured,
});

describe('one line per abnormal vertebra (morphometry.md section 8)', () => {
  it('the spec example of an acute fracture', () => {
    const v = vertebra({ edema: 'present', edemaExtent: '25-74%', sequence: 'STIR', age: 'acute' });
    expect(vertebraSentence(v, 'own-posterior')).toBe('L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)');
  });

  it('the spec example of a chronic fracture, with the ratio that shows its type', () => {
    const v = vertebra({ level: 'T8', grade: 1, heightLoss: 0.213, wedgeRatio: 0.787, edema: 'absent', age: 'chronic' });
    expect(vertebraSentence(v, 'own-posterior')).toBe('T8: chronic Genant grade 1 wedge, 21.3% height loss (Ha/Hp 0.79), no edema');
  });

  it('a radiograph alone says nothing of the age', () => {
    expect(vertebraSentence(vertebra({ type: 'biconcave', biconcaveRatio: 0.7, heightLoss: 0.3 }), 'own-posterior')).toBe(
      'L1: Genant grade 2 biconcave, 30.0% height loss (Hm/Hp 0.70)',
    );
  });

  it('a crush deformity gives Hp/adj; the adjacent method gives no own ratio', () => {
    const crush = vertebra({ type: 'crush', crushRatio: 0.55, heightLoss: 0.45, grade: 3 });
    expect(vertebraSentence(crush, 'own-posterior')).toBe('L1: Genant grade 3 crush, 45.0% height loss (Hp/adj 0.55)');
    expect(vertebraSentence(crush, 'adjacent')).toBe('L1: Genant grade 3 crush, 45.0% height loss');
  });

  it('edema without heights, an overridden age, and a suspicion of malignancy', () => {
    const mriOnly = vertebra({ grade: null, heightLoss: null, type: null, edema: 'present', edemaExtent: '<25%', sequence: 'T2-FS', age: 'acute' });
    expect(vertebraSentence(mriOnly, 'own-posterior')).toBe('L1: acute (edema on T2 FS, <25%), heights not measured');
    const suspicious = vertebra({ level: 'S1', grade: null, heightLoss: null, type: null, edema: 'absent', ageOverridden: true, suspiciousForMalignancy: true });
    expect(vertebraSentence(suspicious, 'own-posterior')).toBe('S1: age indeterminate, heights not measured, no edema, suspicious for malignancy');
  });
});

describe('the summary', () => {
  it('ends with the SDI line, counting a measured T13 in the range', () => {
    expect(sdiSentence(doc([], 3, 13))).toBe('SDI 3 (T4-L4, 13/13 levels measured)');
    const t13 = vertebra({ level: 'T13', measurement: { space: 'image', seriesInstanceUid: '1', sopInstanceUid: '2', frameNumber: 1, points: {} as never, calibration: 'px' } });
    expect(sdiSentence(doc([t13], 2, 1))).toBe('SDI 2 (T4-L4, 1/14 levels measured)');
    expect(sdiSentence(doc([]))).toBe('SDI not assessed (T4-L4, 0/13 levels measured)');
  });

  it('says when no measured vertebra is deformed', () => {
    expect(reportSentences(doc([vertebra({ grade: 0, type: null, heightLoss: 0.05 })], 0, 1))).toEqual([
      'No vertebral deformity (all 1 measured level Genant grade 0).',
      'SDI 0 (T4-L4, 1/13 levels measured)',
    ]);
  });

  it('lists the abnormal vertebrae of a reading cranial to caudal', () => {
    const lines = reportSentences(toReadingDocument(radiographReading(), { study: STUDY }));
    expect(lines.map((l) => l.split(':')[0])).toEqual(['T12', 'L1', 'L4', 'S1', 'SDI 4 (T4-L4, 4/13 levels measured)']);
    expect(lines[1]).toMatch(/^L1: acute \(edema on STIR, 25-74%\) Genant grade 2 wedge, \d+\.\d% height loss \(Ha\/Hp 0\.\d\d\)$/);
  });
});
