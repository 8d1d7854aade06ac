/**
 * The reading <-> `kypho.reading/v1` document mapping (shared/spec/interchange.md, reading.schema.json).
 *
 * The document is what the viewer autosaves, exports and imports, and what the SR, the CSV and the report
 * are written from, so every computed field here comes from one call of the morphometry core.
 * Pure: no DOM, no Node, no Cornerstone.
 */
import {
  DEFAULT_AUGMENTATION,
  DEFAULT_POSTERIOR_WALL,
  DETECTOR_WARNING,
  deriveFractureAge,
  levelsInGradingRange,
  measureVertebrae,
  NO_SPACING_WARNING,
  POINT_KEYS,
  swapNote,
  type Augmentation,
  type Calibration,
  type CalibrationLabel,
  type DeformityType,
  type Edema,
  type EdemaExtent,
  type EdemaSequence,
  type FractureAge,
  type Grade,
  type Level,
  type Method,
  type PlacementStatus,
  type PosteriorWall,
  type SixPoints,
  SWAPS,
  type Swap,
  type Unit,
  type VertebraResult,
} from '../morphometry';
import {
  deriveCanals,
  imageKey,
  measurementGroup,
  type CanalMeasurement,
  type CanalPoints,
  type Finding,
  type ImageRef,
  type Measurement,
  type ReadingState,
} from '../reading';

export const READING_SCHEMA = 'kypho.reading/v1';

/** A finding as stored: the reading model's, whose measurement may lie in patient space (a CT reformat, issue 9). */
export type StoredFinding = Finding;

/** The reading as it is stored: the viewer's ReadingState, patient-space measurements included. */
export type StoredReading = ReadingState;

export interface StudyInfo {
  studyInstanceUid: string;
  patientId?: string;
  patientName?: string;
  studyDate?: string;
}

/** The calibration of the image itself, kept beside a user calibration that overrides it. */
export interface DocumentImageCalibration {
  calibration: Exclude<CalibrationLabel, 'mm (user)'>;
  pixelSpacing?: [number, number];
}

export interface ImageDocumentMeasurement {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameNumber: number;
  space: 'image';
  points: SixPoints;
  /** The spacing the heights were computed with; absent for `px`. */
  pixelSpacing?: [number, number];
  calibration: CalibrationLabel;
  /** Only under a user calibration: what the image's own attributes said (Kypho extension, schema-compatible). */
  imageCalibration?: DocumentImageCalibration;
  /** Kypho extension (schema-compatible): the orientation was known and this was swapped into anatomical order. */
  swapped?: Swap[];
}

export interface PatientDocumentMeasurement {
  seriesInstanceUid: string;
  space: 'patient';
  points: SixPoints;
  calibration: 'mm';
  plane: { point: number[]; normal: number[] };
  swapped?: Swap[];
}

export type DocumentMeasurement = ImageDocumentMeasurement | PatientDocumentMeasurement;

/** The canal diameter line of a level (section 11): like a measurement, with two points. */
export type DocumentCanalMeasurement =
  | (Omit<ImageDocumentMeasurement, 'points'> & { points: CanalPoints })
  | (Omit<PatientDocumentMeasurement, 'points'> & { points: CanalPoints });

export interface DocumentVertebra {
  level: Level;
  measurement: DocumentMeasurement | null;
  unit: Unit | null;
  ha: number | null;
  hm: number | null;
  hp: number | null;
  wedgeRatio: number | null;
  biconcaveRatio: number | null;
  hpAdjacent: number | null;
  crushRatio: number | null;
  wedgeAngle: number | null;
  heightLoss: number | null;
  grade: Grade | null;
  type: DeformityType | null;
  /** With the adjacent method only, as in `kypho measure`: the method that graded this vertebra. */
  method?: Method;
  fallback?: boolean;
  /** Placement checks (morphometry.md section 2a), as in `kypho measure`; absent without a measurement. */
  placement?: PlacementStatus;
  placementNote?: string;
  levelOrder?: string[];
  edema: Edema;
  edemaExtent: EdemaExtent | null;
  sequence: EdemaSequence | null;
  signalRatio: number | null;
  age: FractureAge;
  ageOverridden: boolean;
  suspiciousForMalignancy: boolean;
  note: string;
  /*
   * Sections 10 and 11, added after the first documents were written: optional, so that those stay valid and
   * import unchanged (absent: not assessed, no augmentation, no canal line). Kypho always writes them.
   */
  /** Computed, degrees, positive = kyphosis; null without a measurement (or, segmental, without both neighbours). */
  vertebralKyphosis?: number | null;
  segmentalKyphosis?: number | null;
  posteriorWall?: PosteriorWall;
  augmentation?: Augmentation;
  canalMeasurement?: DocumentCanalMeasurement | null;
  /** Computed from canalMeasurement, in `canalUnit`; compromise is a fraction against the adjacent levels. */
  canalUnit?: Unit | null;
  canalDiameter?: number | null;
  canalCompromise?: number | null;
}

export interface ReadingDocument {
  schema: typeof READING_SCHEMA;
  study: StudyInfo;
  method: Method;
  created?: string;
  modified?: string;
  /** Cranial to caudal. */
  vertebrae: DocumentVertebra[];
  sdi: number;
  levelsMeasured: number;
  /** Degrees (section 10), null unless both end levels are measured on one image; optional like the fields above. */
  thoracicKyphosis?: number | null;
  lumbarLordosis?: number | null;
}

/** Computed fields of a vertebra without a measurement. */
const UNMEASURED = {
  unit: null,
  ha: null,
  hm: null,
  hp: null,
  wedgeRatio: null,
  biconcaveRatio: null,
  hpAdjacent: null,
  crushRatio: null,
  wedgeAngle: null,
  heightLoss: null,
  grade: null,
  type: null,
  vertebralKyphosis: null,
  segmentalKyphosis: null,
} as const;

/** The calibration in force for an image measurement: the user's for its image if any, else the image's own. */
function calibrationOf(
  reading: Pick<StoredReading, 'userCalibrations'>,
  measurement: ImageRef & { imageCalibration: Calibration },
): Calibration {
  return reading.userCalibrations[imageKey(measurement)] ?? measurement.imageCalibration;
}

/** Heights, ratios, grades and the SDI of a stored reading: the same call of the core as deriveResults makes. */
export function measureReading(reading: StoredReading) {
  const measured = reading.findings.filter((f) => f.measurement !== null) as (StoredFinding & { measurement: Measurement })[];
  const result = measureVertebrae(
    measured.map((f) =>
      f.measurement.space === 'patient'
        ? { level: f.level, points: f.measurement.points, space: 'patient' as const, ...placementInput(f.measurement) }
        : {
            level: f.level,
            points: f.measurement.points,
            pixelSpacing: calibrationOf(reading, f.measurement).pixelSpacing,
            ...placementInput(f.measurement),
          },
    ),
    { method: reading.method },
  );
  const byLevel = new Map<Level, VertebraResult>(result.vertebrae.map((v) => [v.level, v]));
  return { ...result, byLevel, levelsInRange: levelsInGradingRange(measured.map((f) => f.level)) };
}

/** Where the vertebra is, for angles and placement checks, and whether its image gave the orientation. */
function placementInput(measurement: Measurement) {
  return { image: measurementGroup(measurement), orientationKnown: measurement.swapped !== undefined };
}

export interface DocumentOptions {
  study: StudyInfo;
  created?: string;
  modified?: string;
}

export function toReadingDocument(reading: StoredReading, options: DocumentOptions): ReadingDocument {
  const measured = measureReading(reading);
  const canals = new Map(deriveCanals(reading).map((c) => [c.level, c]));
  const vertebrae = reading.findings.map((finding): DocumentVertebra => {
    const result = measured.byLevel.get(finding.level);
    const computed = finding.measurement && result ? computedFields(result) : UNMEASURED;
    const canal = canals.get(finding.level);
    const derivedAge = deriveFractureAge({ edema: finding.edema, grade: computed.grade });
    return {
      level: finding.level,
      measurement: finding.measurement ? documentMeasurement(reading, finding.measurement) : null,
      ...computed,
      edema: finding.edema,
      edemaExtent: finding.edemaExtent,
      sequence: finding.sequence,
      signalRatio: finding.signalRatio,
      age: finding.ageOverride ?? derivedAge,
      ageOverridden: finding.ageOverride !== null,
      suspiciousForMalignancy: finding.suspiciousForMalignancy,
      note: finding.note,
      posteriorWall: finding.posteriorWall ?? DEFAULT_POSTERIOR_WALL,
      augmentation: finding.augmentation ?? DEFAULT_AUGMENTATION,
      canalMeasurement: finding.canal ? documentCanal(reading, finding.canal) : null,
      canalUnit: canal?.unit ?? null,
      canalDiameter: canal?.canalDiameter ?? null,
      canalCompromise: canal?.canalCompromise ?? null,
    };
  });
  return {
    schema: READING_SCHEMA,
    study: { ...options.study },
    method: reading.method,
    ...(options.created !== undefined && { created: options.created }),
    ...(options.modified !== undefined && { modified: options.modified }),
    vertebrae,
    sdi: measured.sdi,
    levelsMeasured: measured.levelsMeasured,
    thoracicKyphosis: measured.thoracicKyphosis,
    lumbarLordosis: measured.lumbarLordosis,
  };
}

function computedFields(result: VertebraResult) {
  const { unit, ha, hm, hp, wedgeRatio, biconcaveRatio, hpAdjacent, crushRatio, wedgeAngle, heightLoss, grade, type } = result;
  return {
    unit,
    ha,
    hm,
    hp,
    wedgeRatio,
    biconcaveRatio,
    hpAdjacent,
    crushRatio,
    wedgeAngle,
    heightLoss,
    grade,
    type,
    vertebralKyphosis: result.vertebralKyphosis,
    segmentalKyphosis: result.segmentalKyphosis,
    ...(result.method !== undefined && { method: result.method }),
    ...(result.fallback !== undefined && { fallback: result.fallback }),
    // Written only when it says something, so that documents of placements without problems stay as they were.
    ...(result.placement === 'check' && { placement: result.placement }),
    ...(result.placementNote !== undefined && { placementNote: result.placementNote }),
    ...(result.levelOrder !== undefined && { levelOrder: [...result.levelOrder] }),
  };
}

function documentMeasurement(reading: StoredReading, measurement: Measurement): DocumentMeasurement {
  if (measurement.space === 'patient') {
    return {
      seriesInstanceUid: measurement.seriesInstanceUid,
      space: 'patient',
      points: copyPoints(measurement.points),
      calibration: 'mm',
      plane: { point: [...measurement.plane.point], normal: [...measurement.plane.normal] },
      ...(measurement.swapped && { swapped: [...measurement.swapped] }),
    };
  }
  const calibration = calibrationOf(reading, measurement);
  const own = measurement.imageCalibration;
  return {
    seriesInstanceUid: measurement.seriesInstanceUid,
    sopInstanceUid: measurement.sopInstanceUid,
    frameNumber: measurement.frameNumber,
    space: 'image',
    points: copyPoints(measurement.points),
    ...(calibration.pixelSpacing && { pixelSpacing: [...calibration.pixelSpacing] as [number, number] }),
    calibration: calibration.label,
    ...(calibration.label === 'mm (user)' &&
      own.label !== 'mm (user)' && {
        imageCalibration: {
          calibration: own.label,
          ...(own.pixelSpacing && { pixelSpacing: [...own.pixelSpacing] as [number, number] }),
        },
      }),
    ...(measurement.swapped && { swapped: [...measurement.swapped] }),
  };
}

function documentCanal(reading: StoredReading, canal: CanalMeasurement): DocumentCanalMeasurement {
  const points: CanalPoints = [[...canal.points[0]], [...canal.points[1]]];
  if (canal.space === 'patient') {
    return {
      seriesInstanceUid: canal.seriesInstanceUid,
      space: 'patient',
      points,
      calibration: 'mm',
      plane: { point: [...canal.plane.point], normal: [...canal.plane.normal] },
    };
  }
  const calibration = calibrationOf(reading, canal);
  return {
    seriesInstanceUid: canal.seriesInstanceUid,
    sopInstanceUid: canal.sopInstanceUid,
    frameNumber: canal.frameNumber,
    space: 'image',
    points,
    ...(calibration.pixelSpacing && { pixelSpacing: [...calibration.pixelSpacing] as [number, number] }),
    calibration: calibration.label,
    ...(calibration.label === 'mm (user)' &&
      canal.imageCalibration.label !== 'mm (user)' && {
        imageCalibration: {
          calibration: canal.imageCalibration.label,
          ...(canal.imageCalibration.pixelSpacing && { pixelSpacing: [...canal.imageCalibration.pixelSpacing] as [number, number] }),
        },
      }),
  };
}

/** The warning the viewer shows beside heights in this calibration (morphometry.md section 6). */
export function calibrationWarning(label: CalibrationLabel): string | null {
  if (label === 'mm (detector)') return DETECTOR_WARNING;
  if (label === 'px') return NO_SPACING_WARNING;
  return null;
}

export function calibrationFromLabel<L extends CalibrationLabel>(label: L, pixelSpacing: readonly number[] | undefined): Calibration<L> {
  return {
    label,
    pixelSpacing: label === 'px' || !pixelSpacing ? null : [pixelSpacing[0] as number, pixelSpacing[1] as number],
    warning: calibrationWarning(label),
  };
}

export interface FromDocumentOptions {
  /** A new finding id (the viewer's annotation id); random UUIDs by default. */
  newId?: () => string;
  /**
   * The image's own calibration, for a measurement under a user calibration whose document did not keep it
   * (the viewer knows it from the loaded image).
   */
  imageCalibration?: (image: ImageRef) => Calibration | null;
}

export interface FromDocument {
  reading: StoredReading;
  study: StudyInfo;
  created?: string;
  modified?: string;
  /** Things that were recomputed or assumed, in words for the reader; the reading is complete without them. */
  warnings: string[];
}

/** Relative tolerance for comparing a document's computed values with the recomputed ones. */
const COMPUTED_TOLERANCE = 1e-9;

/**
 * The reading a valid document describes (see validateReadingDocument, which checks it first). Computed
 * fields are recomputed from the points; where the document says otherwise, a warning says so.
 */
export function fromReadingDocument(document: ReadingDocument, options: FromDocumentOptions = {}): FromDocument {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const userCalibrations: Record<string, Calibration<'mm (user)'>> = {};
  const findings = document.vertebrae.map((v): StoredFinding => {
    const measurement = v.measurement ? readingMeasurement(v.measurement, userCalibrations, options) : null;
    return {
      id: newId(),
      level: v.level,
      measurement,
      edema: v.edema,
      edemaExtent: v.edemaExtent ?? null,
      sequence: v.sequence ?? null,
      signalRatio: v.signalRatio ?? null,
      ageOverride: v.ageOverridden ? v.age : null,
      suspiciousForMalignancy: v.suspiciousForMalignancy ?? false,
      note: v.note ?? '',
      // Defaults stay absent, so that a document without these fields gives back the reading it was made of.
      ...(v.posteriorWall !== undefined && v.posteriorWall !== DEFAULT_POSTERIOR_WALL && { posteriorWall: v.posteriorWall }),
      ...(v.augmentation !== undefined && v.augmentation !== DEFAULT_AUGMENTATION && { augmentation: v.augmentation }),
      ...(v.canalMeasurement && { canal: readingCanal(v.canalMeasurement, userCalibrations, options) }),
    };
  });
  const reading: StoredReading = { findings, userCalibrations, method: document.method };
  const recomputed = toReadingDocument(reading, { study: document.study });
  return {
    reading,
    study: { ...document.study },
    ...(document.created !== undefined && { created: document.created }),
    ...(document.modified !== undefined && { modified: document.modified }),
    warnings: computedDifferences(document, recomputed),
  };
}

function readingMeasurement(
  m: DocumentMeasurement,
  userCalibrations: Record<string, Calibration<'mm (user)'>>,
  options: FromDocumentOptions,
): Measurement {
  if (m.space === 'patient') {
    return {
      space: 'patient',
      seriesInstanceUid: m.seriesInstanceUid,
      points: copyPoints(m.points),
      plane: { point: vec3(m.plane.point), normal: vec3(m.plane.normal) },
      ...swappedOf(m),
    };
  }
  return { ...imageOf(m, userCalibrations, options), space: 'image', points: copyPoints(m.points), ...swappedOf(m) };
}


/** `swapped` is a Kypho extension the shared schema does not check: only known swaps are kept. */
function swappedOf(m: DocumentMeasurement): { swapped?: Swap[] } {
  return Array.isArray(m.swapped) ? { swapped: m.swapped.filter((s) => SWAPS.includes(s)) } : {};
}

/** The image of an image-space line or point set and its own calibration; a user calibration is noted for the image. */
function imageOf(
  m: Omit<ImageDocumentMeasurement, 'points'>,
  userCalibrations: Record<string, Calibration<'mm (user)'>>,
  options: FromDocumentOptions,
): ImageRef & { imageCalibration: Calibration } {
  const image: ImageRef = { seriesInstanceUid: m.seriesInstanceUid, sopInstanceUid: m.sopInstanceUid, frameNumber: m.frameNumber ?? 1 };
  let imageCalibration: Calibration;
  if (m.calibration === 'mm (user)') {
    userCalibrations[imageKey(image)] = calibrationFromLabel('mm (user)', m.pixelSpacing);
    imageCalibration = m.imageCalibration
      ? calibrationFromLabel(m.imageCalibration.calibration, m.imageCalibration.pixelSpacing)
      : (options.imageCalibration?.(image) ?? calibrationFromLabel('px', undefined));
  } else {
    imageCalibration = calibrationFromLabel(m.calibration, m.pixelSpacing);
  }
  return { ...image, imageCalibration };
}

function readingCanal(
  m: DocumentCanalMeasurement,
  userCalibrations: Record<string, Calibration<'mm (user)'>>,
  options: FromDocumentOptions,
): CanalMeasurement {
  const points: CanalPoints = [[...m.points[0]], [...m.points[1]]];
  if (m.space === 'patient') {
    return {
      space: 'patient',
      seriesInstanceUid: m.seriesInstanceUid,
      points,
      plane: { point: vec3(m.plane.point), normal: vec3(m.plane.normal) },
    };
  }
  return { ...imageOf(m, userCalibrations, options), space: 'image', points };
}

/**
 * The fracture age where it carries information (morphometry.md sections 7 and 8): set by the reader, or derived
 * acute or chronic from a judged edema. A derived "indeterminate" (no MRI judgement) is no finding: null.
 */
export function informativeAge(v: Pick<DocumentVertebra, 'age' | 'ageOverridden'>): FractureAge | null {
  return v.ageOverridden || v.age !== 'indeterminate' ? v.age : null;
}

/** The fields of a vertebra computed from its points, in the order of the results table. */
export const COMPUTED_KEYS = [
  'unit',
  'ha',
  'hm',
  'hp',
  'wedgeRatio',
  'biconcaveRatio',
  'hpAdjacent',
  'crushRatio',
  'wedgeAngle',
  'heightLoss',
  'grade',
  'type',
] as const;

/** Computed fields of sections 10 and 11, checked on import only where a document has them. */
export const SPINE_COMPUTED_KEYS = ['vertebralKyphosis', 'segmentalKyphosis', 'canalUnit', 'canalDiameter', 'canalCompromise'] as const;

function computedDifferences(given: ReadingDocument, recomputed: ReadingDocument): string[] {
  const warnings: string[] = [];
  given.vertebrae.forEach((v, i) => {
    const r = recomputed.vertebrae.find((x) => x.level === v.level) as DocumentVertebra;
    const differing = [...COMPUTED_KEYS, ...SPINE_COMPUTED_KEYS].filter((key) => key in v && !sameValue(v[key], r[key]));
    if (differing.length > 0) {
      warnings.push(`vertebrae[${i}] (${v.level}): ${differing.join(', ')} recomputed from the points (the document had other values).`);
    }
    if (!v.ageOverridden && v.age !== r.age) {
      warnings.push(
        `vertebrae[${i}] (${v.level}).age: "${v.age}" is not what edema and grade give ("${r.age}") and ageOverridden is false; the derived age is used.`,
      );
    }
  });
  for (const key of ['thoracicKyphosis', 'lumbarLordosis'] as const) {
    if (key in given && !sameValue(given[key], recomputed[key])) warnings.push(`${key}: recomputed from the points (the document had another value).`);
  }
  if (given.sdi !== recomputed.sdi || given.levelsMeasured !== recomputed.levelsMeasured) {
    warnings.push(`sdi: recomputed as ${recomputed.sdi} over ${recomputed.levelsMeasured} levels (the document said ${given.sdi} over ${given.levelsMeasured}).`);
  }
  return warnings;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= COMPUTED_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return (a ?? null) === (b ?? null);
}

export function copyPoints(points: SixPoints): SixPoints {
  return Object.fromEntries(POINT_KEYS.map((k) => [k, [...points[k]]])) as SixPoints;
}

/** A validated document's 3-vector (the schema and validateReading check it has three numbers). */
function vec3(values: readonly number[]): [number, number, number] {
  return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0];
}

/** What a document vertebra says of its placement (morphometry.md 2a): the swap, the neighbour check, the level order. */
export function documentPlacementNotes(v: DocumentVertebra): string[] {
  const swap = v.measurement?.swapped?.length ? swapNote(v.measurement.swapped) : null;
  const check = v.placement === 'check' ? (v.placementNote ?? 'placement: check') : null;
  return [swap, check, ...(v.levelOrder ?? [])].filter((note): note is string => note !== null);
}
