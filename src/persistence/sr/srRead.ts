/**
 * A TID 1500 vertebral morphometry SR back into a reading (the inverse of srWrite.ts), validated as it is read:
 * a problem names the measurement group and the item, and nothing is returned unless the whole SR reads.
 *
 * It reads what srWrite.ts writes and what another tool writes in the same shape: one measurement group per
 * vertebra with a vertebra as Finding Site and three Height NUMs, each inferred from a two-point SCOORD on
 * an image. Kypho's own items (calibration, spacing, the full-precision landmarks) are used when present.
 */
import dcmjs from 'dcmjs';
import { POINT_KEYS, type Calibration, type CalibrationLabel, type Level, type Method, type SixPoints } from '../../morphometry';
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
  EXTENT_CODES,
  keyOfCode,
  METHOD_CODES,
  sameCode,
  SEQUENCE_CODES,
  VERTEBRA_CODES,
  type Code,
} from './codes';
import { readSpineItems } from './srSpine';

type Item = Record<string, unknown>;

export type SrRead =
  | { ok: true; document: ReadingDocument; reading: StoredReading; warnings: string[] }
  | { ok: false; problems: string[] };

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

    const newId = options.newId ?? (() => crypto.randomUUID());
    const findings: StoredFinding[] = [];
    const userCalibrations: Record<string, Calibration<'mm (user)'>> = {};
    const methods = new Set<Method>();
    let summaryMethod: Method | undefined;
    const warnings: string[] = [];
    items(measurements.ContentSequence)
      .filter((i) => sameCode(concept(i), CODES.measurementGroup))
      .forEach((group, index) => {
        const site = childCode(group, CODES.findingSite);
        if (sameCode(site, CODES.vertebralColumn)) {
          // The SDI summary: its numbers are recomputed, its method is the reading's.
          summaryMethod = keyOfCode(METHOD_CODES, childCode(group, CODES.measurementMethod));
          return;
        }
        const where = `measurement group ${index + 1} (${trackingId(group) ?? 'no tracking identifier'})`;
        try {
          const finding = readGroup(group, where, { seriesOf, userCalibrations, warnings, options, newId });
          if (findings.some((f) => f.level === finding.level)) throw new SrProblem(`${where}: ${finding.level} is already in an earlier group`);
          findings.push(finding);
          const method = keyOfCode(METHOD_CODES, childCode(group, CODES.measurementMethod));
          if (method && finding.measurement) methods.add(method);
        } catch (error) {
          if (!(error instanceof SrProblem)) throw error;
          problems.push(error.message);
        }
      });
    if (problems.length > 0) return { ok: false, problems };
    if (findings.length === 0) throw new SrProblem('no measurement group with a vertebra as its finding site');
    // Without a summary: a vertebra graded by its own posterior height for want of neighbours says so, so any
    // group graded by adjacent reference means the reading's method was that.
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
    return { ok: true, document, reading, warnings };
  } catch (error) {
    if (!(error instanceof SrProblem)) {
      return { ok: false, problems: [...problems, `unreadable SR content: ${error instanceof Error ? error.message : String(error)}`] };
    }
    return { ok: false, problems: [...problems, error.message] };
  }
}

interface GroupContext {
  seriesOf: Map<string, string>;
  userCalibrations: Record<string, Calibration<'mm (user)'>>;
  warnings: string[];
  options: FromDocumentOptions;
  newId: () => string;
}

function readGroup(group: Item, where: string, ctx: GroupContext): StoredFinding {
  const siteCode = childCode(group, CODES.findingSite);
  if (!siteCode) throw new SrProblem(`${where}: no Finding Site`);
  const level = keyOfCode(VERTEBRA_CODES, siteCode) as Level | undefined;
  if (!level) throw new SrProblem(`${where}: the Finding Site ${describe(siteCode)} is not a vertebra`);
  const at = `${where}, ${level}`;

  const heights = items(group.ContentSequence).filter((i) => i.ValueType === 'NUM' && sameCode(concept(i), CODES.height));
  let measurement: StoredFinding['measurement'] = null;
  if (heights.length > 0) {
    const lines = new Map<string, { points: number[]; image: Item }>();
    for (const height of heights) {
      const site = items(height.ContentSequence).find((i) => sameCode(concept(i), CODES.findingSite));
      const modifier = site && childCode(site, CODES.topographicalModifier);
      const which = sameCode(modifier, CODES.anterior) ? 'a' : sameCode(modifier, CODES.central) ? 'm' : sameCode(modifier, CODES.posterior) ? 'p' : null;
      if (!which) throw new SrProblem(`${at}: a Height without an anterior, central or posterior topographical modifier`);
      const scoord = items(height.ContentSequence).find((i) => i.ValueType === 'SCOORD' && i.RelationshipType === 'INFERRED FROM');
      const data = numbers(scoord?.GraphicData);
      if (!scoord || str(scoord.GraphicType) !== 'POLYLINE' || data.length !== 4) {
        throw new SrProblem(`${at}: the ${heightName(which)} height is not inferred from a two-point POLYLINE SCOORD`);
      }
      const image = items(scoord.ContentSequence).find((i) => i.ValueType === 'IMAGE');
      if (!image) throw new SrProblem(`${at}: the ${heightName(which)} height's SCOORD names no image`);
      lines.set(which, { points: data, image });
    }
    for (const which of ['a', 'm', 'p']) if (!lines.has(which)) throw new SrProblem(`${at}: no ${heightName(which)} height`);
    const refs = [...lines.values()].map((l) => imageRefOf(l.image, ctx.seriesOf, at));
    const ref = refs[0] as ImageRef;
    if (refs.some((r) => r.sopInstanceUid !== ref.sopInstanceUid || r.frameNumber !== ref.frameNumber)) {
      throw new SrProblem(`${at}: the three heights lie on different images`);
    }
    // SCOORD origin is the corner of the top-left pixel; Kypho's is its centre.
    const fromScoord = (line: string, index: 0 | 1) => {
      const data = (lines.get(line) as { points: number[] }).points;
      return [data[index * 2] as number, data[index * 2 + 1] as number];
    };
    const scoordPoints = {
      as: fromScoord('a', 0), ai: fromScoord('a', 1),
      ms: fromScoord('m', 0), mi: fromScoord('m', 1),
      ps: fromScoord('p', 0), pi: fromScoord('p', 1),
    } as SixPoints;
    const points = exactPoints(group, scoordPoints, at, ctx.warnings);
    measurement = { ...ref, space: 'image', points, imageCalibration: imageCalibration(group, ref, at, ctx) };
  }

  const edema = childCode(group, CODES.edema);
  const ageSource = childCode(group, CODES.fractureAgeSource);
  const age = keyOfCode(AGE_CODES, childCode(group, CODES.fractureAge));
  const extent = childCode(group, CODES.edemaExtent);
  const sequence = childCode(group, CODES.edemaSequence);
  const signal = childNum(group, CODES.signalRatio);
  const note = items(group.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.comment));
  let spine: ReturnType<typeof readSpineItems>;
  try {
    const own = measurement;
    spine = readSpineItems(group, at, (image) =>
      own?.space === 'image' && own.sopInstanceUid === image.sopInstanceUid && own.frameNumber === image.frameNumber ? own.imageCalibration : null,
    );
  } catch (error) {
    throw new SrProblem(error instanceof Error ? error.message : String(error));
  }
  if (!measurement && !edema && Object.keys(spine).length === 0) {
    throw new SrProblem(`${at}: neither heights nor an edema, posterior wall, augmentation or canal assessment`);
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
    suspiciousForMalignancy: sameCode(childCode(group, CODES.suspiciousForMalignancy), CODES.yes),
    note: note ? str(note.TextValue) : '',
    ...spine,
  };
}

function heightName(which: string): string {
  return which === 'a' ? 'anterior' : which === 'm' ? 'middle' : 'posterior';
}

/**
 * The full-precision landmarks when they agree with the SCOORDs to 32-bit precision (the SR was not edited
 * since Kypho wrote it); else the SCOORD coordinates, with a warning when the text disagreed.
 */
function exactPoints(group: Item, scoord: SixPoints, at: string, warnings: string[]): SixPoints {
  const fromScoord = Object.fromEntries(POINT_KEYS.map((k) => [k, scoord[k].map((c) => c - 0.5)])) as SixPoints;
  const textItem = items(group.ContentSequence).find((i) => i.ValueType === 'TEXT' && sameCode(concept(i), CODES.landmarks));
  if (!textItem) return fromScoord;
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
      return Array.isArray(p) && p.length === 2 && p.every((c, i) => typeof c === 'number' && Math.fround(c + 0.5) === Math.fround(scoord[k][i] as number));
    });
  if (agrees) return Object.fromEntries(POINT_KEYS.map((k) => [k, [...((exact as Record<string, number[]>)[k] as number[])]])) as SixPoints;
  warnings.push(`${at}: the full-precision landmarks disagree with the SCOORD coordinates; the coordinates are used.`);
  return fromScoord;
}

function imageCalibration(group: Item, ref: ImageRef, at: string, ctx: GroupContext): Calibration {
  const label = keyOfCode(CALIBRATION_CODES, childCode(group, CODES.calibration)) as CalibrationLabel | undefined;
  const spacing = [childNum(group, CODES.rowSpacing), childNum(group, CODES.columnSpacing)];
  const given = spacing.every((s) => s !== undefined && s > 0) ? (spacing as number[]) : undefined;
  if (!label) {
    // Another tool's SR: heights are in the image's own calibration, which only the viewer knows.
    const own = ctx.options.imageCalibration?.(ref);
    if (own) return own;
    throw new SrProblem(`${at}: no calibration item and the image is not loaded, so the heights cannot be recomputed`);
  }
  if (label !== 'px' && !given) throw new SrProblem(`${at}: calibration ${label} without both pixel spacings`);
  if (label !== 'mm (user)') return calibrationFromLabel(label, given);
  ctx.userCalibrations[imageKey(ref)] = calibrationFromLabel('mm (user)', given);
  const ownLabel = keyOfCode(CALIBRATION_CODES, childCode(group, CODES.imageCalibration)) as CalibrationLabel | undefined;
  if (ownLabel && ownLabel !== 'mm (user)') {
    const ownSpacing = [childNum(group, CODES.imageRowSpacing), childNum(group, CODES.imageColumnSpacing)];
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

/** ContentDate + ContentTime (+ offset) as an RFC 3339 date-time, or undefined. */
function contentDateTime(dataset: Item): string | undefined {
  const date = str(dataset.ContentDate);
  const time = str(dataset.ContentTime);
  if (!/^\d{8}$/.test(date) || !/^\d{6}/.test(time)) return undefined;
  const offset = str(dataset.TimezoneOffsetFromUTC);
  const zone = /^[+-]\d{4}$/.test(offset) ? (offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3)}`) : 'Z';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}${zone}`;
}
