import { useEffect, useRef, useState } from 'react';
import { searchSeries, type SeriesSummary, type StudySummary } from '../dicom/dicomweb';
import { takeEarlySeries } from '../start/linkPrefetch';
import { linkedSeries, parseDeepLink, serverOfLink } from './deepLink';
import { resolveServer, type SavedServer } from './serverStore';
import { studyKnownByUid } from './teachingServer';
import type { StudyOpening } from './usePacs';

interface Options {
  readonly servers: readonly SavedServer[];
  readonly activeId: string;
  readonly selectServer: (id: string) => void;
  /** Opens one study (App's PACS door); resolves with why it could not be opened, or null. */
  readonly openStudy: (study: StudySummary, options: { wanted?: SeriesSummary; show: boolean } & StudyOpening) => Promise<string | null>;
  readonly report: (where: string, problem: string) => void;
}

/**
 * Opens the studies a link names (`?StudyInstanceUIDs=`, see deepLink.ts) once, when the page opens: the first
 * study's first listed series (else its first series) is shown without a click, the others join the study browser.
 * What cannot be opened is listed with the other problems, naming the study or series and the server.
 * Returns whether the link is still being opened (the start screen waits meanwhile, fetching nothing).
 */
export function useDeepLink({ servers, activeId, selectServer, openStudy, report }: Options): boolean {
  const started = useRef(false);
  const [opening, setOpening] = useState(() => {
    const link = parseDeepLink(window.location.search);
    return !!link && !('error' in link);
  });
  const later = useRef({ servers, activeId, selectServer, openStudy, report });
  later.current = { servers, activeId, selectServer, openStudy, report };

  useEffect(() => {
    // Once per page, also under StrictMode's second mount.
    if (started.current) return;
    started.current = true;
    const link = parseDeepLink(window.location.search);
    if (!link) return;
    const { servers, activeId, selectServer, openStudy, report } = later.current;
    const fail = (where: string, problem: string) => {
      report(where, problem);
      setOpening(false);
    };
    if ('error' in link) {
      report('link', `${link.error}.`);
      return;
    }
    const chosen = serverOfLink(link.server, servers, activeId, window.location.href);
    if ('error' in chosen) {
      fail('link', `${chosen.error}.`);
      return;
    }
    if (servers.some((s) => s.id === chosen.server.id)) selectServer(chosen.server.id);
    const resolved = resolveServer(chosen.server, window.location.href);
    if ('error' in resolved) {
      fail('link', resolved.error);
      return;
    }
    const { server } = resolved;
    void (async () => {
      const found = new Set<string>();
      let shown = false;
      for (const uid of link.studyInstanceUids) {
        const where = `link: study ${uid}`;
        let all: SeriesSummary[];
        try {
          // The first study's list was asked for as the page started (start/linkPrefetch.ts).
          all = (await (takeEarlySeries(server, uid) ?? searchSeries(server, uid))).items;
        } catch (error) {
          report(where, error instanceof Error ? error.message : String(error));
          continue;
        }
        if (all.length === 0) {
          report(where, `The DICOMweb server "${server.name}" has no study with this Study Instance UID.`);
          continue;
        }
        const series = linkedSeries(all, link.seriesInstanceUids);
        series.forEach((s) => found.add(s.seriesInstanceUid));
        if (series.length === 0) continue;
        const wanted = link.seriesInstanceUids.map((w) => series.find((s) => s.seriesInstanceUid === w)).find(Boolean);
        const error = await openStudy(studyKnownByUid(uid), { server, series, wanted, show: !shown });
        if (error) report(where, error);
        else shown = true;
      }
      setOpening(false);
      const missing = link.seriesInstanceUids.filter((uid) => !found.has(uid));
      if (missing.length > 0) {
        report('link', `The DICOMweb server "${server.name}" has no series ${missing.join(', ')} in the linked ${link.studyInstanceUids.length === 1 ? 'study' : 'studies'}.`);
      }
    })();
  }, []);
  return opening;
}
