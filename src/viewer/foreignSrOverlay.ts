/**
 * Shows another viewer's SR on the images it refers to (ForeignSrTool), until the returned function stops it.
 * Nothing of it enters the reading.
 */
import type { SrShape } from '../persistence/sr/srDescribe';
import type { ImageRef } from '../reading';
import { renderAll } from './morphometryBridge';
import { configureForeignSrTool } from './toolGroup';

export function showForeignSr(shapes: readonly SrShape[], describeImage: (imageId: string) => ImageRef | null): () => void {
  configureForeignSrTool({
    shapes: (imageId) => {
      const ref = describeImage(imageId);
      return shapes.filter((s) =>
        s.image ? ref !== null && s.image.sopInstanceUid === ref.sopInstanceUid && (s.image.frameNumber ?? 1) === ref.frameNumber : Boolean(s.world),
      );
    },
  });
  renderAll();
  return () => {
    configureForeignSrTool({ shapes: () => [] });
    renderAll();
  };
}
