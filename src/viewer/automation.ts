/**
 * A read-only hook for end-to-end tests and benchmarks, which must click image points (e.g. the phantom's
 * truth points) and so need to know where an image pixel is on the page. It changes nothing.
 */
import { cache, getRenderingEngines, type Types } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import { imagePointFromWorld, worldFromImagePoint } from './imagePlane';
import { imagePlaneOf } from './morphometryBridge';
import { proposalTimings } from './proposal';
import { snapTimings } from './snapping';
import { proposalOn } from './toolGroup';
import { VertebralMorphometryTool } from './tools/VertebralMorphometryTool';

export interface KyphoAutomation {
  /** Page (client) position of image point `[column, row]` of the image shown in a viewport, or null. */
  imageToClient(viewportId: string, point: readonly number[]): [number, number] | null;
  /** Page (client) position of patient point `[x, y, z]` mm projected onto the plane a viewport shows, or null. */
  worldToClient(viewportId: string, point: readonly number[]): [number, number] | null;
  /** The plane a viewport shows: its focal point and normal in patient mm, or null. */
  viewPlane(viewportId: string): { focalPoint: number[]; normal: number[]; viewUp: number[] } | null;
  /** Bytes of decoded images (and the volumes made of them) in Cornerstone's cache, for the benchmarks. */
  imageCacheBytes(): number;
  /** Milliseconds of the last endplate snaps (bench:assist). */
  snapTimings(): number[];
  /** Milliseconds of the last vertebrae proposed, snap included (bench:assist). */
  proposalTimings(): number[];
  /** The vertebra proposed on a viewport: its level and six points as image [column, row] (stack viewports), or null. */
  proposal(viewportId: string): { level: string; points: [number, number][] } | null;
  /** The vertebra proposed on a viewport, its six points in patient mm (any viewport, reformats too), or null. */
  proposalInWorld(viewportId: string): { level: string; points: [number, number, number][] } | null;
  /** The points (patient mm) of every vertebra annotation of a viewport's frame of reference, the one being placed too. */
  vertebraPoints(viewportId: string): [number, number, number][][];
}

declare global {
  interface Window {
    kyphoAutomation?: KyphoAutomation;
  }
}

export function installAutomationHooks(): void {
  window.kyphoAutomation = {
    imageToClient(viewportId, point) {
      for (const engine of getRenderingEngines() ?? []) {
        const viewport = engine.getViewport(viewportId) as Types.IStackViewport | undefined;
        const imageId = viewport?.getCurrentImageId?.();
        const plane = imageId ? imagePlaneOf(imageId) : null;
        if (!viewport || !plane) continue;
        const [x, y] = viewport.worldToCanvas(worldFromImagePoint(plane, point));
        const rect = viewport.element.getBoundingClientRect();
        return [rect.left + x, rect.top + y];
      }
      return null;
    },
    worldToClient(viewportId, point) {
      const viewport = findViewport(viewportId);
      if (!viewport) return null;
      const [x, y] = viewport.worldToCanvas([point[0] ?? 0, point[1] ?? 0, point[2] ?? 0]);
      const rect = viewport.element.getBoundingClientRect();
      return [rect.left + x, rect.top + y];
    },
    viewPlane(viewportId) {
      const camera = findViewport(viewportId)?.getCamera();
      if (!camera?.focalPoint || !camera.viewPlaneNormal || !camera.viewUp) return null;
      return { focalPoint: [...camera.focalPoint], normal: [...camera.viewPlaneNormal], viewUp: [...camera.viewUp] };
    },
    imageCacheBytes: () => cache.getCacheSize(),
    snapTimings: () => [...snapTimings()],
    proposalTimings: () => [...proposalTimings()],
    proposal(viewportId) {
      const viewport = findViewport(viewportId) as Types.IStackViewport | null;
      const imageId = viewport?.getCurrentImageId?.();
      const plane = imageId ? imagePlaneOf(imageId) : null;
      const shown = viewport && plane ? proposalOn(viewport.element) : null;
      return shown && plane ? { level: shown.level, points: shown.points.map((p) => imagePointFromWorld(plane, p)) } : null;
    },
    proposalInWorld(viewportId) {
      const viewport = findViewport(viewportId);
      const shown = viewport ? proposalOn(viewport.element) : null;
      return shown ? { level: shown.level, points: shown.points.map((p) => [p[0], p[1], p[2]]) } : null;
    },
    vertebraPoints(viewportId) {
      const viewport = findViewport(viewportId);
      const annotations = viewport ? (annotation.state.getAnnotations(VertebralMorphometryTool.toolName, viewport.element) ?? []) : [];
      return annotations.map((a) => ((a.data.handles?.points ?? []) as Types.Point3[]).map((p) => [p[0], p[1], p[2]]));
    },
  };
}

function findViewport(viewportId: string): Types.IViewport | null {
  for (const engine of getRenderingEngines() ?? []) {
    const viewport = engine.getViewport(viewportId);
    if (viewport) return viewport;
  }
  return null;
}
