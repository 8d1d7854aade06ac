import type { Series } from '../dicom';
import { DicomWebError, isDicomWebSource } from '../dicom/dicomweb';
import { fileNameOf } from '../viewer/imageIds';
import type { ImageSource } from './seriesImages';

/** The images of one series that failed for one reason: one line for the reader, whatever their number. */
export interface FailureGroup {
  readonly seriesInstanceUid: string;
  /** "12 images of CT 3 could not be retrieved from "Local Orthanc": server not answering" */
  readonly text: string;
  /** Every failed image by name, with the full message of its last attempt. */
  readonly images: readonly { readonly name: string; readonly message: string }[];
}

/**
 * The failed images of a series grouped by what went wrong (server not answering, refused, not
 * decodable...), so that a server that stopped mid-series is one line with a Retry, not one per image.
 */
export function groupFailures(series: Series<ImageSource>, failures: ReadonlyMap<string, unknown>): FailureGroup[] {
  const groups = new Map<string, { name: string; message: string }[]>();
  for (const [imageId, error] of failures) {
    const key = describeFailure(error);
    const images = groups.get(key) ?? [];
    images.push({ name: fileNameOf(imageId), message: messageOf(error) });
    groups.set(key, images);
  }
  const server = series.instances.map((i) => i.source).find(isDicomWebSource)?.server.name;
  const label = seriesLabel(series);
  return [...groups].map(([reason, images]) => {
    const count = images.length === 1 ? '1 image' : `${images.length} images`;
    const text =
      reason === DECODE
        ? `${count} of ${label} could not be decoded`
        : `${count} of ${label} could not be retrieved${server ? ` from "${server}"` : ''}: ${reason}`;
    return { seriesInstanceUid: series.seriesInstanceUid, text, images };
  });
}

const DECODE = 'decode';

function describeFailure(error: unknown): string {
  return error instanceof DicomWebError ? error.summary : DECODE;
}

/** "CT 3 (SAG BONE)": the modality and number a reader finds in the study browser, with the description. */
export function seriesLabel(series: Pick<Series<unknown>, 'modality' | 'seriesNumber' | 'description'>): string {
  const head = [series.modality ?? 'series', series.seriesNumber].filter((part) => part !== undefined).join(' ');
  return series.description ? `${head} (${series.description})` : head;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return 'the image could not be loaded';
}
