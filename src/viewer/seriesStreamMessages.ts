import type { DicomWebServer } from '../dicom/dicomweb';
import type { SingleFrame } from '../dicom/pixelData';

/** What the page asks of the series stream worker: a series to read, or "one more frame taken" (of so many bytes). */
export type StreamRequest =
  | { readonly type: 'start'; readonly server: DicomWebServer; readonly studyInstanceUid: string; readonly seriesInstanceUid: string }
  | { readonly type: 'ack'; readonly bytes: number };

/** What the worker tells: a frame (acknowledge it), the end of the answer, or its failure. */
export type StreamMessage =
  | ({ readonly type: 'frame' } & SingleFrame)
  | { readonly type: 'end'; readonly count: number }
  | { readonly type: 'failed'; readonly message: string };
