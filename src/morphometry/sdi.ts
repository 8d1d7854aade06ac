/** Spinal Deformity Index over the grading range T4..L4 (morphometry.md section 5). */
import type { Grade } from './grading';
import { compareLevels, type Level } from './levels';

export const GRADING_RANGE = { from: 'T4', to: 'L4' } as const satisfies { from: Level; to: Level };

/** Standard levels in T4..L4; a measured T13 adds one. */
const STANDARD_LEVELS_IN_RANGE = 13;

/** True from T4 to L4 inclusive, a T13 included; C-levels, L5, L6 and S1 are graded but not summed. */
export function inGradingRange(level: Level): boolean {
  return compareLevels(level, GRADING_RANGE.from) >= 0 && compareLevels(level, GRADING_RANGE.to) <= 0;
}

/** How many levels the range holds for this spine: 13, or 14 when T13 is measured. */
export function levelsInGradingRange(measured: Iterable<Level>): number {
  return STANDARD_LEVELS_IN_RANGE + ([...measured].includes('T13') ? 1 : 0);
}

/**
 * Unmeasured levels count 0. A grade of null is a level without a measurement (a reading may hold
 * edema findings alone), so it is not counted as measured either.
 */
export function spinalDeformityIndex(levels: readonly { level: Level; grade: Grade | null }[]): {
  sdi: number;
  levelsMeasured: number;
} {
  let sdi = 0;
  let levelsMeasured = 0;
  for (const { level, grade } of levels) {
    if (grade === null || !inGradingRange(level)) continue;
    sdi += grade;
    levelsMeasured += 1;
  }
  return { sdi, levelsMeasured };
}

/**
 * The SDI as a clinician reads it (section 5): over fewer levels than the range holds it is a lower bound, and
 * says so: `SDI >= 3 (partial: 8/13 levels of T4-L4 measured)`; complete: `SDI 3 (T4-L4, 13/13 levels measured)`.
 */
export function sdiText({ sdi, levelsMeasured, levelsInRange }: { sdi: number; levelsMeasured: number; levelsInRange: number }): string {
  const range = `${GRADING_RANGE.from}-${GRADING_RANGE.to}`;
  if (levelsMeasured === 0) return `SDI not assessed (${range}, 0/${levelsInRange} levels measured)`;
  if (levelsMeasured < levelsInRange) return `SDI >= ${sdi} (partial: ${levelsMeasured}/${levelsInRange} levels of ${range} measured)`;
  return `SDI ${sdi} (${range}, ${levelsMeasured}/${levelsInRange} levels measured)`;
}

/** True when the SDI is a lower bound: some level of the range was not measured. */
export function isPartialSdi({ levelsMeasured, levelsInRange }: { levelsMeasured: number; levelsInRange: number }): boolean {
  return levelsMeasured < levelsInRange;
}
