/**
 * Three orthographic volume viewports (axial, sagittal, coronal) on one series' volume, for the lifetime
 * of the component: enabled on mount, streamed in with progress, tied together by the MPR tools, and
 * disabled on unmount. A recorded plane (`focus`) is shown again in the viewport it belongs to.
 */
import { useEffect, useRef, useState } from 'react';
import { Enums, setVolumesForViewports, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { formatMm } from '../../dicom';
import type { ReformatPlane } from '../../reading';
import { MprOverlay, type MprOverlayInfo } from '../../ui/MprOverlay';
import { leaveKeysToPage } from '../keyboardFocus';
import { attachMprTools, MPR_VIEWPORT_IDS, PLANE_COLOURS, resetCrosshairs } from './mprTools';
import { fitToView } from './fit';
import { cameraOnPlane, edgeLetters, obliquity, planeForNormal, slicePosition, type MprPlane } from './reformatPlane';
import { applySlab, describeSlab, slabOf, type Slab } from './slab';
import { createSeriesVolume, type VolumeProgress } from './volumeLoading';

export const MPR_PLANES: readonly MprPlane[] = ['sagittal', 'axial', 'coronal'];

const ORIENTATION: Record<MprPlane, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

const LABELS: Record<MprPlane, string> = { axial: 'Axial', sagittal: 'Sagittal', coronal: 'Coronal' };

export type MprStatus = { state: 'loading'; progress: VolumeProgress } | { state: 'ready'; progress: VolumeProgress } | { state: 'failed'; message: string };

interface Props {
  engine: RenderingEngine;
  seriesInstanceUid: string;
  /** In order along the slice normal. */
  imageIds: readonly string[];
  slab: Slab;
  /** A plane to show again (a new object asks again). */
  focus: { plane: ReformatPlane } | null;
  activeViewportId: string;
  onActivate: (viewportId: string) => void;
  onStatus: (status: MprStatus) => void;
}

function volumeViewport(engine: RenderingEngine, plane: MprPlane): Types.IVolumeViewport | undefined {
  return engine.getViewport(MPR_VIEWPORT_IDS[plane]) as Types.IVolumeViewport | undefined;
}

function readOverlay(viewport: Types.IVolumeViewport, plane: MprPlane): MprOverlayInfo {
  const camera = viewport.getCamera();
  const voiRange = viewport.getProperties()?.voiRange;
  const wl = voiRange ? utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper) : null;
  const normal = camera.viewPlaneNormal ?? [0, 0, 1];
  const { axis, mm } = slicePosition(plane, camera.focalPoint ?? [0, 0, 0]);
  return {
    planeLabel: LABELS[plane],
    colour: PLANE_COLOURS[plane],
    obliqueDegrees: obliquity(plane, normal),
    position: `${axis} = ${formatMm(mm)} mm`,
    slab: describeSlab(slabOf(viewport as Types.IVolumeViewport & { getBlendMode(): Enums.BlendModes })),
    windowWidth: wl?.windowWidth ?? null,
    windowCenter: wl?.windowCenter ?? null,
    edges: edgeLetters({ viewPlaneNormal: normal, viewUp: camera.viewUp ?? [0, 0, 1] }),
  };
}

/** Three orthogonal planes through the centre of the volume, each fitted to its view. */
export function resetPlanes(engine: RenderingEngine): void {
  resetCrosshairs();
  for (const plane of MPR_PLANES) {
    const viewport = volumeViewport(engine, plane);
    if (viewport?.getDefaultActor()) fitToView(viewport);
  }
}

export function MprViewports({ engine, seriesInstanceUid, imageIds, slab, focus, activeViewportId, onActivate, onStatus }: Props) {
  const elements = useRef<Partial<Record<MprPlane, HTMLDivElement | null>>>({});
  const [ready, setReady] = useState(false);
  const [overlays, setOverlays] = useState<Partial<Record<MprPlane, MprOverlayInfo>>>({});
  const slabRef = useRef(slab);
  slabRef.current = slab;
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    let cancelled = false;
    const refresh: Partial<Record<MprPlane, () => void>> = {};
    for (const plane of MPR_PLANES) {
      const element = elements.current[plane]!;
      engine.enableElement({
        viewportId: MPR_VIEWPORT_IDS[plane],
        type: Enums.ViewportType.ORTHOGRAPHIC,
        element,
        defaultOptions: { orientation: ORIENTATION[plane], background: [0, 0, 0] },
      });
      leaveKeysToPage(element);
      refresh[plane] = () => {
        const viewport = volumeViewport(engine, plane);
        if (viewport?.getDefaultActor()) setOverlays((o) => ({ ...o, [plane]: readOverlay(viewport, plane) }));
      };
      for (const event of [Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED]) element.addEventListener(event, refresh[plane]!);
    }
    const detachTools = attachMprTools(engine.id);
    // Keep each camera's plane on resize (a reset would lose a rotated, oblique one), and fit the volume to a view
    // whose size really changed (the first report of each size is not a change: the volume is fitted once set).
    const sizes = new Map<Element, string>();
    const resize = new ResizeObserver((entries) => {
      engine.resize(true, true);
      for (const { target, contentRect } of entries) {
        const size = `${contentRect.width}x${contentRect.height}`;
        const known = sizes.get(target);
        sizes.set(target, size);
        const plane = MPR_PLANES.find((p) => elements.current[p] === target);
        const viewport = plane && volumeViewport(engine, plane);
        if (known !== undefined && known !== size && viewport?.getDefaultActor()) fitToView(viewport, { recentre: false });
      }
    });
    for (const plane of MPR_PLANES) resize.observe(elements.current[plane]!);

    onStatusRef.current({ state: 'loading', progress: { loaded: 0, total: imageIds.length } });
    createSeriesVolume(seriesInstanceUid, imageIds, (progress) => {
      if (!cancelled) onStatusRef.current({ state: 'loading', progress });
    })
      .then(async ({ volume, loaded }) => {
        if (cancelled) return;
        const viewportIds = MPR_PLANES.map((plane) => MPR_VIEWPORT_IDS[plane]);
        await setVolumesForViewports(engine, [{ volumeId: volume.volumeId }], viewportIds);
        if (cancelled) return;
        for (const plane of MPR_PLANES) {
          const viewport = volumeViewport(engine, plane)!;
          applySlab(viewport, slabRef.current);
          fitToView(viewport);
          refresh[plane]!();
        }
        setReady(true);
        const { failed } = await loaded;
        if (cancelled) return;
        const total = volume.imageIds.length;
        if (failed > 0) onStatusRef.current({ state: 'failed', message: `${failed} of ${total} slices could not be decoded; the volume is incomplete.` });
        else onStatusRef.current({ state: 'ready', progress: { loaded: total, total } });
      })
      .catch((error: unknown) => {
        if (!cancelled) onStatusRef.current({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      });

    return () => {
      cancelled = true;
      setReady(false);
      resize.disconnect();
      detachTools();
      for (const plane of MPR_PLANES) {
        const element = elements.current[plane];
        for (const event of [Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED]) element?.removeEventListener(event, refresh[plane]!);
        engine.disableElement(MPR_VIEWPORT_IDS[plane]);
      }
    };
  }, [engine, seriesInstanceUid, imageIds]);

  useEffect(() => {
    if (!ready) return;
    for (const plane of MPR_PLANES) {
      const viewport = volumeViewport(engine, plane);
      if (!viewport) continue;
      applySlab(viewport, slab);
      setOverlays((o) => ({ ...o, [plane]: readOverlay(viewport, plane) }));
    }
  }, [ready, slab, engine]);

  useEffect(() => {
    if (!ready || !focus) return;
    const viewport = volumeViewport(engine, planeForNormal(focus.plane.normal));
    if (!viewport) return;
    const camera = viewport.getCamera();
    viewport.setCamera(
      cameraOnPlane(focus.plane, {
        focalPoint: camera.focalPoint!,
        position: camera.position!,
        viewPlaneNormal: camera.viewPlaneNormal!,
        viewUp: camera.viewUp!,
      }),
    );
    viewport.render();
  }, [ready, focus, engine]);

  return (
    <>
      {MPR_PLANES.map((plane) => {
        const viewportId = MPR_VIEWPORT_IDS[plane];
        const overlay = overlays[plane];
        return (
          <div
            key={plane}
            className={`viewport-pane mpr-pane${activeViewportId === viewportId ? ' active' : ''}`}
            data-viewport-id={viewportId}
            data-plane={plane}
            style={{ gridArea: plane }}
            tabIndex={0}
            role="img"
            aria-label={`${LABELS[plane]} reformat${overlay ? `, ${overlay.position}` : ', loading'}`}
            onFocus={() => onActivate(viewportId)}
            onPointerDown={() => onActivate(viewportId)}
            onContextMenu={(e) => e.preventDefault()}
          >
            <div
              ref={(el) => {
                elements.current[plane] = el;
              }}
              className="viewport-element"
              data-testid={`viewport-${viewportId}`}
            />
            {overlay && <MprOverlay info={overlay} />}
          </div>
        );
      })}
    </>
  );
}
