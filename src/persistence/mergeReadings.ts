/**
 * Two tabs saved the same study: their readings merged level by level against the reading both started from
 * (the base: what this tab last saved or restored). A level only one tab changed takes that tab's version (a
 * vertebra only one tab has is kept, one only one tab deleted goes); a level both changed, differently, is a
 * question for the reader. Pure: the caller loads the other tab's reading and applies the result.
 */
import { LEVELS, type Level } from '../morphometry';
import type { Finding, ReadingState } from '../reading';
import { toReadingDocument, type DocumentVertebra } from './readingDocument';

export type Side = 'mine' | 'theirs';

export interface LevelConflict {
  level: Level;
  /** This tab's vertebra at the level, and the other tab's (null: not in that reading). */
  mine: DocumentVertebra | null;
  theirs: DocumentVertebra | null;
}

export interface ReadingMerge {
  /** Each level either reading has, cranial to caudal, with the side it is taken from; conflicts are not here. */
  decided: ReadonlyMap<Level, Side>;
  conflicts: readonly LevelConflict[];
}

/** One vertebra as the document writes it (with the reading's calibrations), so that equal findings compare equal however they were made. */
function vertebraOf(reading: Pick<ReadingState, 'userCalibrations' | 'method'>, finding: Finding | undefined): DocumentVertebra | null {
  if (!finding) return null;
  const document = toReadingDocument({ findings: [finding], userCalibrations: reading.userCalibrations, method: reading.method }, { study: { studyInstanceUid: '0' } });
  return document.vertebrae[0] ?? null;
}

const same = (a: DocumentVertebra | null, b: DocumentVertebra | null) => JSON.stringify(a) === JSON.stringify(b);
const byLevel = (reading: ReadingState) => new Map(reading.findings.map((f) => [f.level, f]));

export function mergeByLevel(base: ReadingState | null, mine: ReadingState, theirs: ReadingState): ReadingMerge {
  const [b, m, t] = [base ? byLevel(base) : new Map<Level, Finding>(), byLevel(mine), byLevel(theirs)];
  const decided = new Map<Level, Side>();
  const conflicts: LevelConflict[] = [];
  // Shown to the reader from the whole reading (grades and ratios depend on the neighbours), compared one by one.
  const shown = (reading: ReadingState) =>
    new Map(toReadingDocument(reading, { study: { studyInstanceUid: '0' } }).vertebrae.map((v) => [v.level, v]));
  const [mineShown, theirsShown] = [shown(mine), shown(theirs)];
  for (const level of LEVELS) {
    if (!m.has(level) && !t.has(level)) continue;
    const mv = vertebraOf(mine, m.get(level));
    const tv = vertebraOf(theirs, t.get(level));
    const bv = base ? vertebraOf(base, b.get(level)) : null;
    if (same(mv, tv) || same(tv, bv)) decided.set(level, 'mine');
    else if (same(mv, bv)) decided.set(level, 'theirs');
    else conflicts.push({ level, mine: mineShown.get(level) ?? null, theirs: theirsShown.get(level) ?? null });
  }
  return { decided, conflicts };
}

/**
 * The merged reading: every level from the side decided or chosen (a level left unchosen keeps this tab's).
 * User calibrations are the union, this tab's winning for an image both calibrated; the method is this tab's.
 */
export function applyMerge(merge: ReadingMerge, mine: ReadingState, theirs: ReadingState, choices: Partial<Record<Level, Side>> = {}): ReadingState {
  const [m, t] = [byLevel(mine), byLevel(theirs)];
  const findings: Finding[] = [];
  for (const level of LEVELS) {
    const side = merge.decided.get(level) ?? (merge.conflicts.some((c) => c.level === level) ? (choices[level] ?? 'mine') : null);
    if (!side) continue;
    const finding = (side === 'mine' ? m : t).get(level);
    if (finding) findings.push(finding);
  }
  return { findings, userCalibrations: { ...theirs.userCalibrations, ...mine.userCalibrations }, method: mine.method };
}

/** A vertebra in a few words, for the question: "measured, grade 2 (Ha 12.1, Hm 15.0, Hp 16.3 mm), edema present" or "not in this reading". */
export function describeVertebra(v: DocumentVertebra | null): string {
  if (!v) return 'not in this reading';
  const edema = v.edema === 'not-assessed' ? '' : `, edema ${v.edema}${v.edemaExtent ? ` ${v.edemaExtent}` : ''}`;
  const note = v.note ? `, note "${v.note}"` : '';
  if (!v.measurement) return `level only, no measurement${edema}${note}`;
  const heights = [v.ha, v.hm, v.hp].every((h) => h !== null) ? ` (Ha ${v.ha!.toFixed(1)}, Hm ${v.hm!.toFixed(1)}, Hp ${v.hp!.toFixed(1)} ${v.unit ?? ''})`.replace(' )', ')') : '';
  return `measured${v.grade !== null ? `, grade ${v.grade}` : ''}${heights}${edema}${note}`;
}
