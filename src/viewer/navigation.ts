import { Enums, getRenderingEngines, utilities, type Types } from '@cornerstonejs/core';
import { fitToView, ownWindow } from './mpr/fit';
import { WINDOW_PRESETS } from './windowPresets';

function stackViewport(viewportId: string): Types.IStackViewport | null {
  for (const engine of getRenderingEngines() ?? []) {
    const viewport = engine.getViewport(viewportId) as Types.IStackViewport | undefined;
    if (viewport && viewport.getImageIds().length > 0) return viewport;
  }
  return null;
}

/** A reformat (volume viewport) moves its plane along its normal, one slice per step. */
function isReformat(viewport: Types.IStackViewport): boolean {
  return viewport.type === Enums.ViewportType.ORTHOGRAPHIC;
}

/** Moves through the stack, stopping at its ends (a radiologist scrolling past the end expects to stay there). */
export function scrollBy(viewportId: string, delta: number): void {
  const viewport = stackViewport(viewportId);
  if (!viewport) return;
  if (isReformat(viewport)) {
    utilities.scroll(viewport, { delta });
    return;
  }
  const last = viewport.getImageIds().length - 1;
  const target = Math.min(last, Math.max(0, viewport.getCurrentImageIdIndex() + delta));
  if (target !== viewport.getCurrentImageIdIndex()) void viewport.setImageIdIndex(target);
}

export function scrollTo(viewportId: string, where: 'first' | 'last'): void {
  const viewport = stackViewport(viewportId);
  if (!viewport) return;
  if (isReformat(viewport)) {
    const count = (viewport as unknown as Types.IVolumeViewport).getNumberOfSlices();
    void utilities.jumpToSlice(viewport.element, { imageIndex: where === 'first' ? 0 : count - 1 });
    return;
  }
  void viewport.setImageIdIndex(where === 'first' ? 0 : viewport.getImageIds().length - 1);
}

export function applyWindowPreset(viewportId: string, presetId: string): void {
  const viewport = stackViewport(viewportId);
  const preset = WINDOW_PRESETS.find((p) => p.id === presetId);
  if (!viewport || !preset) return;
  if (!preset.window && isReformat(viewport)) {
    // Cornerstone's reset of a volume viewport would also reset its plane and slab.
    const own = ownWindow(viewport as unknown as Types.IVolumeViewport);
    if (own) viewport.setProperties({ voiRange: own });
  } else if (!preset.window) {
    const camera = viewport.getCamera();
    viewport.resetProperties();
    viewport.setCamera(camera);
  } else {
    const { lower, upper } = utilities.windowLevel.toLowHighRange(preset.window.width, preset.window.center);
    viewport.setProperties({ voiRange: { lower, upper } });
  }
  viewport.render();
}

export function invertView(viewportId: string): void {
  const viewport = stackViewport(viewportId);
  if (!viewport) return;
  viewport.setProperties({ invert: !viewport.getProperties().invert });
  viewport.render();
}

/** Back to the fitted, centred image with its own window. */
export function resetView(viewportId: string): void {
  const viewport = stackViewport(viewportId);
  if (!viewport) return;
  if (isReformat(viewport)) {
    // Zoom, pan and window only: the plane stays (Reset planes resets the planes).
    applyWindowPreset(viewportId, 'auto');
    fitToView(viewport as unknown as Types.IVolumeViewport);
    return;
  }
  viewport.resetProperties();
  viewport.resetCamera();
  viewport.render();
}
