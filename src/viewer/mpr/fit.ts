/** Reset helpers of a reformatted view that keep its plane (Cornerstone's own resets also reset the plane and the slab). */
import { cache, utilities, type Types } from '@cornerstonejs/core';
import { fittedView } from './reformatPlane';

/**
 * The whole volume, as large as the view allows, on the same plane; centred on the volume unless `recentre` is
 * false (a resized view keeps what the reader centred, e.g. a vertebra reopened from the results).
 */
export function fitToView(viewport: Types.IVolumeViewport, { recentre = true }: { recentre?: boolean } = {}): void {
  const camera = viewport.getCamera();
  const { clientWidth: width, clientHeight: height } = viewport.element;
  if (!camera.focalPoint || !camera.position || !camera.viewPlaneNormal || !camera.viewUp || !width || !height) return;
  const view = fittedView(
    viewport.getBounds(),
    { focalPoint: camera.focalPoint, position: camera.position, viewPlaneNormal: camera.viewPlaneNormal, viewUp: camera.viewUp },
    { width, height },
  );
  viewport.setCamera(
    recentre ? { focalPoint: view.focalPoint as Types.Point3, position: view.position as Types.Point3, parallelScale: view.parallelScale } : { parallelScale: view.parallelScale },
  );
  viewport.render();
}

/** The window the series came with (its first VOI), or null when its files name none. */
export function ownWindow(viewport: Types.IVolumeViewport): { lower: number; upper: number } | null {
  const volumeId = viewport.getVolumeId();
  const voi = (cache.getVolume(volumeId)?.metadata as { voiLut?: { windowWidth?: number; windowCenter?: number }[] } | undefined)?.voiLut?.[0];
  if (typeof voi?.windowWidth !== 'number' || typeof voi.windowCenter !== 'number') return null;
  return utilities.windowLevel.toLowHighRange(voi.windowWidth, voi.windowCenter);
}
