/**
 * What the reader is told when an image of a local file cannot be shown: in plain words what went wrong and
 * what it means, not the decoder's own message ("Invalid JPEG-LS stream, the encoded bit stream contains a
 * general structural problem", "Offset is outside the bounds of the DataView"). Pure: no Cornerstone here.
 */

/** The name DOMException/File API errors carry when a file can no longer be read. */
const READ_ERRORS = new Set(['NotFoundError', 'NotReadableError', 'SecurityError']);

export function decodeProblem(error: unknown, transferSyntax: string | null): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (READ_ERRORS.has(name)) return 'the file could not be read any more (moved, deleted or changed since it was opened): open it again';
  const encoding = transferSyntax ? ` (${transferSyntax})` : '';
  return `its pixel data could not be decoded${encoding}: the file is damaged or its image data is not what its header says`;
}

/** The technical message of an error, for the console (never shown as the reason). */
export function errorDetail(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
