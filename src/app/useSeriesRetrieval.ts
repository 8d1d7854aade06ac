import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Series } from '../dicom';
import { isDicomWebSource } from '../dicom/dicomweb';
import { retrieveStack, type RetrievalProgress } from '../viewer/seriesRetrieval';
import { groupFailures, type FailureGroup } from './retrievalFailures';
import { seriesImageIds, wholeSeriesOf, type ImageSource } from './seriesImages';

export interface SeriesRetrieval {
  /** How far each series got, by Series Instance UID. */
  readonly progress: ReadonlyMap<string, RetrievalProgress>;
  /** The failed images, one group per series and reason. */
  readonly failureGroups: readonly FailureGroup[];
  /** Asks again for the failed images of a series (those in the cache count at once). */
  readonly retry: (seriesInstanceUid: string) => void;
}

/** How often the progress of a series being retrieved is shown, at most. */
const PROGRESS_EVERY_MS = 100;

/**
 * Streams the images of the DICOMweb series on screen into the cache, and tells how far each got.
 * Retrieval follows the viewports: a series that leaves them stops being retrieved (its progress
 * stays where it was) and carries on from the cache when it comes back. A series retried while off
 * screen is retrieved until it is complete.
 */
export function useSeriesRetrieval(shown: readonly (Series<ImageSource> | undefined)[]): SeriesRetrieval {
  const [progress, setProgress] = useState<ReadonlyMap<string, RetrievalProgress>>(new Map());
  const [retries, setRetries] = useState<ReadonlyMap<string, number>>(new Map());
  const known = useRef(new Map<string, Series<ImageSource>>());
  const remote = shown.filter((s): s is Series<ImageSource> => !!s && s.instances.some((i) => isDicomWebSource(i.source)));
  for (const s of remote) known.current.set(s.seriesInstanceUid, s);
  const retried = [...retries.keys()].flatMap((uid) => {
    const series = known.current.get(uid);
    const p = progress.get(uid);
    return series && !(p && p.loaded === p.total) ? [series] : [];
  });
  // One retrieval per distinct series; the key changes only when the set of series retrieved does, or one is retried.
  const unique = [...new Map([...remote, ...retried].map((s) => [s.seriesInstanceUid, s])).values()];
  const key = unique.map((s) => `${s.seriesInstanceUid}:${s.frames.length}:${retries.get(s.seriesInstanceUid) ?? 0}`).join('|');

  useEffect(() => {
    // Progress is shown at most every PROGRESS_EVERY_MS, and at once when a series is complete: re-rendering the
    // page after each of hundreds of frames took the main thread from the frames themselves (issue 19).
    const pending = new Map<string, RetrievalProgress>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.size === 0) return;
      const batch = [...pending];
      pending.clear();
      setProgress((current) => new Map([...current, ...batch]));
    };
    const cancels = unique.map((series) => {
      const ids = seriesImageIds(series);
      const onProgress = (p: RetrievalProgress) => {
        pending.set(series.seriesInstanceUid, p);
        if (p.loaded + p.failed >= p.total) flush();
        else timer ??= setTimeout(flush, PROGRESS_EVERY_MS);
      };
      return retrieveStack(ids, Math.floor((ids.length - 1) / 2), onProgress, wholeSeriesOf(series));
    });
    return () => {
      cancels.forEach((cancel) => cancel());
      flush();
    };
    // `key` stands for `unique`, a new array every render that holds the same series.
  }, [key]);

  const retry = useCallback((uid: string) => setRetries((current) => new Map(current).set(uid, (current.get(uid) ?? 0) + 1)), []);
  const failureGroups = useMemo(
    () =>
      [...progress].flatMap(([uid, p]) => {
        const series = known.current.get(uid);
        return series && p.failures.size ? groupFailures(series, p.failures) : [];
      }),
    [progress],
  );
  return { progress, failureGroups, retry };
}
