import { cache, Enums, eventTarget, imageLoader } from '@cornerstonejs/core';
import { currentServer, dropFetchedFrame, fetchFrame, provideFrame } from './dicomwebImages';
import { openSeriesStream, type SeriesStream, type WholeSeries } from './seriesStream';

export interface RetrievalProgress {
  /** Images in the cache, ready to show. */
  readonly loaded: number;
  /** Images that failed for good (after the loader's retries), by image id, with the loader's error. */
  readonly failures: ReadonlyMap<string, unknown>;
  readonly failed: number;
  readonly total: number;
}

/**
 * Images asked for at once. A browser opens at most 6 HTTP/1.1 connections to a server: one is left
 * free for the image the reader scrolls to, which must not wait behind the prefetch.
 */
const CONCURRENT_IMAGES = 5;

/**
 * Frames from a server are fetched apart from their decoding: a connection asks for its next frame as soon as it has
 * received one, and hands the bytes to the decoders. This many frames at most are fetched and still decoding (the
 * decoders are slower than the network), so that the bytes waiting for a decoder stay a few megabytes.
 */
const DECODING_AT_MOST = 12;

/**
 * The prefetch waits for the viewport's own first image of the series (loaded, or failed) and its render: the
 * image the reader waits for gets the connection and the decoder to itself. This long at most, when no viewport
 * loads one (a series retried off screen, a tab in the background).
 */
const FIRST_IMAGE_WAIT_MS = 2000;

/**
 * A series with at least this many images still to come, and at least half of them, is asked for in one answer (WADO-RS
 * series retrieve) rather than frame by frame: Chromium took 2.3x Node's time for the 211 frames of a CT one request each
 * (about 8 ms per request), and the same bytes in one answer as fast as Node (issue 19). Fewer images come frame by frame:
 * one answer would bring again the images already here.
 */
const STREAM_AT_LEAST = 16;

/**
 * Loads every image of a stack into Cornerstone's cache, nearest to `first` first (the image the
 * viewport shows), and reports the progress after each image. Images already cached count at once.
 * Loads asked for by others (the viewport showing the series) count too: an image the viewport failed
 * to load is a failure of the series, and one loaded since (by a retry, or on scrolling to it) is not.
 * The prefetch starts once the viewport has shown its first image of the series (see FIRST_IMAGE_WAIT_MS), at
 * once when one is already in the cache (the series comes back on screen).
 * A `whole` series comes in one answer when many of its images are still to come (STREAM_AT_LEAST); what that answer did
 * not bring (it failed, was cut, or left an object out) is then fetched frame by frame.
 * Returns the cancel function: images not yet asked for are not asked for any more.
 */
export function retrieveStack(
  imageIds: readonly string[],
  first: number,
  onProgress: (progress: RetrievalProgress) => void,
  whole?: WholeSeries,
): () => void {
  const order = outwardFrom(imageIds.length, first).map((index) => imageIds[index]);
  const ours = new Set(imageIds);
  let cancelled = false;
  let next = 0;
  const loaded = new Set<string>();
  const failures = new Map<string, unknown>();
  const total = imageIds.length;
  const report = () => {
    if (!cancelled) onProgress({ loaded: loaded.size, failures: new Map(failures), failed: failures.size, total });
  };
  const succeeded = (imageId: string) => {
    loaded.add(imageId);
    failures.delete(imageId);
  };
  let started = false;
  let frame = 0;
  const missing = imageIds.filter((imageId) => !cache.getImageLoadObject(imageId)).length;
  // The worker that reads the answer starts now, so that it is ready when the first image has been drawn.
  const inOneAnswer = whole && missing >= STREAM_AT_LEAST && missing * 2 >= imageIds.length ? { series: whole, stream: openSeriesStream(whole) } : undefined;
  const frameByFrame = () => {
    for (let i = 0; i < Math.min(CONCURRENT_IMAGES, order.length); i++) void work();
  };
  const start = () => {
    if (started || cancelled) return;
    started = true;
    clearTimeout(timer);
    if (inOneAnswer) {
      askForSeries(inOneAnswer);
      // A failed answer is not a failure of the images: those it did not bring are asked for one by one, and fail on their own.
      void inOneAnswer.stream.finished.catch(() => undefined).finally(frameByFrame);
    } else frameByFrame();
  };
  // Two animation frames after the image arrived, the viewport has drawn it.
  const startAfterRender = () => {
    if (!started && !frame) frame = requestAnimationFrame(() => (frame = requestAnimationFrame(start)));
  };
  const onLoaded = (evt: Event) => {
    const imageId = (evt as CustomEvent<{ image: { imageId: string } }>).detail.image?.imageId;
    if (!ours.has(imageId)) return;
    startAfterRender();
    if (loaded.has(imageId)) return;
    succeeded(imageId);
    report();
  };
  const onFailed = (evt: Event) => {
    const { imageId, error } = (evt as CustomEvent<{ imageId: string; error: unknown }>).detail;
    if (!ours.has(imageId)) return;
    startAfterRender();
    if (loaded.has(imageId)) return;
    failures.set(imageId, error);
    report();
  };
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, onFailed);
  report();

  const load = async (imageId: string) => {
    try {
      await imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch });
      succeeded(imageId);
    } catch (error) {
      if (!loaded.has(imageId)) failures.set(imageId, error);
    }
    report();
  };
  const decoding = new Set<Promise<void>>();
  /** Waits until fewer than DECODING_AT_MOST frames are fetched and still decoding. */
  const roomToDecode = async () => {
    while (decoding.size >= DECODING_AT_MOST) await Promise.race(decoding);
  };
  /** Decodes a frame that is here (fetched, or provided) without waiting for it. */
  const decodeAside = (imageId: string) => {
    const decoded = load(imageId).finally(() => decoding.delete(decoded));
    decoding.add(decoded);
  };
  const work = async () => {
    while (!cancelled && next < order.length) {
      const imageId = order[next++];
      // Local files, and images already loaded or loading (the viewport's own), have nothing to fetch.
      if (!imageId.startsWith('wadors:') || cache.getImageLoadObject(imageId)) {
        await load(imageId);
        continue;
      }
      await roomToDecode();
      await fetchFrame(imageId);
      if (cancelled) {
        dropFetchedFrame(imageId);
        return;
      }
      decodeAside(imageId);
    }
  };
  /** Asks for the series in one answer, each frame decoded as it arrives. */
  const askForSeries = ({ series, stream }: { series: WholeSeries; stream: SeriesStream }) =>
    stream.start(currentServer(series.server), async ({ sopInstanceUid, transferSyntaxUid, pixelData }) => {
      const imageId = series.imageIdBySop.get(sopInstanceUid);
      if (!imageId) return;
      await roomToDecode();
      // Loaded or loading since (the viewport's own, on scrolling to it): not decoded twice.
      if (cancelled || cache.getImageLoadObject(imageId)) return;
      provideFrame(imageId, pixelData, transferSyntaxUid);
      decodeAside(imageId);
    });
  const timer = setTimeout(start, FIRST_IMAGE_WAIT_MS);
  if (imageIds.some((imageId) => cache.isLoaded(imageId))) start();
  return () => {
    cancelled = true;
    inOneAnswer?.stream.cancel();
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, onFailed);
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
