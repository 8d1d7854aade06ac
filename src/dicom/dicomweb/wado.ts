import { DEFAULT_TIMING, DicomWebError, errorText, readDatasets, request, type CallOptions } from './http';
import type { DicomJsonDataset } from './json';
import { contentTypeParameter, MultipartReader, parseMultipart } from './multipart';
import { hasPart10Prefix } from '../part10';
import type { DicomWebServer } from './server';

/** Where one object lives on a server. */
export interface InstanceAddress {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
}

type Options = CallOptions;

/** The path of an instance under the server's root. */
export function instancePath({ studyInstanceUid, seriesInstanceUid, sopInstanceUid }: InstanceAddress): string {
  return `studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`;
}

/** The WADO-RS URL of one frame (1-based), as Cornerstone's wadors loader fetches it. */
export function frameUrl(server: DicomWebServer, address: InstanceAddress, frame: number): string {
  return `${server.root}/${instancePath(address)}/frames/${frame}`;
}

/** The metadata of every object of a series (WADO-RS), checked to be DICOM JSON. */
export async function retrieveSeriesMetadata(
  server: DicomWebServer,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  { signal, fetchImpl, timing }: Options = {},
): Promise<DicomJsonDataset[]> {
  const what = `the metadata of series ${seriesInstanceUid}`;
  const path = `studies/${studyInstanceUid}/series/${seriesInstanceUid}/metadata`;
  return request(server, path, { accept: 'application/dicom+json', what, signal, timing }, (response) => readDatasets(server, response, what), fetchImpl);
}

/** One whole object as a DICOM Part 10 file (WADO-RS), e.g. a structured report to read. */
export async function retrieveInstance(server: DicomWebServer, address: InstanceAddress, { signal, fetchImpl, timing }: Options = {}): Promise<Uint8Array> {
  const what = `object ${address.sopInstanceUid}`;
  const { contentType, body } = await request(
    server,
    instancePath(address),
    // The stored encoding: transcoding could lose what the object says.
    { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*', what, signal, timing },
    async (response) => ({ contentType: response.headers.get('Content-Type') ?? '', body: new Uint8Array(await response.arrayBuffer()) }),
    fetchImpl,
  );
  const bad = (detail: string) => new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent an invalid answer for ${what}: ${detail}.`);
  if (!/^multipart\/related/i.test(contentType)) throw bad(`expected multipart/related, got "${contentType || 'no content type'}"`);
  let parts;
  try {
    parts = parseMultipart(body, contentType);
  } catch (error) {
    throw bad(errorText(error));
  }
  if (parts.length !== 1) throw bad(`expected one DICOM object, got ${parts.length}`);
  const part = parts[0];
  const type = part.headers['content-type'] ?? contentTypeParameter(contentType, 'type') ?? '';
  if (!/application\/dicom/i.test(type)) throw bad(`expected application/dicom, got "${type || 'no content type'}"`);
  if (!hasPart10Prefix(part.body)) throw bad('the object is not a DICOM Part 10 file (no DICM preamble)');
  return part.body;
}

/**
 * Every object of a series in one answer (WADO-RS series retrieve, the stored encoding), each handed to `onObject` as a
 * Part 10 file as soon as its part has arrived; the body is read on once what onObject returns has settled, so a slow
 * consumer holds the server back instead of the bytes piling up. Asked once, not again: a caller that got part of the
 * series asks for the rest in its own way (frame by frame). Resolves with the number of objects.
 */
export async function streamSeries(
  server: DicomWebServer,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  onObject: (part10: Uint8Array) => void | Promise<void>,
  { signal, fetchImpl, timing = DEFAULT_TIMING }: Options = {},
): Promise<number> {
  const what = `the images of series ${seriesInstanceUid}`;
  const bad = (detail: string) => new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent an invalid answer for ${what}: ${detail}.`);
  return request(
    server,
    `studies/${studyInstanceUid}/series/${seriesInstanceUid}`,
    { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*', what, signal, timing: { ...timing, attempts: 1 } },
    async (response) => {
      const contentType = response.headers.get('Content-Type') ?? '';
      if (!/^multipart\/related/i.test(contentType) || !response.body) throw bad(`expected multipart/related, got "${contentType || 'no content type'}"`);
      let reader: MultipartReader;
      try {
        reader = new MultipartReader(contentType);
      } catch (error) {
        throw bad(errorText(error));
      }
      const chunks = response.body.getReader();
      let count = 0;
      for (;;) {
        const { done, value } = await chunks.read();
        let parts;
        try {
          if (done) reader.end();
          parts = done ? [] : reader.push(value);
        } catch (error) {
          throw bad(errorText(error));
        }
        for (const part of parts) {
          if (!hasPart10Prefix(part.body)) throw bad('an object is not a DICOM Part 10 file (no DICM preamble)');
          count++;
          await onObject(part.body);
        }
        if (done || reader.done) {
          if (!done) void chunks.cancel().catch(() => undefined);
          return count;
        }
      }
    },
    fetchImpl,
  );
}

/**
 * A small JPEG of one object rendered by the server (WADO-RS rendered resource), for thumbnails.
 * `size` asks the server to fit it in a square of that many pixels.
 */
export async function retrieveRendered(server: DicomWebServer, address: InstanceAddress, size: number, { signal, fetchImpl, timing }: Options = {}): Promise<Blob> {
  const what = `a preview of object ${address.sopInstanceUid}`;
  return request(
    server,
    `${instancePath(address)}/rendered?viewport=${size},${size}`,
    { accept: 'image/jpeg', what, signal, timing },
    (response) => {
      const type = response.headers.get('Content-Type') ?? '';
      if (!/^image\//i.test(type)) {
        throw new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent "${type || 'no content type'}" instead of an image for ${what}.`);
      }
      return response.blob();
    },
    fetchImpl,
  );
}

