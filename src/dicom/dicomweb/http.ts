import { isDicomJsonDataset, type DicomJsonDataset } from './json';
import { authorizationHeader, type DicomWebServer } from './server';

/** What went wrong talking to a server, for code that reacts differently (e.g. retries only the transient). */
export type DicomWebErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'server-error'
  | 'bad-response'
  | 'cancelled';

/** A failed request, with a message that names the server, what was asked, and what to do. */
export class DicomWebError extends Error {
  constructor(
    readonly kind: DicomWebErrorKind,
    message: string,
    readonly status?: number,
    /** The server stopped sending: no answer, or no more bytes of it, for the stall time. */
    readonly stalled = false,
  ) {
    super(message);
    this.name = 'DicomWebError';
  }

  /** Worth trying again: the network, an overloaded or restarting server. */
  get transient(): boolean {
    return this.kind === 'unreachable' || (this.kind === 'server-error' && this.status !== 501);
  }

  /** What went wrong in a few words, for a line that stands for many failures ("12 images ...: server not answering"). */
  get summary(): string {
    return FAILURE_SUMMARY[this.kind];
  }
}

const FAILURE_SUMMARY: Record<DicomWebErrorKind, string> = {
  unreachable: 'server not answering',
  unauthorized: 'the server refused the credentials',
  forbidden: 'the server refused access',
  'not-found': 'not on the server',
  'server-error': 'server error',
  'bad-response': 'invalid answer from the server',
  cancelled: 'cancelled',
};

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly accept: string;
  readonly body?: Uint8Array;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** What is asked, in the reader's words ("the study search"), for messages. */
  readonly what: string;
  /** Error statuses whose answer the caller reads itself (e.g. STOW-RS 409 lists why each object failed). */
  readonly answerStatuses?: readonly number[];
  readonly timing?: Timing;
}

/** The fetch used by every request; tests of servers that misbehave replace it. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** What every public call of the client takes besides its own arguments. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly fetchImpl?: Fetch;
  readonly timing?: Timing;
}

/** How long to wait for a server, and how often to ask again. */
export interface Timing {
  /** A request that receives nothing for this long (no headers, no bytes of the body) has stalled. */
  readonly stallMs: number;
  /** Tries of a request that failed transiently (network, stall, 5xx); the waits between them double. */
  readonly attempts: number;
  readonly firstRetryDelayMs: number;
}

/**
 * The one policy of every DICOMweb request, frames included (viewer/dicomwebImages.ts). 10 s without a
 * byte is far beyond what a PACS takes to start answering one object, and short enough that a stalled
 * connection costs the reader a wait, not the series.
 */
export const DEFAULT_TIMING: Timing = { stallMs: 10_000, attempts: 3, firstRetryDelayMs: 500 };

/** An upload is allowed this much time per byte before its answer is due (STOW-RS: fetch reports no upload progress). */
const UPLOAD_MS_PER_BYTE = 1 / 250; // 250 kB/s, a slow hospital uplink

/**
 * One exchange with the server (path relative to its root, e.g. `studies?limit=10`): the request, then
 * `read` of its OK answer, tried again as the timing says when it fails transiently (a stall, a
 * connection cut mid-answer, a restarting server). Any failure becomes a DicomWebError naming the server.
 */
export async function request<T>(
  server: DicomWebServer,
  path: string,
  options: RequestOptions,
  read: (response: Response) => Promise<T>,
  fetchImpl: Fetch = fetch,
): Promise<T> {
  const timing = options.timing ?? DEFAULT_TIMING;
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(server, path, options, read, fetchImpl, timing);
    } catch (error) {
      if (!(error instanceof DicomWebError) || !error.transient || options.signal?.aborted) throw error;
      if (attempt >= timing.attempts) {
        throw new DicomWebError(error.kind, `${error.message} Tried ${attempt} times.`, error.status, error.stalled);
      }
      await delay(timing.firstRetryDelayMs * 2 ** (attempt - 1), options.signal);
    }
  }
}

/** Raised inside a request when nothing arrived for too long. */
class Stall extends Error {}

async function exchangeOnce<T>(
  server: DicomWebServer,
  path: string,
  options: RequestOptions,
  read: (response: Response) => Promise<T>,
  fetchImpl: Fetch,
  timing: Timing,
): Promise<T> {
  const url = `${server.root}/${path}`;
  const headers: Record<string, string> = { Accept: options.accept };
  const authorization = authorizationHeader(server.auth);
  if (authorization) headers.Authorization = authorization;
  if (options.contentType) headers['Content-Type'] = options.contentType;
  const controller = new AbortController();
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel);
  const seconds = Number((timing.stallMs / 1000).toFixed(1));
  const stalled = (during: string) =>
    new DicomWebError(
      'unreachable',
      `The DICOMweb server "${server.name}" stopped answering ${options.what} (nothing received for ${seconds} s ${during}).`,
      undefined,
      true,
    );
  try {
    let response: Response;
    try {
      const answerDue = timing.stallMs + (options.body?.length ?? 0) * UPLOAD_MS_PER_BYTE;
      response = await withStall(
        fetchImpl(url, {
          method: options.method ?? 'GET',
          headers,
          body: options.body as BodyInit | undefined,
          signal: controller.signal,
          // Credentials go in the Authorization header only; cookies of the page are not the reader's PACS login.
          credentials: 'omit',
        }),
        answerDue,
        controller,
      );
    } catch (error) {
      if (options.signal?.aborted) throw cancelled(server, options.what);
      if (error instanceof Stall) throw stalled('while waiting for its answer');
      throw new DicomWebError(
        'unreachable',
        `Cannot reach the DICOMweb server "${server.name}" at ${server.root} (${errorText(error)}). ` +
          'Check that it is running and that the address is right; a server on another origin must allow this page (CORS).',
      );
    }
    if (!response.ok && !options.answerStatuses?.includes(response.status)) throw statusError(server, response, options.what);
    try {
      return await read(watchBody(response, timing.stallMs, controller));
    } catch (error) {
      if (error instanceof DicomWebError) throw error;
      if (options.signal?.aborted) throw cancelled(server, options.what);
      if (error instanceof Stall) throw stalled('in the middle of its answer');
      throw new DicomWebError(
        'unreachable',
        `The answer of the DICOMweb server "${server.name}" to ${options.what} was cut off (${errorText(error)}).`,
      );
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
}

function cancelled(server: DicomWebServer, what: string): DicomWebError {
  return new DicomWebError('cancelled', `${what} on "${server.name}" was cancelled`);
}

/** `promise`, or a Stall (and the request aborted) when it takes longer than `ms`. */
async function withStall<T>(promise: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Stall());
    }, ms);
  });
  try {
    return await Promise.race([promise, stall]);
  } finally {
    clearTimeout(timer);
  }
}

/** The response with a body that fails with a Stall when no bytes arrive for `ms`. */
function watchBody(response: Response, ms: number, controller: AbortController): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(stream) {
      try {
        const chunk = await withStall(reader.read(), ms, controller);
        if (chunk.done) stream.close();
        else stream.enqueue(chunk.value);
      } catch (error) {
        void reader.cancel().catch(() => undefined);
        stream.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The error for a non-OK answer, in words a reader can act on. */
export function statusError(server: DicomWebServer, response: Pick<Response, 'status' | 'statusText'>, what: string): DicomWebError {
  const { status } = response;
  const code = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const name = `"${server.name}"`;
  if (status === 401) {
    const advice =
      server.auth.kind === 'none'
        ? 'it needs a user name and password or a token: add them in the server settings'
        : 'check the user name and password, or the token, in the server settings';
    return new DicomWebError('unauthorized', `The DICOMweb server ${name} refused the credentials (${code}) for ${what}: ${advice}.`, status);
  }
  if (status === 403) {
    return new DicomWebError('forbidden', `The DICOMweb server ${name} refused ${what} to this user (${code}).`, status);
  }
  if (status === 404) {
    return new DicomWebError(
      'not-found',
      `The DICOMweb server ${name} has no answer for ${what} (${code}): check the root URL ${server.root}, or the object was deleted.`,
      status,
    );
  }
  if (status === 502 || status === 503 || status === 504) {
    return new DicomWebError(
      'unreachable',
      `The DICOMweb server ${name} is not reachable (${code} from the proxy in front of it) for ${what}: is it running?`,
      status,
    );
  }
  if (status >= 500) return new DicomWebError('server-error', `The DICOMweb server ${name} had an internal error (${code}) for ${what}.`, status);
  return new DicomWebError('bad-response', `The DICOMweb server ${name} refused ${what} (${code}).`, status);
}

/**
 * A JSON array of DICOM data sets (QIDO-RS results, WADO-RS metadata), checked: a server that answers
 * with HTML, truncated JSON or anything else gets a message saying so. 204 No Content is an empty list.
 */
export async function readDatasets(server: DicomWebServer, response: Response, what: string): Promise<DicomJsonDataset[]> {
  if (response.status === 204) return [];
  const bad = (detail: string) => new DicomWebError('bad-response', `The DICOMweb server "${server.name}" sent an invalid answer to ${what}: ${detail}.`);
  const type = response.headers.get('Content-Type') ?? '';
  const body = await response.text();
  if (body.trim() === '') return [];
  if (!/json/i.test(type)) throw bad(`expected DICOM JSON, got ${type ? `"${type.split(';')[0]}"` : 'no content type'}${looksLikeHtml(body) ? ' (an HTML page: is the root URL right?)' : ''}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw bad(`the JSON does not parse (${errorText(error)})`);
  }
  if (!Array.isArray(parsed)) throw bad('expected a JSON array of data sets');
  const index = parsed.findIndex((item) => !isDicomJsonDataset(item));
  if (index >= 0) throw bad(`item ${index + 1} is not a DICOM JSON data set`);
  return parsed as DicomJsonDataset[];
}

function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html)/i.test(body);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
