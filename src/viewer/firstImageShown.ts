// Whether a viewport has drawn its first image yet (issue 19): work that is not that image (the series' thumbnails,
// which load and draw their own images) waits for it, so that the image the reader waits for has the main thread and
// the decoder to itself.

/** This long at most: a study browser without a viewport showing anything still gets its thumbnails. */
const WAIT_AT_MOST_MS = 2000;

let shown = false;
const waiting = new Set<() => void>();

/**
 * Cornerstone's IMAGE_RENDERED: a viewport has drawn an image, unless it drew nothing yet (Cornerstone renders empty
 * and loading viewports too, e.g. on a resize).
 */
export function noteImageShown(event?: Event): void {
  const status = (event as CustomEvent<{ viewportStatus?: string }> | undefined)?.detail?.viewportStatus;
  if (shown || status === 'noData' || status === 'loading') return;
  shown = true;
  for (const resolve of waiting) resolve();
  waiting.clear();
}

/** Resolves once a viewport has drawn an image (at once if one has), or after WAIT_AT_MOST_MS. */
export function afterFirstImageShown(): Promise<void> {
  if (shown) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, WAIT_AT_MOST_MS);
    waiting.add(done);
  });
}
