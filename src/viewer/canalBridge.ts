/**
 * The Canal tool's measurement mapping: a completed two-point line (CanalLineTool) becomes the canal line of a
 * level through store.assess, so that undo takes it back: on a stack image in image points with the image's
 * calibration, on a reformat (CT sagittal) in patient mm with the plane it was drawn on. The level is the measured
 * vertebra beside the line (canalLevel.ts), else the selected one, else the Level selector's. The line itself is
 * then removed: the reading holds it, and the fracture panel shows its diameter and compromise. Every canal line of
 * the reading is drawn back where it was drawn (CanalShownTool, locked): on the stack viewports showing its image,
 * on the reformats of its series at its plane, after each change, a reload or an import.
 */
import { Enums, eventTarget, getRenderingEngines, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolsUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import { formatHeight, formatLoss, imageKey, type CanalMeasurement, type Finding, type ReadingStore } from '../reading';
import { canalLevelAt, type Body } from './canalLevel';
import { imagePointFromWorld, worldFromImagePoint } from './imagePlane';
import { imagePlaneOf, onViewportContent, type ImageInfo } from './morphometryBridge';
import { isOnReformat, reformatViewports } from './mpr/patientAnnotations';
import { measuredPlane } from './mpr/reformatPlane';
import { seriesOfVolume } from './mpr/volumeLoading';
import { CanalLineTool } from './tools/CanalLineTool';
import { CanalShownTool } from './tools/CanalShownTool';

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
      renderEverywhere();
    }
  };
  const redraw = () => showCanals(store, options.describeImage);
  const unsubscribe = store.subscribe(redraw);
  const stopWatching = onViewportContent(redraw);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  redraw();
  return () => {
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    unsubscribe();
    stopWatching();
    for (const a of shownCanals()) csAnnotation.state.removeAnnotation(a.annotationUID!);
    renderEverywhere();
  };
}

const SHOWN = CanalShownTool.toolName;
const shownUid = (finding: Finding) => `canal:${finding.id}`;
const shownCanals = () => csAnnotation.state.getAllAnnotations().filter((a) => a.metadata?.toolName === SHOWN);

function renderEverywhere(): void {
  const ids = (getRenderingEngines() ?? []).flatMap((engine) => engine.getViewports().map((v) => v.id));
  toolsUtils.triggerAnnotationRenderForViewportIds(ids);
}

/** Makes the drawn canal lines match the reading: each line where it was drawn, labelled with its numbers. */
function showCanals(store: ReadingStore, describeImage: (imageId: string) => ImageInfo | null): void {
  const { reading, results } = store.getSnapshot();
  const withCanal = reading.findings.filter((f) => f.canal);
  const wanted = new Set(withCanal.map(shownUid));
  for (const a of shownCanals()) if (!wanted.has(a.annotationUID!)) csAnnotation.state.removeAnnotation(a.annotationUID!);
  for (const finding of withCanal) {
    const canal = finding.canal as CanalMeasurement;
    const result = results.canals.find((c) => c.level === finding.level);
    const label = result
      ? `${finding.level} canal ${formatHeight(result.canalDiameter)} ${result.unit}` +
        (result.canalCompromise === null ? '' : `, ${formatLoss(result.canalCompromise)}%`)
      : `${finding.level} canal`;
    const placed = placeOf(canal, describeImage);
    const uid = shownUid(finding);
    const existing = csAnnotation.state.getAnnotation(uid);
    if (existing && placed && sameView(existing.metadata as unknown as Record<string, unknown>, placed.metadata)) {
      existing.data.handles = { ...existing.data.handles, points: placed.world };
      (existing.data as { label?: string }).label = label;
      existing.invalidated = true;
      continue;
    }
    if (existing) csAnnotation.state.removeAnnotation(uid);
    if (!placed) continue;
    csAnnotation.state.addAnnotation(
      {
        annotationUID: uid,
        highlighted: false,
        invalidated: true,
        isLocked: true,
        isVisible: true,
        metadata: { ...placed.metadata, toolName: SHOWN } as Annotation['metadata'],
        data: { handles: { points: placed.world, activeHandleIndex: null }, cachedStats: {}, label } as Annotation['data'],
      },
      placed.element,
    );
  }
  renderEverywhere();
}

/** The same image or the same reformat and plane: the annotation can stay and take the new points. */
function sameView(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return ['referencedImageId', 'volumeId'].every((k) => a[k] === b[k]) && JSON.stringify(a.viewPlaneNormal) === JSON.stringify(b.viewPlaneNormal);
}

/** Where a canal line is drawn: a stack viewport showing its image, or a reformat of its series (at its plane). */
function placeOf(
  canal: CanalMeasurement,
  describeImage: (imageId: string) => ImageInfo | null,
): { world: Types.Point3[]; metadata: Record<string, unknown>; element: HTMLDivElement } | null {
  if (canal.space === 'patient') {
    const viewport = reformatViewports().find((v) => {
      const volumeId = v.getVolumeId();
      return volumeId && seriesOfVolume(volumeId) === canal.seriesInstanceUid;
    });
    if (!viewport) return null;
    return {
      world: canal.points.map((p) => [p[0], p[1], p[2]] as Types.Point3),
      metadata: {
        FrameOfReferenceUID: viewport.getFrameOfReferenceUID(),
        volumeId: viewport.getVolumeId(),
        viewPlaneNormal: [...canal.plane.normal],
        cameraFocalPoint: [...canal.plane.point],
      },
      element: viewport.element,
    };
  }
  const key = imageKey(canal);
  for (const engine of getRenderingEngines() ?? []) {
    for (const viewport of engine.getViewports()) {
      if (viewport.type !== Enums.ViewportType.STACK) continue;
      const stack = viewport as Types.IStackViewport;
      const imageIds = stack.getImageIds();
      const imageId = imageIds.find((id) => {
        const info = describeImage(id);
        return info !== null && imageKey(info) === key;
      });
      const plane = imageId ? imagePlaneOf(imageId) : null;
      if (!imageId || !plane) continue;
      const reference = stack.getViewReference({ sliceIndex: imageIds.indexOf(imageId) });
      return {
        world: canal.points.map((p) => worldFromImagePoint(plane, p) as Types.Point3),
        metadata: { ...reference, referencedImageId: imageId },
        element: stack.element,
      };
    }
  }
  return null;
}
