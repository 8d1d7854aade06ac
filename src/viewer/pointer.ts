/**
 * Where the mouse is over the images: which viewport, which image, which point in the patient (world mm).
 * Linked viewports draw it as a crosshair in the other viewport, and the `E` key asks it which vertebra
 * is under the cursor.
 */
import { Enums, eventTarget, getEnabledElement, getRenderingEngines, type Types } from '@cornerstonejs/core';

export interface PointerOnImage {
  viewportId: string;
  imageId: string;
  world: Types.Point3;
}

let current: PointerOnImage | null = null;
const listeners = new Set<() => void>();
const watched = new Set<HTMLDivElement>();
let installed = false;

export function pointerOnImage(): PointerOnImage | null {
  return current;
}

/** Called after every move over an image and when the mouse leaves one. */
export function onPointerChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(next: PointerOnImage | null): void {
  current = next;
  for (const listener of [...listeners]) listener();
}

function onMove(event: MouseEvent): void {
  const element = event.currentTarget as HTMLDivElement;
  const viewport = getEnabledElement(element)?.viewport as Types.IStackViewport | undefined;
  const imageId = viewport?.getCurrentImageId?.();
  if (!viewport || !imageId) return;
  const rect = element.getBoundingClientRect();
  const world = viewport.canvasToWorld([event.clientX - rect.left, event.clientY - rect.top]);
  set({ viewportId: viewport.id, imageId, world });
}

function onLeave(event: MouseEvent): void {
  const element = event.currentTarget as HTMLDivElement;
  if (current && getEnabledElement(element)?.viewport.id === current.viewportId) set(null);
}

function watch(element: HTMLDivElement): void {
  if (watched.has(element)) return;
  watched.add(element);
  element.addEventListener('mousemove', onMove);
  element.addEventListener('mouseleave', onLeave);
}

/** Follows the mouse over every viewport, present and future; once per page. */
export function trackPointer(): void {
  if (installed) return;
  installed = true;
  eventTarget.addEventListener(Enums.Events.ELEMENT_ENABLED, (evt: Event) => watch((evt as CustomEvent<{ element: HTMLDivElement }>).detail.element));
  eventTarget.addEventListener(Enums.Events.ELEMENT_DISABLED, (evt: Event) => {
    const { element } = (evt as CustomEvent<{ element: HTMLDivElement }>).detail;
    element.removeEventListener('mousemove', onMove);
    element.removeEventListener('mouseleave', onLeave);
    watched.delete(element);
    if (current) set(null);
  });
  for (const engine of getRenderingEngines() ?? []) for (const viewport of engine.getViewports()) watch(viewport.element);
}
