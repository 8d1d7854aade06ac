/**
 * The reading as CSV (RFC 4180): one row per vertebra, cranial to caudal, every column of the results table
 * plus edema and fracture age, numbers at full precision, so that spreadsheets and scripts can take them in
 * bulk. The study columns come first, so that the CSVs of many readings can be concatenated.
 */
import { COMPUTED_KEYS, type DocumentVertebra, type ReadingDocument } from './readingDocument';

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
  'note',
] as const;

type Cell = string | number | boolean | null | undefined;

export function readingCsv(document: ReadingDocument): string {
  const rows = document.vertebrae.map((v) => rowOf(document, v));
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function rowOf(document: ReadingDocument, v: DocumentVertebra): Cell[] {
  const m = v.measurement;
  const image = m?.space === 'image' ? m : null;
  const values: Record<(typeof CSV_COLUMNS)[number], Cell> = {
    studyInstanceUid: document.study.studyInstanceUid,
    patientId: text(document.study.patientId),
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
    age: v.age,
    ageOverridden: v.ageOverridden,
    suspiciousForMalignancy: v.suspiciousForMalignancy,
    note: text(v.note),
  };
  return CSV_COLUMNS.map((column) => values[column]);
}

/**
 * Free text typed by a person: a spreadsheet would run a cell starting with = + - @ as a formula
 * (CSV injection), so such text is prefixed with an apostrophe.
 */
function text(value: string | undefined): string | undefined {
  return value !== undefined && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
