/**
 * The Canal tool's measurement mapping: a completed two-point line (CanalLineTool) becomes the canal line of a
 * level through store.assess, so that undo takes it back: on a stack image in image points with the image's
 * calibration, on a reformat (CT sagittal) in patient mm with the plane it was drawn on. The level is the measured
 * vertebra beside the line (canalLevel.ts), else the selected one, else the Level selector's. The line itself is
 * then removed: the reading holds it, and the fracture panel shows its diameter and compromise.
 */
import { eventTarget, getRenderingEngines } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolsUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import { imageKey, type CanalMeasurement, type ReadingStore } from '../reading';
import { canalLevelAt, type Body } from './canalLevel';
import { imagePointFromWorld } from './imagePlane';
import { imagePlaneOf, type ImageInfo } from './morphometryBridge';
import { isOnReformat } from './mpr/patientAnnotations';
import { measuredPlane } from './mpr/reformatPlane';
import { seriesOfVolume } from './mpr/volumeLoading';
import { CanalLineTool } from './tools/CanalLineTool';

type Annotation = ToolTypes.Annotation;

export interface CanalBridgeOptions {
  store: ReadingStore;
  describeImage: (imageId: string) => ImageInfo | null;
  report: (message: string) => void;
}

/** The canal line of an annotation and the measured bodies drawn where it was drawn, or why there is none. */
function canalOf(annotation: Annotation, options: CanalBridgeOptions): { canal: CanalMeasurement; bodies: Body[] } | { problem: string } {
  const [from, to] = annotation.data.handles?.points ?? [];
  if (!from || !to) return { problem: 'The canal line needs two points.' };
  const findings = options.store.getSnapshot().reading.findings;
  if (isOnReformat(annotation)) {
    const metadata = annotation.metadata as { volumeId?: string; viewPlaneNormal?: number[]; cameraFocalPoint?: number[] };
    const seriesInstanceUid = metadata.volumeId ? seriesOfVolume(metadata.volumeId) : null;
    if (!seriesInstanceUid || !metadata.viewPlaneNormal || !metadata.cameraFocalPoint) return { problem: 'The reformat under the canal line is not loaded.' };
    const points: [number[], number[]] = [[...from], [...to]];
    const plane = measuredPlane(points, { focalPoint: metadata.cameraFocalPoint as never, viewPlaneNormal: metadata.viewPlaneNormal as never });
    const bodies = findings.flatMap((f) =>
      f.measurement?.space === 'patient' && f.measurement.seriesInstanceUid === seriesInstanceUid ? [{ level: f.level, points: f.measurement.points }] : [],
    );
    return { canal: { space: 'patient', seriesInstanceUid, points, plane }, bodies };
  }
  const imageId = annotation.metadata?.referencedImageId;
  const info = imageId ? options.describeImage(imageId) : null;
  const plane = imageId ? imagePlaneOf(imageId) : null;
  if (!info || !plane) return { problem: 'This image is not part of a loaded study, so the canal could not be measured.' };
  const { seriesInstanceUid, sopInstanceUid, frameNumber, calibration } = info;
  const points: [number[], number[]] = [imagePointFromWorld(plane, from), imagePointFromWorld(plane, to)];
  const key = imageKey(info);
  const bodies = findings.flatMap((f) =>
    f.measurement?.space === 'image' && imageKey(f.measurement) === key ? [{ level: f.level, points: f.measurement.points }] : [],
  );
  return { canal: { seriesInstanceUid, sopInstanceUid, frameNumber, space: 'image', points, imageCalibration: calibration }, bodies };
}

export function connectCanal(options: CanalBridgeOptions): () => void {
  const { store } = options;
  const onCompleted = (evt: Event) => {
    const { annotation } = (evt as CustomEvent<{ annotation: Annotation }>).detail;
    if (annotation.metadata?.toolName !== CanalLineTool.toolName) return;
    try {
      const result = canalOf(annotation, options);
      if ('problem' in result) {
        options.report(result.problem);
        return;
      }
      const snapshot = store.getSnapshot();
      const selected = snapshot.selectedId ? store.findingById(snapshot.selectedId)?.level : undefined;
      const level = canalLevelAt(result.canal.points, result.bodies) ?? selected ?? snapshot.nextLevel;
      const outcome = store.assess(level, { canal: result.canal });
      if (outcome.status === 'rejected') options.report(outcome.reason);
    } finally {
      csAnnotation.state.removeAnnotation(annotation.annotationUID!);
      const ids = (getRenderingEngines() ?? []).flatMap((engine) => engine.getViewports().map((v) => v.id));
      toolsUtils.triggerAnnotationRenderForViewportIds(ids);
    }
  };
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  return () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
}
