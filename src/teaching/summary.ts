/**
 * A trainee's session across the cases of a pack, its CSV for the teacher, and the class table that several
 * trainees' CSVs make together. The CSV holds one row per compared level, so every number of the summary
 * (and of the class table) is recomputed from it exactly. Pure.
 */
import { DEFORMITY_TYPES, isLevel, type DeformityType, type Edema, type FractureAge, type Grade, type Level, type Unit } from '../morphometry';
import { csvText, fromSpreadsheetText, parseCsv, spreadsheetText, type CsvCell } from '../persistence/csv';
import { caseScore, compareLevel, type CaseScore, type LevelComparison, type VertebraView } from './feedback';
import { scoreLevels } from './score';

export interface CaseResult {
  caseId: string;
  levels: LevelComparison[];
}

export interface SessionSummary {
  cases: number;
  /** Reference levels the trainee also measured, over all cases. */
  matched: number;
  /** `kypho score` rules pooled over every case's levels: mean over matched levels of the mean |dH|. */
  meanAbsHeightErrorMm: number | null;
  gradeAgreement: number;
  /** Linear-weighted Cohen's kappa over all cases' reference levels; null when undefined. */
  kappa: number | null;
  missed: { caseId: string; level: Level }[];
  overcalled: { caseId: string; level: Level }[];
  score: CaseScore;
}

/** Every case's levels pooled under the `kypho score` rules (score.ts); the score is the sum of the case scores. */
export function summarizeSession(cases: readonly CaseResult[]): SessionSummary {
  const pooled = scoreLevels(
    cases.flatMap(({ caseId, levels }) =>
      levels.map((l) => ({
        key: { caseId, level: l.level },
        reference: l.reference?.grade ?? null,
        trainee: l.trainee?.grade ?? null,
        heightErrorMm: l.meanAbsHeightErrorMm,
      })),
    ),
  );
  const points = cases.map((c) => caseScore(c.levels));
  return {
    cases: cases.length,
    ...pooled,
    score: { earned: sum(points.map((p) => p.earned)), possible: sum(points.map((p) => p.possible)) },
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** What the session CSV holds of each side's vertebra, in column order. */
const SIDE_KEYS = ['grade', 'type', 'ha', 'hm', 'hp', 'unit', 'edema', 'age'] as const satisfies readonly (keyof VertebraView)[];

/** The columns of the session CSV. */
export const SESSION_CSV_COLUMNS = [
  'trainee',
  'pack',
  'case',
  'level',
  ...SIDE_KEYS.map((key) => `reference ${key}`),
  ...SIDE_KEYS.map((key) => `trainee ${key}`),
  'dHa',
  'dHm',
  'dHp',
] as const;

/**
 * The session as CSV (one row per compared level, with trainee and pack in every row). A side that neither
 * measured nor assessed the level has empty cells; a case without any compared level is one row with an
 * empty level, so that it still counts. Names are written as spreadsheetText (no formulas).
 */
export function sessionCsv(trainee: string, packTitle: string, cases: readonly CaseResult[]): string {
  const names = [spreadsheetText(trainee), spreadsheetText(packTitle)];
  const side = (v: VertebraView | null): CsvCell[] => SIDE_KEYS.map((key) => v?.[key]);
  const rows = cases.flatMap(({ caseId, levels }): CsvCell[][] =>
    levels.length === 0
      ? [[...names, spreadsheetText(caseId), ...Array<CsvCell>(SESSION_CSV_COLUMNS.length - 3).fill(null)]]
      : levels.map((l) => [...names, spreadsheetText(caseId), l.level, ...side(l.reference), ...side(l.trainee), l.dHa, l.dHm, l.dHp]),
  );
  return csvText([SESSION_CSV_COLUMNS, ...rows]);
}

export interface TraineeSession {
  trainee: string;
  packTitle: string;
  cases: CaseResult[];
}

const GRADES = ['0', '1', '2', '3'] as const;
const UNITS = ['mm', 'px'] as const satisfies readonly Unit[];
const EDEMA = ['present', 'absent', 'not-assessed'] as const satisfies readonly Edema[];
const AGES = ['acute', 'chronic', 'indeterminate'] as const satisfies readonly FractureAge[];
/** A number as String(n) writes it (and as spreadsheets do). */
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a session CSV back; problems name the file, the row (the header is row 1, as in a spreadsheet) and
 * the column. Columns are found by their header, in any order (others are ignored). dHa, dHm and dHp are
 * checked to be numbers but recomputed, like every agreement, from the two sides' cells. Sessions (by trainee
 * and pack) and their cases come in file order.
 */
export function parseSessionCsv(fileName: string, text: string): { ok: true; sessions: TraineeSession[] } | { ok: false; problems: string[] } {
  const csv = parseCsv(text);
  if (!csv.ok) return { ok: false, problems: [`${fileName} row ${csv.row}: ${csv.problem}`] };
  const [header = [], ...records] = csv.rows;
  const missing = SESSION_CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) {
    return { ok: false, problems: [`${fileName}: not a Kypho session CSV (missing columns ${missing.map((c) => JSON.stringify(c)).join(', ')})`] };
  }
  const at = new Map(SESSION_CSV_COLUMNS.map((column) => [column, header.indexOf(column)]));

  const problems: string[] = [];
  const sessions = new Map<string, TraineeSession>();
  const firstRow = new Map<string, number>();
  records.forEach((cells, index) => {
    const row = index + 2;
    if (cells.length === 1 && cells[0] === '') return; // a blank line
    if (cells.length !== header.length) return void problems.push(`${fileName} row ${row}: ${cells.length} cells, but the header has ${header.length}`);
    const get = (column: string) => cells[at.get(column) as number] as string;
    const bad = (column: string, expected: string) => problems.push(`${fileName} row ${row}, column "${column}": ${JSON.stringify(get(column))} ${expected}`);
    const count = problems.length;

    const oneOf = <T extends string>(column: string, values: readonly T[], empty: boolean): T | null => {
      const value = get(column);
      if (empty && value === '') return null;
      if ((values as readonly string[]).includes(value)) return value as T;
      bad(column, `is not ${[...values, ...(empty ? ['empty'] : [])].join(', ').replace(/, (?=[^,]*$)/, ' or ')}`);
      return null;
    };
    const number = (column: string): number | null => {
      const value = get(column);
      if (value === '') return null;
      if (NUMBER.test(value)) return Number(value);
      bad(column, 'is not a number or empty');
      return null;
    };
    const side = (name: 'reference' | 'trainee'): VertebraView | null => {
      if (SIDE_KEYS.every((key) => get(`${name} ${key}`) === '')) return null;
      const grade = oneOf(`${name} grade`, GRADES, true);
      return {
        grade: grade === null ? null : (Number(grade) as Grade),
        type: oneOf<DeformityType>(`${name} type`, DEFORMITY_TYPES, true),
        ha: number(`${name} ha`),
        hm: number(`${name} hm`),
        hp: number(`${name} hp`),
        unit: oneOf(`${name} unit`, UNITS, true),
        edema: oneOf(`${name} edema`, EDEMA, false) as Edema,
        age: oneOf(`${name} age`, AGES, false) as FractureAge,
      };
    };

    const [traineeName, packTitle, caseId] = ['trainee', 'pack', 'case'].map((column) => fromSpreadsheetText(get(column))) as [string, string, string];
    const level = get('level');
    const reference = side('reference');
    const trainee = side('trainee');
    for (const column of ['dHa', 'dHm', 'dHp']) number(column);
    if (level === '' ? reference !== null || trainee !== null : !isLevel(level)) bad('level', 'is not a level (C1 to S1, T13 or L6)');
    else if (level !== '') {
      const levelKey = JSON.stringify([traineeName, packTitle, caseId, level]);
      const earlier = firstRow.get(levelKey);
      if (earlier !== undefined) bad('level', `is already in case ${JSON.stringify(caseId)} of this trainee and pack (row ${earlier})`);
      else firstRow.set(levelKey, row);
    }
    if (problems.length > count) return;

    const sessionKey = JSON.stringify([traineeName, packTitle]);
    const session = sessions.get(sessionKey) ?? { trainee: traineeName, packTitle, cases: [] };
    sessions.set(sessionKey, session);
    let result = session.cases.find((c) => c.caseId === caseId);
    if (!result) session.cases.push((result = { caseId, levels: [] }));
    if (level !== '') result.levels.push(compareLevel(level as Level, reference, trainee));
  });
  return problems.length ? { ok: false, problems } : { ok: true, sessions: [...sessions.values()] };
}

export interface ClassRow extends SessionSummary {
  trainee: string;
}

/** One row per trainee (sessions of one trainee are pooled), sorted by name. */
export function classTable(sessions: readonly TraineeSession[]): ClassRow[] {
  const byTrainee = new Map<string, CaseResult[]>();
  for (const s of sessions) byTrainee.set(s.trainee, [...(byTrainee.get(s.trainee) ?? []), ...s.cases]);
  return [...byTrainee]
    .sort(([a], [b]) => a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0))
    .map(([trainee, cases]) => ({ trainee, ...summarizeSession(cases) }));
}

const CLASS_CSV_COLUMNS = [
  'trainee',
  'cases',
  'matched',
  'meanAbsHeightErrorMm',
  'gradeAgreement',
  'kappa',
  'missed',
  'overcalled',
  'missedLevels',
  'overcalledLevels',
  'score earned',
  'score possible',
] as const;

/** The class table as CSV: numbers at full precision, levels as "case:level; ...". */
export function classTableCsv(rows: readonly ClassRow[]): string {
  const levels = (list: readonly { caseId: string; level: Level }[]) => spreadsheetText(list.map((l) => `${l.caseId}:${l.level}`).join('; '));
  return csvText([
    CLASS_CSV_COLUMNS,
    ...rows.map((r) => [
      spreadsheetText(r.trainee),
      r.cases,
      r.matched,
      r.meanAbsHeightErrorMm,
      r.gradeAgreement,
      r.kappa,
      r.missed.length,
      r.overcalled.length,
      levels(r.missed),
      levels(r.overcalled),
      r.score.earned,
      r.score.possible,
    ]),
  ]);
}
