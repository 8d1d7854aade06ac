import { useCallback, useState } from 'react';
import type { ViewState } from '../viewer/viewState';
import { WINDOW_PRESETS } from '../viewer/windowPresets';

/**
 * The window preset a viewport shows. A fixed preset (CT bone) is recognised by its numbers; `auto` (the image's
 * own window, which may differ from image to image) by the window first seen on each image. `''` means windowed by
 * hand: no preset is in use.
 */
export interface WindowChoice {
  id: string;
  seen: { imageIndex: number; imageCount: number; width: number; center: number } | null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 0.5;

/** The choice after the viewport reported `view`: kept while the window is the preset's, else `''`. */
export function followWindow(choice: WindowChoice, view: ViewState): WindowChoice {
  if (choice.id === '' || view.windowWidth === null || view.windowCenter === null) return choice;
  const { windowWidth: width, windowCenter: center } = view;
  const fixed = WINDOW_PRESETS.find((p) => p.id === choice.id)?.window;
  if (fixed) return close(fixed.width, width) && close(fixed.center, center) ? choice : { id: '', seen: null };
  const { seen } = choice;
  // Another image (or stack) shows its own window under `auto`: that is the one to keep.
  if (!seen || seen.imageIndex !== view.imageIndex || seen.imageCount !== view.imageCount)
    return { id: choice.id, seen: { imageIndex: view.imageIndex, imageCount: view.imageCount, width, center } };
  return close(seen.width, width) && close(seen.center, center) ? choice : { id: '', seen: null };
}

/** The preset in use per viewport, for the toolbar's Window select. A new stack opens in its own window (`auto`). */
export function useWindowPreset() {
  const [choices, setChoices] = useState<Readonly<Record<string, WindowChoice>>>({});
  const choose = useCallback((viewportId: string, id: string) => setChoices((c) => ({ ...c, [viewportId]: { id, seen: null } })), []);
  const observe = useCallback(
    (viewportId: string, view: ViewState) =>
      setChoices((c) => {
        const next = followWindow(c[viewportId] ?? { id: 'auto', seen: null }, view);
        return next === c[viewportId] ? c : { ...c, [viewportId]: next };
      }),
    [],
  );
  const presetOf = (viewportId: string) => choices[viewportId]?.id ?? 'auto';
  return { choose, observe, presetOf };
}
