/** The report's words for sections 10 and 11: angles, canal, posterior wall and treatment. */
import { describe, expect, it } from 'vitest';
import type { Level, SixPoints } from '../../../src/morphometry';
import { createReadingStore, NOT_ASSESSED, reportSentences, type Finding, type FractureAssessment } from '../../../src/reading';

const IMAGE = { seriesInstanceUid: '1.2', sopInstanceUid: '1.2.3', frameNumber: 1 };
const MM = { label: 'mm' as const, pixelSpacing: [1, 1] as [number, number], warning: null };
const tan = (deg: number) => Math.tan((deg * Math.PI) / 180);

/** Anterior on the left, 30 mm deep; the superior endplate drops `superior` degrees anteriorly, the inferior rises `inferior`. */
function body(top: number, height: number, superior = 0, inferior = 0, anteriorLoss = 0): SixPoints {
  const ha = height - anteriorLoss;
  return {
    as: [100, top + 30 * tan(superior)], ms: [115, top + 15 * tan(superior)], ps: [130, top],
    ai: [100, top + ha - 30 * tan(inferior)], mi: [115, top + height - 15 * tan(inferior)], pi: [130, top + height],
  };
}

function vertebra(level: Level, points: SixPoints, assessment: Partial<FractureAssessment> = {}): Finding {
  return { id: `id-${level}`, level, measurement: { ...IMAGE, space: 'image', points, imageCalibration: MM }, ...NOT_ASSESSED, ...assessment };
}

const canal = (length: number, row: number): FractureAssessment['canal'] => ({
  ...IMAGE, space: 'image', points: [[140, row], [140 + length, row]], imageCalibration: MM,
});

/**
 * T11 (a normal body tilted 10 deg), T12 a grade 3 wedge (Ha 14 of 25 mm), L1 (a normal body tilted 8.4 deg the other way):
 * the endplates of T11 and L1 converge anteriorly by 18.4 deg. Canal 16, 12 and 14 mm: T12 20% narrower.
 */
function fracture(t12: Partial<FractureAssessment> = {}) {
  const store = createReadingStore();
  store.place(vertebra('T11', body(100, 25, 10, -10), { canal: canal(16, 112) }));
  store.place(vertebra('T12', body(135, 25, 0, 0, 11), { canal: canal(12, 147), ...t12 }));
  store.place(vertebra('L1', body(170, 25, -8.4, 8.4), { canal: canal(14, 182) }));
  const { reading, results } = store.getSnapshot();
  return reportSentences(reading, results);
}

describe('§10-11 report wording', () => {
  it('quotes the segmental kyphosis of a fracture with its end levels, and the canal compromise', () => {
    expect(fracture().spine).toEqual(['T12: segmental kyphosis 18.4 deg (T11-L1)', 'T12: canal compromise 20.0% (AP diameter 12.0 mm)']);
  });

  it('always reports a retropulsed posterior wall in the vertebra sentence, like malignancy', () => {
    expect(fracture({ posteriorWall: 'retropulsed' }).vertebrae).toEqual([
      'T12: Genant grade 3 wedge, 44.0% height loss (Ha/Hp 0.56); posterior wall retropulsion: not a simple compression fracture',
    ]);
    // An intact wall is not news, and "not assessed" is not a finding.
    expect(fracture({ posteriorWall: 'intact' }).vertebrae).toEqual(['T12: Genant grade 3 wedge, 44.0% height loss (Ha/Hp 0.56)']);
  });

  it('names the treatment, and reports a treated level even when its heights are restored', () => {
    const store = createReadingStore();
    store.place(vertebra('T11', body(100, 25, 10, -10)));
    store.place(vertebra('T12', body(135, 25), { augmentation: 'kyphoplasty' }));
    store.place(vertebra('L1', body(170, 25, -8.4, 8.4)));
    const { reading, results } = store.getSnapshot();
    const sentences = reportSentences(reading, results);
    expect(sentences.vertebrae).toEqual(['T12: Genant grade 0, 0.0% height loss; treated by kyphoplasty']);
    expect(sentences.spine).toEqual(['T12: segmental kyphosis 18.4 deg (T11-L1)']);
  });

  it('gives the regional angles when both end levels are measured, and nothing of them otherwise', () => {
    const store = createReadingStore();
    store.place(vertebra('T4', body(0, 25, 30, 0)));
    store.place(vertebra('T12', body(300, 25, 0, 22.3)));
    store.place(vertebra('L1', body(335, 25, -25, 0)));
    store.place(vertebra('L5', body(500, 25, 0, -20)));
    const { reading, results } = store.getSnapshot();
    expect(reportSentences(reading, results).spine).toEqual(['Thoracic kyphosis T4-T12 52.3 deg', 'Lumbar lordosis L1-L5 45.0 deg']);
    store.remove('id-T4');
    const after = store.getSnapshot();
    expect(reportSentences(after.reading, after.results).spine).toEqual(['Lumbar lordosis L1-L5 45.0 deg']);
  });
});
