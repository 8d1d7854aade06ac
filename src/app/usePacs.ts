import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ParsedFile } from '../dicom';
import {
  searchSeries,
  searchStudies,
  storeInstances,
  type DicomWebServer,
  type SeriesSummary,
  type StoreResult,
  type StudyQuery,
  type StudySummary,
} from '../dicom/dicomweb';
import type { Loadable } from '../ui/PacsBrowser';
import { updateDicomWebServer } from '../viewer/dicomwebImages';
import { loadDicomWebStudy } from './dicomWebStudy';
import type { ImageSource } from './seriesImages';
import { loadServers, resolveServer, saveServers, type SavedServer } from './serverStore';

/** Studies shown at most for one search: QIDO-RS has no sort order, so results are sorted here. */
export const MAX_STUDIES = 500;

export interface StudySearch {
  readonly studies: StudySummary[];
  readonly truncated: boolean;
  readonly skipped: number;
}

/** How a study is opened: which series are left out, from which server (else the active one), its series if known. */
export interface StudyOpening {
  readonly skip?: (series: SeriesSummary) => boolean;
  /** The series the viewer will show first ('first': the first one opened), whose shown frame is asked for at once. */
  readonly shown?: string;
  readonly server?: DicomWebServer;
  readonly series?: readonly SeriesSummary[];
}

export interface SeriesList {
  readonly study: StudySummary;
  readonly series: Loadable<SeriesSummary[]>;
}

/**
 * The DICOMweb side of the app: saved servers, the study search, the series of the selected study,
 * opening a study into the viewer, and storing objects back. Every failure ends as a message in a state
 * (never an exception), so the rest of the app carries on.
 */
export function usePacs() {
  const initial = useMemo(() => loadServers(localStorage, sessionStorage), []);
  const [servers, setServers] = useState<SavedServer[]>(initial.servers);
  const [activeId, setActiveId] = useState(initial.activeId);
  const [search, setSearch] = useState<Loadable<StudySearch>>({ status: 'idle' });
  const [seriesList, setSeriesList] = useState<SeriesList | null>(null);
  const searchAbort = useRef<AbortController | null>(null);
  const seriesAbort = useRef<AbortController | null>(null);
  const loads = useRef(new Set<AbortController>());

  const saved = servers.find((s) => s.id === activeId) ?? servers[0];
  const active = useMemo(() => (saved ? resolveServer(saved, window.location.href) : { error: 'No DICOMweb server is set up.' }), [saved]);

  useEffect(() => {
    saveServers(localStorage, sessionStorage, servers, activeId);
    // Frames already on screen use the corrected credentials from now on.
    for (const server of servers) {
      const resolved = resolveServer(server, window.location.href);
      if ('server' in resolved) updateDicomWebServer(resolved.server);
    }
  }, [servers, activeId]);

  useEffect(
    () => () => {
      searchAbort.current?.abort();
      seriesAbort.current?.abort();
      loads.current.forEach((controller) => controller.abort());
    },
    [],
  );

  const saveServer = useCallback((server: SavedServer) => {
    setServers((list) => (list.some((s) => s.id === server.id) ? list.map((s) => (s.id === server.id ? server : s)) : [...list, server]));
  }, []);

  const removeServer = useCallback((id: string) => {
    setServers((list) => list.filter((s) => s.id !== id));
  }, []);

  const selectServer = useCallback((id: string) => {
    setActiveId(id);
    setSearch({ status: 'idle' });
    setSeriesList(null);
  }, []);

  const runSearch = useCallback(
    async (query: StudyQuery) => {
      searchAbort.current?.abort();
      setSeriesList(null);
      if ('error' in active) {
        setSearch({ status: 'failed', error: active.error });
        return;
      }
      const controller = new AbortController();
      searchAbort.current = controller;
      setSearch({ status: 'loading' });
      try {
        const result = await searchStudies(active.server, query, { max: MAX_STUDIES, signal: controller.signal });
        if (!controller.signal.aborted) setSearch({ status: 'done', value: { studies: result.items, truncated: result.truncated, skipped: result.skipped } });
      } catch (error) {
        if (!controller.signal.aborted) setSearch({ status: 'failed', error: messageOf(error) });
      }
    },
    [active],
  );

  const selectStudy = useCallback(
    async (study: StudySummary | null) => {
      seriesAbort.current?.abort();
      if (!study || 'error' in active) {
        setSeriesList(null);
        return;
      }
      const controller = new AbortController();
      seriesAbort.current = controller;
      setSeriesList({ study, series: { status: 'loading' } });
      try {
        const { items } = await searchSeries(active.server, study.studyInstanceUid, { signal: controller.signal });
        if (!controller.signal.aborted) setSeriesList({ study, series: { status: 'done', value: items } });
      } catch (error) {
        if (!controller.signal.aborted) setSeriesList({ study, series: { status: 'failed', error: messageOf(error) } });
      }
    },
    [active],
  );

  /**
   * Opens a study: `onSeries` gets each series as it arrives, in series order. Uses `series` when the caller
   * has listed them (a deep link), else the series list already shown for the study, else asks the server.
   * Series that `skip` picks are not retrieved at all (a teaching case leaves out the reference SR, which the
   * trainee must not have before submitting). `server` opens from another server than the active one.
   */
  const openStudy = useCallback(
    async (
      study: StudySummary,
      onSeries: (parsed: ParsedFile<ImageSource>[], series: SeriesSummary) => void,
      { skip, server: chosen, series: given, shown }: StudyOpening = {},
    ): Promise<string | null> => {
      const from = chosen ? { server: chosen } : active;
      if ('error' in from) return from.error;
      const { server } = from;
      const controller = new AbortController();
      loads.current.add(controller);
      try {
        const listed = seriesList?.study.studyInstanceUid === study.studyInstanceUid && seriesList.series.status === 'done' && !chosen ? seriesList.series.value : null;
        const all = given ?? listed ?? (await searchSeries(server, study.studyInstanceUid, { signal: controller.signal })).items;
        if (all.length === 0) return `The DICOMweb server "${server.name}" lists no series in this study.`;
        const series = skip ? all.filter((s) => !skip(s)) : all;
        if (series.length === 0) return `The DICOMweb server "${server.name}" lists no images in this study, only ${all.length === 1 ? 'a report' : 'reports'}.`;
        await loadDicomWebStudy(server, series, { onSeries, shown: shown === 'first' ? series[0]?.seriesInstanceUid : shown, signal: controller.signal });
        return null;
      } catch (error) {
        return messageOf(error);
      } finally {
        loads.current.delete(controller);
      }
    },
    [active, seriesList],
  );

  return {
    servers,
    activeId,
    /** The active server ready for requests, or why it cannot be used. */
    active,
    saveServer,
    removeServer,
    selectServer,
    search,
    runSearch,
    seriesList,
    selectStudy,
    openStudy,
  };
}

/** Stores objects on a server (STOW-RS); the result, or the message saying why nothing could be stored. */
export async function storeOnServer(server: DicomWebServer, objects: readonly Uint8Array[]): Promise<StoreResult | { error: string }> {
  try {
    return await storeInstances(server, objects);
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
