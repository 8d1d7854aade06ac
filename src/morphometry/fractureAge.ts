/** Fracture age from marrow edema (MRI) and the morphometric grade (morphometry.md section 7). */
import type { Grade } from './grading';

/** Bright on a fluid-sensitive fat-suppressed sequence (STIR, T2 FS), usually dark on T1. */
export type Edema = 'present' | 'absent' | 'not-assessed';

export const DEFAULT_EDEMA: Edema = 'not-assessed';

/** Share of the vertebral body with edema. */
export type EdemaExtent = '<25%' | '25-74%' | '>=75%';

/** The sequence the edema was judged on. */
export type EdemaSequence = 'STIR' | 'T2-FS' | 'T1' | 'other';

/** `acute` stands for acute or subacute. */
export type FractureAge = 'acute' | 'chronic' | 'indeterminate';

/**
 * The derived age, unless the reader overrides it. Without an MRI judgement (a radiograph or CT alone)
 * edema is `not-assessed`, which gives `indeterminate`.
 */
export function deriveFractureAge(finding: {
  edema: Edema;
  /** null when the level has no measurement. */
  grade: Grade | null;
  /** The reader marked it fractured without (or against) the morphometry. */
  markedFractured?: boolean;
}): FractureAge {
  if (finding.edema === 'present') return 'acute';
  const fractured = (finding.grade ?? 0) >= 1 || finding.markedFractured === true;
  return finding.edema === 'absent' && fractured ? 'chronic' : 'indeterminate';
}
