/**
 * Linked viewports (T1 beside STIR): scrolling one moves the others to the slice at the same position in the
 * patient (Image Position Patient along the normal, within one Frame of Reference, not the same index); the
 * mouse in one shows as a crosshair at the same point in the others; zoom and pan follow as an option.
 * Window/level stays each viewport's own: T1 and STIR need different windows.
 */
import { Enums, getRenderingEngines, type Types } from '@cornerstonejs/core';
import { utilities as toolsUtils } from '@cornerstonejs/tools';
import { onPointerChange, pointerOnImage } from './pointer';
import { closestSlice, type SliceGeometry } from './slicePosition';
import { configureLinkedOverlay } from './toolGroup';

export interface LinkOptions {
  /** Left first: on opening, the others follow the first. */
  viewportIds: readonly string[];
  /** The DICOM geometry of an image, from the study model; null when it has none. */
  geometry: (imageId: string) => SliceGeometry | null;
  slices: boolean;
  zoomPan: boolean;
}

/** How long a slice change we asked for counts as ours, so that it is not passed back (ms). */
const ECHO_WINDOW_MS = 2000;

function stackViewport(viewportId: string): Types.IStackViewport | null {
  for (const engine of getRenderingEngines() ?? []) {
    const viewport = engine.getViewport(viewportId) as Types.IStackViewport | undefined;
    if (viewport && viewport.type === Enums.ViewportType.STACK) return viewport;
  }
  return null;
}

/** Links the viewports until the returned function is called. */
export function linkViewports(options: LinkOptions): () => void {
  const { viewportIds, geometry } = options;
  /** Slice changes this module asked for, per viewport: index -> when. */
  const requested = new Map<string, Map<number, number>>();
  /** The stack each viewport showed at its last new image, to tell a new stack from a scroll. */
  const stacks = new Map<string, readonly string[]>();
  let applyingCamera = false;
  const listening: { element: HTMLDivElement; type: string; listener: EventListener }[] = [];

  const loaded = (viewport: Types.IStackViewport | null): viewport is Types.IStackViewport =>
    !!viewport && viewport.getImageIds().length > 0 && !!viewport.getCurrentImageId();

  function moveToSamePosition(source: Types.IStackViewport, target: Types.IStackViewport): void {
    const here = geometry(source.getCurrentImageId());
    if (!here) return;
    const nearest = closestSlice(here, target.getImageIds().map(geometry));
    if (!nearest || nearest.index === target.getCurrentImageIdIndex()) return;
    const mine = requested.get(target.id) ?? new Map<number, number>();
    mine.set(nearest.index, Date.now());
    requested.set(target.id, mine);
    void target.setImageIdIndex(nearest.index);
  }

  /** True (and forgotten) when this viewport's new slice is one we asked for. */
  function isEcho(viewport: Types.IStackViewport): boolean {
    const mine = requested.get(viewport.id);
    if (!mine) return false;
    const now = Date.now();
    for (const [index, at] of mine) if (now - at > ECHO_WINDOW_MS) mine.delete(index);
    return mine.delete(viewport.getCurrentImageIdIndex());
  }

  function onNewImage(viewportId: string): void {
    const viewport = stackViewport(viewportId);
    if (!loaded(viewport)) return;
    const stack = viewport.getImageIds();
    const freshStack = stacks.get(viewportId) !== stack;
    stacks.set(viewportId, stack);
    if (isEcho(viewport)) return;
    const others = viewportIds.filter((id) => id !== viewportId).map(stackViewport).filter(loaded);
    // A series just put in a viewport follows the first (left) viewport; any other slice change leads.
    if (freshStack && viewportId !== viewportIds[0]) {
      const leader = others.find((v) => v.id === viewportIds[0]);
      if (leader) moveToSamePosition(leader, viewport);
      return;
    }
    for (const other of others) moveToSamePosition(viewport, other);
  }

  function followCamera(source: Types.IStackViewport, target: Types.IStackViewport): void {
    const from = source.getCamera();
    const to = target.getCamera();
    if (!from.focalPoint || !to.focalPoint || !to.position || !to.viewPlaneNormal || from.parallelScale === undefined) return;
    // The source's in-plane centre and scale; the target keeps its own slice (its focal point along the normal).
    const n = to.viewPlaneNormal;
    const d = (to.focalPoint[0] - from.focalPoint[0]) * n[0] + (to.focalPoint[1] - from.focalPoint[1]) * n[1] + (to.focalPoint[2] - from.focalPoint[2]) * n[2];
    const focalPoint: Types.Point3 = [from.focalPoint[0] + d * n[0], from.focalPoint[1] + d * n[1], from.focalPoint[2] + d * n[2]];
    const position: Types.Point3 = [
      focalPoint[0] + to.position[0] - to.focalPoint[0],
      focalPoint[1] + to.position[1] - to.focalPoint[1],
      focalPoint[2] + to.position[2] - to.focalPoint[2],
    ];
    applyingCamera = true;
    try {
      target.setCamera({ focalPoint, position, parallelScale: from.parallelScale });
      target.render();
    } finally {
      applyingCamera = false;
    }
  }

  function onCamera(viewportId: string): void {
    if (applyingCamera) return;
    const source = stackViewport(viewportId);
    if (!loaded(source)) return;
    for (const id of viewportIds) {
      const target = id === viewportId ? null : stackViewport(id);
      if (loaded(target)) followCamera(source, target);
    }
  }

  for (const viewportId of viewportIds) {
    const element = stackViewport(viewportId)?.element;
    if (!element) continue;
    const add = (type: string, listener: EventListener) => {
      element.addEventListener(type, listener);
      listening.push({ element, type, listener });
    };
    if (options.slices) add(Enums.Events.STACK_NEW_IMAGE, () => onNewImage(viewportId));
    if (options.zoomPan) add(Enums.Events.CAMERA_MODIFIED, () => onCamera(viewportId));
    stacks.set(viewportId, stackViewport(viewportId)?.getImageIds() ?? []);
  }

  // Linking now: the others take the first viewport's slice (and view).
  const first = stackViewport(viewportIds[0] ?? '');
  if (loaded(first)) {
    for (const id of viewportIds.slice(1)) {
      const other = stackViewport(id);
      if (!loaded(other)) continue;
      if (options.slices) moveToSamePosition(first, other);
      if (options.zoomPan) followCamera(first, other);
    }
  }

  // The crosshair: the mouse over one linked viewport, shown in the others.
  configureLinkedOverlay({
    cursor: (viewportId) => {
      const pointer = pointerOnImage();
      if (!pointer || pointer.viewportId === viewportId) return null;
      return viewportIds.includes(pointer.viewportId) && viewportIds.includes(viewportId) ? pointer.world : null;
    },
  });
  const stopPointer = onPointerChange(() => toolsUtils.triggerAnnotationRenderForViewportIds([...viewportIds]));

  return () => {
    for (const { element, type, listener } of listening) element.removeEventListener(type, listener);
    stopPointer();
    configureLinkedOverlay({ cursor: () => null });
    toolsUtils.triggerAnnotationRenderForViewportIds([...viewportIds]);
  };
}
