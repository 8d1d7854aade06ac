/**
 * Two tabs saved the same study: their readings merged against the reading both started from (the base: what
 * this tab last saved or restored), level by level, image by image for the user calibrations, and for the method.
 * What only one tab changed takes that tab's version (a vertebra only one tab has is kept, one only one tab
 * deleted goes, a calibration only one tab made, changed or removed is taken from it); what both changed,
 * differently, is a question for the reader, since a calibration changes the heights of every vertebra on its
 * image and the method every grade. Pure: the caller loads the other tab's reading and applies the result.
 */
import { DEFAULT_METHOD, LEVELS, type Calibration, type Level, type Method } from '../morphometry';
import { imageKey, isMeasured, type Finding, type ReadingState } from '../reading';
import { toReadingDocument, type DocumentVertebra } from './readingDocument';

export type Side = 'mine' | 'theirs';
type UserCalibration = Calibration<'mm (user)'>;

export interface LevelConflict {
  level: Level;
  /** This tab's vertebra at the level, and the other tab's (null: not in that reading). */
  mine: DocumentVertebra | null;
  theirs: DocumentVertebra | null;
}

/** An image both tabs calibrated differently (or one calibrated and the other removed the calibration). */
export interface CalibrationConflict {
  /** The image key (`imageKey`). */
  image: string;
  /** This tab's user calibration of the image, and the other tab's (null: not calibrated there). */
  mine: UserCalibration | null;
  theirs: UserCalibration | null;
  /** The levels measured on the image in either reading, whose heights follow the choice. */
  levels: readonly Level[];
  /** The image's own (DICOM) calibration, what its heights are in without a user calibration; null when no vertebra on it says. */
  imageCalibration: Calibration | null;
}

export interface MethodConflict {
  mine: Method;
  theirs: Method;
}

export interface ReadingMerge {
  /** Each level either reading has, cranial to caudal, with the side it is taken from; conflicts are not here. */
  decided: ReadonlyMap<Level, Side>;
  conflicts: readonly LevelConflict[];
  /** Each image a user calibration of either reading or the base is about, with the side taken; conflicts are not here. */
  calibrations: ReadonlyMap<string, Side>;
  calibrationConflicts: readonly CalibrationConflict[];
  /** The side whose method is taken, or the question when both tabs changed it differently. */
  method: Side | MethodConflict;
}

/** The reader's answers, per level, per image key (calibrations) and for the method; a question left out keeps this tab's. */
export interface MergeChoices {
  levels?: Partial<Record<Level, Side>>;
  calibrations?: Partial<Record<string, Side>>;
  method?: Side;
}

/**
 * One vertebra as the document writes it, so that equal findings compare equal however they were made. Compared
 * without user calibrations and under one method: those are merged (and asked about) on their own, and a vertebra
 * nobody moved is not a question because the tabs calibrated its image differently.
 */
function vertebraOf(finding: Finding | undefined): DocumentVertebra | null {
  if (!finding) return null;
  const document = toReadingDocument({ findings: [finding], userCalibrations: {}, method: DEFAULT_METHOD }, { study: { studyInstanceUid: '0' } });
  return document.vertebrae[0] ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const byLevel = (reading: ReadingState) => new Map(reading.findings.map((f) => [f.level, f]));

/** The 3-way rule: both alike or only this tab changed it: this tab's; only the other tab changed it: the other's; else null, a question. */
function sideOf(base: unknown, mine: unknown, theirs: unknown): Side | null {
  if (same(mine, theirs) || same(theirs, base)) return 'mine';
  if (same(mine, base)) return 'theirs';
  return null;
}

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
    const side = sideOf(vertebraOf(b.get(level)), vertebraOf(m.get(level)), vertebraOf(t.get(level)));
    if (side) decided.set(level, side);
    else conflicts.push({ level, mine: mineShown.get(level) ?? null, theirs: theirsShown.get(level) ?? null });
  }
  const calibrations = new Map<string, Side>();
  const calibrationConflicts: CalibrationConflict[] = [];
  const baseCalibrations = base?.userCalibrations ?? {};
  for (const image of new Set([...Object.keys(baseCalibrations), ...Object.keys(mine.userCalibrations), ...Object.keys(theirs.userCalibrations)])) {
    const [mc, tc] = [mine.userCalibrations[image] ?? null, theirs.userCalibrations[image] ?? null];
    const side = sideOf(baseCalibrations[image] ?? null, mc, tc);
    if (side) calibrations.set(image, side);
    else calibrationConflicts.push({ image, mine: mc, theirs: tc, ...onImage(image, mine, theirs) });
  }
  const method = sideOf(base?.method ?? null, mine.method, theirs.method) ?? { mine: mine.method, theirs: theirs.method };
  return { decided, conflicts, calibrations, calibrationConflicts, method };
}

/** The levels measured on an image in either reading, cranial to caudal, and the image's own calibration. */
function onImage(image: string, ...readings: ReadingState[]): Pick<CalibrationConflict, 'levels' | 'imageCalibration'> {
  const measured = readings.flatMap((r) => r.findings.filter(isMeasured)).filter((f) => f.measurement.space === 'image' && imageKey(f.measurement) === image);
  const levels = LEVELS.filter((level) => measured.some((f) => f.level === level));
  const first = measured[0]?.measurement;
  return { levels, imageCalibration: first?.space === 'image' ? first.imageCalibration : null };
}

/**
 * The merged reading: every level, every image's user calibration and the method from the side decided or chosen
 * (a question left unchosen keeps this tab's).
 */
export function applyMerge(merge: ReadingMerge, mine: ReadingState, theirs: ReadingState, choices: MergeChoices = {}): ReadingState {
  const [m, t] = [byLevel(mine), byLevel(theirs)];
  const findings: Finding[] = [];
  for (const level of LEVELS) {
    const side = merge.decided.get(level) ?? (merge.conflicts.some((c) => c.level === level) ? (choices.levels?.[level] ?? 'mine') : null);
    if (!side) continue;
    const finding = (side === 'mine' ? m : t).get(level);
    if (finding) findings.push(finding);
  }
  const userCalibrations: Record<string, UserCalibration> = {};
  const sides: [string, Side][] = [...merge.calibrations, ...merge.calibrationConflicts.map((c): [string, Side] => [c.image, choices.calibrations?.[c.image] ?? 'mine'])];
  for (const [image, side] of sides) {
    const calibration = (side === 'mine' ? mine : theirs).userCalibrations[image];
    if (calibration) userCalibrations[image] = calibration;
  }
  const methodSide = typeof merge.method === 'string' ? merge.method : (choices.method ?? 'mine');
  return { findings, userCalibrations, method: (methodSide === 'mine' ? mine : theirs).method };
}

/** The questions of a merge: what both tabs changed differently. */
export type MergeQuestions = Pick<ReadingMerge, 'conflicts' | 'calibrationConflicts' | 'method'>;

export function questionCount(questions: MergeQuestions): number {
  return questions.conflicts.length + questions.calibrationConflicts.length + (typeof questions.method === 'string' ? 0 : 1);
}

/** What the merge took from the other tab without asking, for the message after it: "2 levels and the calibration of 1 image". */
export function takenFromOther(merge: ReadingMerge): string {
  const levels = [...merge.decided.values()].filter((side) => side === 'theirs').length;
  const images = [...merge.calibrations.values()].filter((side) => side === 'theirs').length;
  const parts = [
    `${levels} ${levels === 1 ? 'level' : 'levels'}`,
    ...(images > 0 ? [`the calibration of ${images} ${images === 1 ? 'image' : 'images'}`] : []),
    ...(merge.method === 'theirs' ? ['the method'] : []),
  ];
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A user calibration in a few words, for the question: "calibrated, 0.200 mm/px" or "not calibrated (heights in mm (ERMF))". */
export function describeCalibration(calibration: UserCalibration | null, imageCalibration: Calibration | null): string {
  if (!calibration?.pixelSpacing) return `not calibrated${imageCalibration ? ` (heights in ${imageCalibration.label})` : ''}`;
  const [row, column] = calibration.pixelSpacing;
  return `calibrated, ${row === column ? row.toFixed(3) : `${row.toFixed(3)} x ${column.toFixed(3)}`} mm/px`;
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
