/**
 * A deep link's first requests, sent as the page starts (issue 19): the series list of the first linked study and
 * the metadata of the series it shows first go out while the viewer's code still loads, instead of after it. The
 * viewer's own requests take these answers (`takeEarlySeries`, `takeEarlyMetadata`) once; whatever they were (a
 * failure included) is what the viewer gets, as if it had asked itself. Only what the link would open is asked
 * for, from the server the link resolves to by the same rules (deepLink.ts), with its saved credentials.
 */
import {
  retrieveSeriesMetadata,
  searchSeries,
  type DicomJsonDataset,
  type DicomWebServer,
  type SearchResult,
  type SeriesSummary,
} from '../dicom/dicomweb';
import { linkedSeries, parseDeepLink, serverOfLink } from '../app/deepLink';
import { loadServers, resolveServer } from '../app/serverStore';

const early = new Map<string, Promise<unknown>>();

const seriesKey = (server: DicomWebServer, studyInstanceUid: string) => `series ${server.root} ${studyInstanceUid}`;
const metadataKey = (server: DicomWebServer, studyInstanceUid: string, seriesInstanceUid: string) =>
  `metadata ${server.root} ${studyInstanceUid} ${seriesInstanceUid}`;

function keep<T>(key: string, promise: Promise<T>): void {
  // Nobody may take it (the reader's settings changed the server): a failure is then nobody's to report.
  promise.catch(() => {});
  early.set(key, promise);
}

function take<T>(key: string): Promise<T> | undefined {
  const promise = early.get(key) as Promise<T> | undefined;
  early.delete(key);
  return promise;
}

/** Sends the first requests of the link in `search`, if the page was opened by one that can be opened. */
export function prefetchLink(search: string, pageUrl: string): void {
  const link = parseDeepLink(search);
  if (!link || 'error' in link) return;
  const { servers, activeId } = loadServers(localStorage, sessionStorage);
  const chosen = serverOfLink(link.server, servers, activeId, pageUrl);
  if ('error' in chosen) return;
  const resolved = resolveServer(chosen.server, pageUrl);
  if ('error' in resolved) return;
  const { server } = resolved;
  const study = link.studyInstanceUids[0]!;
  const list = searchSeries(server, study);
  keep(seriesKey(server, study), list);
  void list.then(({ items }) => {
    const first = linkedSeries(items, link.seriesInstanceUids)[0];
    if (first) keep(metadataKey(server, study, first.seriesInstanceUid), retrieveSeriesMetadata(server, study, first.seriesInstanceUid));
  }, () => {});
}

/** The series list of a linked study asked for as the page started, once; undefined when it was not. */
export function takeEarlySeries(server: DicomWebServer, studyInstanceUid: string): Promise<SearchResult<SeriesSummary>> | undefined {
  return take(seriesKey(server, studyInstanceUid));
}

/** A linked series' metadata asked for as the page started, once; undefined when it was not. */
export function takeEarlyMetadata(server: DicomWebServer, studyInstanceUid: string, seriesInstanceUid: string): Promise<DicomJsonDataset[]> | undefined {
  return take(metadataKey(server, studyInstanceUid, seriesInstanceUid));
}
