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
  ) {
    super(message);
    this.name = 'DicomWebError';
  }

  /** Worth trying again: the network, an overloaded or restarting server. */
  get transient(): boolean {
    return this.kind === 'unreachable' || (this.kind === 'server-error' && this.status !== 501);
  }
}

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
}

/** The fetch used by every request; tests of servers that misbehave replace it. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * One request to the server (path relative to its root, e.g. `studies?limit=10`). Resolves with an OK
 * response; any failure becomes a DicomWebError naming the server.
 */
export async function request(server: DicomWebServer, path: string, options: RequestOptions, fetchImpl: Fetch = fetch): Promise<Response> {
  const url = `${server.root}/${path}`;
  const headers: Record<string, string> = { Accept: options.accept };
  const authorization = authorizationHeader(server.auth);
  if (authorization) headers.Authorization = authorization;
  if (options.contentType) headers['Content-Type'] = options.contentType;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body as BodyInit | undefined,
      signal: options.signal,
      // Credentials go in the Authorization header only; cookies of the page are not the reader's PACS login.
      credentials: 'omit',
    });
  } catch (error) {
    if (options.signal?.aborted) throw new DicomWebError('cancelled', `${options.what} on "${server.name}" was cancelled`);
    throw new DicomWebError(
      'unreachable',
      `Cannot reach the DICOMweb server "${server.name}" at ${server.root} (${errorText(error)}). ` +
        'Check that it is running and that the address is right; a server on another origin must allow this page (CORS).',
    );
  }
  if (response.ok || options.answerStatuses?.includes(response.status)) return response;
  throw statusError(server, response, options.what);
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
