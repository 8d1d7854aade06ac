/**
 * The vertebra annotations of the reformats, for the measurement mapping (morphometryBridge.ts): an annotation
 * drawn on a volume viewport keeps its points in patient space (world = patient mm) and becomes a
 * `space: 'patient'` measurement with its plane; a patient-space finding is drawn back on the reformats of its
 * series, on its plane only (Cornerstone shows an annotation where its plane is the viewed slice).
 */
import { Enums, getRenderingEngines, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation, type Types as ToolTypes } from '@cornerstonejs/tools';
import { POINT_KEYS, type SixPoints } from '../../morphometry';
import type { Finding, PatientMeasurement } from '../../reading';
import { POINTS_PER_VERTEBRA } from '../tools/placement';
import { VertebralMorphometryTool } from '../tools/VertebralMorphometryTool';
import { measuredPlane } from './reformatPlane';
import { seriesOfVolume } from './volumeLoading';

type Annotation = ToolTypes.Annotation;

/** Which annotation shows a finding: the reader's own vertebra (its id, the Vertebra tool) or another reading's. */
export interface AnnotationKind {
  uid: string;
  toolName: string;
  /** Locked annotations cannot be dragged. */
  locked: boolean;
}

/** Drawn on a volume viewport: Cornerstone's view reference of a volume names the volume. */
export function isOnReformat(annotation: Annotation): boolean {
  return typeof (annotation.metadata as { volumeId?: unknown } | undefined)?.volumeId === 'string';
}

export function reformatViewports(): Types.IVolumeViewport[] {
  return (getRenderingEngines() ?? [])
    .flatMap((engine) => engine.getViewports())
    .filter((viewport) => viewport.type === Enums.ViewportType.ORTHOGRAPHIC) as unknown as Types.IVolumeViewport[];
}

/** The six points in patient mm, as placed (world coordinates are patient coordinates). */
export function patientPoints(annotation: Annotation): SixPoints | null {
  const points = annotation.data.handles?.points ?? [];
  if (points.length !== POINTS_PER_VERTEBRA) return null;
  return Object.fromEntries(POINT_KEYS.map((key, i) => [key, [...points[i]!]])) as unknown as SixPoints;
}

/** The measurement of a vertebra placed on a reformat: its series, points, and the plane it was placed on. */
export function patientMeasurement(annotation: Annotation): PatientMeasurement | null {
  const metadata = annotation.metadata as { volumeId?: string; viewPlaneNormal?: Types.Point3; cameraFocalPoint?: Types.Point3 };
  const seriesInstanceUid = metadata.volumeId ? seriesOfVolume(metadata.volumeId) : null;
  const points = patientPoints(annotation);
  if (!seriesInstanceUid || !points || !metadata.viewPlaneNormal || !metadata.cameraFocalPoint) return null;
  const plane = measuredPlane(POINT_KEYS.map((key) => points[key]), { focalPoint: metadata.cameraFocalPoint, viewPlaneNormal: metadata.viewPlaneNormal });
  return { space: 'patient', seriesInstanceUid, points, plane };
}

/**
 * Makes the annotation of a patient-space finding match it: its points moved, or created on a reformat of
 * its series if one is shown. Without such a reformat nothing is drawn (the finding stays in the reading).
 */
export function showOnReformats(
  finding: Finding & { measurement: PatientMeasurement },
  as: AnnotationKind = { uid: finding.id, toolName: VertebralMorphometryTool.toolName, locked: false },
): void {
  const { measurement } = finding;
  const world = POINT_KEYS.map((key) => [...measurement.points[key]] as Types.Point3);
  const existing = csAnnotation.state.getAnnotation(as.uid);
  if (existing) {
    existing.data.handles = { ...existing.data.handles, points: world };
    existing.invalidated = true;
    return;
  }
  const viewport = reformatViewports().find((v) => {
    const volumeId = v.getVolumeId();
    return volumeId && seriesOfVolume(volumeId) === measurement.seriesInstanceUid;
  });
  if (!viewport) return;
  csAnnotation.state.addAnnotation(
    {
      annotationUID: as.uid,
      highlighted: false,
      invalidated: true,
      isLocked: as.locked,
      isVisible: true,
      metadata: {
        toolName: as.toolName,
        FrameOfReferenceUID: viewport.getFrameOfReferenceUID(),
        volumeId: viewport.getVolumeId(),
        viewPlaneNormal: [...measurement.plane.normal] as Types.Point3,
        cameraFocalPoint: [...measurement.plane.point] as Types.Point3,
      } as Annotation['metadata'],
      data: { handles: { points: world, activeHandleIndex: null }, cachedStats: {} },
    },
    viewport.element,
  );
}
