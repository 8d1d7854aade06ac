/**
 * The security headers of a Kypho deployment, sent by `vite preview` and written in the README's nginx
 * example (keep the two the same). What the policy allows, and why:
 * - scripts from this site only; 'wasm-unsafe-eval' for the image codecs (WebAssembly), and no 'unsafe-eval':
 *   the reading schema's validator is precompiled (scripts/generateReadingValidator.ts), nothing is compiled
 *   from strings at run time;
 * - workers from this site and blob: (the decode workers);
 * - images from this site, blob: (server previews, key images) and data:;
 * - requests to this site only: the DICOMweb server is reached through the same origin (a server on another
 *   origin must be added to connect-src);
 * - no plugins, no framing by other sites, no forms to elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // No patient data in URLs, and none of the page's address sent to other sites.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
