/**
 * A read-only hook for end-to-end tests and benchmarks, which must click image points (e.g. the phantom's
 * truth points) and so need to know where an image pixel is on the page. It changes nothing.
 */
import { getRenderingEngines, type Types } from '@cornerstonejs/core';
import { worldFromImagePoint } from './imagePlane';
import { imagePlaneOf } from './morphometryBridge';

export interface KyphoAutomation {
  /** Page (client) position of image point `[column, row]` of the image shown in a viewport, or null. */
  imageToClient(viewportId: string, point: readonly number[]): [number, number] | null;
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
  };
}
