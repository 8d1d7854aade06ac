/**
 * Whether a reading can leave as a DICOM SR now. One function, used by the SR writer (which refuses) and by the
 * viewer (which disables Export -> DICOM SR and Store SR to PACS with this reason as their tooltip), so that
 * nothing offered is then refused. Patient-space measurements (CT reformats) wait for SCOORD3D (issue 15).
 */
import type { ReadingDocument } from '../readingDocument';

export const NOTHING_MEASURED = 'Nothing is measured yet: an SR holds measured vertebrae.';

export function srUnwritableReason(document: Pick<ReadingDocument, 'vertebrae'> | null): string | null {
  const measured = document?.vertebrae.filter((v) => v.measurement) ?? [];
  if (measured.length === 0) return NOTHING_MEASURED;
  const onReformats = measured.filter((v) => v.measurement?.space === 'patient').map((v) => v.level);
  if (onReformats.length > 0) {
    return `Measured on a CT reformat (${onReformats.join(', ')}): the SR export writes measurements on images only, for now.`;
  }
  return null;
}
