/**
 * Readings for the teaching tests, made by the real core (toReadingDocument): upright six-point boxes on a
 * 1 mm pixel grid, so Ha, Hm and Hp are exactly the whole millimetres given and a teacher can grade them by hand.
 */
import type { Calibration, Edema, Level, SixPoints } from '../../../src/morphometry';
import { toReadingDocument, type ReadingDocument } from '../../../src/persistence/readingDocument';
import { NOT_ASSESSED, type Finding } from '../../../src/reading';
import { IMAGE, STUDY } from '../persistence/fixtures';

export const MM: Calibration = { label: 'mm', pixelSpacing: [1, 1], warning: null };

export interface Read {
  level: Level;
  /** Ha, Hm, Hp in mm; absent: the level is only assessed (edema), not measured. */
  heights?: [number, number, number];
  edema?: Edema;
  calibration?: Calibration;
}

/** A vertebral body 40 px wide whose top edge is row y: vertical heights, so each is exactly |row difference|. */
function upright(y: number, [ha, hm, hp]: [number, number, number]): SixPoints {
  return { as: [0, y], ms: [20, y], ps: [40, y], ai: [0, y + ha], mi: [20, y + hm], pi: [40, y + hp] };
}

export function reading(levels: readonly Read[]): ReadingDocument {
  const findings = levels.map(
    ({ level, heights, edema, calibration }, i): Finding => ({
      id: `id-${level}`,
      level,
      measurement: heights ? { ...IMAGE, space: 'image', points: upright(50 * i, heights), imageCalibration: calibration ?? MM } : null,
      ...NOT_ASSESSED,
      ...(edema && { edema, sequence: 'STIR' as const }),
    }),
  );
  return toReadingDocument({ method: 'own-posterior', userCalibrations: {}, findings }, { study: STUDY });
}

/**
 * Case 1, a lateral radiograph (no edema judged), every Hp 30 mm so no crush:
 *   reference  T11 30/30/30 (grade 0)  T12 21/30/30 (Ha/Hp 0.70: grade 2 wedge)  L1 24/30/30 (0.80: grade 1 wedge)
 *              L2 30/30/30 (0)  L3 30/30/30 (0)
 *   trainee    T11 32/30/30 (0, Ha 2 mm long)  T12 21/30/30 (grade 2 wedge)  L1 not measured (missed)
 *              L2 21/30/30 (grade 2 wedge: over-call)  L3 not measured  L4 24/30/30 (grade 1, not in the reference)
 */
export const radiograph = {
  reference: reading([
    { level: 'T11', heights: [30, 30, 30] },
    { level: 'T12', heights: [21, 30, 30] },
    { level: 'L1', heights: [24, 30, 30] },
    { level: 'L2', heights: [30, 30, 30] },
    { level: 'L3', heights: [30, 30, 30] },
  ]),
  trainee: reading([
    { level: 'T11', heights: [32, 30, 30] },
    { level: 'T12', heights: [21, 30, 30] },
    { level: 'L2', heights: [21, 30, 30] },
    { level: 'L4', heights: [24, 30, 30] },
  ]),
};

/**
 * Case 2, an MRI with STIR:
 *   reference  T12 30/30/30 no edema (grade 0, indeterminate)  L1 21/30/30 edema (grade 2 wedge, acute)
 *              L2 24/30/30 no edema (grade 1 wedge, chronic)  L3 not measured, edema (acute)
 *   trainee    T12 30/30/30 no edema (indeterminate)  L1 21/29/30 no edema (grade 2 wedge, chronic; Hm 1 mm short)
 *              L2 30/24/30 no edema (Hm/Hp 0.80: grade 1 biconcave, chronic)  L3 not read
 */
export const mri = {
  reference: reading([
    { level: 'T12', heights: [30, 30, 30], edema: 'absent' },
    { level: 'L1', heights: [21, 30, 30], edema: 'present' },
    { level: 'L2', heights: [24, 30, 30], edema: 'absent' },
    { level: 'L3', edema: 'present' },
  ]),
  trainee: reading([
    { level: 'T12', heights: [30, 30, 30], edema: 'absent' },
    { level: 'L1', heights: [21, 29, 30], edema: 'absent' },
    { level: 'L2', heights: [30, 24, 30], edema: 'absent' },
  ]),
};
