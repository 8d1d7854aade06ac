/**
 * What the precompiled reading validator (readingSchemaValidator.generated.ts) calls at run time: the
 * `date-time` format, and the string length JSON Schema means (code points, so an emoji counts once).
 * Kept here, not in Ajv, so the app loads no compiler and needs no 'unsafe-eval' in its CSP.
 */

/** RFC 3339 date-time, as JSON Schema's `date-time` format means it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const readingFormats = {
  'date-time': { validate: (s: string): boolean => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) },
};

export function ucs2length(s: string): number {
  let length = 0;
  for (const _ of s) length++;
  return length;
}
