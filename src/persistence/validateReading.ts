/**
 * The door for reading documents: JSON Schema validation against reading.schema.json (a copy of
 * shared/spec/reading.schema.json grown by optional fields; a unit test checks that every shared document stays valid), then the rules the schema cannot say
 * (one vertebra per level, image points in 2-D, no zero height or canal diameter, one calibration per image).
 * Every problem names its field, e.g. `vertebrae[2] (L1).measurement.points.as: must have at least 2 items`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { POINT_KEYS, type Level } from '../morphometry';
import type { DocumentCanalMeasurement, DocumentMeasurement, ReadingDocument } from './readingDocument';
// Precompiled from reading.schema.json by scripts/generateReadingValidator.ts (no schema compiler, so no
// 'unsafe-eval', at run time); a unit test fails when it is out of date.
import validateGenerated from './readingSchemaValidator.generated';

export type Validation = { ok: true; document: ReadingDocument } | { ok: false; problems: string[] };

const validateSchema = validateGenerated as ValidateFunction;

export function validateReadingDocument(value: unknown): Validation {
  if (!validateSchema(value)) return { ok: false, problems: schemaProblems(value, validateSchema.errors ?? []) };
  const document = value as unknown as ReadingDocument;
  const problems = ruleProblems(document);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, document };
}

/** Parses and validates the text of a reading file. */
export function parseReadingJson(text: string): Validation {
  let value: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}`] };
  }
  return validateReadingDocument(value);
}

/** `/vertebrae/2/measurement/points/as` -> `vertebrae[2] (L1).measurement.points.as`. */
function fieldName(document: unknown, pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name = '';
  let node: unknown = document;
  for (const part of parts) {
    if (Array.isArray(node)) {
      node = node[Number(part)];
      name += `[${part}]`;
      const level = (node as { level?: unknown } | undefined)?.level;
      if (typeof level === 'string') name += ` (${level})`;
    } else {
      node = (node as Record<string, unknown> | undefined)?.[part];
      name += name ? `.${part}` : part;
    }
  }
  return name || '(document)';
}

function schemaProblems(document: unknown, errors: readonly ErrorObject[]): string[] {
  // A bad measurement fails both branches of `oneOf [null, measurement]`: report what is wrong inside it,
  // not that it is "not null" and "not exactly one of".
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && !(e.keyword === 'type' && e.params.type === 'null'));
  const chosen = specific.length > 0 ? specific : errors;
  const lines = chosen.map((e) => `${fieldName(document, e.instancePath)}: ${message(e)}`);
  return [...new Set(lines)];
}

function message(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing required field "${e.params.missingProperty}"`;
    case 'additionalProperties':
      return `unknown field "${e.params.additionalProperty}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'minItems':
      return `must have at least ${e.params.limit} items`;
    case 'maxItems':
      return `must have at most ${e.params.limit} items`;
    case 'pattern':
      if (e.instancePath.endsWith('/level')) return 'is not a vertebral level (C1..C7, T1..T13, L1..L6, S1)';
      if (e.instancePath.endsWith('Uid')) return 'is not a DICOM UID (digits and dots)';
      return `does not match ${e.params.pattern}`;
    default:
      return e.message ?? e.keyword;
  }
}

function ruleProblems(document: ReadingDocument): string[] {
  const problems: string[] = [];
  const seen = new Map<Level, number>();
  /** The calibration and spacing each image was measured with, and by which vertebra first. */
  const imageCalibrations = new Map<string, { where: string; calibration: string; spacing: string }>();
  document.vertebrae.forEach((v, i) => {
    const where = `vertebrae[${i}] (${v.level})`;
    const first = seen.get(v.level);
    if (first !== undefined) problems.push(`${where}.level: ${v.level} is already measured by vertebrae[${first}]`);
    else seen.set(v.level, i);
    if (v.measurement) problems.push(...measurementProblems(`${where}.measurement`, v.measurement));
    if (v.canalMeasurement) problems.push(...canalProblems(`${where}.canalMeasurement`, v.canalMeasurement));
    for (const [field, m] of [['measurement', v.measurement], ['canalMeasurement', v.canalMeasurement]] as const) {
      if (m?.space !== 'image' || !m.sopInstanceUid) continue;
      const key = `${m.sopInstanceUid}#${m.frameNumber ?? 1}`;
      const calibration = m.calibration;
      const spacing = JSON.stringify(m.pixelSpacing ?? null);
      const other = imageCalibrations.get(key);
      if (!other) imageCalibrations.set(key, { where: field === 'measurement' ? where : `${where}.${field}`, calibration, spacing });
      else if (other.calibration !== calibration || other.spacing !== spacing) {
        problems.push(
          `${where}.${field}.calibration: the same image is measured by ${other.where} with another calibration (${other.calibration} ${other.spacing}); one image has one calibration`,
        );
      }
    }
  });
  return problems;
}

function measurementProblems(where: string, m: DocumentMeasurement): string[] {
  const problems: string[] = [];
  for (const key of POINT_KEYS) {
    const problem = pointProblem(m.space, m.points[key]);
    if (problem) problems.push(`${where}.points.${key}: ${problem}`);
  }
  if (problems.length === 0) {
    for (const [top, bottom, name] of [['as', 'ai', 'anterior'], ['ms', 'mi', 'middle'], ['ps', 'pi', 'posterior']] as const) {
      if (m.points[top].every((c, i) => c === m.points[bottom][i])) {
        problems.push(`${where}.points: the ${name} height is zero (${top} and ${bottom} coincide)`);
      }
    }
  }
  return [...problems, ...placeProblems(where, m)];
}

function canalProblems(where: string, m: DocumentCanalMeasurement): string[] {
  const problems: string[] = [];
  m.points.forEach((point, i) => {
    const problem = pointProblem(m.space, point);
    if (problem) problems.push(`${where}.points[${i}]: ${problem}`);
  });
  if (problems.length === 0 && m.points[0].every((c, i) => c === m.points[1][i])) {
    problems.push(`${where}.points: the canal diameter is zero (its two points coincide)`);
  }
  return [...problems, ...placeProblems(where, m)];
}

function pointProblem(space: 'image' | 'patient', point: readonly number[]): string | null {
  const dimensions = space === 'patient' ? 3 : 2;
  if (point.length !== dimensions) {
    return `${space} points have ${dimensions} coordinates (${space === 'patient' ? '[x, y, z] mm' : '[column, row]'}), this one has ${point.length}`;
  }
  return point.every(Number.isFinite) ? null : 'coordinates must be finite numbers';
}

/** Where a measurement lies and what its numbers mean: the same rules for six points and for a canal line. */
function placeProblems(where: string, m: DocumentMeasurement | DocumentCanalMeasurement): string[] {
  const problems: string[] = [];
  if (!m.seriesInstanceUid) problems.push(`${where}: missing required field "seriesInstanceUid"`);
  if (m.space === 'image') {
    if (!m.sopInstanceUid) problems.push(`${where}: missing required field "sopInstanceUid" (an image measurement names its image)`);
    if (m.calibration === 'px' && m.pixelSpacing) problems.push(`${where}.pixelSpacing: a "px" measurement has no pixel spacing`);
    if (m.calibration !== 'px' && !m.pixelSpacing) problems.push(`${where}.pixelSpacing: required with calibration "${m.calibration}"`);
  } else {
    if (m.calibration !== 'mm') problems.push(`${where}.calibration: a patient-space measurement is in "mm"`);
    const plane = (m as { plane?: { point?: unknown; normal?: unknown } }).plane;
    const isVector = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((c) => typeof c === 'number' && Number.isFinite(c));
    if (!plane || !isVector(plane.point) || !isVector(plane.normal)) {
      problems.push(`${where}.plane: a patient-space measurement needs its plane, { "point": [x, y, z], "normal": [x, y, z] }`);
    }
  }
  return problems;
}
