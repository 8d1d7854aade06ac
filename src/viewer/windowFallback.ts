import { metaData } from '@cornerstonejs/core';
import { usableWindows, type VoiLut } from './usableWindow';

let answering = false;

/**
 * Answers Cornerstone's `voiLutModule` question before the loaders' own providers, with the header windows that
 * cannot show anything (width <= 0, not a number) taken out. An image whose header has no usable window is then
 * windowed to its pixel range by the image loader, both when it first shows and under Auto (which returns to the
 * image's own window); a reformat takes the same module for its volume.
 */
export function installWindowFallback(): void {
  metaData.addProvider((type: string, ...query: string[]) => {
    if (type !== 'voiLutModule' || answering) return undefined;
    answering = true;
    try {
      const voi = metaData.get(type, ...query) as VoiLut | undefined;
      return voi && usableWindows(voi);
    } finally {
      answering = false;
    }
  }, 100_000);
}
