import { DicomWebError, errorText, request, type CallOptions } from './http';
import { uid } from './instance';
import { firstNumber, isDicomJsonDataset, items, type DicomJsonDataset } from './json';
import { buildMultipart, makeBoundary } from './multipart';
import type { DicomWebServer } from './server';

export interface StoreFailure {
  readonly sopInstanceUid: string;
  readonly reason: string;
}

/** What the server confirmed: every object sent is either stored or failed, with the reason. */
export interface StoreResult {
  readonly stored: string[];
  readonly failed: StoreFailure[];
}

/** Failure Reason (0008,1197) values of PS3.4 and PS3.18, in words. */
const FAILURE_REASONS: Readonly<Record<number, string>> = {
  0x0110: 'processing failure',
  0x0112: 'no such object instance',
  0x0119: 'class-instance conflict',
  0x0122: 'SOP class not supported',
  0x0124: 'not authorized',
  0x0131: 'duplicate transaction UID',
  0xa700: 'out of resources',
  0xa701: 'out of resources: unable to calculate the number of matches',
  0xa702: 'out of resources: unable to perform sub-operations',
  0xa770: 'the transfer syntax is not supported',
  0xa900: 'the data set does not match the SOP class',
  0xc000: 'the server cannot understand the object',
  0xc122: 'the referenced transfer syntax is not supported',
};

/**
 * Stores DICOM Part 10 objects on the server (STOW-RS, one request) and checks the answer: an object
 * the server neither lists as stored nor as failed counts as failed, so nothing is reported stored
 * that the server did not confirm. Throws a DicomWebError when the request itself fails.
 */
export async function storeInstances(
  server: DicomWebServer,
  objects: readonly Uint8Array[],
  { signal, fetchImpl, timing }: CallOptions = {},
): Promise<StoreResult> {
  if (objects.length === 0) return { stored: [], failed: [] };
  const sent = objects.map((bytes, index) => sopInstanceUidOf(bytes) ?? `object ${index + 1} (no SOP Instance UID)`);
  const what = `storing ${objects.length === 1 ? 'one object' : `${objects.length} objects`}`;
  const boundary = makeBoundary(objects);
  const body = buildMultipart(objects, 'application/dicom', boundary);
  let answer: DicomJsonDataset | undefined;
  try {
    answer = await request(
      server,
      'studies',
      {
        method: 'POST',
        accept: 'application/dicom+json',
        contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
        body,
        what,
        signal,
        // 409 Conflict: nothing was stored, and the answer says why for each object.
        answerStatuses: [409],
        timing,
      },
      (response) => readAnswer(server, response, what),
      fetchImpl,
    );
  } catch (error) {
    // Some servers (Orthanc 1.10) keep the good objects of a request they answer with an error.
    if (error instanceof DicomWebError && objects.length > 1 && (error.kind === 'bad-response' || error.kind === 'server-error')) {
      throw new DicomWebError(error.kind, `${error.message} Some of the objects may have been stored anyway: check the study on the server.`, error.status);
    }
    throw error;
  }
  return checkAnswer(server, sent, answer, what);
}

async function readAnswer(server: DicomWebServer, response: Response, what: string): Promise<DicomJsonDataset | undefined> {
  const body = await response.text();
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    // Some servers wrap the one response data set in an array.
    const dataset = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
    if (isDicomJsonDataset(dataset)) return dataset;
  } catch (error) {
    throw new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent an invalid answer to ${what}: ${errorText(error)}.`);
  }
  throw new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent an invalid answer to ${what}: not a DICOM JSON data set.`);
}

function checkAnswer(server: DicomWebServer, sent: readonly string[], answer: DicomJsonDataset | undefined, what: string): StoreResult {
  if (answer === undefined) {
    throw new DicomWebError('bad-response', `The DICOMweb server "${server.name}" confirmed nothing for ${what} (empty answer): check in the PACS whether it was stored.`);
  }
  const stored = new Set(items(answer, '00081199').map((item) => uid(item, '00081155')).filter((value) => value !== undefined));
  const failed = new Map<string, string>();
  for (const item of items(answer, '00081198')) {
    const sopInstanceUid = uid(item, '00081155');
    if (sopInstanceUid === undefined) continue;
    const code = firstNumber(item, '00081197');
    failed.set(sopInstanceUid, code === undefined ? 'failed, no reason given' : `${FAILURE_REASONS[code] ?? 'failed'} (0x${code.toString(16).toUpperCase().padStart(4, '0')})`);
  }
  const result: StoreResult = { stored: [], failed: [] };
  for (const sopInstanceUid of sent) {
    if (failed.has(sopInstanceUid)) result.failed.push({ sopInstanceUid, reason: failed.get(sopInstanceUid)! });
    else if (stored.has(sopInstanceUid)) result.stored.push(sopInstanceUid);
    else result.failed.push({ sopInstanceUid, reason: 'the server did not confirm it' });
  }
  return result;
}

/** The SOP Instance UID (0008,0018) of a Part 10 file, read from its meta header (0002,0003). */
function sopInstanceUidOf(bytes: Uint8Array): string | undefined {
  if (bytes.length < 144 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return undefined;
  let at = 132;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The meta header is always Explicit VR Little Endian, group 0002 only.
  while (at + 8 <= bytes.length && view.getUint16(at, true) === 0x0002) {
    const element = view.getUint16(at + 2, true);
    const vr = String.fromCharCode(bytes[at + 4], bytes[at + 5]);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV'].includes(vr);
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const valueAt = at + (long ? 12 : 8);
    if (element === 0x0003) {
      return String.fromCharCode(...bytes.subarray(valueAt, valueAt + length)).replace(/[\0\s]+$/, '');
    }
    at = valueAt + length;
  }
  return undefined;
}
