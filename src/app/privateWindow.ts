/**
 * Whether this looks like a private (incognito) window, whose stored data ends with the window: then
 * "Saved" must say so. Browsers do not tell; these are the signs they give away. Chromium gives a
 * private window a storage quota below twice the JavaScript heap limit (a normal profile gets a share
 * of the disk); Firefox has no service workers in a private window.
 */
export async function looksPrivate(): Promise<boolean> {
  if (typeof navigator === 'undefined') return false;
  const firefox = /Firefox\//.test(navigator.userAgent);
  if (firefox) return !('serviceWorker' in navigator);
  const heapLimit = (performance as Performance & { memory?: { jsHeapSizeLimit: number } }).memory?.jsHeapSizeLimit;
  if (!heapLimit || !navigator.storage?.estimate) return false;
  const { quota } = await navigator.storage.estimate();
  return quota !== undefined && quota < 2 * heapLimit;
}
