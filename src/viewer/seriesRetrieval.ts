import { Enums, imageLoader } from '@cornerstonejs/core';

export interface RetrievalProgress {
  /** Images in the cache, ready to show. */
  readonly loaded: number;
  /** Images that failed for good (after the loader's retries); each is reported by the viewport showing it. */
  readonly failed: number;
  readonly total: number;
}

/**
 * Images asked for at once. A browser opens at most 6 HTTP/1.1 connections to a server: one is left
 * free for the image the reader scrolls to, which must not wait behind the prefetch.
 */
const CONCURRENT_IMAGES = 5;

/**
 * Loads every image of a stack into Cornerstone's cache, nearest to `first` first (the image the
 * viewport shows), and reports the progress after each image. Images already cached count at once.
 * Returns the cancel function: images not yet asked for are not asked for any more.
 */
export function retrieveStack(imageIds: readonly string[], first: number, onProgress: (progress: RetrievalProgress) => void): () => void {
  const order = outwardFrom(imageIds.length, first).map((index) => imageIds[index]);
  let cancelled = false;
  let next = 0;
  let loaded = 0;
  let failed = 0;
  const total = imageIds.length;
  onProgress({ loaded, failed, total });

  const work = async () => {
    while (!cancelled && next < order.length) {
      const imageId = order[next++];
      try {
        await imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch });
        loaded++;
      } catch {
        failed++;
      }
      if (!cancelled) onProgress({ loaded, failed, total });
    }
  };
  for (let i = 0; i < Math.min(CONCURRENT_IMAGES, order.length); i++) void work();
  return () => {
    cancelled = true;
  };
}

/** 0..count-1 ordered by distance from `first`: first, first+1, first-1, first+2, ... */
export function outwardFrom(count: number, first: number): number[] {
  const start = Math.min(Math.max(first, 0), Math.max(count - 1, 0));
  const order: number[] = [];
  for (let step = 0; order.length < count; step++) {
    if (start + step < count) order.push(start + step);
    if (step > 0 && start - step >= 0) order.push(start - step);
  }
  return order;
}
