// Reads a whole DICOMweb series answer off the main thread (issue 19): the stream, the multipart parts and each
// object's frame are found here, and only the frames go to the page, moved rather than copied. The page
// acknowledges each frame once it has taken it; frames of at most WAITING_AT_MOST bytes (a dozen CT slices) wait for it,
// so that a busy page holds the server back instead of megabytes piling up.
import { streamSeries } from '../dicom/dicomweb/wado';
import { singleFrameOf } from '../dicom/pixelData';
import type { StreamRequest, StreamMessage } from './seriesStreamMessages';

const WAITING_AT_MOST = 6 * 1024 * 1024;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<StreamRequest>) => void) | null;
  postMessage(message: StreamMessage, transfer?: Transferable[]): void;
};

let waiting = 0;
let taken: (() => void) | undefined;

scope.onmessage = ({ data }) => {
  if (data.type === 'ack') {
    waiting -= data.bytes;
    taken?.();
    return;
  }
  const { server, studyInstanceUid, seriesInstanceUid } = data;
  streamSeries(server, studyInstanceUid, seriesInstanceUid, async (part10) => {
    const frame = singleFrameOf(part10);
    // Not one frame that can be taken as it is (big endian, several frames): the page asks for it by its frame URL.
    if (!frame) return;
    waiting += frame.pixelData.byteLength;
    scope.postMessage({ type: 'frame', ...frame }, [frame.pixelData.buffer as ArrayBuffer]);
    while (waiting >= WAITING_AT_MOST) await new Promise<void>((resolve) => (taken = resolve));
  }).then(
    (count) => scope.postMessage({ type: 'end', count }),
    (error: unknown) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
