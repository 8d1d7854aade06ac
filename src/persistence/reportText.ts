/**
 * The report sentences a clinician reads (morphometry.md section 8): one line per abnormal vertebra, then
 * the SDI line. Written from the reading document, so the viewer, the printable report and the SR say the same.
 *
 * `L1: acute (edema on STIR, 25-74%) Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)`
 * `T8: chronic Genant grade 1 wedge, 21.3% height loss (Ha/Hp 0.79), no edema`
 * `SDI 3 (T4-L4, 13/13 levels measured)`
 *
 * The ratio that shows the deformity type is always given (the spec's second example leaves it out; one
 * rule for every line reads better than two), and only under the own-posterior method, where it is what graded.
 */
import { levelsInGradingRange, type EdemaSequence } from '../morphometry';
import { formatLoss, formatRatio } from '../reading';
import type { DocumentVertebra, ReadingDocument } from './readingDocument';

const SEQUENCE_NAMES: Record<EdemaSequence, string | null> = { STIR: 'STIR', 'T2-FS': 'T2 FS', T1: 'T1', other: null };

/** A vertebra is reported when it is deformed, has edema, has a reader's age, or may be malignant. */
export function isAbnormal(v: DocumentVertebra): boolean {
  return (v.grade ?? 0) >= 1 || v.edema === 'present' || v.suspiciousForMalignancy || (v.ageOverridden && v.age !== 'indeterminate');
}

export function vertebraSentence(v: DocumentVertebra, method: ReadingDocument['method']): string {
  const parts: string[] = [];
  const age = agePhrase(v);
  const morphometry = morphometryPhrase(v, method);
  // "acute (edema on STIR) Genant grade 2 wedge" reads as one phrase; "heights not measured" is a phrase of its own.
  parts.push([age, morphometry].filter(Boolean).join(v.grade === null ? ', ' : ' '));
  if (v.edema === 'absent') parts.push('no edema');
  if (v.suspiciousForMalignancy) parts.push('suspicious for malignancy');
  return `${v.level}: ${parts.filter(Boolean).join(', ')}`;
}

function agePhrase(v: DocumentVertebra): string {
  if (v.edema === 'present') {
    const on = v.sequence ? SEQUENCE_NAMES[v.sequence] : null;
    const detail = [`edema${on ? ` on ${on}` : ''}`, v.edemaExtent].filter(Boolean).join(', ');
    return `${ageWord(v)} (${detail})`;
  }
  // A radiograph or CT alone says nothing of the age: no word rather than "indeterminate" on every line.
  if (v.edema === 'not-assessed' && !v.ageOverridden) return '';
  return ageWord(v);
}

function ageWord(v: DocumentVertebra): string {
  return v.age === 'indeterminate' ? 'age indeterminate' : v.age;
}

function morphometryPhrase(v: DocumentVertebra, method: ReadingDocument['method']): string {
  if (v.grade === null || v.heightLoss === null) return 'heights not measured';
  const grade = `Genant grade ${v.grade}${v.type ? ` ${v.type}` : ''}, ${formatLoss(v.heightLoss)}% height loss`;
  const ratio = v.type && method === 'own-posterior' ? typeRatio(v) : null;
  return ratio ? `${grade} (${ratio})` : grade;
}

function typeRatio(v: DocumentVertebra): string | null {
  if (v.type === 'wedge') return `Ha/Hp ${formatRatio(v.wedgeRatio)}`;
  if (v.type === 'biconcave') return `Hm/Hp ${formatRatio(v.biconcaveRatio)}`;
  if (v.type === 'crush' && v.crushRatio !== null) return `Hp/adj ${formatRatio(v.crushRatio)}`;
  return null;
}

export function sdiSentence(document: ReadingDocument): string {
  const inRange = levelsInGradingRange(document.vertebrae.filter((v) => v.measurement).map((v) => v.level));
  if (document.levelsMeasured === 0) return `SDI not assessed (T4-L4, 0/${inRange} levels measured)`;
  return `SDI ${document.sdi} (T4-L4, ${document.levelsMeasured}/${inRange} levels measured)`;
}

/** Every line of the report's summary, in reading order. */
export function reportSentences(document: ReadingDocument): string[] {
  const abnormal = document.vertebrae.filter(isAbnormal).map((v) => vertebraSentence(v, document.method));
  const measured = document.vertebrae.filter((v) => v.grade !== null).length;
  if (abnormal.length === 0 && measured > 0) {
    abnormal.push(`No vertebral deformity (all ${measured} measured ${measured === 1 ? 'level' : 'levels'} Genant grade 0).`);
  }
  return [...abnormal, sdiSentence(document)];
}
