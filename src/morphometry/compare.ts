/**
 * Follow-up: two readings of one patient compared level by level (morphometry.md section 9).
 *
 * The inputs are the computed fields of two readings (a `kypho.reading/v1` document fits as it is), so that the
 * viewer, `kypho compare`, the report and the SR all compare the same numbers the readings show. Pure.
 */
import type { CalibrationLabel } from './calibration';
import type { Augmentation } from './canal';
import type { Unit } from './geometry';
import { TOLERANCE, type DeformityType, type Grade } from './grading';
import { compareLevels, type Level } from './levels';

export interface ComparedVertebra {
  level: Level;
  unit: Unit | null;
  ha: number | null;
  hm: number | null;
  hp: number | null;
  grade: Grade | null;
  type: DeformityType | null;
  measurement?: { calibration: CalibrationLabel } | null;
  augmentation?: Augmentation;
  segmentalKyphosis?: number | null;
}

export interface ComparedReading {
  study: { studyInstanceUid: string; patientId?: string; studyDate?: string };
  vertebrae: readonly ComparedVertebra[];
  sdi: number;
  levelsMeasured: number;
}

export type FollowUpStatus = 'treated' | 'new' | 'worsened' | 'stable' | 'improved';

/** One side of a level: the heights and grade the reading gave it. */
export interface LevelSide {
  ha: number;
  hm: number;
  hp: number;
  grade: Grade;
  type: DeformityType | null;
  unit: Unit;
  calibration: CalibrationLabel;
  augmentation?: Augmentation;
  segmentalKyphosis?: number | null;
}

export interface LevelInOne {
  level: Level;
  in: 'prior' | 'current';
  prior?: LevelSide;
  current?: LevelSide;
}

export interface LevelInBoth {
  level: Level;
  in: 'both';
  prior: LevelSide;
  current: LevelSide;
  /** Height changes in the readings' unit (mm); null when either side is in px. */
  dHa: number | null;
  dHm: number | null;
  dHp: number | null;
  /** Changes as fractions of the prior height; null when either side is in px. */
  rHa: number | null;
  rHm: number | null;
  rHp: number | null;
  gradeChange: number;
  status: FollowUpStatus;
  /** FIT definition: one height down by both >= 20% and >= 4 mm; null when the heights cannot be compared. */
  incident: boolean | null;
  /** Why the heights are not compared, or what to keep in mind when they are; null when nothing. */
  note: string | null;
  /** Treated levels only: change of the segmental kyphosis (degrees), null when either side lacks it. */
  dSegmentalKyphosis?: number | null;
}

export type LevelComparison = LevelInBoth | LevelInOne;

export interface StudySummary {
  studyInstanceUid: string;
  studyDate: string | null;
  sdi: number;
  levelsMeasured: number;
}

export interface Comparison {
  prior: StudySummary;
  current: StudySummary;
  /** Days from the prior to the current study; null unless both dates are known. */
  intervalDays: number | null;
  /** Cranial to caudal. */
  levels: LevelComparison[];
  newFractures: Level[];
  incidentFractures: Level[];
  /** Said once for the whole comparison (calibrations, an unknown Patient ID); the reader must see them. */
  warnings: string[];
}

export type ComparisonProblem =
  | { kind: 'different-patients'; prior: string; current: string }
  | { kind: 'dates-in-wrong-order'; prior: string; current: string };

export type ComparisonResult = { ok: true; comparison: Comparison } | { ok: false; problems: ComparisonProblem[] };

/** The FIT thresholds of an incident fracture: the same height down by both. */
export const INCIDENT_RELATIVE_LOSS = 0.2;
export const INCIDENT_HEIGHT_LOSS_MM = 4;

export const UNCALIBRATED_NOTE = 'not assessable: uncalibrated';

const HEIGHTS = ['ha', 'hm', 'hp'] as const;

export function compareReadings(prior: ComparedReading, current: ComparedReading): ComparisonResult {
  const problems: ComparisonProblem[] = [];
  const warnings: string[] = [];
  const priorId = prior.study.patientId;
  const currentId = current.study.patientId;
  if (priorId && currentId && priorId !== currentId) problems.push({ kind: 'different-patients', prior: priorId, current: currentId });
  else if (!priorId || !currentId) {
    warnings.push(`The ${!priorId ? 'prior' : 'current'} reading has no Patient ID: that both are of one patient was not checked.`);
  }
  const priorDate = prior.study.studyDate || null;
  const currentDate = current.study.studyDate || null;
  if (priorDate && currentDate && priorDate > currentDate) {
    problems.push({ kind: 'dates-in-wrong-order', prior: priorDate, current: currentDate });
  }
  if (problems.length > 0) return { ok: false, problems };

  const priorLevels = measuredSides(prior);
  const currentLevels = measuredSides(current);
  const levels = [...new Set([...priorLevels.keys(), ...currentLevels.keys()])].sort(compareLevels).map((level): LevelComparison => {
    const p = priorLevels.get(level);
    const c = currentLevels.get(level);
    if (p && c) return compareLevel(level, p, c);
    return p ? { level, in: 'prior', prior: p } : { level, in: 'current', current: c as LevelSide };
  });

  const both = levels.filter((l): l is LevelInBoth => l.in === 'both');
  const differing = both.filter((l) => l.incident !== null && l.prior.calibration !== l.current.calibration);
  if (differing.length > 0) {
    warnings.push(`Calibrations differ at ${differing.map(calibrationPair).join(', ')}: the magnification may differ, so height changes may be off.`);
  }
  const uncalibrated = both.filter((l) => l.incident === null).map((l) => l.level);
  if (uncalibrated.length > 0) {
    warnings.push(`Heights in px at ${uncalibrated.join(', ')}: height change and incident fracture not assessable (uncalibrated).`);
  }

  return {
    ok: true,
    comparison: {
      prior: summary(prior),
      current: summary(current),
      intervalDays: priorDate && currentDate ? daysBetween(priorDate, currentDate) : null,
      levels,
      newFractures: both.filter((l) => l.status === 'new').map((l) => l.level),
      incidentFractures: both.filter((l) => l.incident === true).map((l) => l.level),
      warnings,
    },
  };
}

/** A problem in words, naming the readings (by file name in `kypho compare`, by study date in the viewer). */
export function describeProblem(problem: ComparisonProblem, names: { prior: string; current: string }): string {
  if (problem.kind === 'different-patients') {
    return `different patients: ${names.prior} has Patient ID "${problem.prior}", ${names.current} has "${problem.current}"`;
  }
  return `dates in the wrong order: the prior ${names.prior} is dated ${problem.prior}, after the current ${names.current} (${problem.current})`;
}

function measuredSides(reading: ComparedReading): Map<Level, LevelSide> {
  const sides = new Map<Level, LevelSide>();
  for (const v of reading.vertebrae) {
    // A level with an edema finding alone (no measurement) was not measured: it is not compared.
    if (v.grade === null || v.unit === null || v.ha === null || v.hm === null || v.hp === null) continue;
    sides.set(v.level, {
      ha: v.ha,
      hm: v.hm,
      hp: v.hp,
      grade: v.grade,
      type: v.type,
      unit: v.unit,
      calibration: v.measurement?.calibration ?? (v.unit === 'px' ? 'px' : 'mm'),
      ...(v.augmentation !== undefined && { augmentation: v.augmentation }),
      ...(v.segmentalKyphosis !== undefined && { segmentalKyphosis: v.segmentalKyphosis }),
    });
  }
  return sides;
}

function compareLevel(level: Level, prior: LevelSide, current: LevelSide): LevelInBoth {
  const assessable = prior.unit === 'mm' && current.unit === 'mm';
  const change = (key: (typeof HEIGHTS)[number]) => (assessable ? current[key] - prior[key] : null);
  const [dHa, dHm, dHp] = HEIGHTS.map(change) as [number | null, number | null, number | null];
  const relative = (d: number | null, key: (typeof HEIGHTS)[number]) => (d === null ? null : d / prior[key]);
  const rHa = relative(dHa, 'ha');
  const rHm = relative(dHm, 'hm');
  const rHp = relative(dHp, 'hp');
  const incident = assessable
    ? [
        [dHa, rHa],
        [dHm, rHm],
        [dHp, rHp],
      ].some(([d, r]) => isIncidentLoss(d as number, r as number))
    : null;
  const treated = isTreated(current.augmentation) && !isTreated(prior.augmentation);
  const status = treated ? 'treated' : gradeStatus(prior.grade, current.grade);
  let note: string | null = null;
  if (!assessable) note = UNCALIBRATED_NOTE;
  else if (prior.calibration !== current.calibration) note = `calibrations differ (${prior.calibration} -> ${current.calibration}): the magnification may differ`;
  return {
    level,
    in: 'both',
    prior,
    current,
    dHa,
    dHm,
    dHp,
    rHa,
    rHm,
    rHp,
    gradeChange: current.grade - prior.grade,
    status,
    incident,
    note,
    ...(treated && { dSegmentalKyphosis: kyphosisChange(prior.segmentalKyphosis, current.segmentalKyphosis) }),
  };
}

/** The same height lost both >= 20% and >= 4 mm, within the tolerance of the grades (1e-9). */
export function isIncidentLoss(dH: number, rH: number): boolean {
  return -dH >= INCIDENT_HEIGHT_LOSS_MM - TOLERANCE && -rH >= INCIDENT_RELATIVE_LOSS - TOLERANCE;
}

function isTreated(augmentation: Augmentation | undefined): boolean {
  return augmentation !== undefined && augmentation !== 'none';
}

function gradeStatus(prior: Grade, current: Grade): Exclude<FollowUpStatus, 'treated'> {
  if (current === prior) return 'stable';
  if (current < prior) return 'improved';
  return prior === 0 ? 'new' : 'worsened';
}

function kyphosisChange(prior: number | null | undefined, current: number | null | undefined): number | null {
  return typeof prior === 'number' && typeof current === 'number' ? current - prior : null;
}

function calibrationPair(l: LevelInBoth): string {
  return `${l.level} (${l.prior.calibration} -> ${l.current.calibration})`;
}

function summary(reading: ComparedReading): StudySummary {
  return {
    studyInstanceUid: reading.study.studyInstanceUid,
    studyDate: reading.study.studyDate || null,
    sdi: reading.sdi,
    levelsMeasured: reading.levelsMeasured,
  };
}

/** Whole days between two DICOM dates (YYYYMMDD), counted in UTC so that no daylight saving shifts them. */
export function daysBetween(from: string, to: string): number | null {
  const a = dicomDateUtc(from);
  const b = dicomDateUtc(to);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

function dicomDateUtc(date: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
