/**
 * The report's words for a follow-up (morphometry.md section 9), one place for the viewer, the printed report,
 * the SR and `kypho compare`:
 *   `T11: new fracture (Genant 0 -> 2 wedge), Ha -7.2 mm (-28.1%) since 2025-03-02: incident (>= 20% and >= 4 mm)`
 *   `L1: stable (Genant 2 biconcave)`, then `SDI 3 -> 5`.
 * A level gets a sentence when its grade changed, it is fractured, it was treated, or it meets the incident
 * definition; a normal level that stayed normal is not a finding worth a line. The height quoted is the one that
 * changed most relative to its prior value (among the incident heights when there are any).
 */
import {
  isIncidentLoss,
  levelsInGradingRange,
  type Comparison,
  type DeformityType,
  type Grade,
  type LevelInBoth,
} from '../morphometry';

export interface FollowUpSentences {
  /** `Compared with the prior study of 2025-03-10 (364 days earlier).` */
  intro: string;
  /** One per level worth a line, cranial to caudal. */
  levels: string[];
  /** Levels measured in only one reading, e.g. `Measured in the current reading only: T4.` */
  onlyOne: string[];
  /** `SDI 6 -> 8`. */
  sdi: string;
  /** What the reader must keep in mind (calibrations, px). */
  warnings: string[];
}

const HEIGHT_NAMES = { dHa: 'Ha', dHm: 'Hm', dHp: 'Hp' } as const;
type Change = keyof typeof HEIGHT_NAMES;
const RELATIVE: Record<Change, 'rHa' | 'rHm' | 'rHp'> = { dHa: 'rHa', dHm: 'rHm', dHp: 'rHp' };

export function followUpSentences(comparison: Comparison): FollowUpSentences {
  const since = comparison.prior.studyDate ? isoDate(comparison.prior.studyDate) : null;
  const both = comparison.levels.filter((l): l is LevelInBoth => l.in === 'both');
  const levels = both.flatMap((l) => levelSentence(l, since) ?? []);
  // "No new fracture" is said only where every level measured in both could be compared in mm.
  const allAssessed = both.length > 0 && both.every((l) => l.incident !== null);
  const noChange = both.every((l) => l.status !== 'new' && l.status !== 'worsened' && l.incident !== true);
  if (allAssessed && noChange) {
    levels.push(`No new or worsened fracture and no incident height loss at the ${both.length} levels measured in both readings.`);
  }
  const onlyIn = (side: 'prior' | 'current') => comparison.levels.filter((l) => l.in === side).map((l) => l.level);
  const onlyOne = (['prior', 'current'] as const)
    .filter((side) => onlyIn(side).length > 0)
    .map((side) => `Measured in the ${side} reading only: ${onlyIn(side).join(', ')}.`);
  return { intro: introSentence(comparison), levels, onlyOne, sdi: sdiChange(comparison), warnings: [...comparison.warnings] };
}

/** The whole paragraph in reading order. */
export function followUpParagraph(comparison: Comparison): string[] {
  const s = followUpSentences(comparison);
  return [s.intro, ...s.levels, ...s.onlyOne, s.sdi, ...s.warnings];
}

function introSentence(c: Comparison): string {
  if (!c.prior.studyDate) return 'Compared with the prior study (date unknown).';
  const interval = c.intervalDays === null ? '' : ` (${c.intervalDays} day${c.intervalDays === 1 ? '' : 's'} earlier)`;
  return `Compared with the prior study of ${isoDate(c.prior.studyDate)}${interval}.`;
}

function levelSentence(l: LevelInBoth, since: string | null): string | null {
  const worthALine = l.status !== 'stable' || l.current.grade >= 1 || l.incident === true;
  if (!worthALine) return null;
  const grades =
    l.gradeChange === 0
      ? `Genant ${genant(l.current.grade, l.current.type)}`
      : `Genant ${l.prior.grade} -> ${genant(l.current.grade, l.current.type)}`;
  if (l.status === 'treated') return treatedSentence(l, grades, since);
  const head = `${l.level}: ${statusWords(l)} (${grades})`;
  // A stable fracture that kept its heights is said in the spec's short form.
  if (l.status === 'stable' && l.incident !== true) return l.incident === null ? `${head}, height change ${l.note}` : head;
  const parts = [head];
  if (l.incident === null) parts.push(`, height change ${l.note}`);
  else parts.push(`, ${heightChange(l)} since ${since ?? 'the prior study'}`);
  const tail: string[] = [];
  if (l.incident) tail.push('incident (>= 20% and >= 4 mm)');
  if (l.status === 'improved') tail.push('usually a difference in measuring, not healing');
  if (l.incident !== null && l.note) tail.push(l.note);
  return parts.join('') + (tail.length ? `: ${tail.join('; ')}` : '');
}

function statusWords(l: LevelInBoth): string {
  switch (l.status) {
    case 'new':
      return 'new fracture';
    case 'worsened':
      return 'worsened fracture';
    default:
      return l.status;
  }
}

/**
 * A level treated since the prior (section 9): `T11: kyphoplasty since 2026-03-09 (Genant 2 -> 0), Ha +3.5 mm
 * (+23.3%), segmental kyphosis 18.1 -> 11.4 deg: height restoration by the treatment`. The height quoted is the
 * one that changed most; without mm the heights are not compared, and an angle missing on either side is left out.
 */
function treatedSentence(l: LevelInBoth, grades: string, since: string | null): string {
  const treatment = l.current.augmentation === 'other' ? 'vertebral augmentation' : l.current.augmentation;
  const parts = [`${l.level}: ${treatment} since ${since ?? 'the prior study'} (${grades})`];
  parts.push(l.incident === null ? `height change ${l.note}` : heightChange(l));
  const before = l.prior.segmentalKyphosis;
  const after = l.current.segmentalKyphosis;
  if (typeof before === 'number' && typeof after === 'number') {
    parts.push(`segmental kyphosis ${before.toFixed(1)} -> ${after.toFixed(1)} deg`);
  }
  const tail = l.incident === null ? [] : ['height restoration by the treatment', ...(l.note ? [l.note] : [])];
  return parts.join(', ') + (tail.length ? `: ${tail.join('; ')}` : '');
}

function genant(grade: Grade, type: DeformityType | null): string {
  return type ? `${grade} ${type}` : String(grade);
}

/** `Ha -7.2 mm (-28.1%)`: the height that changed most, relatively, among the incident ones if any. */
function heightChange(l: LevelInBoth): string {
  const changes = (Object.keys(HEIGHT_NAMES) as Change[]).map((key) => ({
    key,
    d: l[key] as number,
    r: l[RELATIVE[key]] as number,
  }));
  const incident = changes.filter((c) => isIncidentLoss(c.d, c.r));
  const pool = incident.length > 0 ? incident : changes;
  const chosen = pool.reduce((best, c) => (Math.abs(c.r) > Math.abs(best.r) ? c : best));
  return `${HEIGHT_NAMES[chosen.key]} ${signed(chosen.d, 1)} mm (${signed(chosen.r * 100, 1)}%)`;
}

function sdiChange(c: Comparison): string {
  const levelsOf = (side: 'prior' | 'current') => c.levels.filter((l) => side in l && l[side] !== undefined).map((l) => l.level);
  const priorRange = levelsInGradingRange(levelsOf('prior'));
  const currentRange = levelsInGradingRange(levelsOf('current'));
  const line = `SDI ${c.prior.sdi} -> ${c.current.sdi}`;
  if (c.prior.levelsMeasured === priorRange && c.current.levelsMeasured === currentRange) return line;
  return `${line} (partial: T4-L4 levels measured ${c.prior.levelsMeasured}/${priorRange} -> ${c.current.levelsMeasured}/${currentRange})`;
}

/** A sign always, and no `-0.0`: a change that rounds to zero is written `0.0`. */
function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '-' : '+'}${text}`;
}

/** 20250310 -> 2025-03-10 (the report's dates are ISO). */
export function isoDate(dicomDate: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(dicomDate);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : dicomDate;
}
