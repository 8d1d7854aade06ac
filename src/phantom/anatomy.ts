/**
 * The phantom patient: an elderly woman with osteoporotic fractures. One spine, seen at two time points,
 * that every sample study draws (radiographs, MRI, CT), so the teaching cases tell one consistent story.
 *
 * Baseline: T6 Genant grade 1 wedge, T8 grade 3 crush (posterior height lost with the anterior and middle,
 * so only the comparison with T7 and T9 finds it), L1 grade 2 biconcave. Follow-up a year later: T11 has
 * lost 25% (5 mm) of its anterior height, a new grade 2 wedge, acute (marrow edema on MRI), its posterior wall
 * pushed 3 mm into the canal (on the CT before treatment). After kyphoplasty T11 is filled with cement and its
 * anterior height is back to 18.5 mm (+3.5 mm), which straightens the segment T10-T12.
 * The heights are chosen so that every grade sits well inside its band, never near 20%, 25% or 40%.
 */
import type { Deformity, VertebraSpec } from './spine';

/**
 * `followup`: a year after the baseline, T11 newly fractured (acute). `kyphoplasty`: a few days later, after
 * balloon kyphoplasty of T11: cement in the body and part of its anterior height restored.
 */
export type TimePoint = 'baseline' | 'followup' | 'kyphoplasty';

const NORMAL: Deformity = { grade: 0, type: null };

interface Row {
  level: string;
  depth: number;
  width: number;
  hp: number;
  /** Normal anterior/posterior ratio at this level (mild physiological wedging in the thoracic spine). */
  ratio: number;
  disc: readonly [number, number];
}

/** Body sizes of a small elderly woman, T1 to S3 (mm). */
const ROWS: readonly Row[] = [
  { level: 'T1', depth: 16, width: 27, hp: 15, ratio: 0.95, disc: [3.5, 3.5] },
  { level: 'T2', depth: 18, width: 27, hp: 15.8, ratio: 0.94, disc: [3.5, 4.0] },
  { level: 'T3', depth: 20, width: 28, hp: 16.4, ratio: 0.93, disc: [3.6, 4.2] },
  { level: 'T4', depth: 22, width: 29, hp: 17, ratio: 0.93, disc: [3.8, 4.4] },
  { level: 'T5', depth: 23, width: 30, hp: 17.5, ratio: 0.925, disc: [3.9, 4.5] },
  { level: 'T6', depth: 24, width: 31, hp: 18, ratio: 0.925, disc: [4.0, 4.6] },
  { level: 'T7', depth: 25.5, width: 32, hp: 18.5, ratio: 0.92, disc: [4.1, 4.7] },
  { level: 'T8', depth: 26.5, width: 33, hp: 19, ratio: 0.925, disc: [4.3, 4.8] },
  { level: 'T9', depth: 27.5, width: 35, hp: 19.7, ratio: 0.93, disc: [4.5, 5.0] },
  { level: 'T10', depth: 28.5, width: 37, hp: 20.5, ratio: 0.94, disc: [4.8, 5.2] },
  { level: 'T11', depth: 29.5, width: 39, hp: 21.5, ratio: 0.93, disc: [5.2, 5.4] },
  { level: 'T12', depth: 31, width: 41, hp: 23, ratio: 0.955, disc: [6.2, 5.8] },
  { level: 'L1', depth: 33, width: 43, hp: 24.5, ratio: 0.965, disc: [8.5, 6.2] },
  { level: 'L2', depth: 34, width: 45, hp: 25.5, ratio: 0.99, disc: [9.8, 6.6] },
  { level: 'L3', depth: 35, width: 47, hp: 26, ratio: 1.015, disc: [11, 7.0] },
  { level: 'L4', depth: 35.5, width: 48, hp: 26, ratio: 1.04, disc: [12, 7.0] },
  { level: 'L5', depth: 35, width: 49, hp: 24.5, ratio: 1.14, disc: [12.5, 6.5] },
  { level: 'S1', depth: 36, width: 50, hp: 22, ratio: 1.05, disc: [1.2, 1.2] },
  { level: 'S2', depth: 30, width: 44, hp: 20, ratio: 0.95, disc: [1.0, 1.0] },
  { level: 'S3', depth: 24, width: 36, hp: 17, ratio: 0.92, disc: [1.0, 1.0] },
];

/** T11's anterior height after kyphoplasty, mm (15.0 before it). */
export const T11_RESTORED_HA = 18.5;

/**
 * The CT before treatment: T11's posterior wall bulges this far (mm) into the canal at the middle of the body,
 * where the canal diameter is measured (morphometry.md section 11).
 */
export const T11_RETROPULSION = 3;

/** The levels a complete reading of the radiograph measures (the spec's grading range). */
export const GRADED_LEVELS = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4'];

export function spineSpecs(time: TimePoint): VertebraSpec[] {
  const specs: VertebraSpec[] = ROWS.map((r) => ({
    level: r.level,
    depth: r.depth,
    width: r.width,
    hp: r.hp,
    ha: r.hp * r.ratio,
    concavitySuperior: r.level.startsWith('S') ? 0 : 0.6,
    concavityInferior: r.level.startsWith('S') ? 0 : 0.5,
    discBelow: r.disc,
    designed: NORMAL,
    fractureAge: null,
  }));
  const at = (level: string): VertebraSpec => specs.find((s) => s.level === level) as VertebraSpec;

  // T6: grade 1 wedge, Ha/Hp 0.78 (22% loss).
  const t6 = at('T6');
  t6.ha = 0.78 * t6.hp;
  t6.concavitySuperior = 0.4;
  t6.concavityInferior = 0.4;
  t6.designed = { grade: 1, type: 'wedge' };
  t6.fractureAge = 'chronic';

  // T8: grade 3 crush: the whole body flattened to 55% of its neighbours' posterior height, spread a little.
  const t8 = at('T8');
  const t7 = at('T7');
  const t9 = at('T9');
  t8.hp = 0.55 * ((t7.hp + t9.hp) / 2);
  t8.ha = 0.96 * t8.hp;
  t8.depth += 1.5;
  t8.concavitySuperior = 0.3;
  t8.concavityInferior = 0.3;
  t8.designed = { grade: 3, type: 'crush' };
  t8.fractureAge = 'chronic';

  // L1: grade 2 biconcave, Hm/Hp about 0.675 (32.5% loss) with intact rims.
  const l1 = at('L1');
  l1.concavitySuperior = 4.3;
  l1.concavityInferior = 3.3;
  l1.designed = { grade: 2, type: 'biconcave' };
  l1.fractureAge = 'chronic';

  // T11: 20.0 mm anterior height at baseline; at follow-up 15.0 mm (a further 25% and 5 mm lost).
  const t11 = at('T11');
  t11.ha = 20;
  if (time === 'followup') {
    t11.ha = 15;
    t11.concavitySuperior = 0.8;
    t11.designed = { grade: 2, type: 'wedge' };
    t11.fractureAge = 'acute';
    t11.edemaFraction = 0.55;
  }
  if (time === 'kyphoplasty') {
    // Height restored to Ha/Hp 0.86 (14% loss, grade 0): the treated level keeps its morphometry.
    t11.ha = T11_RESTORED_HA;
    t11.designed = NORMAL;
    t11.fractureAge = 'acute';
    t11.augmentation = 'kyphoplasty';
  }
  return specs;
}
