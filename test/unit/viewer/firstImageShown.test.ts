import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstImageShown, noteImageShown } from '../../../src/viewer/firstImageShown';

afterEach(() => vi.useRealTimers());

// One module for the page: until a viewport has drawn an image, what waits for it waits (2 s at most); after, nothing waits.
describe('work that waits for the first image on screen', () => {
  it('waits for the first image drawn, and no longer than 2 s when none is', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    void afterFirstImageShown().then(() => order.push('thumbnail A'));
    await vi.advanceTimersByTimeAsync(1999);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(['thumbnail A']);

    void afterFirstImageShown().then(() => order.push('thumbnail B'));
    await vi.advanceTimersByTimeAsync(500);
    expect(order).toEqual(['thumbnail A']);
    // A render of a viewport that has nothing to show yet is not the first image.
    noteImageShown(new CustomEvent('CORNERSTONE_IMAGE_RENDERED', { detail: { viewportStatus: 'loading' } }));
    noteImageShown(new CustomEvent('CORNERSTONE_IMAGE_RENDERED', { detail: { viewportStatus: 'noData' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['thumbnail A']);
    noteImageShown(new CustomEvent('CORNERSTONE_IMAGE_RENDERED', { detail: { viewportStatus: 'rendered' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['thumbnail A', 'thumbnail B']);
  });

  it('does not wait once an image has been drawn', async () => {
    noteImageShown();
    let done = false;
    void afterFirstImageShown().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(true);
  });
});
