/** Height loss, Genant grade and deformity type (morphometry.md section 4). */

export type Grade = 0 | 1 | 2 | 3;

export type DeformityType = 'wedge' | 'biconcave' | 'crush';

/** Listed in tie-break order: equal losses go to the first. */
export const DEFORMITY_TYPES: readonly DeformityType[] = ['wedge', 'biconcave', 'crush'];

/**
 * Comparisons of losses allow this much, so that a ratio of exactly 0.80, 0.75 or 0.60 lands in the
 * higher grade although 1 - 20/25 is 0.19999999999999996 in floating point.
 */
export const TOLERANCE = 1e-9;

/** Lower bounds of the Genant grades 1, 2 and 3, as fractions of height lost. */
export const GRADE_THRESHOLDS = [0.2, 0.25, 0.4] as const;

export function gradeFromHeightLoss(heightLoss: number): Grade {
  let grade: Grade = 0;
  GRADE_THRESHOLDS.forEach((threshold, i) => {
    if (heightLoss >= threshold - TOLERANCE) grade = (i + 1) as Grade;
  });
  return grade;
}

/** Loss per deformity kind; a kind is absent when it cannot be computed (crush without adjacent levels). */
export type Losses = Partial<Record<DeformityType, number>>;

export interface Grading {
  heightLoss: number;
  grade: Grade;
  type: DeformityType | null;
}

/** heightLoss = max(0, every loss); type is the kind with the largest loss, ties to the first, null at grade 0. */
export function gradeLosses(losses: Losses): Grading {
  const present = DEFORMITY_TYPES.filter((kind) => losses[kind] !== undefined);
  const largest = Math.max(0, ...present.map((kind) => losses[kind] as number));
  const grade = gradeFromHeightLoss(largest);
  const type = grade === 0 ? null : (present.find((kind) => (losses[kind] as number) >= largest - TOLERANCE) ?? null);
  return { heightLoss: largest, grade, type };
}
