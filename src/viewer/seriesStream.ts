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
  /** Resolves with the number of objects in the answer; rejects with the server's failure (or on cancel). */
  readonly finished: Promise<number>;
  /** Stops reading: the request is dropped with the worker. */
  readonly cancel: () => void;
}

/**
 * Every frame of a series in one WADO-RS answer, read in a worker (seriesStream.worker.ts): `onFrame` gets each as it
 * arrives and the next ones wait until what it returns has settled (a dozen at most are on their way).
 */
export function streamSeriesFrames(series: WholeSeries, onFrame: (frame: SingleFrame) => void | Promise<void>): SeriesStream {
  const worker = new Worker(new URL('./seriesStream.worker.ts', import.meta.url), { type: 'module', name: 'Kypho series stream' });
  const send = (request: StreamRequest) => worker.postMessage(request);
  let settle: { resolve(count: number): void; reject(error: Error): void } | undefined;
  const finished = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
  const end = (outcome: number | Error) => {
    worker.terminate();
    if (typeof outcome === 'number') settle?.resolve(outcome);
    else settle?.reject(outcome);
    settle = undefined;
  };
  worker.onmessage = ({ data }: MessageEvent<StreamMessage>) => {
    if (data.type === 'frame') {
      const { sopInstanceUid, transferSyntaxUid, pixelData } = data;
      void Promise.resolve(onFrame({ sopInstanceUid, transferSyntaxUid, pixelData }))
        .catch(() => undefined)
        .then(() => send({ type: 'ack' }));
    } else if (data.type === 'end') end(data.count);
    else if (data.type === 'failed') end(new Error(data.message));
  };
  worker.onerror = (event) => end(new Error(`the series stream stopped: ${event.message}`));
  const { server, studyInstanceUid, seriesInstanceUid } = series;
  send({ type: 'start', server, studyInstanceUid, seriesInstanceUid });
  return { finished, cancel: () => end(new Error('cancelled')) };
}
