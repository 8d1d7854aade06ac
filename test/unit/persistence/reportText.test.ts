/** The report sentences of morphometry.md section 8. */
import { describe, expect, it } from 'vitest';
import type { DocumentVertebra, ReadingDocument } from '../../../src/persistence/readingDocument';
import { reportSentences } from '../../../src/persistence/reportText';
import { deriveResults, reportSentences as liveSentences, type ReadingState } from '../../../src/reading';
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

describe('the report of a document says what the screen says (morphometry.md section 8)', () => {
  it('the spec example of an acute fracture', () => {
    const v = vertebra({ edema: 'present', edemaExtent: '25-74%', sequence: 'STIR', age: 'acute' });
    expect(reportSentences(doc([v], 2, 1))[0]).toBe('L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)');
  });

  it('the spec example of a chronic fracture', () => {
    const v = vertebra({ level: 'T8', grade: 1, heightLoss: 0.213, wedgeRatio: 0.787, edema: 'absent', age: 'chronic' });
    expect(reportSentences(doc([v], 1, 1))[0]).toBe('T8: chronic Genant grade 1 wedge, 21.3% height loss, no edema');
  });

  it('ends with the SDI line, counting a measured T13 in the range', () => {
    expect(reportSentences(doc([], 3, 13))).toEqual(['SDI 3 (T4-L4, 13/13 levels measured)']);
    const t13 = vertebra({ level: 'T13', grade: 0, type: null, heightLoss: 0.05, measurement: { space: 'image', seriesInstanceUid: '1', sopInstanceUid: '2', frameNumber: 1, points: {} as never, calibration: 'px' } });
    // "No fracture" is said of the one level measured only, and the SDI is a lower bound.
    expect(reportSentences(doc([t13], 0, 1))).toEqual([
      'No fractured vertebra at the level measured (T13); no edema and nothing suspicious recorded.',
      'SDI >= 0 (partial: 1/14 levels of T4-L4 measured)',
    ]);
    expect(reportSentences(doc([]))).toEqual(['SDI not assessed (T4-L4, 0/13 levels measured)']);
  });

  it('gives the same lines as the summary on screen for a whole reading', () => {
    const reading = radiographReading();
    const onScreen = liveSentences(reading as ReadingState, deriveResults(reading as ReadingState));
    expect(reportSentences(toReadingDocument(reading, { study: STUDY }))).toEqual([...onScreen.checks, ...onScreen.vertebrae, ...onScreen.spine, onScreen.sdi]);
    expect(onScreen.vertebrae.map((l) => l.split(':')[0])).toEqual(['T12', 'L1', 'L4', 'S1']);
  });

  it('names first the levels whose placement or label needs checking, as the screen does (section 2a)', () => {
    const t5 = vertebra({ level: 'T5', grade: 0, type: null, heightLoss: 0.02, levelOrder: ['T6 lies above T5'] });
    const t6 = vertebra({ level: 'T6', grade: 0, type: null, heightLoss: 0.03, levelOrder: ['T6 lies above T5'] });
    const t7 = vertebra({ level: 'T7', grade: 0, type: null, heightLoss: 0.01, placement: 'check', placementNote: "check placement: anterior side opposite to the other vertebrae's" });
    expect(reportSentences(doc([t5, t6, t7], 0, 3))).toEqual([
      "Placement to check: T5 (T6 lies above T5); T6 (T6 lies above T5); T7 (check placement: anterior side opposite to the other vertebrae's)",
      'No fractured vertebra at the 3 levels measured (T5, T6, T7); no edema and nothing suspicious recorded.',
      'SDI >= 0 (partial: 3/13 levels of T4-L4 measured)',
    ]);
  });
});
