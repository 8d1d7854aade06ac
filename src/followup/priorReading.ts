/**
 * A prior study's reading when nothing is autosaved for it: the Kypho SR stored with it (opened from files, or
 * retrieved with the study from the PACS). Pure apart from reading the SR's bytes.
 */
import type { NonImageObject } from '../dicom';
import type { Calibration } from '../morphometry';
import { readSr } from '../persistence/sr/srRead';
import type { ImageRef, ReadingState } from '../reading';

export type PriorSr =
  | { ok: true; reading: ReadingState; name: string; warnings: string[] }
  | { ok: false; problems: string[] }
  | null;

/**
 * The reading of the study's Kypho SR, null when the study has no SR. Of several, the last one loaded that reads
 * wins (a stored reading replaced by a later one keeps the older object on the PACS too).
 */
export async function readingFromStudySr<S>(
  objects: readonly NonImageObject<S>[],
  studyInstanceUid: string,
  bytesOf: (object: NonImageObject<S>) => Promise<Uint8Array> | null,
  imageCalibration: (image: ImageRef) => Calibration | null,
): Promise<PriorSr> {
  const reports = objects.filter((o) => o.studyInstanceUid === studyInstanceUid && o.category === 'structured-report');
  if (reports.length === 0) return null;
  const problems: string[] = [];
  for (const report of [...reports].reverse()) {
    const bytes = await bytesOf(report);
    if (!bytes) continue;
    const read = readSr(bytes, { imageCalibration });
    if (read.ok) return { ok: true, reading: read.reading, name: report.fileName, warnings: read.warnings };
    problems.push(...read.problems.map((p) => `${report.fileName}: ${p}`));
  }
  return { ok: false, problems };
}
