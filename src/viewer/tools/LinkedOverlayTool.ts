/**
 * What linked viewports show of each other and of the reading, drawn over the image: a crosshair where the
 * mouse is in the other viewport (the same point in the patient), and a marker on each vertebra flagged with
 * edema. It handles no input. What to draw comes from its configuration (see linkedViewports.ts and the app):
 * points in world coordinates (patient mm), projected here onto the plane shown.
 */
import { metaData, type Types } from '@cornerstonejs/core';
import { AnnotationDisplayTool, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import { firstClear, labelBoxesOf } from './labelBoxes';

type Point3 = Types.Point3;

/** One flagged vertebra, placed in the patient. */
export interface OverlayMarker {
  id: string;
  world: Point3;
  label: string;
  colour: string;
}

export interface LinkedOverlayConfiguration {
  /** The point to show as a crosshair in this viewport (the mouse in a linked one), or null. */
  cursor: (viewportId: string) => Point3 | null;
  /** Markers for the image shown. */
  markers: (imageId: string) => readonly OverlayMarker[];
}

const { drawCircle, drawLine, drawTextBox } = drawing;
const UID = 'kypho-linked-overlay';
const CURSOR_COLOUR = '#ffd33d';
/** Screen pixels: the crosshair's arms and the gap that keeps its centre visible. */
const ARM = 14;
const GAP = 4;

export class LinkedOverlayTool extends AnnotationDisplayTool {
  static override toolName = 'KyphoLinkedOverlay';

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, {
      supportedInteractionTypes: [],
      configuration: { cursor: () => null, markers: () => [] } satisfies LinkedOverlayConfiguration,
    });
  }

  private get config(): LinkedOverlayConfiguration {
    return this.configuration as LinkedOverlayConfiguration;
  }

  renderAnnotation(enabledElement: Types.IEnabledElement, svg: ToolTypes.SVGDrawingHelper): boolean {
    const viewport = enabledElement.viewport as Types.IStackViewport;
    const imageId = viewport.getCurrentImageId?.();
    if (!imageId) return false;
    const onPlane = planeProjector(viewport, imageId);
    let drawn = false;
    for (const marker of this.config.markers(imageId)) {
      const [x, y] = viewport.worldToCanvas(onPlane(marker.world));
      drawCircle(svg, UID, `marker-${marker.id}`, [x, y], 7, { color: marker.colour, fill: marker.colour, fillOpacity: 0.35, lineWidth: 2 }, `edema-marker-${marker.id}`);
      const options = { color: marker.colour, padding: 0, fontSize: '12px', background: 'rgba(13, 17, 23, 0.75)', textBoxMargin: 2 };
      const box = drawTextBox(svg, UID, `marker-label-${marker.id}`, [marker.label], [x + 10, y - 9], options);
      // Right of the marker (the vertebra's own label is on its anterior, left, side), else under it, over it, above or
      // below on the right, or left of it: where it is inside the viewport and clear of the vertebrae's labels.
      const { width, height } = box;
      const candidates: [number, number][] = [
        [x + 10, y - height / 2],
        [x - width / 2, y + 9],
        [x - width / 2, y - 9 - height],
        [x + 6, y - 9 - height],
        [x + 6, y + 9],
        [x - 10 - width, y - height / 2],
      ];
      const corner = firstClear(candidates, box, labelBoxesOf(viewport.element), viewport.element);
      drawTextBox(svg, UID, `marker-label-${marker.id}`, [marker.label], corner, options);
      drawn = true;
    }
    const cursor = this.config.cursor(viewport.id);
    if (cursor) {
      const [x, y] = viewport.worldToCanvas(onPlane(cursor));
      const style = { color: CURSOR_COLOUR, lineWidth: 1.5 };
      drawLine(svg, UID, 'cursor-left', [x - GAP - ARM, y], [x - GAP, y], style);
      drawLine(svg, UID, 'cursor-right', [x + GAP, y], [x + GAP + ARM, y], style);
      drawLine(svg, UID, 'cursor-up', [x, y - GAP - ARM], [x, y - GAP], style);
      drawLine(svg, UID, 'cursor-down', [x, y + GAP], [x, y + GAP + ARM], style);
      drawCircle(svg, UID, 'cursor-centre', [x, y], 1.5, { color: CURSOR_COLOUR, fill: CURSOR_COLOUR }, 'linked-cursor');
      drawn = true;
    }
    return drawn;
  }
}

/** Orthogonal projection onto the plane of the image shown (else the camera's focal plane). */
function planeProjector(viewport: Types.IStackViewport, imageId: string): (world: Point3) => Point3 {
  const plane = metaData.get('imagePlaneModule', imageId) as
    | { imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[] }
    | undefined;
  const camera = viewport.getCamera();
  let origin: readonly number[] | undefined = camera.focalPoint;
  let normal: readonly number[] | undefined = camera.viewPlaneNormal;
  const { imagePositionPatient: p, rowCosines: r, columnCosines: c } = plane ?? {};
  if (p?.length === 3 && r?.length === 3 && c?.length === 3) {
    origin = p;
    normal = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
  }
  if (!origin || !normal) return (world) => world;
  const [ox, oy, oz] = origin as [number, number, number];
  const [nx, ny, nz] = normal as [number, number, number];
  return (world) => {
    const d = (world[0] - ox) * nx + (world[1] - oy) * ny + (world[2] - oz) * nz;
    return [world[0] - d * nx, world[1] - d * ny, world[2] - d * nz];
  };
}
