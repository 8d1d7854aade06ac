/**
 * What a trainee's reading of a case gets back: per level, what the reference and the trainee found and the
 * differences; and a case score. Pure: two `kypho.reading/v1` documents in.
 *
 * The case score, to check by hand. Each level asks up to five questions; a question is asked only when the
 * reference answers it, and a point is earned when the trainee answers it the same way:
 *   grade   - asked when the reference measured the level: the trainee's Genant grade is the same
 *             (a level the trainee did not measure counts as grade 0);
 *   type    - asked when the reference grade is 1-3: the trainee measured the level and found the same
 *             deformity type (wedge, biconcave, crush);
 *   edema   - asked when the reference found edema, or judged it absent in a fractured vertebra (grade 1-3):
 *             the trainee judged the same (a level the trainee left out counts as not assessed). A normal
 *             vertebra without edema has no age to tell, so leaving its edema unassessed costs nothing;
 *   age     - asked with edema: the trainee's fracture age is the same (left out: indeterminate);
 *   heights - asked when both measured the level in mm: the mean of |dHa|, |dHm|, |dHp| is at most 1 mm.
 * possible = the number of questions asked over all levels, earned = the number answered the same way.
 * Example: reference L1 grade 2 wedge with edema (acute), trainee L1 grade 2 wedge without edema (chronic),
 * Ha 1 mm higher: grade, type and heights earned, edema and age not: 3 of 5.
 * Over-calls on levels the reference did not read ask no question here (the session summary lists them).
 */
import { compareLevels, TOLERANCE, type DeformityType, type Edema, type FractureAge, type Grade, type Level, type Unit } from '../morphometry';
import { documentPlacementNotes, type DocumentVertebra, type ReadingDocument } from '../persistence/readingDocument';
import { gradeAgrees, heightDifferences } from './score';

/**
 * Heights count as right when the mean of |dHa|, |dHm|, |dHp| is at most this (inter-reader variation is ~1 mm),
 * compared with the grading tolerance of 1e-9 so that an error of exactly 1 mm computed as 1.0000000000000002 counts.
 */
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
  /** Reference found edema, or judged it absent in a fracture: same judgement? Else null. */
  edemaAgrees: boolean | null;
  /** Asked with edema: same fracture age? Else null. */
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
  /**
   * What the trainee should check of their own placement, per level (morphometry.md section 2a): the swap that put
   * the points in anatomical order, the neighbour check, the level order. Levels without a note are absent.
   */
  placementNotes: Partial<Record<Level, string[]>>;
}

export function compareCase(reference: ReadingDocument, trainee: ReadingDocument): CaseFeedback {
  const ref = new Map(reference.vertebrae.map((v) => [v.level, v]));
  const own = new Map(trainee.vertebrae.map((v) => [v.level, v]));
  const levels = [...new Set([...ref.keys(), ...own.keys()])].sort(compareLevels);
  const compared = levels.map((level) => compareLevel(level, viewOf(ref.get(level)), viewOf(own.get(level))));
  const placementNotes: Partial<Record<Level, string[]>> = {};
  for (const v of trainee.vertebrae) {
    const notes = documentPlacementNotes(v);
    if (notes.length > 0) placementNotes[v.level] = notes;
  }
  return { levels: compared, score: caseScore(compared), placementNotes };
}

/** A document vertebra as feedback shows it; null for a level the document does not list. */
function viewOf(v: DocumentVertebra | undefined): VertebraView | null {
  return v ? { grade: v.grade, type: v.type, unit: v.unit, ha: v.ha, hm: v.hm, hp: v.hp, edema: v.edema, age: v.age } : null;
}

/** One level compared: the differences and the five agreements (the rules at the top of this file). */
export function compareLevel(level: Level, reference: VertebraView | null, trainee: VertebraView | null): LevelComparison {
  const differences = heightDifferences(reference, trainee);
  const refGrade = reference?.grade ?? null;
  const fractured = reference !== null && refGrade !== null && refGrade >= 1;
  // Fracture age is the question: edema matters where it is seen, or where its absence dates a fracture as chronic.
  const judged = reference !== null && (reference.edema === 'present' || (reference.edema === 'absent' && (reference.grade ?? 0) >= 1));
  return {
    level,
    reference,
    trainee,
    ...differences,
    gradeAgrees: gradeAgrees(refGrade, trainee?.grade ?? null),
    typeAgrees: fractured ? trainee !== null && trainee.grade !== null && trainee.type === reference.type : null,
    edemaAgrees: judged ? (trainee?.edema ?? 'not-assessed') === reference.edema : null,
    ageAgrees: judged ? (trainee?.age ?? 'indeterminate') === reference.age : null,
    heightsAgree: differences.meanAbsHeightErrorMm === null ? null : differences.meanAbsHeightErrorMm <= HEIGHT_TOLERANCE_MM + TOLERANCE,
  };
}

const AGREEMENTS = ['gradeAgrees', 'typeAgrees', 'edemaAgrees', 'ageAgrees', 'heightsAgree'] as const;

/** The score of compared levels: a point possible per non-null agreement, earned per true one. */
export function caseScore(levels: readonly LevelComparison[]): CaseScore {
  const answers = levels.flatMap((l) => AGREEMENTS.map((key) => l[key]));
  return { earned: answers.filter((a) => a === true).length, possible: answers.filter((a) => a !== null).length };
}
