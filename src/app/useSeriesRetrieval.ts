import { useEffect, useState } from 'react';
import type { Series } from '../dicom';
import { isDicomWebSource } from '../dicom/dicomweb';
import { retrieveStack, type RetrievalProgress } from '../viewer/seriesRetrieval';
import { seriesImageIds, type ImageSource } from './seriesImages';

/**
 * Streams the images of the DICOMweb series on screen into the cache, and tells how far each got.
 * Retrieval follows the viewports: a series that leaves them stops being retrieved (its progress
 * stays where it was) and carries on from the cache when it comes back.
 */
export function useSeriesRetrieval(shown: readonly (Series<ImageSource> | undefined)[]): ReadonlyMap<string, RetrievalProgress> {
  const [progress, setProgress] = useState<ReadonlyMap<string, RetrievalProgress>>(new Map());
  const remote = shown.filter((s): s is Series<ImageSource> => !!s && s.instances.some((i) => isDicomWebSource(i.source)));
  // One retrieval per distinct series; the key changes only when the set of series on screen does.
  const unique = [...new Map(remote.map((s) => [s.seriesInstanceUid, s])).values()];
  const key = unique.map((s) => `${s.seriesInstanceUid}:${s.frames.length}`).join('|');

  useEffect(() => {
    const cancels = unique.map((series) => {
      const ids = seriesImageIds(series);
      return retrieveStack(ids, Math.floor((ids.length - 1) / 2), (p) =>
        setProgress((current) => new Map(current).set(series.seriesInstanceUid, p)),
      );
    });
    return () => cancels.forEach((cancel) => cancel());
    // `key` stands for `unique`, a new array every render that holds the same series.
  }, [key]);

  return progress;
}
