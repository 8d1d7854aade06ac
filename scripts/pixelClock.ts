// A benchmark clock that stops when the reader could see the image: the viewport's pixels, not an overlay or an
// event. Any Cornerstone3D viewer draws its viewports into `canvas.cornerstone-canvas` (Kypho and OHIF alike), so
// one probe serves both. It also records every frame (WADO-RS /frames/) the page has finished receiving.
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    kyphoBenchFirstPixels?: number | null;
  }
}

/**
 * Installs the probe in every document the page opens, from navigation on: each animation frame it reads every
 * viewport canvas shrunk to 64x64, and the first time one shows an image (more than 5% of it brighter than black
 * and a grey standard deviation above 10: a slice, not an empty or uniformly grey canvas) it records
 * performance.now(), which counts from the navigation's start. Uses the page's clock, so times are from navigation.
 */
export async function installPixelClock(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap the inner functions in a helper that the page does not have.
  await page.addInitScript(`(() => {
    // Frame requests are counted from Resource Timing: make room for every frame of a long series.
    performance.setResourceTimingBufferSize(100000);
    window.kyphoBenchFirstPixels = null;
    const probe = document.createElement('canvas');
    probe.width = 64;
    probe.height = 64;
    const context = probe.getContext('2d', { willReadFrequently: true });
    function shows(canvas) {
      if (canvas.width < 128 || canvas.height < 128) return false;
      context.clearRect(0, 0, 64, 64);
      context.drawImage(canvas, 0, 0, 64, 64);
      const data = context.getImageData(0, 0, 64, 64).data;
      let sum = 0, sum2 = 0, bright = 0;
      for (let i = 0; i < data.length; i += 4) {
        const v = data[i];
        sum += v;
        sum2 += v * v;
        if (v > 8) bright++;
      }
      const n = data.length / 4;
      const mean = sum / n;
      return bright / n > 0.05 && Math.sqrt(Math.max(0, sum2 / n - mean * mean)) > 10;
    }
    function tick() {
      if (window.kyphoBenchFirstPixels !== null) return;
      for (const canvas of document.querySelectorAll('canvas.cornerstone-canvas')) {
        if (shows(canvas)) {
          window.kyphoBenchFirstPixels = performance.now();
          return;
        }
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })();`);
}

/** Milliseconds from the navigation's start to the first viewport pixels of an image. */
export async function firstPixels(page: Page, timeout = 180_000): Promise<number> {
  await page.waitForFunction(() => window.kyphoBenchFirstPixels != null, null, { timeout, polling: 50 });
  return page.evaluate(() => window.kyphoBenchFirstPixels!);
}

/** The page's clock now (ms from its navigation's start), to time from a click instead. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * Waits until `count` different frames have been received, or until none has arrived for `quietMs` (a viewer that
 * does not fetch them all), and returns how many, when the first and the second were asked for and the last one
 * ended (ms from navigation), and the most frame requests that were in flight at once.
 */
export async function allFrames(page: Page, count: number, quietMs = 15_000): Promise<{ frames: number; firstStart: number; secondStart: number; lastEnd: number; concurrency: number }> {
  let last = { frames: -1, firstStart: 0, secondStart: 0, lastEnd: 0, concurrency: 0 };
  let changed = Date.now();
  for (;;) {
    const now = await page.evaluate(() => {
      const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/frames/') && e.responseEnd > 0);
      const edges = entries.flatMap((e) => [
        { t: e.startTime, d: 1 },
        { t: e.responseEnd, d: -1 },
      ]);
      edges.sort((a, b) => a.t - b.t || a.d - b.d);
      let inFlight = 0;
      let concurrency = 0;
      for (const edge of edges) concurrency = Math.max(concurrency, (inFlight += edge.d));
      return {
        frames: new Set(entries.map((e) => e.name)).size,
        firstStart: Math.min(...entries.map((e) => e.startTime)),
        secondStart: entries.map((e) => e.startTime).sort((a, b) => a - b)[1] ?? 0,
        lastEnd: Math.max(0, ...entries.map((e) => e.responseEnd)),
        concurrency,
      };
    });
    if (now.frames !== last.frames) changed = Date.now();
    last = now;
    if (now.frames >= count || Date.now() - changed > quietMs) return now;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Kypho only: ms from navigation until every series progress bar says all its images are loaded (received, decoded and
 * in the cache, ready to show), read each animation frame. Frames read by a worker (the whole series in one answer) are
 * not in the page's Resource Timing, so this is Kypho's clock for all frames: it stops later than the last byte.
 */
export async function allImagesReady(page: Page, timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const bars = [...document.querySelectorAll('.study-browser [role="progressbar"]')];
      const done = bars.length > 0 && bars.every((bar) => /^(\d+) of \1 images loaded$/.test(bar.getAttribute('aria-valuetext') ?? ''));
      return done ? performance.now() : 0;
    },
    null,
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** When the page asked for its first and second frames (ms from navigation; 0 when it has not). */
export function frameRequestStarts(page: Page): Promise<{ firstStart: number; secondStart: number }> {
  return page.evaluate(() => {
    const starts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.name.includes('/frames/'))
      .map((e) => e.startTime)
      .sort((a, b) => a - b);
    return { firstStart: starts[0] ?? 0, secondStart: starts[1] ?? 0 };
  });
}
