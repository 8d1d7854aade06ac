/**
 * A teaching pack on a DICOMweb server, the viewer's side: the case study opened by its UID without its reports
 * (the reference SR is the trainee's only once the case is submitted), and the reference SR read after submit.
 */
import type { Calibration } from '../morphometry';
import { retrieveInstance, type DicomWebServer, type SeriesSummary, type StudySummary } from '../dicom/dicomweb';
import type { ReadingDocument } from '../persistence/readingDocument';
import { readSr } from '../persistence/sr/srRead';
import type { ImageRef } from '../reading';
import type { PackCase, ServerReference } from '../teaching/pack';

/** What a trainee does when a case on the server does not open. */
const SERVER_ADVICE =
  'Set up the server the teacher stored the pack on with "Open from PACS…" → "Servers…" (its address, and your user name and password), then try again.';

/** A study to open from the PACS when only its UID is known: the rest comes with its series. */
export function studyKnownByUid(studyInstanceUid: string): StudySummary {
  return {
    studyInstanceUid,
    patientName: undefined,
    patientId: undefined,
    patientBirthDate: undefined,
    patientSex: undefined,
    studyDate: undefined,
    studyTime: undefined,
    description: undefined,
    accessionNumber: undefined,
    modalities: [],
    seriesCount: undefined,
    instanceCount: undefined,
  };
}

/** The series a trainee's copy of a case leaves on the server: every report, the reference SR above all. */
export function reportsOf(packCase: PackCase): (series: SeriesSummary) => boolean {
  const reference = typeof packCase.reference === 'string' ? null : packCase.reference.seriesInstanceUid;
  return (series) => series.modality === 'SR' || series.seriesInstanceUid === reference;
}

/** Why a case's study did not come from the server (none set up, or its answer), in the words a trainee acts on. */
export function caseNotOnServer(server: { name: string } | { error: string }, error = ''): Error {
  if ('error' in server) return new Error(`its study is on a DICOMweb server, and none is set up (${server.error}) ${SERVER_ADVICE}`);
  return new Error(`its study is on a DICOMweb server, and "${server.name}" did not give it. ${/[.!?]$/.test(error) ? error : `${error}.`} ${SERVER_ADVICE}`);
}

/** The reference SR stored on the server, as a reading document. */
export async function readReferenceSr(
  server: DicomWebServer,
  studyInstanceUid: string,
  reference: ServerReference,
  imageCalibration: (image: ImageRef) => Calibration | null,
): Promise<ReadingDocument> {
  const read = readSr(await retrieveInstance(server, { studyInstanceUid, ...reference }), { imageCalibration });
  if (!read.ok) throw new Error(`the reference SR on "${server.name}": ${read.problems.join('; ')}`);
  return read.document;
}
