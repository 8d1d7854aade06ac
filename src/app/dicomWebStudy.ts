import { middleFrame, readInstance, type ParsedFile } from '../dicom';
import {
  instanceFromDicomJson,
  orderingFromDicomJson,
  retrieveInstance,
  retrieveSeriesMetadata,
  type DicomJsonDataset,
  type DicomWebServer,
  type DicomWebSource,
  type InstanceAddress,
  type SeriesSummary,
} from '../dicom/dicomweb';
import { firstNumber, text } from '../dicom/dicomweb/json';
import { takeEarlyMetadata } from '../start/linkPrefetch';
import { fetchFrameAhead } from '../viewer/dicomwebImages';
import type { ImageSource } from './seriesImages';

/** Series metadata asked for at once. */
const CONCURRENT_SERIES = 3;

export interface StudyLoad {
  /** One series is ready: its images (to be streamed frame by frame), non-image objects, or problems. */
  onSeries(parsed: ParsedFile<ImageSource>[], series: SeriesSummary): void;
  /** The series the viewer shows first (its Series Instance UID): its first-shown frame is asked for at once. */
  shown?: string;
  signal?: AbortSignal;
}

/**
 * Opens a study of a DICOMweb server into the study model, series by series in series order, so that the
 * first series shows while the others still come. Image instances come from their WADO-RS metadata
 * (frames are loaded later, as they are shown); non-image objects such as structured reports are
 * retrieved whole and read like local files. A series that fails becomes a problem naming it; the
 * others still load.
 */
export async function loadDicomWebStudy(server: DicomWebServer, series: readonly SeriesSummary[], { onSeries, shown, signal }: StudyLoad): Promise<void> {
  const results = limited(series, CONCURRENT_SERIES, (one) => loadSeries(server, one, one.seriesInstanceUid === shown, signal));
  for (let index = 0; index < series.length; index++) {
    const parsed = await results[index];
    if (signal?.aborted) return;
    onSeries(parsed, series[index]);
  }
}

/** `run` over every item, at most `limit` at a time, started in order; one promise per item. */
function limited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R>[] {
  let active = 0;
  const waiting: (() => void)[] = [];
  return items.map(async (item) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run(item);
    } finally {
      active--;
      waiting.shift()?.();
    }
  });
}

async function loadSeries(server: DicomWebServer, series: SeriesSummary, shown: boolean, signal: AbortSignal | undefined): Promise<ParsedFile<ImageSource>[]> {
  const label = seriesLabel(server, series);
  let metadata: DicomJsonDataset[];
  try {
    // A deep link's first series was asked for as the page started (start/linkPrefetch.ts).
    metadata = await (takeEarlyMetadata(server, series.studyInstanceUid, series.seriesInstanceUid) ??
      retrieveSeriesMetadata(server, series.studyInstanceUid, series.seriesInstanceUid, { signal }));
  } catch (error) {
    return [{ kind: 'problem', problem: { file: label, reason: message(error) } }];
  }
  if (metadata.length === 0) return [{ kind: 'problem', problem: { file: label, reason: `the server "${server.name}" sent no metadata for this series` } }];
  // The viewer opens a series at its middle frame; that frame is on its way while the series is parsed and shown.
  if (shown) {
    const images = metadata.flatMap((dataset) => {
      const ordering = orderingFromDicomJson(objectName(server, series, dataset), dataset);
      return ordering ? [{ ...ordering, dataset }] : [];
    });
    const middle = middleFrame(images);
    if (middle) fetchFrameAhead(server, addressOf(series, middle.instance.dataset), middle.frame);
  }
  return Promise.all(metadata.map((dataset) => readObject(server, series, dataset, signal)));
}

async function readObject(
  server: DicomWebServer,
  series: SeriesSummary,
  dataset: DicomJsonDataset,
  signal: AbortSignal | undefined,
): Promise<ParsedFile<ImageSource>> {
  const name = objectName(server, series, dataset);
  const address = addressOf(series, dataset);
  const source: DicomWebSource = { kind: 'dicomweb', server, address, metadata: dataset };
  const parsed = instanceFromDicomJson<ImageSource>(name, dataset, source);
  if (parsed.kind !== 'non-image') return parsed;
  // Reports and other non-image objects are small, and are read whole, like a local file.
  try {
    const bytes = await retrieveInstance(server, address, { signal });
    const file = new File([bytes as Uint8Array<ArrayBuffer>], `${address.sopInstanceUid}.dcm`, { type: 'application/dicom' });
    return await readInstance<ImageSource>(name, bytes, file);
  } catch (error) {
    return { kind: 'problem', problem: { file: name, reason: message(error) } };
  }
}

function addressOf(series: SeriesSummary, dataset: DicomJsonDataset): InstanceAddress {
  return {
    studyInstanceUid: text(dataset, '0020000D') ?? series.studyInstanceUid,
    seriesInstanceUid: text(dataset, '0020000E') ?? series.seriesInstanceUid,
    sopInstanceUid: text(dataset, '00080018') ?? '',
  };
}

/** How messages name an object of a series: `PACS: series 2 SAG T1, object 7`. */
function objectName(server: DicomWebServer, series: SeriesSummary, dataset: DicomJsonDataset): string {
  return `${seriesLabel(server, series)}, object ${firstNumber(dataset, '00200013') ?? text(dataset, '00080018') ?? '?'}`;
}

/** How messages name a series of a server: `PACS: series 2 SAG T1`. */
function seriesLabel(server: DicomWebServer, series: SeriesSummary): string {
  const number = series.seriesNumber === undefined ? '' : ` ${series.seriesNumber}`;
  return `${server.name}: series${number} ${series.description ?? series.modality ?? series.seriesInstanceUid}`.trimEnd();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
