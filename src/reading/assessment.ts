/**
 * Fracture age per vertebra (morphometry.md section 7): what the reader judged, joined with the grade of the
 * same level's measurement (if any) into one row per level, and the age derived from both unless overridden.
 */
import {
  DEFAULT_AUGMENTATION,
  DEFAULT_POSTERIOR_WALL,
  deriveFractureAge,
  type DeformityType,
  type Edema,
  type FractureAge,
  type Grade,
  type CanalResult,
  type Level,
} from '../morphometry';
import { NOT_ASSESSED, type FractureAssessment, type ReadingState } from './model';
import type { Results } from './results';

export interface AssessmentRow extends FractureAssessment {
  id: string;
  level: Level;
  /** The level has six points somewhere in the study (a radiograph, a T1...): grade and type are known. */
  measured: boolean;
  grade: Grade | null;
  type: DeformityType | null;
  /** What section 7 derives from edema and grade. */
  derivedAge: FractureAge;
  /** The reader's override if any, else the derived age. */
  age: FractureAge;
  ageOverridden: boolean;
  /** The canal diameter line's result (section 11), when the level has one. */
  canalResult?: CanalResult;
}

/** One row per finding, cranial to caudal: measured levels and levels judged on MRI alone alike. */
export function assessmentRows(reading: ReadingState, results: Results): AssessmentRow[] {
  const graded = new Map(results.rows.map((row) => [row.id, row.result]));
  const canals = new Map(results.canals.map((c) => [c.level, c]));
  return reading.findings.map((finding) => {
    const result = graded.get(finding.id) ?? null;
    const grade = result?.grade ?? null;
    const derivedAge = deriveFractureAge({ edema: finding.edema, grade });
    return {
      id: finding.id,
      level: finding.level,
      measured: finding.measurement !== null,
      grade,
      type: result?.type ?? null,
      edema: finding.edema,
      edemaExtent: finding.edemaExtent,
      sequence: finding.sequence,
      signalRatio: finding.signalRatio,
      ageOverride: finding.ageOverride,
      suspiciousForMalignancy: finding.suspiciousForMalignancy,
      note: finding.note,
      ...spineFields(finding),
      derivedAge,
      age: finding.ageOverride ?? derivedAge,
      ageOverridden: finding.ageOverride !== null,
      ...(canals.has(finding.level) && { canalResult: canals.get(finding.level) }),
    };
  });
}

/** What the reader judged of a vertebra, in a few words each ("edema present", "note"), for notices. */
export function judgedItems(assessment: FractureAssessment): string[] {
  const items: string[] = [];
  if (assessment.edema !== NOT_ASSESSED.edema) items.push(`edema ${assessment.edema}`);
  if (assessment.edemaExtent !== null) items.push('edema extent');
  if (assessment.signalRatio !== null) items.push('signal ratio');
  if (assessment.ageOverride !== null) items.push(`age ${assessment.ageOverride}`);
  if (assessment.suspiciousForMalignancy) items.push('suspicious for malignancy');
  if (assessment.note.trim() !== '') items.push('note');
  if ((assessment.posteriorWall ?? DEFAULT_POSTERIOR_WALL) !== DEFAULT_POSTERIOR_WALL) items.push(`posterior wall ${assessment.posteriorWall}`);
  if ((assessment.augmentation ?? DEFAULT_AUGMENTATION) !== DEFAULT_AUGMENTATION) items.push(assessment.augmentation!);
  if (assessment.canal) items.push('canal line');
  return items;
}

/**
 * True when the reader has judged nothing of the vertebra's age. The sequence alone does not count: it only
 * says where a judgement was (or would be) made. A finding without measurement and with nothing judged is
 * no finding at all, and the store drops it.
 */
export function isUnassessed(assessment: FractureAssessment): boolean {
  return judgedItems(assessment).length === 0;
}

/** The section-11 judgements of a finding, only those it has (absent ones are the defaults). */
function spineFields(a: Partial<FractureAssessment>): Pick<FractureAssessment, 'posteriorWall' | 'augmentation' | 'canal'> {
  return {
    ...(a.posteriorWall !== undefined && { posteriorWall: a.posteriorWall }),
    ...(a.augmentation !== undefined && { augmentation: a.augmentation }),
    ...(a.canal !== undefined && { canal: a.canal }),
  };
}

const SPINE_KEYS = ['posteriorWall', 'augmentation', 'canal'] as const;

/**
 * The `E` key flags edema, and a second press takes the flag back: present <-> not assessed. A level judged
 * free of edema (`absent`) becomes `present`: the reader is looking at it and pressing the key that says so.
 */
export function toggledEdema(current: Edema): Edema {
  return current === 'present' ? 'not-assessed' : 'present';
}

/**
 * The assessment after a change, kept consistent: the extent qualifies edema that is present, so choosing an
 * extent means edema is present, and setting edema to anything else clears the extent.
 */
export function changedAssessment(current: FractureAssessment, changes: Partial<FractureAssessment>): FractureAssessment {
  const next: FractureAssessment = {
    edema: changes.edema ?? current.edema,
    edemaExtent: changes.edemaExtent !== undefined ? changes.edemaExtent : current.edemaExtent,
    sequence: changes.sequence !== undefined ? changes.sequence : current.sequence,
    signalRatio: changes.signalRatio !== undefined ? changes.signalRatio : current.signalRatio,
    ageOverride: changes.ageOverride !== undefined ? changes.ageOverride : current.ageOverride,
    suspiciousForMalignancy: changes.suspiciousForMalignancy ?? current.suspiciousForMalignancy,
    note: changes.note ?? current.note,
    ...spineFields({ ...spineFields(current), ...spineFields(changes) }),
  };
  if (next.edemaExtent !== null && next.edema !== 'present') {
    if (changes.edemaExtent) next.edema = 'present';
    else next.edemaExtent = null;
  }
  return next;
}

export function sameAssessment(a: FractureAssessment, b: FractureAssessment): boolean {
  return [...(Object.keys(NOT_ASSESSED) as (keyof FractureAssessment)[]), ...SPINE_KEYS].every((key) => a[key] === b[key]);
}
