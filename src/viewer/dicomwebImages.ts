import { Enums, registerImageLoader, type Types } from '@cornerstonejs/core';
import { createImage, internal, wadors } from '@cornerstonejs/dicom-image-loader';
import { getTransferSyntaxForContentType } from '@cornerstonejs/dicom-image-loader/wadors/loadImage';
import { authorizationHeader, DEFAULT_TIMING, DicomWebError, firstPart, frameUrl, statusError, type DicomWebServer, type DicomWebSource } from '../dicom/dicomweb';
import { nameImage } from './imageIds';

// Frames of DICOMweb instances reach Cornerstone through its WADO-RS loader (`wadors:` image ids), with
// the instance metadata registered beforehand, the server's credentials on every request, and a few
// retries for what is transient, with the timing of every other DICOMweb request: a frame request that
// receives nothing for the stall time is aborted and tried again. A frame that still fails rejects with
// a message naming the server.
// A frame is fetched apart from its decoding (`fetchFrame`), so that the prefetch keeps the connections busy
// while the decoders work: the loader decodes what was fetched, and fetches only what was not.

const { attempts: FRAME_ATTEMPTS, firstRetryDelayMs: FIRST_RETRY_DELAY_MS, stallMs: STALL_MS } = DEFAULT_TIMING;

/** Frame requests aborted by the watchdog because nothing came for the stall time. */
const stalledRequests = new WeakSet<XMLHttpRequest>();

/** The servers whose frames are loaded, by root URL, for the credentials and the messages. */
const servers = new Map<string, DicomWebServer>();
const registered = new Set<string>();

/** The image id of one frame (1-based) of a DICOMweb instance; registers the instance's metadata once. */
export function dicomWebImageId(source: DicomWebSource, frame: number, name: string): string {
  const imageId = `wadors:${frameUrl(source.server, source.address, frame)}`;
  updateDicomWebServer(source.server);
  // Cornerstone's WADO-RS metadata provider reads the DICOM JSON model as the server sent it, and finds the
  // metadata of every frame of a multi-frame instance under its first frame. It marks the object it is
  // given and sets the frame's attributes on it (top-level keys only), so it gets a copy of the top level, not the
  // study model's object; a deep copy of each of a series' datasets cost the first image ~10-20 ms.
  const firstFrame = `wadors:${frameUrl(source.server, source.address, 1)}`;
  if (!registered.has(firstFrame)) {
    wadors.metaDataManager.add(firstFrame, { ...source.metadata } as Parameters<typeof wadors.metaDataManager.add>[1]);
    registered.add(firstFrame);
  }
  nameImage(imageId, frame > 1 ? `${name}, frame ${frame}` : name);
  return imageId;
}

/** The credentials (and name) to use from now on for the frames of this server, e.g. after the reader corrected a password. */
export function updateDicomWebServer(server: DicomWebServer): void {
  servers.set(server.root, server);
}

/**
 * Replaces the `wadors` loader with one that retries transient failures and names the server in the
 * error, and puts each server's credentials on its frame requests. Call once, after the loader's init().
 */
export function installDicomWebLoader(): void {
  installFrameRequests();
  registerImageLoader('wadors', loadFrame as unknown as Types.ImageLoaderFn);
}

let requestsInstalled = false;
/** The credentials and the stall watchdog on every frame request, also on one sent before Cornerstone is initialised. */
function installFrameRequests(): void {
  if (requestsInstalled) return;
  requestsInstalled = true;
  internal.setOptions({
    beforeSend: (xhr: XMLHttpRequest, imageId: string): Record<string, string> => {
      watchForStall(xhr);
      const server = serverOf(imageId);
      const authorization = server && authorizationHeader(server.auth);
      return authorization ? { Authorization: authorization } : {};
    },
  });
}

/**
 * Aborts the request when neither headers nor bytes arrive for the stall time: the loader's XMLHttpRequest
 * has no timeout of its own, and a connection that stays open without data would hold the frame forever.
 */
function watchForStall(xhr: XMLHttpRequest): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalledRequests.add(xhr);
      xhr.abort();
    }, STALL_MS);
  };
  arm();
  xhr.addEventListener('progress', arm);
  xhr.addEventListener('readystatechange', () => (xhr.readyState === XMLHttpRequest.DONE ? clearTimeout(timer) : arm()));
  xhr.addEventListener('loadend', () => clearTimeout(timer));
}

/** A frame's bytes as the server sent them, not yet decoded. */
interface FrameBytes {
  readonly pixelData: Uint8Array;
  readonly transferSyntax: string;
}

/** Frames fetched (or being fetched) and not yet decoded, by image id; the decoding takes its frame out. */
const fetched = new Map<string, Promise<FrameBytes>>();

/** The Accept header of Cornerstone's own WADO-RS frame requests: the frame in whatever syntax the server holds. */
const FRAME_MEDIA_TYPE = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

/**
 * Fetches a frame's bytes ahead of its decoding (the prefetch), with the retries of every frame request; the
 * image's load then decodes them without asking the server again. Resolves once the bytes are here, or once the
 * fetch has failed for good (the load then rejects with that failure). A frame already being fetched is not
 * asked for twice.
 */
export async function fetchFrame(imageId: string): Promise<void> {
  await frameBytes(imageId).catch(() => undefined);
}

/**
 * Asks for one frame of an instance before the viewer does (the frame a series shows first, issue 19), from when its
 * instance is known, not once the series is parsed and the viewer started: the viewer's load of that image then takes
 * these bytes, or this failure, as if it had asked itself.
 */
export function fetchFrameAhead(server: DicomWebServer, address: DicomWebSource['address'], frame: number): void {
  updateDicomWebServer(server);
  void fetchFrame(`wadors:${frameUrl(server, address, frame)}`);
}

/** Hands over a frame that came another way (the series in one answer, seriesStream.ts): the image's load decodes it. */
export function provideFrame(imageId: string, pixelData: Uint8Array, transferSyntax: string): void {
  fetched.set(imageId, Promise.resolve({ pixelData, transferSyntax }));
}

/** The server as it is to be asked now (with the credentials the reader last gave), by its root. */
export function currentServer(server: DicomWebServer): DicomWebServer {
  return servers.get(server.root) ?? server;
}

/** Forgets the bytes fetched for this image and not decoded (the prefetch was cancelled). */
export function dropFetchedFrame(imageId: string): void {
  fetched.delete(imageId);
}

function frameBytes(imageId: string): Promise<FrameBytes> {
  let bytes = fetched.get(imageId);
  if (!bytes) {
    bytes = fetchWithRetries(imageId, 1);
    fetched.set(imageId, bytes);
  }
  return bytes;
}

async function fetchWithRetries(imageId: string, number: number): Promise<FrameBytes> {
  installFrameRequests();
  try {
    // Cornerstone's own request (with beforeSend's credentials and stall watchdog), but not its multipart scan, which
    // walks every byte of the frame in script: on the main thread that was most of a frame's cost (issue 19).
    const request = internal.xhrRequest(imageId.replace(/^wadors:/, ''), imageId, { Accept: FRAME_MEDIA_TYPE }) as Promise<ArrayBuffer> & { xhr: XMLHttpRequest };
    const body = await request;
    let part: { contentType: string; body: Uint8Array };
    try {
      part = firstPart(new Uint8Array(body), request.xhr.getResponseHeader('Content-Type') ?? 'application/octet-stream');
    } catch (malformed) {
      throw new Error(`invalid response - ${malformed instanceof Error ? malformed.message : String(malformed)}`);
    }
    // The frame alone in its buffer, at offset 0 (a part is its own copy; an answer that is not multipart is the whole
    // response): the decoders read 16- and 32-bit pixels from the buffer itself.
    return { pixelData: part.body, transferSyntax: getTransferSyntaxForContentType(part.contentType) };
  } catch (failure) {
    const error = frameError(imageId, failure);
    if (error instanceof DicomWebError && error.transient && number < FRAME_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_DELAY_MS * 2 ** (number - 1)));
      return fetchWithRetries(imageId, number + 1);
    }
    // Kept a DicomWebError, so that the failures of a series can be grouped by what went wrong.
    if (number === 1) throw error;
    throw error instanceof DicomWebError ? new DicomWebError(error.kind, `${error.message} Tried ${number} times.`, error.status, error.stalled) : new Error(`${error.message} Tried ${number} times.`);
  }
}

function loadFrame(imageId: string, options: Record<string, unknown>): { promise: Promise<Types.IImage>; cancelFn: undefined } {
  const bytes = frameBytes(imageId);
  // Taken out at once: a later load of this image (a retry, or after the cache let it go) fetches it again.
  fetched.delete(imageId);
  const decode = async (): Promise<Types.IImage> => {
    const { pixelData, transferSyntax } = await bytes;
    try {
      // The frame is in a buffer of its own, used by nothing else: it moves to the decode worker, not copied (scripts/decodeTransfers.ts).
      const image = (await createImage(imageId, pixelData, transferSyntax, { ...options, transferPixelData: true } as typeof options)) as Types.IImage;
      (image as Types.IImage & { transferSyntaxUID?: string }).transferSyntaxUID = transferSyntax;
      image.imageQualityStatus = Enums.ImageQualityStatus.FULL_RESOLUTION;
      return image;
    } catch (failure) {
      throw frameError(imageId, failure);
    }
  };
  return { promise: decode(), cancelFn: undefined };
}

/** The loader rejects with the XMLHttpRequest for HTTP failures, and with an Error when decoding fails. */
function frameError(imageId: string, failure: unknown): Error {
  const server = serverOf(imageId);
  const what = describeFrame(imageId);
  const status = typeof failure === 'object' && failure !== null && 'status' in failure ? Number((failure as XMLHttpRequest).status) : undefined;
  if (server && status !== undefined) {
    if (stalledRequests.has(failure as XMLHttpRequest)) {
      const seconds = STALL_MS / 1000;
      return new DicomWebError('unreachable', `The DICOMweb server "${server.name}" stopped answering ${what} (nothing received for ${seconds} s).`, undefined, true);
    }
    if (status === 0) {
      return new DicomWebError('unreachable', `Cannot reach the DICOMweb server "${server.name}" at ${server.root} for ${what} (network error).`);
    }
    return statusError(server, { status, statusText: (failure as XMLHttpRequest).statusText ?? '' }, what);
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  return new Error(`${what}${server ? ` from "${server.name}"` : ''} could not be decoded: ${reason}`);
}

function describeFrame(imageId: string): string {
  const match = /\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId);
  return match ? `frame ${match[2]} of object ${match[1]}` : imageId;
}

function serverOf(imageIdOrUrl: string): DicomWebServer | undefined {
  const url = imageIdOrUrl.replace(/^wadors:/, '');
  for (const [root, server] of servers) if (url.startsWith(`${root}/`)) return server;
  return undefined;
}
