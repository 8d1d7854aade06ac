/**
 * A teaching case pack: `pack.json` (this file's types) beside the studies' DICOM files and a reference reading
 * per case. Paths are relative to the pack's root and use '/'. A case without `files` is on the DICOMweb server
 * (by its Study Instance UID); a reference given as an SR's UIDs is the Kypho SR stored with it there.
 * Pure: JSON in, a checked pack or named problems out.
 */
import { compareLevels, isLevel, type Level } from '../morphometry';

export const PACK_SCHEMA = 'kypho.teaching-pack/v1';
export const PACK_FILE = 'pack.json';

/** A reference reading stored on the DICOMweb server: the Kypho SR in the case's study. */
export interface ServerReference {
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

export interface PackCase {
  /** Unique in the pack; letters, digits, '.', '_' and '-' (it names files and CSV rows). */
  id: string;
  title: string;
  /** What the trainee is asked, shown while measuring. */
  question: string;
  studyInstanceUid: string;
  /** The study's DICOM files in the pack; absent when the study is on the server. */
  files?: string[];
  /** A `kypho.reading/v1` JSON or a Kypho SR file in the pack, or the reference SR on the server. */
  reference: string | ServerReference;
  /** Shown with the feedback, after submitting; never before. */
  teachingPoints: string[];
  /** Levels the trainee is expected to read, cranial to caudal (shown with the question); all if absent. */
  levels?: Level[];
}

export interface Pack {
  schema: typeof PACK_SCHEMA;
  title: string;
  description?: string;
  author?: string;
  cases: PackCase[];
}

export type PackCheck = { ok: true; pack: Pack } | { ok: false; problems: string[] };

/** Letters, digits, '.', '_' and '-': a case id names files and CSV rows. */
const CASE_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** As the DICOM parser accepts them: numeric components separated by dots, at most 64 characters. */
const UID_PATTERN = /^[0-9]+(\.[0-9]+)+$/;

function isDicomUid(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && UID_PATTERN.test(value);
}

/**
 * Why a path is not a path inside the pack, or null when it is one: relative to the root, '/'-separated,
 * without '..' (nothing outside the pack), '.', empty segments, backslashes or a drive letter.
 */
export function packPathProblem(path: unknown): string | null {
  if (typeof path !== 'string') return 'must be a path (a string)';
  if (path === '') return 'must not be empty';
  if (path.includes('\\')) return `"${path}": use '/' between folders, not backslashes`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `"${path}": must be relative to the pack's folder, not absolute`;
  const segments = path.split('/');
  if (segments.includes('..')) return `"${path}": must not contain '..' (the file must be inside the pack)`;
  if (segments.some((s) => s === '' || s === '.')) return `"${path}": must not contain '.' or empty segments`;
  return null;
}

const PACK_FIELDS = ['schema', 'title', 'description', 'author', 'cases'];
const CASE_FIELDS = ['id', 'title', 'question', 'studyInstanceUid', 'files', 'reference', 'teachingPoints', 'levels'];
const SERVER_REFERENCE_FIELDS = ['seriesInstanceUid', 'sopInstanceUid'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function unknownFields(where: string, value: Record<string, unknown>, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) problems.push(`${where}${where ? '.' : ''}${key}: unknown field (known: ${known.join(', ')})`);
  }
}

/**
 * Checks a parsed pack.json; every problem names its field (`cases[1].studyInstanceUid: ...`). Unknown fields
 * are problems too: a misspelt optional field (`file` for `files`) would otherwise change what the case means.
 * The checked pack has each case's levels sorted cranial to caudal.
 */
export function checkPack(json: unknown): PackCheck {
  if (!isObject(json)) return { ok: false, problems: ['(pack): must be a JSON object'] };
  const problems: string[] = [];
  if (json.schema !== PACK_SCHEMA) {
    problems.push(`schema: must be "${PACK_SCHEMA}"${json.schema === undefined ? ' (missing)' : `, not ${JSON.stringify(json.schema)}`}`);
  }
  if (!isNonEmptyString(json.title)) problems.push('title: must be a non-empty string');
  for (const key of ['description', 'author'] as const) {
    if (json[key] !== undefined && typeof json[key] !== 'string') problems.push(`${key}: must be a string when present`);
  }
  unknownFields('', json, PACK_FIELDS, problems);

  const cases: PackCase[] = [];
  if (!Array.isArray(json.cases)) problems.push('cases: must be a list of cases');
  else if (json.cases.length === 0) problems.push('cases: must list at least one case');
  else {
    const ids = new Map<string, number>();
    json.cases.forEach((value, index) => {
      const id = isObject(value) && typeof value.id === 'string' && CASE_ID_PATTERN.test(value.id) ? value.id : null;
      if (id !== null) {
        const first = ids.get(id);
        if (first !== undefined) problems.push(`cases[${index}].id: "${id}" is already the id of cases[${first}]`);
        else ids.set(id, index);
      }
      const checked = checkCase(`cases[${index}]`, value, problems);
      if (checked) cases.push(checked);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    pack: {
      schema: PACK_SCHEMA,
      title: json.title as string,
      ...(json.description !== undefined && { description: json.description as string }),
      ...(json.author !== undefined && { author: json.author as string }),
      cases,
    },
  };
}

/** The case if it is sound (its problems added otherwise). */
function checkCase(where: string, value: unknown, problems: string[]): PackCase | null {
  if (!isObject(value)) {
    problems.push(`${where}: must be an object`);
    return null;
  }
  const before = problems.length;
  if (typeof value.id !== 'string' || !CASE_ID_PATTERN.test(value.id)) {
    problems.push(`${where}.id: must be letters, digits, '.', '_' or '-' (it names files and CSV rows)${value.id === undefined ? ', and is missing' : `, not ${JSON.stringify(value.id)}`}`);
  }
  if (!isNonEmptyString(value.title)) problems.push(`${where}.title: must be a non-empty string`);
  if (!isNonEmptyString(value.question)) problems.push(`${where}.question: must be a non-empty string`);
  if (!isDicomUid(value.studyInstanceUid)) {
    problems.push(`${where}.studyInstanceUid: must be a DICOM UID (digits and dots, at most 64 characters)${value.studyInstanceUid === undefined ? ', and is missing' : `, not ${JSON.stringify(value.studyInstanceUid)}`}`);
  }
  if (value.files !== undefined) {
    if (!Array.isArray(value.files)) problems.push(`${where}.files: must be a list of paths (or absent when the study is on the server)`);
    else if (value.files.length === 0) problems.push(`${where}.files: must list at least one file (leave it out when the study is on the server)`);
    else {
      const seen = new Map<string, number>();
      value.files.forEach((path, i) => {
        const problem = packPathProblem(path);
        if (problem) return void problems.push(`${where}.files[${i}]: ${problem}`);
        const first = seen.get(path as string);
        if (first !== undefined) problems.push(`${where}.files[${i}]: "${path}" is already files[${first}]`);
        else seen.set(path as string, i);
      });
    }
  }
  checkReference(`${where}.reference`, value.reference, problems);
  if (!Array.isArray(value.teachingPoints)) problems.push(`${where}.teachingPoints: must be a list of strings (it may be empty)`);
  else {
    value.teachingPoints.forEach((point, i) => {
      if (!isNonEmptyString(point)) problems.push(`${where}.teachingPoints[${i}]: must be a non-empty string`);
    });
  }
  let levels: Level[] | undefined;
  if (value.levels !== undefined) {
    if (!Array.isArray(value.levels) || value.levels.length === 0) {
      problems.push(`${where}.levels: must be a non-empty list of levels (leave it out for all levels)`);
    } else {
      const seen = new Set<Level>();
      value.levels.forEach((level, i) => {
        if (!isLevel(level)) problems.push(`${where}.levels[${i}]: ${JSON.stringify(level)} is not a vertebral level (C1..C7, T1..T13, L1..L6, S1)`);
        else if (seen.has(level)) problems.push(`${where}.levels[${i}]: ${level} is listed twice`);
        else seen.add(level);
      });
      levels = [...seen].sort(compareLevels);
    }
  }
  unknownFields(where, value, CASE_FIELDS, problems);
  if (problems.length > before) return null;
  const reference = value.reference as PackCase['reference'];
  return {
    id: value.id as string,
    title: value.title as string,
    question: value.question as string,
    studyInstanceUid: value.studyInstanceUid as string,
    ...(value.files !== undefined && { files: [...(value.files as string[])] }),
    reference: typeof reference === 'string' ? reference : { seriesInstanceUid: reference.seriesInstanceUid, sopInstanceUid: reference.sopInstanceUid },
    teachingPoints: [...(value.teachingPoints as string[])],
    ...(levels !== undefined && { levels }),
  };
}

function checkReference(where: string, reference: unknown, problems: string[]): void {
  if (typeof reference === 'string') {
    const problem = packPathProblem(reference);
    if (problem) problems.push(`${where}: ${problem}`);
    return;
  }
  if (!isObject(reference)) {
    problems.push(
      `${where}: must be the path of a kypho.reading/v1 JSON or Kypho SR in the pack, or { "seriesInstanceUid", "sopInstanceUid" } of the SR on the server`,
    );
    return;
  }
  for (const key of SERVER_REFERENCE_FIELDS) {
    if (!isDicomUid(reference[key])) problems.push(`${where}.${key}: must be a DICOM UID (digits and dots, at most 64 characters)`);
  }
  unknownFields(where, reference, SERVER_REFERENCE_FIELDS, problems);
}
