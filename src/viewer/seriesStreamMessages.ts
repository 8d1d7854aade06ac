import type { DicomWebServer } from '../dicom/dicomweb';
import type { SingleFrame } from '../dicom/pixelData';

/** What the page asks of the series stream worker: a series to read, or "one more frame taken". */
export type StreamRequest =
  | { readonly type: 'start'; readonly server: DicomWebServer; readonly studyInstanceUid: string; readonly seriesInstanceUid: string }
  | { readonly type: 'ack' };

/** What the worker tells: a frame (acknowledge it), an object that is not one frame the page can take, the end or the failure. */
export type StreamMessage =
  | ({ readonly type: 'frame' } & SingleFrame)
  | { readonly type: 'unusable' }
  | { readonly type: 'end'; readonly count: number }
  | { readonly type: 'failed'; readonly message: string };
