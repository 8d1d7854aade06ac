import { useEffect, useRef, useState } from 'react';
import { Enums, eventTarget, metaData, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { transferSyntaxName } from '../dicom/transferSyntax';
import { decodeProblem, errorDetail } from './decodeProblem';
import { noteImageShown } from './firstImageShown';
import { fileNameOf } from './imageIds';
import { leaveKeysToPage } from './keyboardFocus';
import { addViewportToTools, removeViewportFromTools } from './toolGroup';
import type { ViewState } from './viewState';

interface Props {
  engine: RenderingEngine;
  viewportId: string;
  /** The stack to show; a new stack is fitted and centred by Cornerstone's default camera. */
  imageIds: readonly string[];
  /** Shows this image of the stack (a new object asks again, e.g. a second click on the same result row). */
  focus?: { imageId: string } | null;
  active: boolean;
  /** The viewport's accessible name: what it shows (patient, series, image n of N). */
  label: string;
  onActivate: () => void;
  onViewState: (state: ViewState) => void;
  onImageLoadFailed: (fileName: string, reason: string) => void;
  /** Rendered above the image: the overlay text, drawn by ui/. */
  children?: React.ReactNode;
}

function readViewState(viewport: Types.IStackViewport): ViewState {
  const { voiRange, invert } = viewport.getProperties();
  const wl = voiRange ? utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper) : null;
  return {
    imageIndex: viewport.getCurrentImageIdIndex(),
    imageCount: viewport.getImageIds().length,
    windowWidth: wl?.windowWidth ?? null,
    windowCenter: wl?.windowCenter ?? null,
    // The CPU renderer has no camera until its first render; say nothing rather than a wrong zoom.
    zoom: Number.isFinite(viewport.getZoom()) ? viewport.getZoom() : null,
    invert: invert ?? false,
  };
}

/** One Cornerstone stack viewport bound to a DOM element for the lifetime of the component. */
export function ViewportPane({ engine, viewportId, imageIds, focus = null, active, label, onActivate, onViewState, onImageLoadFailed, children }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const [enabled, setEnabled] = useState(false);
  const [stackSet, setStackSet] = useState<readonly string[] | null>(null);
  // The image the viewport was asked to show, and the images of the stack that failed to load: a failed
  // image is drawn as a placeholder, never as the pixels of the image shown before it.
  const [wanted, setWanted] = useState<string | null>(null);
  const [failedImages, setFailedImages] = useState<ReadonlyMap<string, string>>(new Map());
  const failedRef = useRef(failedImages);
  const focusRef = useRef(focus);
  focusRef.current = focus;
  const callbacks = useRef({ onViewState, onImageLoadFailed });
  callbacks.current = { onViewState, onImageLoadFailed };

  useEffect(() => {
    const el = element.current!;
    engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element: el, defaultOptions: { background: [0, 0, 0] } });
    leaveKeysToPage(el);
    addViewportToTools(viewportId, engine.id);
    const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
    const report = () => {
      if (viewport.getImageIds().length) callbacks.current.onViewState(readViewState(viewport));
    };
    const events = [Enums.Events.STACK_NEW_IMAGE, Enums.Events.VOI_MODIFIED, Enums.Events.CAMERA_MODIFIED, Enums.Events.IMAGE_RENDERED];
    events.forEach((e) => el.addEventListener(e, report));
    el.addEventListener(Enums.Events.IMAGE_RENDERED, noteImageShown);
    const requested = (evt: Event) => setWanted((evt as CustomEvent<{ imageId: string }>).detail.imageId);
    el.addEventListener(Enums.Events.PRE_STACK_NEW_IMAGE, requested);
    // Cornerstone resolves setStack even when an image failed; the failure only shows as an event.
    const failed = (evt: Event) => {
      const { imageId, error } = (evt as CustomEvent<{ imageId: string; error?: unknown }>).detail;
      if (!viewport.getImageIds().includes(imageId)) return;
      const reason = describeError(imageId, error);
      failedRef.current = new Map(failedRef.current).set(imageId, reason);
      setFailedImages(failedRef.current);
      report();
      // The images of a DICOMweb series are reported together, per series and reason, by its retrieval.
      if (!imageId.startsWith('wadors:')) callbacks.current.onImageLoadFailed(fileNameOf(imageId), reason);
    };
    const loaded = (evt: Event) => {
      const imageId = (evt as CustomEvent<{ image?: { imageId: string } }>).detail.image?.imageId;
      if (!imageId) return;
      if (!failedRef.current.has(imageId)) return;
      // At once, not at the next render: showing it loads it from the cache, which announces it loaded again.
      const next = new Map(failedRef.current);
      next.delete(imageId);
      failedRef.current = next;
      setFailedImages(next);
      // Loaded since (a retry): shown at once if it is the one on screen.
      const index = viewport.getImageIds().indexOf(imageId);
      if (index >= 0 && index === viewport.getCurrentImageIdIndex()) redisplay(viewport, index);
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, failed);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, loaded);
    const resize = new ResizeObserver(() => engine.resize(true, false));
    resize.observe(el);
    setEnabled(true);
    return () => {
      resize.disconnect();
      events.forEach((e) => el.removeEventListener(e, report));
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, noteImageShown);
      el.removeEventListener(Enums.Events.PRE_STACK_NEW_IMAGE, requested);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, failed);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, loaded);
      setEnabled(false);
      removeViewportFromTools(viewportId, engine.id);
      engine.disableElement(viewportId);
    };
  }, [engine, viewportId]);

  useEffect(() => {
    if (!enabled || imageIds.length === 0) return;
    const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
    const focused = focusRef.current ? imageIds.indexOf(focusRef.current.imageId) : -1;
    const start = focused >= 0 ? focused : Math.floor((imageIds.length - 1) / 2);
    setStackSet(null);
    setWanted(imageIds[start]);
    viewport.setStack([...imageIds], start).then(
      () => {
        viewport.render();
        setStackSet(imageIds);
      },
      (error: unknown) => callbacks.current.onImageLoadFailed(fileNameOf(imageIds[start]), describeError(imageIds[start]!, error)),
    );
  }, [enabled, engine, viewportId, imageIds]);

  useEffect(() => {
    if (!focus || stackSet !== imageIds) return;
    const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
    const index = imageIds.indexOf(focus.imageId);
    if (index >= 0 && index !== viewport.getCurrentImageIdIndex()) void viewport.setImageIdIndex(index);
  }, [focus, stackSet, imageIds, engine, viewportId]);

  return (
    <div
      className={`viewport-pane${active ? ' active' : ''}`}
      data-viewport-id={viewportId}
      // Reachable with Tab: focused, it is the active viewport and the arrows scroll it.
      tabIndex={0}
      role="img"
      aria-label={label}
      onFocus={onActivate}
      onPointerDown={onActivate}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div ref={element} className="viewport-element" data-testid={`viewport-${viewportId}`} />
      {wanted && failedImages.has(wanted) && imageIds.includes(wanted) && (
        <FailedImage
          name={fileNameOf(wanted)}
          reason={failedImages.get(wanted)!}
          // The placeholder covers the image, so that nothing is measured on pixels that are not this image's; the wheel still scrolls.
          onWheel={(delta) => utilities.scroll(engine.getViewport(viewportId) as Types.IStackViewport, { delta })}
        />
      )}
      {children}
    </div>
  );
}

/**
 * Shows the image at `index` again. Cornerstone's setImageIdIndex does nothing for the index it is
 * already at, which is where a failed image leaves it; its own loader step does, and keeps the camera.
 */
function redisplay(viewport: Types.IStackViewport, index: number): void {
  const load = (viewport as unknown as { _setImageIdIndex?: (index: number) => Promise<string> })._setImageIdIndex;
  if (load) void load.call(viewport, index).then(() => viewport.render());
  else void viewport.setStack([...viewport.getImageIds()], index);
}

/** What the reader sees instead of an image that could not be loaded. */
function FailedImage({ name, reason, onWheel }: { name: string; reason: string; onWheel: (delta: number) => void }) {
  return (
    <div className="failed-image" role="img" aria-label={`${name}: not shown`} onWheel={(e) => onWheel(Math.sign(e.deltaY))}>
      <p>
        <strong>This image could not be shown</strong>
        <br />
        {name}
      </p>
      <p className="reason">{reason}</p>
    </div>
  );
}

/**
 * Why an image is not shown. A local file's image failed in its decoder (or could no longer be read): said in
 * plain words, the decoder's own message only in the console. A DICOMweb image keeps the retrieval's message
 * (timeouts, server errors), which its series' failure group words.
 */
function describeError(imageId: string, error: unknown): string {
  if (imageId.startsWith('wadors:')) {
    if (!error) return 'the image could not be decoded';
    if (error instanceof Error) return error.message;
    if (typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
    return String(error);
  }
  console.warn(`image not shown: ${errorDetail(error)}`);
  const uid = (metaData.get('transferSyntax', imageId) as { transferSyntaxUID?: string } | undefined)?.transferSyntaxUID;
  return decodeProblem(error, uid ? transferSyntaxName(uid) : null);
}
