/**
 * Validation of a landmark document (interchange.md, `kypho measure`). Every problem is one line that
 * names the vertebra by index and level, in the reader's words. The checks are written out rather than
 * delegated to a JSON Schema validator: a point's arity depends on its vertebra's `space`, duplicate
 * levels and zero heights need code anyway, and translating generic schema errors back into these
 * lines would take more code than the checks themselves.
 */
import { delta, distance, norm, type Frame, type PixelSpacing, type Space } from './geometry';
import { isLevel, type Level } from './levels';
import { METHODS, type Method, type VertebraInput } from './measure';
import { POINT_KEYS, type PointKey, type SixPoints } from './points';

export interface LandmarkDocument {
  /** Default spacing of image-space vertebrae; null when the document gives none. */
  pixelSpacing: PixelSpacing | null;
  /** Absent when the document leaves the method to the caller. */
  method?: Method;
  vertebrae: VertebraInput[];
}

export type Validation = { ok: true; value: LandmarkDocument } | { ok: false; problems: string[] };

const SPACES: readonly Space[] = ['image', 'patient'];

export function validateLandmarkDocument(doc: unknown): Validation {
  if (!isRecord(doc) || !('vertebrae' in doc)) {
    return { ok: false, problems: ['not a landmark document: expected an object with a "vertebrae" array'] };
  }
  const problems: string[] = [];

  const spacingProblem = doc.pixelSpacing == null ? null : checkSpacing(doc.pixelSpacing);
  if (spacingProblem) problems.push(`document: ${spacingProblem}`);
  const pixelSpacing = doc.pixelSpacing == null || spacingProblem ? null : toSpacing(doc.pixelSpacing);

  if (doc.method !== undefined && !METHODS.includes(doc.method as Method)) {
    problems.push(`document: unknown method ${quote(doc.method)} (expected ${METHODS.join(' or ')})`);
  }

  if (!Array.isArray(doc.vertebrae)) {
    problems.push('document: "vertebrae" is not an array');
    return { ok: false, problems };
  }

  const firstIndexOfLevel = new Map<Level, number>();
  const vertebrae: VertebraInput[] = [];
  doc.vertebrae.forEach((entry: unknown, index) => {
    const checked = checkVertebra(entry, pixelSpacing);
    if (isRecord(entry) && isLevel(entry.level)) {
      const first = firstIndexOfLevel.get(entry.level);
      if (first === undefined) firstIndexOfLevel.set(entry.level, index);
      else checked.problems.push(`duplicate level (also vertebrae[${first}])`);
    }
    for (const what of checked.problems) problems.push(`vertebrae[${index}] (${levelLabel(entry)}): ${what}`);
    if (checked.vertebra) vertebrae.push(checked.vertebra);
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { pixelSpacing, ...(doc.method === undefined ? {} : { method: doc.method as Method }), vertebrae },
  };
}

/** Every problem of one vertebra, and the vertebra when it has none. */
function checkVertebra(
  entry: unknown,
  defaultSpacing: PixelSpacing | null,
): { problems: string[]; vertebra: VertebraInput | null } {
  const problems: string[] = [];
  if (!isRecord(entry)) {
    problems.push('not an object with a level and six points');
    return { problems, vertebra: null };
  }

  if (entry.level === undefined) problems.push('missing level');
  else if (!isLevel(entry.level)) problems.push('unknown level');

  const space = entry.space === undefined ? 'image' : entry.space;
  const knownSpace = SPACES.includes(space as Space) ? (space as Space) : null;
  if (!knownSpace) problems.push(`unknown space ${quote(space)} (expected image or patient)`);

  const spacingProblem = entry.pixelSpacing == null ? null : checkSpacing(entry.pixelSpacing);
  if (spacingProblem) problems.push(spacingProblem);

  const points = checkPoints(entry.points, knownSpace, problems);
  let pixelSpacing = defaultSpacing;
  if (entry.pixelSpacing !== undefined) {
    pixelSpacing = spacingProblem || entry.pixelSpacing === null ? null : toSpacing(entry.pixelSpacing);
  }
  // Points coincide whatever the (positive) spacing, so this is checked even when a spacing is broken.
  if (points && knownSpace) problems.push(...degenerateGeometry(points, { space: knownSpace, pixelSpacing }));
  if (problems.length > 0 || !points || !knownSpace) return { problems, vertebra: null };

  return {
    problems,
    vertebra: {
      level: entry.level as Level,
      points,
      ...(entry.space === undefined ? {} : { space: knownSpace }),
      ...(entry.pixelSpacing === undefined ? {} : { pixelSpacing }),
    },
  };
}

function checkPoints(value: unknown, space: Space | null, problems: string[]): SixPoints | null {
  const note = (what: string) => problems.push(what);
  if (value === undefined || value === null) {
    note('missing points');
    return null;
  }
  if (!isRecord(value)) {
    note(`points must be an object with ${POINT_KEYS.join(', ')}`);
    return null;
  }
  const points: Partial<SixPoints> = {};
  for (const key of POINT_KEYS) {
    const point = value[key];
    if (point === undefined || point === null) note(`missing point ${key}`);
    else if (!Array.isArray(point) || !point.every(isFiniteNumber)) note(`non-numeric point ${key}: ${quote(point)}`);
    else if (space === 'image' && point.length !== 2) note(`point ${key} must be [column, row], got ${quote(point)}`);
    else if (space === 'patient' && point.length !== 3) {
      note(`point ${key} must be [x, y, z] in mm, got ${quote(point)}`);
    }
    else points[key] = [...point];
  }
  return POINT_KEYS.every((key) => points[key]) ? (points as SixPoints) : null;
}

/** Coincident points make a height zero (every ratio divides by hp) or an endplate direction undefined. */
function degenerateGeometry(points: SixPoints, frame: Frame): string[] {
  const problems: string[] = [];
  const heights: [string, PointKey, PointKey][] = [
    ['ha', 'as', 'ai'],
    ['hm', 'ms', 'mi'],
    ['hp', 'ps', 'pi'],
  ];
  for (const [name, from, to] of heights) {
    const height = distance(points[from], points[to], frame);
    if (height === 0) problems.push(`zero height ${name} (${from} and ${to} coincide)`);
    else if (!Number.isFinite(height)) problems.push(`height ${name} is not finite (coordinates too large)`);
  }
  const endplates: [string, PointKey, PointKey][] = [
    ['superior', 'ps', 'as'],
    ['inferior', 'pi', 'ai'],
  ];
  for (const [name, from, to] of endplates) {
    if (norm(delta(points[from], points[to], frame)) === 0) {
      problems.push(`zero-length ${name} endplate (${from} and ${to} coincide)`);
    }
  }
  return problems;
}

function checkSpacing(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 2) {
    return `pixelSpacing must be [rowSpacing, columnSpacing] in mm, got ${quote(value)}`;
  }
  if (!value.every(isFiniteNumber)) return `non-numeric spacing in pixelSpacing ${quote(value)}`;
  if (!value.every((n) => n > 0)) return `non-positive spacing in pixelSpacing ${quote(value)}`;
  return null;
}

function toSpacing(value: unknown): PixelSpacing {
  const [row, column] = value as [number, number];
  return [row, column];
}

function levelLabel(entry: unknown): string {
  if (!isRecord(entry) || entry.level === undefined) return 'no level';
  // A plain short string is shown as typed; anything else as JSON, so that the problem stays one line.
  return typeof entry.level === 'string' && /^[\x21-\x7e]{1,20}$/.test(entry.level) ? entry.level : quote(entry.level);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** JSON text of a value, shortened so that one problem stays one readable line. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
