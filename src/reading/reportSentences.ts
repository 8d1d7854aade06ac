/**
 * The report's words (morphometry.md section 8): one sentence per abnormal vertebra, cranial to caudal, then the
 * SDI. Pure, so that the viewer's summary box, the printed report and any export say exactly the same thing.
 *
 * A vertebra is abnormal when it is fractured (Genant grade 1 or more), has marrow edema, is flagged suspicious
 * for malignancy, or the reader set its age by hand. Its sentence is built as
 * `LEVEL: AGE (edema on SEQUENCE, EXTENT) Genant grade G TYPE, LOSS% height loss (RATIO), no edema; suspicious for malignancy`:
 * - AGE is `acute` or `chronic`; `indeterminate` is written (as `age indeterminate`) only once the reader has
 *   judged the edema or the age, since without an MRI judgement every fracture is indeterminate and saying so
 *   on every line is noise.
 * - The edema goes in brackets after the age when present, and `, no edema` closes the sentence when absent.
 * - RATIO is the vertebra's own ratio that sets its height loss (Ha/Hp for a wedge, Hm/Hp for a biconcave body,
 *   Hp/adj for a crush), quoted for moderate and severe deformities (grade 2 and 3), where the number is what a
 *   follow-up compares; a grade 1 deformity is stated by its height loss alone. Under the adjacent reference
 *   method the loss is against the neighbours' heights, no own ratio sets it, and none is quoted.
 * - A level judged on MRI without heights says `heights not measured` instead of the grade.
 * - A treated level (section 11) is always reported and ends with its treatment (`; treated by kyphoplasty`); a
 *   retropulsed posterior wall is always reported, like malignancy (`; posterior wall retropulsion: not a simple
 *   compression fracture`). The angles and the canal have their own sentences (spineSentences.ts).
 */
import { sdiText, type VertebraResult } from '../morphometry';
import { assessmentRows, type AssessmentRow } from './assessment';
import { RETROPULSION_CLAUSE, spineSentences, treatmentClause } from './spineSentences';
import { formatLoss, formatRatio } from './format';
import type { ReadingState } from './model';
import type { Results } from './results';

export interface ReportSentences {
  /** `Placement to check: ...` when a grade rests on a placement or a label that may be wrong (section 2a), first. */
  checks: string[];
  /** One per abnormal vertebra, cranial to caudal. */
  vertebrae: string[];
  /** Segmental kyphosis, canal compromise and the regional angles (sections 10 and 11), after the vertebrae. */
  spine: string[];
  /** `SDI 3 (T4-L4, 13/13 levels measured)`. */
  sdi: string;
}

export function reportSentences(reading: ReadingState, results: Results): ReportSentences {
  const byId = new Map(results.rows.map((row) => [row.id, row.result]));
  const vertebrae = assessmentRows(reading, results)
    .map((row) => vertebraSentence(row, byId.get(row.id) ?? null))
    .filter((sentence): sentence is string => sentence !== null);
  const canals = new Map(results.canals.map((c) => [c.level, c]));
  const spine = spineSentences(
    reading.findings.map((f) => {
      const result = byId.get(f.id) ?? null;
      const canal = canals.get(f.level);
      return {
        level: f.level,
        grade: result?.grade ?? null,
        ...(f.augmentation !== undefined && { augmentation: f.augmentation }),
        segmentalKyphosis: result?.segmentalKyphosis ?? null,
        canalUnit: canal?.unit ?? null,
        canalDiameter: canal?.canalDiameter ?? null,
        canalCompromise: canal?.canalCompromise ?? null,
      };
    }),
    results,
  );
  const check = placementSentence(results.rows.map((row) => ({ ...row.result, level: row.level })));
  return { checks: check ? [check] : [], vertebrae, spine, sdi: sdiSentence(results) };
}

/** The sentence of one vertebra, or null when there is nothing abnormal to report about it. */
export function vertebraSentence(row: AssessmentRow, result: VertebraResult | null): string | null {
  const fractured = result !== null && result.grade >= 1;
  const treatment = treatmentClause(row.augmentation);
  const retropulsed = row.posteriorWall === 'retropulsed';
  const abnormal = fractured || row.edema === 'present' || row.suspiciousForMalignancy || row.ageOverridden || retropulsed || treatment !== null;
  if (!abnormal) return null;

  const ageJudged = row.edema !== 'not-assessed' || row.ageOverridden;
  const age = row.age === 'indeterminate' ? (ageJudged ? 'age indeterminate' : '') : row.age;
  const edema = row.edema === 'present' ? `(${edemaDetail(row)})` : '';
  const judgement = [age, edema].filter(Boolean).join(' ');

  let sentence = `${row.level}:`;
  if (result) {
    sentence += `${judgement ? ` ${judgement}` : ''} ${deformity(result)}`;
  } else {
    sentence += judgement ? ` ${judgement}, heights not measured` : ' heights not measured';
  }
  if (row.edema === 'absent') sentence += ', no edema';
  if (row.suspiciousForMalignancy) sentence += '; suspicious for malignancy';
  if (retropulsed) sentence += `; ${RETROPULSION_CLAUSE}`;
  if (treatment) sentence += `; ${treatment}`;
  return sentence;
}

/** What section 2a flags on a vertebra; a measured result and a document's vertebra both carry these fields. */
export interface PlacementFlags {
  level: string;
  placement?: 'ok' | 'check';
  placementNote?: string;
  levelOrder?: readonly string[];
}

/**
 * One sentence naming every level whose grade may be wrong because its placement or its label needs checking
 * (morphometry.md section 2a), cranial to caudal as given, e.g.
 * `Placement to check: T5 (T6 lies above T5); T6 (T6 lies above T5)`; null when nothing is flagged.
 */
export function placementSentence(vertebrae: readonly PlacementFlags[]): string | null {
  const flagged = vertebrae.flatMap((v) => {
    const notes = [...(v.placement === 'check' ? [v.placementNote ?? 'check placement'] : []), ...(v.levelOrder ?? [])];
    return notes.length ? [`${v.level} (${[...new Set(notes)].join('; ')})`] : [];
  });
  return flagged.length ? `Placement to check: ${flagged.join('; ')}` : null;
}

/**
 * When no vertebra is abnormal: "no fracture" said only of the levels measured (morphometry.md sections 5 and 8),
 * e.g. `No fractured vertebra at the 2 levels measured (T6, T7); no edema and nothing suspicious recorded.`
 */
export function negativeSentence(measuredLevels: readonly string[]): string {
  const count = measuredLevels.length;
  return `No fractured vertebra at the ${count === 1 ? 'level' : `${count} levels`} measured (${measuredLevels.join(', ')}); no edema and nothing suspicious recorded.`;
}

/** The SDI, partial when some level of T4-L4 was not measured (morphometry.md section 5). */
export function sdiSentence(results: Pick<Results, 'sdi' | 'levelsMeasured' | 'levelsInRange'>): string {
  return sdiText(results);
}

/** `edema on STIR, 25-74%`; the sequence is left out when it is not named (`other` or unknown). */
function edemaDetail(row: AssessmentRow): string {
  const on = row.sequence && row.sequence !== 'other' ? `edema on ${row.sequence}` : 'edema';
  return row.edemaExtent ? `${on}, ${row.edemaExtent}` : on;
}

/** `Genant grade 2 wedge, 28.0% height loss (Ha/Hp 0.72)`. */
function deformity(result: VertebraResult): string {
  const grade = `Genant grade ${result.grade}${result.type ? ` ${result.type}` : ''}`;
  const ratio = definingRatio(result);
  return `${grade}, ${formatLoss(result.heightLoss)}% height loss${ratio ? ` (${ratio})` : ''}`;
}

function definingRatio(result: VertebraResult): string | null {
  if (result.grade < 2 || result.method === 'adjacent') return null;
  switch (result.type) {
    case 'wedge':
      return `Ha/Hp ${formatRatio(result.wedgeRatio)}`;
    case 'biconcave':
      return `Hm/Hp ${formatRatio(result.biconcaveRatio)}`;
    case 'crush':
      return `Hp/adj ${formatRatio(result.crushRatio)}`;
    default:
      return null;
  }
}
