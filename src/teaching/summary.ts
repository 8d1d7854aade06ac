/**
 * A trainee's session across the cases of a pack, its CSV for the teacher, and the class table that several
 * trainees' CSVs make together. The CSV holds one row per compared level, so every number of the summary
 * (and of the class table) is recomputed from it exactly. Pure.
 */
import type { Level } from '../morphometry';
import type { CaseScore, LevelComparison } from './feedback';

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

export function summarizeSession(cases: readonly CaseResult[]): SessionSummary {
  void cases;
  throw new Error('not implemented');
}

/** The session as CSV (one row per compared level, with trainee and pack in every row). */
export function sessionCsv(trainee: string, packTitle: string, cases: readonly CaseResult[]): string {
  void trainee;
  void packTitle;
  void cases;
  throw new Error('not implemented');
}

export interface TraineeSession {
  trainee: string;
  packTitle: string;
  cases: CaseResult[];
}

/** Reads a session CSV back; problems name the file, the row and the column. */
export function parseSessionCsv(fileName: string, text: string): { ok: true; sessions: TraineeSession[] } | { ok: false; problems: string[] } {
  void fileName;
  void text;
  throw new Error('not implemented');
}

export interface ClassRow extends SessionSummary {
  trainee: string;
}

/** One row per trainee (sessions of one trainee are pooled), sorted by name. */
export function classTable(sessions: readonly TraineeSession[]): ClassRow[] {
  void sessions;
  throw new Error('not implemented');
}

export function classTableCsv(rows: readonly ClassRow[]): string {
  void rows;
  throw new Error('not implemented');
}
