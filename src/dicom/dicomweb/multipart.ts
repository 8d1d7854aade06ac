// multipart/related bodies (RFC 2387), as STOW-RS sends and WADO-RS answers.

export interface Part {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** A boundary that cannot occur in the parts (checked, and redrawn in the unlikely case it does). */
export function makeBoundary(parts: readonly Uint8Array[], random: () => number = Math.random): string {
  for (;;) {
    const boundary = `kypho-${Array.from({ length: 24 }, () => Math.floor(random() * 36).toString(36)).join('')}`;
    const marker = encoder.encode(`--${boundary}`);
    if (!parts.some((part) => indexOf(part, marker, 0) >= 0)) return boundary;
  }
}

/** The body of a multipart/related message whose parts all have one content type. */
export function buildMultipart(parts: readonly Uint8Array[], contentType: string, boundary: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encoder.encode(`--${boundary}${CRLF}Content-Type: ${contentType}${CRLF}${CRLF}`), part, encoder.encode(CRLF));
  }
  chunks.push(encoder.encode(`--${boundary}--${CRLF}`));
  return concat(chunks);
}

/** A parameter of a Content-Type header (`boundary`, `type`), unquoted. */
export function contentTypeParameter(contentType: string, name: string): string | undefined {
  const pattern = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i');
  const match = pattern.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The parts of a multipart body; throws an Error saying what is malformed. */
export function parseMultipart(body: Uint8Array, contentType: string): Part[] {
  const reader = new MultipartReader(contentType);
  const parts = reader.push(body);
  reader.end();
  return parts;
}

/**
 * Reads a multipart/related body as it arrives, e.g. a WADO-RS series retrieve of a hundred megabytes: push() each
 * chunk and get the parts it completed, end() when the body has ended. A part's Content-Length (Orthanc sends one) says
 * where it ends without searching its bytes, and its bytes are copied once, from the chunks straight into the part's own
 * buffer; without one, or when the boundary is not where it says, the boundary is searched for, from where the last
 * search stopped. Each part's body is a copy of its own, at offset 0 of its buffer. Throws an Error saying what is
 * malformed.
 */
export class MultipartReader {
  private readonly delimiter: Uint8Array;
  /** The delimiter as it follows a part's body: CR LF "--" boundary. */
  private readonly closing: Uint8Array;
  private buffer = new Uint8Array(64 * 1024);
  private length = 0;
  private state: 'preamble' | 'headers' | 'body' | 'after-delimiter' | 'done' = 'preamble';
  private headers: Record<string, string> = {};
  /** Where the reading is in the buffer. */
  private position = 0;
  /** Where the search for the next delimiter goes on from. */
  private searchFrom = 0;
  /** The body of the part being read, of its declared length, filled from the chunks as they come (not kept in the buffer). */
  private declared: { readonly body: Uint8Array; filled: number } | undefined;
  /** The part being read has no Content-Length, or one that the delimiter did not follow. */
  private lengthWrong = false;

  constructor(contentType: string) {
    const boundary = contentTypeParameter(contentType, 'boundary');
    if (!boundary) throw new Error(`no boundary in the content type "${contentType}"`);
    this.delimiter = encoder.encode(`--${boundary}`);
    this.closing = encoder.encode(`${CRLF}--${boundary}`);
  }

  /** Whether the closing delimiter has been read: nothing after it is a part. */
  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Uint8Array): Part[] {
    if (this.state === 'done') return [];
    const declared = this.declared;
    if (declared && declared.filled < declared.body.length) {
      const taken = Math.min(chunk.length, declared.body.length - declared.filled);
      declared.body.set(chunk.subarray(0, taken), declared.filled);
      declared.filled += taken;
      chunk = chunk.subarray(taken);
    }
    this.append(chunk);
    const parts: Part[] = [];
    for (let step = this.step(); step !== undefined; step = this.step()) if (step) parts.push(step);
    // Two bytes before the position are kept: the CR LF before a delimiter can be the blank line of an empty part.
    this.consume(Math.max(0, this.position - 2));
    return parts;
  }

  /** The body has ended: throws if it ended before the closing delimiter. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'preamble') throw new Error('the multipart body has no boundary line');
    throw new Error('the multipart body ends inside a part (no closing boundary)');
  }

  /** One step of the reading from the position: a part completed, null for another step, undefined when more bytes are needed. */
  private step(): Part | null | undefined {
    const bytes = this.buffer.subarray(0, this.length);
    const at = this.position;
    switch (this.state) {
      case 'preamble': {
        const found = indexOf(bytes, this.delimiter, Math.max(at, this.searchFrom));
        if (found < 0) {
          this.searchFrom = Math.max(at, this.length - this.delimiter.length + 1);
          return undefined;
        }
        this.state = 'after-delimiter';
        this.position = found + this.delimiter.length;
        return null;
      }
      case 'after-delimiter': {
        if (this.length - at < 2) return undefined;
        // "--" after a boundary closes the message.
        if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) {
          this.state = 'done';
          this.position = this.length;
          return undefined;
        }
        // Transport padding after a boundary is ignored, up to the end of the line.
        const lineEnd = indexOf(bytes, CRLF_BYTES, at);
        if (lineEnd < 0) return undefined;
        this.state = 'headers';
        this.position = lineEnd + 2;
        return null;
      }
      case 'headers': {
        if (this.length - at < 2) return undefined;
        // A part without headers starts with the blank line at once.
        let blankLine = at;
        if (!(bytes[at] === 0x0d && bytes[at + 1] === 0x0a)) {
          const headerEnd = indexOf(bytes, HEADER_END, at);
          if (headerEnd < 0) return undefined;
          this.headers = parseHeaders(new TextDecoder().decode(bytes.subarray(at, headerEnd)));
          blankLine = headerEnd + 2;
        } else this.headers = {};
        this.state = 'body';
        this.lengthWrong = false;
        this.position = blankLine + 2;
        this.searchFrom = blankLine;
        return null;
      }
      case 'body': {
        if (!this.lengthWrong) {
          const declared = this.declaredBody(bytes, at);
          if (declared !== null) return declared;
          // No Content-Length, or a wrong one: a step again, to search for the delimiter.
          if (this.lengthWrong) return null;
        }
        const delimiter = this.delimiterAfter(bytes, at);
        if (delimiter < 0) return undefined;
        this.state = 'after-delimiter';
        this.position = delimiter + this.closing.length;
        return { headers: this.headers, body: bytes.slice(at, Math.max(at, delimiter)) };
      }
      case 'done':
        return undefined;
    }
  }

  /**
   * The step of a body with a Content-Length: the part once its bytes and the delimiter after them are in, undefined
   * while they are coming, null (and lengthWrong) when there is no Content-Length or the delimiter is not where it says:
   * then the body's bytes are put back in front of the buffer, for the delimiter to be searched for.
   */
  private declaredBody(bytes: Uint8Array, at: number): Part | null | undefined {
    if (!this.declared) {
      const length = Number(this.headers['content-length']);
      if (!Number.isInteger(length) || length < 0) {
        this.lengthWrong = true;
        return null;
      }
      const body = new Uint8Array(length);
      const here = Math.min(length, bytes.length - at);
      body.set(bytes.subarray(at, at + here));
      this.declared = { body, filled: here };
      this.position = at += here;
    }
    const { body, filled } = this.declared;
    if (filled < body.length || bytes.length - at < this.closing.length) return undefined;
    this.declared = undefined;
    if (this.closing.every((byte, i) => bytes[at + i] === byte)) {
      this.state = 'after-delimiter';
      this.position = at + this.closing.length;
      return { headers: this.headers, body };
    }
    // The CR LF of the blank line goes back too: it begins the delimiter when the body is in fact empty.
    const rest = bytes.slice(at);
    this.length = 0;
    this.append(CRLF_BYTES);
    this.append(body);
    this.append(rest);
    this.position = 2;
    this.searchFrom = 0;
    this.lengthWrong = true;
    return null;
  }

  /** Where the delimiter after the body starting at `at` is (its CR), or -1 when more bytes are needed. */
  private delimiterAfter(bytes: Uint8Array, at: number): number {
    // The search starts at the blank line before the body: its CR LF begins the delimiter when the body is empty.
    const found = indexOf(bytes, this.closing, Math.max(this.searchFrom, 0));
    if (found < 0) {
      this.searchFrom = Math.max(at - 2, bytes.length - this.closing.length + 1);
      return -1;
    }
    return found;
  }

  private append(chunk: Uint8Array): void {
    this.reserve(this.length + chunk.length);
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }

  /** Room for `size` bytes, grown by doubling: a part is copied in once, however many chunks it comes in. */
  private reserve(size: number): void {
    if (size <= this.buffer.length) return;
    let capacity = this.buffer.length;
    while (capacity < size) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Drops the bytes before `at`, which have been read. */
  private consume(at: number): void {
    if (at === 0) return;
    this.buffer.copyWithin(0, at, this.length);
    this.length -= at;
    this.position -= at;
    this.searchFrom = Math.max(0, this.searchFrom - at);
  }
}

const CRLF_BYTES = encoder.encode(CRLF);
const HEADER_END = encoder.encode(`${CRLF}${CRLF}`);

/**
 * The first part of an answer that may be multipart (a WADO-RS frame): its body and content type; a body that is not
 * multipart is its own part. Found with the typed array's own search, not byte by byte in script: a frame is a few
 * hundred kilobytes, and a series has hundreds.
 */
export function firstPart(body: Uint8Array, contentType: string): { contentType: string; body: Uint8Array } {
  if (!/^multipart\//i.test(contentType)) return { contentType, body };
  const part = parseMultipart(body, contentType)[0];
  if (!part) throw new Error('the multipart body has no part');
  return { contentType: part.headers['content-type'] ?? contentTypeParameter(contentType, 'type') ?? 'application/octet-stream', body: part.body };
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first, from); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
