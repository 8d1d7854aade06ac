/**
 * The reading as CSV (RFC 4180): one row per vertebra, cranial to caudal, every column of the results table
 * plus edema and fracture age, the kyphosis angles, posterior wall, augmentation and canal (the regional angles of
 * the reading repeated on every row, like the study), numbers at full precision, so that spreadsheets and scripts can take them in
 * bulk. The study columns come first, so that the CSVs of many readings can be concatenated.
 */
import { compareLevels, type Comparison, type Level } from '../morphometry';
import { FOLLOW_UP_CSV_COLUMNS, followUpCells, priorOnlyLevels } from './followUpCsv';
import { COMPUTED_KEYS, documentPlacementNotes, informativeAge, type DocumentVertebra, type ReadingDocument } from './readingDocument';

export const CSV_COLUMNS = [
  'studyInstanceUid',
  'patientId',
  'level',
  'seriesInstanceUid',
  'sopInstanceUid',
  'frameNumber',
  'space',
  'calibration',
  'rowSpacing',
  'columnSpacing',
  ...COMPUTED_KEYS,
  'method',
  'edema',
  'edemaExtent',
  'sequence',
  'signalRatio',
  'age',
  'ageOverridden',
  'suspiciousForMalignancy',
  // Sections 10 and 11: degrees (positive = kyphosis; lordosis positive = lordosis), the canal in canalUnit.
  'vertebralKyphosis',
  'segmentalKyphosis',
  'thoracicKyphosis',
  'lumbarLordosis',
  'posteriorWall',
  'augmentation',
  'canalUnit',
  'canalDiameter',
  'canalCompromise',
  // Section 2a: ok or check, and what the row, label and report say of the placement (swaps, checks, level order).
  'placement',
  'placementNotes',
  // Last, as the only free text.
  'note',
] as const;

export type CsvCell = string | number | boolean | null | undefined;

/** With a comparison (a follow-up), every row also carries the change since the prior reading. */
export function readingCsv(document: ReadingDocument, comparison?: Comparison | null): string {
  if (!comparison) return csvText([[...CSV_COLUMNS], ...document.vertebrae.map((v) => rowOf(document, v))]);
  const rows = document.vertebrae.map((v) => ({ level: v.level, cells: [...rowOf(document, v), ...followUpCells(comparison, v.level)] }));
  const priorOnly = priorOnlyLevels(comparison, new Set(document.vertebrae.map((v) => v.level))).map((level) => ({
    level,
    cells: CSV_COLUMNS.map((column): CsvCell => {
      if (column === 'studyInstanceUid') return document.study.studyInstanceUid;
      if (column === 'patientId') return spreadsheetText(document.study.patientId);
      return column === 'level' ? level : null;
    }).concat(followUpCells(comparison, level)),
  }));
  const sorted = [...rows, ...priorOnly].sort((a, b) => compareLevels(a.level as Level, b.level as Level));
  return csvText([[...CSV_COLUMNS, ...FOLLOW_UP_CSV_COLUMNS], ...sorted.map((r) => r.cells)]);
}

/** Rows as RFC 4180 CSV: CRLF after every row, empty cells for null, numbers as String(n) (full precision). */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(cell).join(',') + '\r\n').join('');
}

function rowOf(document: ReadingDocument, v: DocumentVertebra): CsvCell[] {
  const m = v.measurement;
  const image = m?.space === 'image' ? m : null;
  const values: Record<(typeof CSV_COLUMNS)[number], CsvCell> = {
    studyInstanceUid: document.study.studyInstanceUid,
    patientId: spreadsheetText(document.study.patientId),
    level: v.level,
    seriesInstanceUid: m?.seriesInstanceUid,
    sopInstanceUid: image?.sopInstanceUid,
    frameNumber: image?.frameNumber,
    space: m?.space,
    calibration: m?.calibration,
    rowSpacing: image?.pixelSpacing?.[0],
    columnSpacing: image?.pixelSpacing?.[1],
    unit: v.unit,
    ha: v.ha,
    hm: v.hm,
    hp: v.hp,
    wedgeRatio: v.wedgeRatio,
    biconcaveRatio: v.biconcaveRatio,
    hpAdjacent: v.hpAdjacent,
    crushRatio: v.crushRatio,
    wedgeAngle: v.wedgeAngle,
    heightLoss: v.heightLoss,
    grade: v.grade,
    type: v.type,
    method: v.grade === null ? null : (v.method ?? document.method),
    edema: v.edema,
    edemaExtent: v.edemaExtent,
    sequence: v.sequence,
    signalRatio: v.signalRatio,
    // What was not assessed is not a finding (morphometry.md section 8): such cells stay empty.
    age: informativeAge(v),
    ageOverridden: informativeAge(v) === null ? null : v.ageOverridden,
    suspiciousForMalignancy: v.suspiciousForMalignancy || null,
    note: spreadsheetText(v.note),
    vertebralKyphosis: v.vertebralKyphosis,
    segmentalKyphosis: v.segmentalKyphosis,
    thoracicKyphosis: document.thoracicKyphosis,
    lumbarLordosis: document.lumbarLordosis,
    posteriorWall: v.posteriorWall,
    augmentation: v.augmentation,
    canalUnit: v.canalUnit,
    canalDiameter: v.canalDiameter,
    canalCompromise: v.canalCompromise,
    placement: v.measurement ? (v.placement ?? 'ok') : null,
    placementNotes: spreadsheetText(documentPlacementNotes(v).join('; ') || undefined),
  };
  return CSV_COLUMNS.map((column) => values[column]);
}

/**
 * Free text typed by a person: a spreadsheet would run a cell starting with = + - @ as a formula
 * (CSV injection), so such text is prefixed with an apostrophe. Text that already starts with apostrophes
 * before such a character gets one more, so that fromSpreadsheetText gives back exactly what was written.
 */
export function spreadsheetText<T extends string | undefined>(value: T): T {
  return (value !== undefined && FORMULA_LIKE.test(value) ? `'${value}` : value) as T;
}

/** The text spreadsheetText was given. */
export function fromSpreadsheetText(cell: string): string {
  return FORMULA_LIKE.test(cell) && cell.startsWith("'") ? cell.slice(1) : cell;
}

const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The records of an RFC 4180 CSV text: a leading byte order mark is dropped, records end with CRLF, LF or CR
 * (a line end after the last record is optional), a quoted cell may hold commas, quotes ("") and line ends.
 * Record i is the file's row i + 1 as a spreadsheet numbers it. A blank line is a record of one empty cell.
 */
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; row: number; problem: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false; // inside a quoted cell
  let closed = false; // the current cell was quoted and is closed
  let begun = false; // the current record has begun
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') value += c;
      else if (text[i + 1] === '"') (value += '"'), i++;
      else (quoted = false), (closed = true);
    } else if (c === ',' || c === '\r' || c === '\n') {
      row.push(value);
      value = '';
      closed = false;
      begun = c === ',';
      if (c !== ',') {
        rows.push(row);
        row = [];
        if (c === '\r' && text[i + 1] === '\n') i++;
      }
    } else if (closed) {
      return { ok: false, row: rows.length + 1, problem: 'text after the closing quote of a cell' };
    } else {
      if (c === '"' && value === '') quoted = true;
      else value += c;
      begun = true;
    }
  }
  if (quoted) return { ok: false, row: rows.length + 1, problem: 'a quoted cell is not closed' };
  if (begun) rows.push([...row, value]);
  return { ok: true, rows };
}
