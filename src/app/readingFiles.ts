/**
 * The viewer's side of export and import: which study, which images, which file name; the formats themselves
 * are src/persistence's. Import reads a whole file and refuses it whole: nothing is applied until every check passed.
 */
import type { StudyCollection } from '../dicom';
import type { Calibration, Comparison } from '../morphometry';
import { readingCsv } from '../persistence/csv';
import { downloadFile } from '../persistence/download';
import { fromReadingDocument, type ReadingDocument } from '../persistence/readingDocument';
import { readSr } from '../persistence/sr/srRead';
import { withFollowUp } from '../persistence/sr/followUpSr';
import { encodeSr, srDataset, type Reader, type SrContext, type SrImage } from '../persistence/sr/srWrite';
import { parseReadingJson } from '../persistence/validateReading';
import type { SignedReading, SignOff } from '../persistence/signOff';
import { newUid } from '../persistence/sr/uid';
import type { ImageRef, ReadingState } from '../reading';
import type { ImageSource } from './seriesImages';

export type ExportFormat = 'json' | 'sr' | 'sr-signed' | 'csv';

/** `PATIENTID_20260101_kypho-reading.json`: what the file is, and whose. */
export function exportName(document: ReadingDocument, format: ExportFormat): string {
  const who = [document.study.patientId, document.study.studyDate].filter(Boolean).join('_').replace(/[^\w.-]+/g, '-') || 'study';
  const ending = { sr: 'sr.dcm', 'sr-signed': 'sr-signed.dcm', csv: 'reading.csv', json: 'reading.json' }[format];
  return `${who}_kypho-${ending}`;
}

/** The patient, study and image attributes of a loaded study, for the SR. */
export function srContext(
  collection: StudyCollection<ImageSource>,
  studyInstanceUid: string,
  reader: Reader | null = null,
  signedAt?: Date,
): SrContext {
  const images = new Map<string, SrImage>();
  let first = null;
  for (const patient of collection.patients) {
    for (const study of patient.studies) {
      if (study.studyInstanceUid !== studyInstanceUid) continue;
      for (const series of study.series) {
        for (const instance of series.instances) {
          first ??= instance;
          images.set(instance.sopInstanceUid, {
            sopClassUid: instance.sopClassUid,
            seriesInstanceUid: instance.seriesInstanceUid,
            numberOfFrames: instance.numberOfFrames,
            frameOfReferenceUid: instance.frameOfReferenceUid,
          });
        }
      }
    }
  }
  return {
    patient: { name: first?.patientName, id: first?.patientId, birthDate: first?.patientBirthDate, sex: first?.patientSex },
    study: {
      studyInstanceUid,
      date: first?.studyDate,
      time: first?.studyTime,
      accessionNumber: first?.accessionNumber,
      description: first?.studyDescription,
    },
    images,
    ...(reader && { observer: reader }),
    ...(signedAt && { signedAt }),
  };
}

/** Writes one export; throws (SrExportError) with the reason when the SR cannot hold the reading. */
export function exportReading(
  document: ReadingDocument,
  format: ExportFormat,
  collection: StudyCollection<ImageSource>,
  followUp: FollowUpExport | null = null,
  reader: Reader | null = null,
  signOff: SignOff = {},
): string {
  const name = exportName(document, format);
  if (format === 'json') downloadFile(name, `${JSON.stringify(document, null, 2)}\n`, 'application/json');
  if (format === 'csv') downloadFile(name, `\uFEFF${readingCsv(document, followUp?.comparison)}`, 'text/csv;charset=utf-8');
  if (format === 'sr-signed') {
    if (!signOff.signed) throw new Error('the reading is not signed: Sign it first');
    downloadFile(name, signOff.signed.bytes as Uint8Array<ArrayBuffer>, 'application/dicom');
  }
  if (format === 'sr') downloadFile(name, preliminarySr(document, collection, followUp, reader, signOff) as Uint8Array<ArrayBuffer>, 'application/dicom');
  return name;
}

/**
 * The reading's SR as it stands, unsigned: a new document every time (new SOP Instance and Series UIDs),
 * naming the signed SR it amends, if any. A signed reading has one SR, the one written when it was signed.
 */
export function preliminarySr(
  document: ReadingDocument,
  collection: StudyCollection<ImageSource>,
  followUp: FollowUpExport | null,
  reader: Reader | null,
  signOff: SignOff,
): Uint8Array {
  if (signOff.signed) throw new Error('the reading is signed: its SR is the Signed DICOM SR (Amend to change the reading)');
  const context = srContext(collection, document.study.studyInstanceUid, reader);
  return readingSr(document, { ...context, ...(signOff.amends && { predecessor: signOff.amends.sr }) }, collection, followUp);
}

/**
 * Signs the reading as it stands: its SR written once, VERIFIED by the reader at `at`, with its own new UIDs.
 * The bytes are what every later export or store of the signed reading sends.
 */
export function signReading(
  document: ReadingDocument,
  collection: StudyCollection<ImageSource>,
  followUp: FollowUpExport | null,
  reader: Reader,
  signOff: SignOff,
  at = new Date(),
): SignedReading {
  const context: SrContext = {
    ...srContext(collection, document.study.studyInstanceUid, reader, at),
    now: at,
    seriesInstanceUid: newUid(),
    sopInstanceUid: newUid(),
    ...(signOff.amends && { predecessor: signOff.amends.sr }),
  };
  const dataset = readingSrDataset(document, context, collection, followUp);
  const bytes = encodeSr(dataset);
  const sopClassUid = dataset.SOPClassUID as string;
  return {
    reader,
    at: at.toISOString(),
    sr: {
      studyInstanceUid: document.study.studyInstanceUid,
      seriesInstanceUid: context.seriesInstanceUid!,
      sopInstanceUid: context.sopInstanceUid!,
      sopClassUid,
    },
    bytes,
  };
}

/** A reading compared with a prior one: what its exports add (morphometry.md section 9). */
export interface FollowUpExport {
  comparison: Comparison;
  prior: ReadingDocument;
}

/** The reading's SR; in a follow-up, with the prior study referenced and the change per level. */
export function readingSr(
  document: ReadingDocument,
  context: SrContext,
  collection: StudyCollection<ImageSource>,
  followUp: FollowUpExport | null = null,
): Uint8Array {
  return encodeSr(readingSrDataset(document, context, collection, followUp));
}

function readingSrDataset(
  document: ReadingDocument,
  context: SrContext,
  collection: StudyCollection<ImageSource>,
  followUp: FollowUpExport | null = null,
): Record<string, unknown> {
  const dataset = srDataset(document, context);
  if (!followUp) return dataset;
  const priorImages = srContext(collection, followUp.comparison.prior.studyInstanceUid).images;
  return withFollowUp(dataset, { ...followUp, priorImages });
}

export type ImportResult =
  | { ok: true; studyInstanceUid: string; reading: ReadingState; created?: string; warnings: string[]; signOff: SignOff }
  | { ok: false; problems: string[] };

/** Reads a reading JSON or a Kypho SR (told apart by their bytes) for a study that is open. */
export function importReading(
  name: string,
  bytes: Uint8Array,
  loadedStudies: ReadonlySet<string>,
  imageCalibration: (image: ImageRef) => Calibration | null,
): ImportResult {
  const fail = (problems: string[]): ImportResult => ({ ok: false, problems: problems.map((p) => `${name}: ${p}`) });
  let document: ReadingDocument;
  let warnings: string[] = [];
  let reading;
  let signOff: SignOff = {};
  if (looksLikeJson(bytes)) {
    const parsed = parseReadingJson(new TextDecoder().decode(bytes));
    if (!parsed.ok) return fail(parsed.problems);
    document = parsed.document;
    const read = fromReadingDocument(document, { imageCalibration });
    reading = read.reading;
    warnings = read.warnings;
  } else {
    const read = readSr(bytes, { imageCalibration });
    if (!read.ok) return fail(read.problems);
    document = read.document;
    reading = read.reading;
    warnings = read.warnings;
    // A signed SR stays the signed reading (locked, its bytes what every export sends); an amendment still names
    // the SR it amends.
    const { signed, predecessor } = read.signOff;
    if (signed) signOff = { signed: { ...signed, bytes } };
    else if (predecessor) signOff = { amends: { sr: predecessor } };
  }
  const uid = document.study.studyInstanceUid;
  if (!loadedStudies.has(uid)) return fail([`the reading is of study ${uid}, which is not open: open its images first`]);
  return {
    ok: true,
    studyInstanceUid: uid,
    reading,
    ...(document.created && { created: document.created }),
    warnings: warnings.map((w) => `${name}: ${w}`),
    signOff,
  };
}

function looksLikeJson(bytes: Uint8Array): boolean {
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') || start.startsWith('[');
}
