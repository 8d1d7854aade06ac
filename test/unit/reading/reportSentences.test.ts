import { describe, expect, it } from 'vitest';
import { LEVELS, type Level, type SixPoints } from '../../../src/morphometry';
import { createReadingStore, NOT_ASSESSED, reportSentences, type Finding, type FractureAssessment, type ReadingStore } from '../../../src/reading';

/**
 * An upright body 30 px wide whose superior endplate is at `top`; with 0.5 mm pixels a height of 50 px is 25.0 mm.
 * Each level lies 70 px below the one above it, head up, as on a lateral radiograph.
 */
function points(ha: number, hm: number, hp: number, top: number): SixPoints {
  return { as: [100, top], ms: [115, top], ps: [130, top], ai: [100, top + ha], mi: [115, top + hm], pi: [130, top + hp] };
}

const topOf = (level: Level) => 100 + 70 * LEVELS.indexOf(level);

function measured(
  level: Level,
  [ha, hm, hp]: [number, number, number],
  assessment: Partial<FractureAssessment> = {},
  /** Where the body is drawn: its own level's place unless a test mislabels it. */
  at: Level = level,
): Finding {
  return {
    id: `id-${level}`,
    level,
    measurement: {
      seriesInstanceUid: '1.2',
      sopInstanceUid: '1.2.3',
      frameNumber: 1,
      space: 'image',
      points: points(ha, hm, hp, topOf(at)),
      imageCalibration: { label: 'mm', pixelSpacing: [0.5, 0.5], warning: null },
    },
    ...NOT_ASSESSED,
    ...assessment,
  };
}

const NORMAL: [number, number, number] = [50, 50, 50];
const T4_TO_L4 = LEVELS.slice(LEVELS.indexOf('T4'), LEVELS.indexOf('L4') + 1).filter((l) => l !== 'T13');

/** The spec's example reading: T4..L4 measured, T8 an old mild wedge, L1 a new moderate wedge with edema. */
function specExample(): ReadingStore {
  const store = createReadingStore();
  for (const level of T4_TO_L4) {
    if (level === 'T8') store.place(measured('T8', [39.35, 50, 50], { edema: 'absent', sequence: 'STIR' }));
    else if (level === 'L1') store.place(measured('L1', [36, 50, 50], { edema: 'present', edemaExtent: '25-74%', sequence: 'STIR' }));
    else store.place(measured(level, NORMAL));
  }
  return store;
}

const sentences = (store: ReadingStore) => {
  const { reading, results } = store.getSnapshot();
  return reportSentences(reading, results);
};

describe('§8 report wording: the spec examples, word for word', () => {
  it('writes one line per abnormal vertebra, cranial to caudal, then the SDI', () => {
    expect(sentences(specExample())).toEqual({
      checks: [],
      vertebrae: [
        'T8: chronic Genant grade 1 wedge, 21.3% height loss, no edema',
        'L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)',
      ],
      // Section 10: every body is upright with level endplates above and below the fractures.
      spine: ['T8: segmental kyphosis 0.0 deg (T7-T9)', 'L1: segmental kyphosis 0.0 deg (T12-L2)', 'Thoracic kyphosis T4-T12 0.0 deg'],
      sdi: 'SDI 3 (T4-L4, 13/13 levels measured)',
    });
  });
});

describe('§8 report wording: the other cases', () => {
  it('leaves out normal vertebrae, and says nothing of age before the edema is judged (a radiograph)', () => {
    const store = createReadingStore();
    store.place(measured('T12', NORMAL));
    store.place(measured('L1', [50, 32, 50]));
    store.place(measured('L2', NORMAL));
    expect(sentences(store).vertebrae).toEqual(['L1: Genant grade 2 biconcave, 36.0% height loss (Hm/Hp 0.64)']);
  });

  it('quotes Hp/adj for a crush, and no own ratio under the adjacent reference method', () => {
    const store = createReadingStore();
    store.place(measured('T7', NORMAL));
    store.place(measured('T8', [28, 28, 28]));
    store.place(measured('T9', NORMAL));
    expect(sentences(store).vertebrae).toEqual(['T8: Genant grade 3 crush, 44.0% height loss (Hp/adj 0.56)']);
    // Against its neighbours all three heights lost 44%: a tie, which goes to wedge (section 4).
    store.setMethod('adjacent');
    expect(sentences(store).vertebrae).toEqual(['T8: Genant grade 3 wedge, 44.0% height loss']);
  });

  it('reports a level judged on MRI alone, without heights, and the SDI as not assessed', () => {
    const store = createReadingStore();
    store.assess('T11', { edema: 'present', edemaExtent: '<25%', sequence: 'STIR' });
    store.assess('T12', { edema: 'present', sequence: 'other' });
    expect(sentences(store)).toEqual({
      checks: [],
      vertebrae: ['T11: acute (edema on STIR, <25%), heights not measured', 'T12: acute (edema), heights not measured'],
      spine: [],
      sdi: 'SDI not assessed (T4-L4, 0/13 levels measured)',
    });
  });

  it('always shows the malignancy flag, and an age the reader set by hand', () => {
    const store = createReadingStore();
    store.place(measured('L2', [30, 50, 50], { edema: 'absent', sequence: 'T1', suspiciousForMalignancy: true }));
    store.place(measured('L3', NORMAL, { ageOverride: 'chronic' }));
    store.place(measured('L4', NORMAL, { edema: 'present', sequence: 'T2-FS', edemaExtent: '>=75%', ageOverride: 'indeterminate' }));
    expect(sentences(store).vertebrae).toEqual([
      'L2: chronic Genant grade 3 wedge, 40.0% height loss (Ha/Hp 0.60), no edema; suspicious for malignancy',
      'L3: chronic Genant grade 0, 0.0% height loss',
      'L4: age indeterminate (edema on T2-FS, >=75%) Genant grade 0, 0.0% height loss',
    ]);
  });

  it('follows every edit live, undo included', () => {
    const store = specExample();
    store.assess('L1', { edema: 'absent' });
    expect(sentences(store).vertebrae[1]).toBe('L1: chronic Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72), no edema');
    store.undo();
    expect(sentences(store).vertebrae[1]).toBe('L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)');
  });

  it('names first the levels whose placement or label needs checking (section 2a), the grade still given', () => {
    const store = createReadingStore();
    store.place(measured('T4', NORMAL));
    // T5 and T6 labelled the wrong way round: T6's body is drawn where T5's should be, and T6 is a mild wedge.
    store.place(measured('T5', NORMAL, {}, 'T6'));
    store.place(measured('T6', [39, 50, 50], {}, 'T5'));
    store.place(measured('T7', NORMAL));
    const report = sentences(store);
    expect(report.checks).toEqual(['Placement to check: T5 (T6 lies above T5); T6 (T6 lies above T5)']);
    expect(report.vertebrae).toEqual(['T6: Genant grade 1 wedge, 22.0% height loss']);
  });
});
