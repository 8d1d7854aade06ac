/**
 * The follow-up columns of the reading CSV (morphometry.md section 9): appended to each level's row when the
 * reading is compared with a prior one, full precision like the rest. A level measured only in the prior gets a
 * row of its own, with the current reading's columns empty, so that nothing compared is left out.
 */
import type { Comparison, LevelComparison } from '../morphometry';
import type { CsvCell } from './csv';

export const FOLLOW_UP_CSV_COLUMNS = [
  'priorStudyInstanceUid',
  'priorStudyDate',
  'intervalDays',
  'comparedIn',
  'priorUnit',
  'priorCalibration',
  'priorHa',
  'priorHm',
  'priorHp',
  'priorGrade',
  'priorType',
  'dHa',
  'dHm',
  'dHp',
  'rHa',
  'rHm',
  'rHp',
  'gradeChange',
  'followUpStatus',
  'incident',
  'followUpNote',
  'dSegmentalKyphosis',
] as const;

/** The follow-up cells of one level (all empty for a level the comparison does not know). */
export function followUpCells(comparison: Comparison, level: string): CsvCell[] {
  const l: LevelComparison | undefined = comparison.levels.find((x) => x.level === level);
  const both = l?.in === 'both' ? l : null;
  const values: Record<(typeof FOLLOW_UP_CSV_COLUMNS)[number], CsvCell> = {
    priorStudyInstanceUid: comparison.prior.studyInstanceUid,
    priorStudyDate: comparison.prior.studyDate,
    intervalDays: comparison.intervalDays,
    comparedIn: l?.in,
    priorUnit: l?.prior?.unit,
    priorCalibration: l?.prior?.calibration,
    priorHa: l?.prior?.ha,
    priorHm: l?.prior?.hm,
    priorHp: l?.prior?.hp,
    priorGrade: l?.prior?.grade,
    priorType: l?.prior?.type,
    dHa: both?.dHa,
    dHm: both?.dHm,
    dHp: both?.dHp,
    rHa: both?.rHa,
    rHm: both?.rHm,
    rHp: both?.rHp,
    gradeChange: both?.gradeChange,
    followUpStatus: both?.status,
    incident: both?.incident,
    followUpNote: both?.note,
    dSegmentalKyphosis: both?.dSegmentalKyphosis,
  };
  return FOLLOW_UP_CSV_COLUMNS.map((column) => values[column]);
}

/** Levels the prior measured and the current reading does not hold at all: they need rows of their own. */
export function priorOnlyLevels(comparison: Comparison, currentLevels: ReadonlySet<string>): string[] {
  return comparison.levels.filter((l) => l.in === 'prior' && !currentLevels.has(l.level)).map((l) => l.level);
}
