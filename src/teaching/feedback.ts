/**
 * What a trainee's reading of a case gets back: per level, what the reference and the trainee found and the
 * differences; and a case score. Pure: two `kypho.reading/v1` documents in.
 */
import type { DeformityType, Edema, FractureAge, Grade, Level, Unit } from '../morphometry';
import type { ReadingDocument } from '../persistence/readingDocument';

/** Heights count as right when the mean of |dHa|, |dHm|, |dHp| is at most this (inter-reader variation is ~1 mm). */
export const HEIGHT_TOLERANCE_MM = 1;

/** One side's vertebra as feedback shows it. */
export interface VertebraView {
  grade: Grade | null;
  type: DeformityType | null;
  unit: Unit | null;
  ha: number | null;
  hm: number | null;
  hp: number | null;
  edema: Edema;
  age: FractureAge;
}

export interface LevelComparison {
  level: Level;
  /** Null: the reference neither measured nor assessed this level. */
  reference: VertebraView | null;
  /** Null: the trainee neither measured nor assessed it. */
  trainee: VertebraView | null;
  /** Trainee minus reference in mm; null unless both measured it in mm. */
  dHa: number | null;
  dHm: number | null;
  dHp: number | null;
  /** Mean of |dHa|, |dHm|, |dHp|; null as the differences. */
  meanAbsHeightErrorMm: number | null;
  /** Reference graded it: does the trainee's grade (0 when not measured) equal it? Else null. */
  gradeAgrees: boolean | null;
  /** Reference grade >= 1: same deformity type? Else null. */
  typeAgrees: boolean | null;
  /** Reference judged edema (present or absent): same judgement? Else null. */
  edemaAgrees: boolean | null;
  /** Reference judged edema: same fracture age? Else null. */
  ageAgrees: boolean | null;
  /** Both measured in mm: mean error within HEIGHT_TOLERANCE_MM? Else null. */
  heightsAgree: boolean | null;
}

export interface CaseScore {
  /** One point per non-null agreement above (grade, type, edema, age, heights). */
  earned: number;
  possible: number;
}

export interface CaseFeedback {
  /** Every level either side measured or assessed, cranial to caudal. */
  levels: LevelComparison[];
  score: CaseScore;
}

export function compareCase(reference: ReadingDocument, trainee: ReadingDocument): CaseFeedback {
  void reference;
  void trainee;
  throw new Error('not implemented');
}
