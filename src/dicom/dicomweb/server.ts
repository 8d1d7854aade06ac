/** How Kypho proves who it is to a DICOMweb server. */
export type DicomWebAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** A DICOMweb server as the reader saved it. */
export interface DicomWebServer {
  readonly id: string;
  /** The name the reader gave it; every message about the server uses it. */
  readonly name: string;
  /** The DICOMweb root (QIDO, WADO and STOW share it), absolute, without a trailing slash. */
  readonly root: string;
  readonly auth: DicomWebAuth;
}

/**
 * The root URL in the form every request is built on: absolute (a relative root such as `/dicom-web`
 * is read against `base`, the page's address), http or https, no query, no trailing slash.
 * Returns a reason instead when the text is not such a URL.
 */
export function normalizeRoot(input: string, base?: string): { root: string } | { error: string } {
  const trimmed = input.trim();
  if (trimmed === '') return { error: 'the DICOMweb root URL is empty' };
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return { error: `"${trimmed}" is not a URL (expected e.g. http://127.0.0.1:8042/dicom-web)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `"${trimmed}" is not an http or https URL` };
  if (url.search || url.hash) return { error: `the DICOMweb root URL must not have a query or fragment ("${trimmed}")` };
  if (url.username || url.password) return { error: 'put the user name and password in the authentication fields, not in the URL' };
  return { root: url.href.replace(/\/+$/, '') };
}

/** The Authorization header value for a server, or undefined when it needs none. */
export function authorizationHeader(auth: DicomWebAuth): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'basic':
      return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
    case 'bearer':
      return `Bearer ${auth.token.trim()}`;
  }
}

/** UTF-8 then base64 (RFC 7617 recommends UTF-8 for Basic credentials); btoa alone only takes Latin-1. */
function base64(textValue: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(textValue)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
