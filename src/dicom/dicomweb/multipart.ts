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
  const boundary = contentTypeParameter(contentType, 'boundary');
  if (!boundary) throw new Error(`no boundary in the content type "${contentType}"`);
  const delimiter = encoder.encode(`--${boundary}`);
  const parts: Part[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new Error('the multipart body has no boundary line');
  for (;;) {
    let start = at + delimiter.length;
    // "--" after a boundary closes the message.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return parts;
    start = skipLine(body, start);
    let headers: Record<string, string> = {};
    let bodyStart = start + 2;
    // A part without headers starts with the blank line at once.
    if (!(body[start] === 0x0d && body[start + 1] === 0x0a)) {
      const headerEnd = indexOf(body, encoder.encode(`${CRLF}${CRLF}`), start);
      if (headerEnd < 0) throw new Error('a part of the multipart body has no end of headers');
      headers = parseHeaders(new TextDecoder().decode(body.subarray(start, headerEnd)));
      bodyStart = headerEnd + 4;
    }
    const next = indexOf(body, encoder.encode(`${CRLF}--${boundary}`), bodyStart - 2);
    if (next < 0) throw new Error('the multipart body ends inside a part (no closing boundary)');
    parts.push({ headers, body: body.subarray(bodyStart, Math.max(bodyStart, next)) });
    at = next + 2;
  }
}

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

/** The position after the end of the current line (transport padding after a boundary is ignored). */
function skipLine(body: Uint8Array, from: number): number {
  const end = indexOf(body, encoder.encode(CRLF), from);
  return end < 0 ? body.length : end + 2;
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
