/**
 * A TID 1500 vertebral morphometry SR back into a reading (the inverse of srWrite.ts), validated as it is read:
 * a problem names the measurement group and the item, and nothing is returned unless the whole SR reads.
 *
 * It reads what srWrite.ts writes, what Kypho 0.1 wrote (one group per vertebra holding everything), and what
 * another tool writes in the same shape: Height NUMs of a vertebra (Finding Site, topographical modifier
 * anterior, central or posterior), each inferred from a two-point SCOORD on an image or SCOORD3D in patient
 * space. Kypho's own items (calibration, spacing, the full-precision landmarks, the plane) are used when present. */
import dcmjs from 'dcmjs';
import { describeSr, notAReading } from './srDescribe';
import { POINT_KEYS, SWAPS, type Calibration, type CalibrationLabel, type Level, type Method, type SixPoints, type Swap } from '../../morphometry';
import { imageKey, NOT_ASSESSED, type ImageRef } from '../../reading';
import {
  calibrationFromLabel,
  toReadingDocument,
  type FromDocumentOptions,
  type ReadingDocument,
  type StoredFinding,
  type StoredReading,
} from '../readingDocument';
import {
  AGE_CODES,
  CALIBRATION_CODES,
  CODES,
  CORNERSTONE_LENGTH,
  EXTENT_CODES,
  HEIGHT_ABBREVIATIONS,
  keyOfCode,
  METHOD_CODES,
  sameCode,
  SEQUENCE_CODES,
  VERTEBRA_CODES,
  UNITS,
  type Code,
} from './codes';
import { readSpineItems } from './srSpine';
import type { SrReference } from '../signOff';

type Item = Record<string, unknown>;

export type SrRead =
  | { ok: true; document: ReadingDocument; reading: StoredReading; warnings: string[]; signOff: SrSignOff }
  | { ok: false; problems: string[] };

/**
 * What the SR's header says of its sign-off. `signed` only when the SR is VERIFIED, names its verifying observer
 * and time, and its content reads back exactly (no warnings: the heights it states are the heights its points give
 * here), so that a reading shown as signed is the one that was signed.
 */
export interface SrSignOff {
  signed?: { reader: { name: string; organization?: string }; at: string; sr: SrReference };
  /** The SR this one amends (its Predecessor Documents Sequence). */
  predecessor?: SrReference;
}

const SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.';

class SrProblem extends Error {}

/** Reads SR bytes; never throws. */
export function readSr(bytes: Uint8Array | ArrayBuffer, options: FromDocumentOptions = {}): SrRead {
  let dataset: Item;
  try {
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(buffer);
    dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Item;
  } catch (error) {
    return { ok: false, problems: [`not a readable DICOM file: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return readSrDataset(dataset, options);
}

/** Reads a naturalized SR data set; never throws. */
export function readSrDataset(dataset: Item, options: FromDocumentOptions = {}): SrRead {
  const problems: string[] = [];
  try {
    const sopClass = str(dataset.SOPClassUID);
    if (!sopClass.startsWith(SR_STORAGE)) throw new SrProblem(`not a structured report (SOP Class ${sopClass || 'missing'})`);
    const description = describeSr(dataset);
    // Another viewer's measurements (OHIF's Length...) are no reading: said as what they are, not as a broken one.
    if (description.kind === 'foreign') throw new SrProblem(notAReading(description.label));
    const title = concept(dataset);
    if (!sameCode(title, CODES.imagingMeasurementReport)) {
      throw new SrProblem(`not a TID 1500 measurement report (the document title is ${describe(title)})`);
    }
    const studyInstanceUid = str(dataset.StudyInstanceUID);
    if (!studyInstanceUid) throw new SrProblem('no Study Instance UID');
    const seriesOf = seriesBySop(dataset);
    const root = items(dataset.ContentSequence);
    const measurements = root.find((i) => sameCode(concept(i), CODES.imagingMeasurements));
    if (!measurements) throw new SrProblem('no "Imaging Measurements" container');
    const qualitative = root.find((i) => i.ValueType === 'CONTAINER' && sameCode(concept(i), CODES.qualitativeEvaluations));

    const lines = new Map<Level, Map<Which, Line>>();
    /** Where each level's judgements are: its container of qualitative evaluations (or, in SRs of Kypho 0.1, its one group). */
    const assessments = new Map<Level, Item>();
    let summaryMethod = qualitative ? keyOfCode(METHOD_CODES, childCode(qualitative, CODES.measurementMethod)) : undefined;
    items(measurements.ContentSequence)
      .filter((i) => sameCode(concept(i), CODES.measurementGroup))
      .forEach((group, index) => {
        const site = childCode(group, CODES.findingSite);
        if (sameCode(site, CODES.vertebralColumn)) {
          // Kypho 0.1's SDI summary: its numbers are recomputed, its method is the reading's.
          summaryMethod ??= keyOfCode(METHOD_CODES, childCode(group, CODES.measurementMethod));
          return;
        }
        const where = `measurement group ${index + 1} (${groupLabel(group)})`;
        try {
          const level = vertebraOf(group, where);
          const heights = items(group.ContentSequence).filter((i) => i.ValueType === 'NUM' && sameCode(concept(i), CODES.height));
          const judged = items(group.ContentSequence).some((i) => sameCode(concept(i), CODES.fractureAge) || sameCode(concept(i), CODES.edema));
          if (judged) assessments.set(level, group);
          if (heights.length === 0 && !judged) throw new SrProblem(`${where}, ${level}: neither heights nor an edema assessment`);
          const byWhich = lines.get(level) ?? new Map<Which, Line>();
          for (const height of heights) {
            const line = readLine(group, height, `${where}, ${level}`, seriesOf);
            if (byWhich.has(line.which)) throw new SrProblem(`${where}, ${level}: a second ${heightName(line.which)} height of ${level}`);
            byWhich.set(line.which, line);
          }
          lines.set(level, byWhich);
        } catch (error) {
          if (!(error instanceof SrProblem)) throw error;
          problems.push(error.message);
        }
      });
    for (const evaluation of items(qualitative?.ContentSequence)) {
      if (evaluation.ValueType !== 'CONTAINER' || !sameCode(concept(evaluation), CODES.vertebraAssessment)) continue;
      try {
        const level = vertebraOf(evaluation, 'a vertebra of the qualitative evaluations');
        if (assessments.has(level)) throw new SrProblem(`the qualitative evaluations assess ${level} twice`);
        assessments.set(level, evaluation);
      } catch (error) {
        if (!(error instanceof SrProblem)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) return { ok: false, problems };

    const newId = options.newId ?? (() => crypto.randomUUID());
    const findings: StoredFinding[] = [];
    const userCalibrations: Record<string, Calibration<'mm (user)'>> = {};
    const methods = new Set<Method>();
    const warnings: string[] = [];
    // The document's order of vertebrae is that of the evaluations; levels with heights alone follow.
    const levels = [...new Set([...assessments.keys(), ...lines.keys()])];
    for (const level of levels) {
      try {
        const assessment = assessments.get(level);
        const finding = readFinding(level, lines.get(level), assessment, { seriesOf, userCalibrations, warnings, options, newId });
        findings.push(finding);
        const method = assessment && keyOfCode(METHOD_CODES, childCode(assessment, CODES.measurementMethod));
        if (method && finding.measurement) methods.add(method);
      } catch (error) {
        if (!(error instanceof SrProblem)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) return { ok: false, problems };
    if (findings.length === 0) throw new SrProblem('no measurement group with a vertebra as its finding site');
    // Without a summary: a vertebra graded by its own posterior height for want of neighbours says so, so any
    // vertebra graded by adjacent reference means the reading's method was that.
    const method: Method = summaryMethod ?? (methods.has('adjacent') ? 'adjacent' : 'own-posterior');
    const reading: StoredReading = { findings, userCalibrations, method };
    const modified = contentDateTime(dataset);
    const document = toReadingDocument(reading, {
      study: {
        studyInstanceUid,
        ...(str(dataset.PatientID) && { patientId: str(dataset.PatientID) }),
        ...(personName(dataset.PatientName) && { patientName: personName(dataset.PatientName) }),
        ...(str(dataset.StudyDate) && { studyDate: str(dataset.StudyDate) }),
      },
      ...(modified && { modified }),
    });
    warnings.push(...statedDifferences(document, lines));
    return { ok: true, document, reading, warnings, signOff: signOffOf(dataset, warnings) };
  } catch (error) {
    if (!(error instanceof SrProblem)) {
      return { ok: false, problems: [...problems, `unreadable SR content: ${error instanceof Error ? error.message : String(error)}`] };
    }
    return { ok: false, problems: [...problems, error.message] };
  }
}

type Which = 'a' | 'm' | 'p';

/** One height's line: two points on an image (SCOORD) or in patient space (SCOORD3D). */
type Line = (
  | { which: Which; space: 'image'; points: number[]; image: ImageRef; at: string }
  | { which: Which; space: 'patient'; points: number[]; frameOfReferenceUid: string; at: string }
) & { stated: Stated | undefined };

/** The value a Height NUM states, and its unit (UCUM code value: mm, {pixel}). */
interface Stated {
  value: number;
  unit: string;
  /** Only the decimal string (16 characters) was given: it may be rounded. */
  rounded: boolean;
}

interface ReadContext {
  seriesOf: Map<string, string>;
  userCalibrations: Record<string, Calibration<'mm (user)'>>;
  warnings: string[];
  options: FromDocumentOptions;
  newId: () => string;
}

/** The label a viewer shows for the group: Kypho's `L1 Ha 18.2 mm`, else the tracking identifier. */
function groupLabel(group: Item): string {
  const tracking = trackingId(group);
  const comment = items(group.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.comment));
  if (tracking === CORNERSTONE_LENGTH && comment) return str(comment.TextValue);
  return tracking ?? 'no tracking identifier';
}

function vertebraOf(parent: Item, where: string): Level {
  const siteCode = childCode(parent, CODES.findingSite);
  if (!siteCode) throw new SrProblem(`${where}: no Finding Site`);
  const level = keyOfCode(VERTEBRA_CODES, siteCode) as Level | undefined;
  if (!level) throw new SrProblem(`${where}: the Finding Site ${describe(siteCode)} is not a vertebra`);
  return level;
}

function readLine(group: Item, height: Item, at: string, seriesOf: Map<string, string>): Line {
  // The topographical modifier qualifies the group's finding site (or, in Kypho 0.1, the height's own).
  const site = items(height.ContentSequence).find((i) => sameCode(concept(i), CODES.findingSite)) ?? items(group.ContentSequence).find((i) => sameCode(concept(i), CODES.findingSite));
  const modifier = site && childCode(site, CODES.topographicalModifier);
  const which: Which | null = sameCode(modifier, CODES.anterior) ? 'a' : sameCode(modifier, CODES.central) ? 'm' : sameCode(modifier, CODES.posterior) ? 'p' : null;
  if (!which) throw new SrProblem(`${at}: a Height without an anterior, central or posterior topographical modifier`);
  const graphic = items(height.ContentSequence).find((i) => (i.ValueType === 'SCOORD' || i.ValueType === 'SCOORD3D') && i.RelationshipType === 'INFERRED FROM');
  const data = numbers(graphic?.GraphicData);
  const size = graphic?.ValueType === 'SCOORD3D' ? 6 : 4;
  if (!graphic || str(graphic.GraphicType) !== 'POLYLINE' || data.length !== size) {
    throw new SrProblem(`${at}: the ${heightName(which)} height is not inferred from a two-point POLYLINE SCOORD or SCOORD3D`);
  }
  if (graphic.ValueType === 'SCOORD3D') {
    const frameOfReferenceUid = str(graphic.ReferencedFrameOfReferenceUID);
    if (!frameOfReferenceUid) throw new SrProblem(`${at}: the ${heightName(which)} height's SCOORD3D names no Frame of Reference`);
    return { which, space: 'patient', points: data, frameOfReferenceUid, at, stated: statedValue(height) };
  }
  const image = items(graphic.ContentSequence).find((i) => i.ValueType === 'IMAGE');
  if (!image) throw new SrProblem(`${at}: the ${heightName(which)} height's SCOORD names no image`);
  return { which, space: 'image', points: data, image: imageRefOf(image, seriesOf, at), at, stated: statedValue(height) };
}

function statedValue(height: Item): Stated | undefined {
  const value = first(height.MeasuredValueSequence) as Item | undefined;
  if (!value) return undefined;
  const exact = numbers(value.FloatingPointValue)[0];
  const decimal = numbers(value.NumericValue)[0];
  const unit = str((first(value.MeasurementUnitsCodeSequence) as Item | undefined)?.CodeValue);
  if (exact !== undefined) return { value: exact, unit, rounded: false };
  return decimal === undefined ? undefined : { value: decimal, unit, rounded: true };
}

function readFinding(level: Level, lines: Map<Which, Line> | undefined, assessment: Item | undefined, ctx: ReadContext): StoredFinding {
  let measurement: StoredFinding['measurement'] = null;
  if (lines && lines.size > 0) {
    const first = [...lines.values()][0] as Line;
    for (const which of ['a', 'm', 'p'] as const) if (!lines.has(which)) throw new SrProblem(`${first.at}: no ${heightName(which)} height of ${level}`);
    const line = (which: Which) => lines.get(which) as Line;
    const point = (which: Which, index: 0 | 1) => {
      const { points } = line(which);
      const size = points.length / 2;
      return points.slice(index * size, (index + 1) * size);
    };
    const coordinates = {
      as: point('a', 0), ai: point('a', 1),
      ms: point('m', 0), mi: point('m', 1),
      ps: point('p', 0), pi: point('p', 1),
    } as SixPoints;
    const spaces = new Set([...lines.values()].map((l) => l.space));
    if (spaces.size > 1) throw new SrProblem(`${first.at}: ${level}'s heights mix image and patient coordinates`);
    if (first.space === 'image') {
      const refs = (['a', 'm', 'p'] as const).map((w) => (line(w) as Extract<Line, { space: 'image' }>).image);
      const ref = refs[0] as ImageRef;
      if (refs.some((r) => r.sopInstanceUid !== ref.sopInstanceUid || r.frameNumber !== ref.frameNumber)) {
        throw new SrProblem(`${first.at}: the three heights of ${level} lie on different images`);
      }
      // SCOORD origin is the corner of the top-left pixel; Kypho's is its centre.
      const points = exactPoints(assessment, coordinates, 0.5, level, ctx.warnings);
      measurement = { ...ref, space: 'image', points, imageCalibration: imageCalibration(assessment, ref, level, ctx) };
    } else {
      const frames = new Set([...lines.values()].map((l) => (l as Extract<Line, { space: 'patient' }>).frameOfReferenceUid));
      if (frames.size > 1) throw new SrProblem(`${first.at}: the three heights of ${level} lie in different Frames of Reference`);
      const series = assessment && items(assessment.ContentSequence).find((i) => i.ValueType === 'UIDREF' && sameCode(concept(i), CODES.seriesInstanceUid));
      const seriesInstanceUid = series ? str(series.UID) : seriesOfFrame(ctx.seriesOf);
      if (!seriesInstanceUid) throw new SrProblem(`${first.at}: ${level} is measured in patient space, and no series says which volume`);
      const points = exactPoints(assessment, coordinates, 0, level, ctx.warnings);
      measurement = { space: 'patient', seriesInstanceUid, points, plane: planeOf(assessment, points) };
    }
  }

  const swapped = assessment && items(assessment.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.pointsSwapped));
  if (measurement && swapped) measurement = { ...measurement, swapped: swapsOf(str(swapped.TextValue)) };

  const from = assessment ?? {};
  const edema = childCode(from, CODES.edema);
  const ageSource = childCode(from, CODES.fractureAgeSource);
  const age = keyOfCode(AGE_CODES, childCode(from, CODES.fractureAge));
  const extent = childCode(from, CODES.edemaExtent);
  const sequence = childCode(from, CODES.edemaSequence);
  const signal = childNum(from, CODES.signalRatio);
  const note = items(from.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.comment));
  let spine: ReturnType<typeof readSpineItems>;
  try {
    const own = measurement;
    spine = readSpineItems(from, level, (image) =>
      own?.space === 'image' && own.sopInstanceUid === image.sopInstanceUid && own.frameNumber === image.frameNumber ? own.imageCalibration : null,
    );
  } catch (error) {
    throw new SrProblem(error instanceof Error ? error.message : String(error));
  }
  if (!measurement && !edema && Object.keys(spine).length === 0) {
    throw new SrProblem(`${level}: neither heights nor an edema, posterior wall, augmentation or canal assessment`);
  }
  return {
    ...NOT_ASSESSED,
    id: ctx.newId(),
    level,
    measurement,
    edema: sameCode(edema, CODES.present) ? 'present' : sameCode(edema, CODES.absent) ? 'absent' : 'not-assessed',
    edemaExtent: (extent && keyOfCode(EXTENT_CODES, extent)) ?? null,
    sequence: (sequence && keyOfCode(SEQUENCE_CODES, sequence)) ?? null,
    signalRatio: signal ?? null,
    ageOverride: sameCode(ageSource, CODES.ageByReader) && age ? age : null,
    suspiciousForMalignancy: sameCode(childCode(from, CODES.suspiciousForMalignancy), CODES.yes),
    note: note ? str(note.TextValue) : '',
    ...spine,
  };
}

/** The swaps Kypho wrote as JSON; anything else in the item is ignored (it only adds a note). */
function swapsOf(text: string): Swap[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? SWAPS.filter((s) => value.includes(s)) : [];
  } catch {
    return [];
  }
}

/** The one series of the evidence, when the SR names no other way which volume a patient-space line lies in. */
function seriesOfFrame(seriesOf: Map<string, string>): string | undefined {
  const series = new Set(seriesOf.values());
  return series.size === 1 ? [...series][0] : undefined;
}

/** The plane Kypho kept, else the plane through the anterior-superior, posterior-superior and anterior-inferior points. */
function planeOf(assessment: Item | undefined, points: SixPoints): { point: [number, number, number]; normal: [number, number, number] } {
  const kept = assessment && items(assessment.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.plane));
  if (kept) {
    try {
      const plane = JSON.parse(str(kept.TextValue)) as { point: unknown; normal: unknown };
      if (isVector(plane.point) && isVector(plane.normal)) return { point: plane.point, normal: plane.normal };
    } catch {
      // An unreadable plane is derived from the points like that of another tool's SR.
    }
  }
  const [a, p, i] = [points.as, points.ps, points.ai].map((q) => q as number[]) as [number[], number[], number[]];
  const u = [0, 1, 2].map((k) => (p[k] as number) - (a[k] as number));
  const w = [0, 1, 2].map((k) => (i[k] as number) - (a[k] as number));
  const n = [u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!];
  const length = Math.hypot(...n) || 1;
  return { point: [a[0] as number, a[1] as number, a[2] as number], normal: n.map((c) => c / length) as [number, number, number] };
}

function isVector(value: unknown): value is [number, number, number] {
  return Array.isArray(value) && value.length === 3 && value.every((c) => typeof c === 'number' && Number.isFinite(c));
}

function heightName(which: string): string {
  return which === 'a' ? 'anterior' : which === 'm' ? 'middle' : 'posterior';
}

/**
 * The full-precision landmarks when they agree with the coordinates to 32-bit precision (the SR was not edited
 * since Kypho wrote it); else the coordinates, with a warning when the text disagreed. `offset` is what the
 * coordinates add to Kypho's points (half a pixel for SCOORD).
 */
function exactPoints(assessment: Item | undefined, coordinates: SixPoints, offset: number, level: Level, warnings: string[]): SixPoints {
  const fromCoordinates = Object.fromEntries(POINT_KEYS.map((k) => [k, coordinates[k].map((c) => c - offset)])) as SixPoints;
  const textItem = assessment && items(assessment.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.landmarks));
  if (!textItem) return fromCoordinates;
  let exact: unknown;
  try {
    exact = JSON.parse(str(textItem.TextValue));
  } catch {
    exact = null;
  }
  const agrees =
    !!exact &&
    POINT_KEYS.every((k) => {
      const p = (exact as Record<string, unknown>)[k];
      const q = coordinates[k];
      return Array.isArray(p) && p.length === q.length && p.every((c, i) => typeof c === 'number' && Math.fround(c + offset) === Math.fround(q[i] as number));
    });
  if (agrees) return Object.fromEntries(POINT_KEYS.map((k) => [k, [...((exact as Record<string, number[]>)[k] as number[])]])) as SixPoints;
  warnings.push(`${level}: the full-precision landmarks disagree with the coordinates of its heights; the coordinates are used.`);
  return fromCoordinates;
}

function imageCalibration(assessment: Item | undefined, ref: ImageRef, level: Level, ctx: ReadContext): Calibration {
  const from = assessment ?? {};
  const label = keyOfCode(CALIBRATION_CODES, childCode(from, CODES.calibration)) as CalibrationLabel | undefined;
  const spacing = [childNum(from, CODES.rowSpacing), childNum(from, CODES.columnSpacing)];
  const given = spacing.every((s) => s !== undefined && s > 0) ? (spacing as number[]) : undefined;
  if (!label) {
    // Another tool's SR: heights are in the image's own calibration, which only the viewer knows.
    const own = ctx.options.imageCalibration?.(ref);
    if (own) return own;
    throw new SrProblem(`${level}: no calibration item and the image is not loaded, so the heights cannot be recomputed`);
  }
  if (label !== 'px' && !given) throw new SrProblem(`${level}: calibration ${label} without both pixel spacings`);
  if (label !== 'mm (user)') return calibrationFromLabel(label, given);
  ctx.userCalibrations[imageKey(ref)] = calibrationFromLabel('mm (user)', given);
  const ownLabel = keyOfCode(CALIBRATION_CODES, childCode(from, CODES.imageCalibration)) as CalibrationLabel | undefined;
  if (ownLabel && ownLabel !== 'mm (user)') {
    const ownSpacing = [childNum(from, CODES.imageRowSpacing), childNum(from, CODES.imageColumnSpacing)];
    return calibrationFromLabel(ownLabel, ownSpacing.every((s) => s !== undefined) ? (ownSpacing as number[]) : undefined);
  }
  return ctx.options.imageCalibration?.(ref) ?? calibrationFromLabel('px', undefined);
}

function imageRefOf(image: Item, seriesOf: Map<string, string>, at: string): ImageRef {
  const sop = first(image.ReferencedSOPSequence) as Item | undefined;
  const sopInstanceUid = str(sop?.ReferencedSOPInstanceUID);
  if (!sopInstanceUid) throw new SrProblem(`${at}: an image reference without a SOP Instance UID`);
  const seriesInstanceUid = seriesOf.get(sopInstanceUid);
  if (!seriesInstanceUid) throw new SrProblem(`${at}: image ${sopInstanceUid} is not listed in the evidence (Current Requested Procedure Evidence)`);
  const frame = numbers(sop?.ReferencedFrameNumber)[0];
  return { seriesInstanceUid, sopInstanceUid, frameNumber: frame ?? 1 };
}

/** SOP Instance UID -> Series Instance UID, from the evidence sequences. */
function seriesBySop(dataset: Item): Map<string, string> {
  const map = new Map<string, string>();
  for (const attribute of ['CurrentRequestedProcedureEvidenceSequence', 'PertinentOtherEvidenceSequence']) {
    for (const study of items(dataset[attribute])) {
      for (const series of items(study.ReferencedSeriesSequence)) {
        for (const sop of items(series.ReferencedSOPSequence)) map.set(str(sop.ReferencedSOPInstanceUID), str(series.SeriesInstanceUID));
      }
    }
  }
  return map;
}

function trackingId(group: Item): string | undefined {
  const item = items(group.ContentSequence).find((i) => sameCode(concept(i), CODES.trackingIdentifier));
  return item ? str(item.TextValue) : undefined;
}

function childCode(parent: Item, name: Code): Code | undefined {
  const item = items(parent.ContentSequence).find((i) => i.ValueType === 'CODE' && sameCode(concept(i), name));
  return item ? (first(item.ConceptCodeSequence) as Code | undefined) : undefined;
}

function childNum(parent: Item, name: Code): number | undefined {
  const item = items(parent.ContentSequence).find((i) => i.ValueType === 'NUM' && sameCode(concept(i), name));
  const value = first(item?.MeasuredValueSequence) as Item | undefined;
  if (!value) return undefined;
  const exact = numbers(value.FloatingPointValue)[0];
  return exact ?? numbers(value.NumericValue)[0];
}

function concept(item: Item): Code | undefined {
  return first(item.ConceptNameCodeSequence) as Code | undefined;
}

function items(value: unknown): Item[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Item[];
}

function first(value: unknown): unknown {
  return items(value)[0];
}

function str(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === null ? '' : String(v).trim();
}

function numbers(value: unknown): number[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : [value];
  return list.map(Number).filter((n) => Number.isFinite(n));
}

function personName(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (v && typeof v === 'object') return str((v as { Alphabetic?: unknown }).Alphabetic);
  return str(v);
}

function describe(code: Partial<Code> | undefined): string {
  return code ? `(${code.CodeValue}, ${code.CodingSchemeDesignator}, "${code.CodeMeaning}")` : 'missing';
}

/**
 * Heights the SR states that its points, measured here, do not give (another calibration of the image, an SR
 * edited by hand): the recomputed height is the one shown, and the reader is told.
 */
function statedDifferences(document: ReadingDocument, lines: Map<Level, Map<Which, Line>>): string[] {
  const warnings: string[] = [];
  for (const v of document.vertebrae) {
    for (const which of ['a', 'm', 'p'] as const) {
      const stated = lines.get(v.level)?.get(which)?.stated;
      const recomputed = v[`h${which}`];
      if (!stated || recomputed === null || v.unit === null) continue;
      const unit = v.unit === 'mm' ? UNITS.mm.CodeValue : UNITS.pixel.CodeValue;
      // A double is exact; float32 coordinates move a height by about 1e-5; a decimal string may be rounded to 0.1.
      const tolerance = stated.rounded ? 0.05 : 1e-4 * Math.max(1, Math.abs(recomputed));
      if (stated.unit === unit && Math.abs(stated.value - recomputed) <= tolerance) continue;
      const name = `${HEIGHT_ABBREVIATIONS[which]} of ${v.level}`;
      const shown = (n: number) => (Math.round(n * 100) / 100).toString();
      warnings.push(
        `${name}: the SR says ${shown(stated.value)} ${stated.unit || 'without a unit'}, its points give ${shown(recomputed)} ${unit} here; ${shown(recomputed)} ${unit} is shown.`,
      );
    }
  }
  return warnings;
}

/** The sign-off the header states; a VERIFIED SR whose content did not read back exactly is not taken as signed. */
function signOffOf(dataset: Item, warnings: string[]): SrSignOff {
  const predecessor = referenceOf(first(dataset.PredecessorDocumentsSequence) as Item | undefined);
  const result: SrSignOff = predecessor ? { predecessor } : {};
  if (str(dataset.VerificationFlag) !== 'VERIFIED') return result;
  const verifier = first(dataset.VerifyingObserverSequence) as Item | undefined;
  const name = personName(verifier?.VerifyingObserverName);
  const at = dateTimeOf(str(verifier?.VerificationDateTime), str(dataset.TimezoneOffsetFromUTC));
  if (!name || !at) {
    warnings.push('The SR is marked VERIFIED but names no verifying observer or no verification time: it is imported as a preliminary reading, not signed.');
    return result;
  }
  if (warnings.length > 0) {
    warnings.push(`The SR is signed (by ${name}), but its content does not read back exactly (above): it is imported as a preliminary reading, not signed.`);
    return result;
  }
  const organization = str(verifier?.VerifyingOrganization);
  const sr = {
    studyInstanceUid: str(dataset.StudyInstanceUID),
    seriesInstanceUid: str(dataset.SeriesInstanceUID),
    sopClassUid: str(dataset.SOPClassUID),
    sopInstanceUid: str(dataset.SOPInstanceUID),
  };
  return { ...result, signed: { reader: { name, ...(organization && { organization }) }, at, sr } };
}

/** A SOP Instance Reference (Hierarchical) item: study, its first series, its first instance. */
function referenceOf(item: Item | undefined): SrReference | undefined {
  const series = first(item?.ReferencedSeriesSequence) as Item | undefined;
  const sop = first(series?.ReferencedSOPSequence) as Item | undefined;
  const reference = {
    studyInstanceUid: str(item?.StudyInstanceUID),
    seriesInstanceUid: str(series?.SeriesInstanceUID),
    sopClassUid: str(sop?.ReferencedSOPClassUID),
    sopInstanceUid: str(sop?.ReferencedSOPInstanceUID),
  };
  return Object.values(reference).every(Boolean) ? reference : undefined;
}

/** A DICOM DT (YYYYMMDDHHMMSS[.F][+ZZZZ]) as RFC 3339 UTC; without an offset the data set's, else UTC. */
function dateTimeOf(value: string, datasetOffset: string): string | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d{1,6})?([+-]\d{4})?$/.exec(value);
  if (!m) return undefined;
  const offset = m[7] ?? (/^[+-]\d{4}$/.test(datasetOffset) ? datasetOffset : '+0000');
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${offset.slice(0, 3)}:${offset.slice(3)}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** ContentDate + ContentTime (+ offset) as an RFC 3339 date-time, or undefined. */
function contentDateTime(dataset: Item): string | undefined {
  const date = str(dataset.ContentDate);
  const time = str(dataset.ContentTime);
  if (!/^\d{8}$/.test(date) || !/^\d{6}/.test(time)) return undefined;
  const offset = str(dataset.TimezoneOffsetFromUTC);
  const zone = /^[+-]\d{4}$/.test(offset) ? (offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3)}`) : 'Z';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}${zone}`;
}
