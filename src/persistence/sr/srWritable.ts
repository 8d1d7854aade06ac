/**
 * Whether a reading can leave as a DICOM SR now. One function, used by the SR writer (which refuses) and by the
 * viewer (which disables Export -> DICOM SR and Store SR to PACS with this reason as their tooltip), so that
 * nothing offered is then refused: change it here when the SR learns to write more.
 */
import type { ReadingDocument } from '../readingDocument';

export const NOTHING_MEASURED = 'Nothing is measured yet: an SR holds measured vertebrae.';

export function srUnwritableReason(document: Pick<ReadingDocument, 'vertebrae'> | null): string | null {
  const measured = document?.vertebrae.filter((v) => v.measurement) ?? [];
  return measured.length === 0 ? NOTHING_MEASURED : null;
}
