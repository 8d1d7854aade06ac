/**
 * Another viewer's SR shown on its images, read-only: every line, point and outline it holds (SCOORD on an
 * image, SCOORD3D in the patient) drawn with its label, in a colour of its own. It handles no input and makes
 * no annotations: what to draw comes from its configuration (viewer/foreignSrOverlay.ts), per image shown.
 */
import { metaData, utilities, type Types } from '@cornerstonejs/core';
import { AnnotationDisplayTool, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { SrShape } from '../../persistence/sr/srDescribe';

export interface ForeignSrConfiguration {
  /** The shapes on the image shown (an image SCOORD of this image, or a SCOORD3D of its Frame of Reference). */
  shapes: (imageId: string) => readonly SrShape[];
}

/** Sky blue: none of the grade colours nor the reference's fuchsia. */
export const FOREIGN_COLOUR = '#38bdf8';
const UID = 'kypho-foreign-sr';
/** A SCOORD3D is drawn on an image whose plane it lies within this distance of (mm). */
const ON_PLANE_MM = 1.5;

const { drawCircle, drawPolyline, drawTextBox } = drawing;

export class ForeignSrTool extends AnnotationDisplayTool {
  static override toolName = 'KyphoForeignSr';

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, { supportedInteractionTypes: [], configuration: { shapes: () => [] } satisfies ForeignSrConfiguration });
  }

  renderAnnotation(enabledElement: Types.IEnabledElement, svg: ToolTypes.SVGDrawingHelper): boolean {
    const viewport = enabledElement.viewport as Types.IStackViewport;
    const imageId = viewport.getCurrentImageId?.();
    if (!imageId) return false;
    const shapes = (this.configuration as ForeignSrConfiguration).shapes(imageId);
    let drawn = false;
    shapes.forEach((shape, index) => {
      const world = worldPoints(shape, imageId);
      if (!world || world.length === 0) return;
      const canvas = world.map((p) => viewport.worldToCanvas(p));
      const style = { color: FOREIGN_COLOUR, lineWidth: 2 };
      const id = `shape-${index}`;
      if (shape.graphicType === 'POINT' || shape.graphicType === 'MULTIPOINT') {
        canvas.forEach((p, i) => drawCircle(svg, UID, `${id}-${i}`, p, 4, { ...style, fill: FOREIGN_COLOUR, fillOpacity: 0.4 }));
      } else if (shape.graphicType === 'CIRCLE' && canvas.length === 2) {
        const [c, edge] = canvas as [Types.Point2, Types.Point2];
        drawCircle(svg, UID, id, c, Math.hypot(edge[0] - c[0], edge[1] - c[1]), style);
      } else if (shape.graphicType === 'ELLIPSE' && canvas.length === 4) {
        // The major and the minor axis.
        drawPolyline(svg, UID, `${id}-major`, [canvas[0]!, canvas[1]!], style);
        drawPolyline(svg, UID, `${id}-minor`, [canvas[2]!, canvas[3]!], style);
      } else {
        drawPolyline(svg, UID, id, canvas, { ...style, closePath: shape.graphicType === 'POLYGON' });
      }
      const [x, y] = canvas[0]!;
      drawTextBox(svg, UID, `${id}-label`, [shape.label], [x + 8, y - 8], {
        color: FOREIGN_COLOUR,
        padding: 0,
        fontSize: '12px',
        background: 'rgba(13, 17, 23, 0.75)',
      });
      drawn = true;
    });
    return drawn;
  }
}

/** The shape's points in the patient, or null when the shape is not on this image. */
function worldPoints(shape: SrShape, imageId: string): Types.Point3[] | null {
  // SCOORD: the caller gives only this image's; its origin, the top-left pixel's corner, is Cornerstone's too.
  if (shape.image) return shape.image.points.map((p) => utilities.imageToWorldCoords(imageId, p) as Types.Point3);
  if (!shape.world) return null;
  const plane = metaData.get('imagePlaneModule', imageId) as
    | { frameOfReferenceUID?: string; imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[] }
    | undefined;
  const { imagePositionPatient: o, rowCosines: r, columnCosines: c } = plane ?? {};
  if (plane?.frameOfReferenceUID !== shape.world.frameOfReferenceUid || o?.length !== 3 || r?.length !== 3 || c?.length !== 3) return null;
  const n = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
  const off = (p: readonly number[]) => (p[0]! - o[0]!) * n[0]! + (p[1]! - o[1]!) * n[1]! + (p[2]! - o[2]!) * n[2]!;
  if (shape.world.points.some((p) => Math.abs(off(p)) > ON_PLANE_MM)) return null;
  return shape.world.points.map((p) => [...p] as Types.Point3);
}
