import type { DicomWebServer } from '../dicom/dicomweb';
import type { SingleFrame } from '../dicom/pixelData';
import type { StreamMessage, StreamRequest } from './seriesStreamMessages';

/** A series whose images can come in one answer: every image is the single frame of its own object, on one server. */
export interface WholeSeries {
  readonly server: DicomWebServer;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** The image id of each object's frame, by SOP Instance UID. */
  readonly imageIdBySop: ReadonlyMap<string, string>;
}

export interface SeriesStream {
  /** Asks for the series (once): `onFrame` gets each frame as it arrives; the worker reads on while what it returned settles. */
  readonly start: (server: DicomWebServer, onFrame: (frame: SingleFrame) => void | Promise<void>) => void;
  /** Resolves with the number of objects in the answer; rejects with the server's failure (or on cancel). */
  readonly finished: Promise<number>;
  /** Stops reading: the request is dropped with the worker. */
  readonly cancel: () => void;
}

/** The User Timing mark set when a series answer is asked for. */
export const SERIES_REQUEST_MARK = 'kypho:series-request';

const newWorker = () => new Worker(new URL('./seriesStream.worker.ts', import.meta.url), { type: 'module', name: 'Kypho series stream' });

/**
 * Every frame of a series in one WADO-RS answer, read in a worker (seriesStream.worker.ts). The worker starts (its code
 * loads) at once; the series is asked for on start(), when the image on screen no longer needs the network.
 */
export function openSeriesStream(series: WholeSeries): SeriesStream {
  const worker = newWorker();
  const send = (request: StreamRequest) => worker.postMessage(request);
  let settle: { resolve(count: number): void; reject(error: Error): void } | undefined;
  const finished = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
  // Cancelled before it was asked for (the reader moved on within the first image's wait): nobody waits for it.
  finished.catch(() => undefined);
  const end = (outcome: number | Error) => {
    worker.terminate();
    if (typeof outcome === 'number') settle?.resolve(outcome);
    else settle?.reject(outcome);
    settle = undefined;
  };
  let onFrame: ((frame: SingleFrame) => void | Promise<void>) | undefined;
  worker.onmessage = ({ data }: MessageEvent<StreamMessage>) => {
    if (data.type === 'frame') {
      const { sopInstanceUid, transferSyntaxUid, pixelData } = data;
      // Taken before the frame is handed on: its buffer moves on to a decoder.
      const bytes = pixelData.byteLength;
      void Promise.resolve(onFrame?.({ sopInstanceUid, transferSyntaxUid, pixelData }))
        .catch(() => undefined)
        .then(() => send({ type: 'ack', bytes }));
    } else if (data.type === 'end') end(data.count);
    else if (data.type === 'failed') end(new Error(data.message));
  };
  worker.onerror = (event) => end(new Error(`the series stream stopped: ${event.message}`));
  const start: SeriesStream['start'] = (server, take) => {
    if (onFrame || !settle) return;
    onFrame = take;
    // For the benchmarks (scripts/bench-ohif.ts): the worker's request is not in the page's Resource Timing.
    performance.mark(SERIES_REQUEST_MARK);
    send({ type: 'start', server, studyInstanceUid: series.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid });
  };
  return { start, finished, cancel: () => end(new Error('cancelled')) };
}
