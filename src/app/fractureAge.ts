/**
 * The fracture-age reading in the viewer: which vertebra is under the cursor, where edema markers go on each
 * image, and which sequence a series is. Geometry comes from the study model (DICOM positions), so a vertebra
 * measured on one series is found on every parallel series of the same frame of reference.
 */
import type { FrameRef, Series } from '../dicom';
import type { EdemaSequence, Level, SixPoints } from '../morphometry';
import { imageKey, type Finding, type Snapshot } from '../reading';
import { recognizeSequence } from '../viewer/hangingProtocols';
import { worldFromImagePoint } from '../viewer/imagePlane';
import { planeOfInstance, projectPoints, vertebraAt, type PlacedImage, type VertebraOnImage } from '../viewer/imageProjection';
import type { SliceGeometry } from '../viewer/slicePosition';
import { imagePlaneOf } from '../viewer/morphometryBridge';
import type { OverlayMarker } from '../viewer/tools/LinkedOverlayTool';
import { framesByImageId, imageRefOf, type ImageSource } from './seriesImages';

const EDEMA_COLOUR = '#ff7eb6';

/** Where the reader pressed `E` on a level that has no measurement: its marker goes there. */
export interface EdemaAnchor {
  image: PlacedImage;
  point: [number, number];
}

export function sliceGeometryOf(ref: FrameRef<ImageSource> | undefined): SliceGeometry | null {
  const instance = ref?.instance;
  // A multi-frame object records the first frame's position only; its other frames have no place here.
  if (!instance || ref.frame !== 1 || !instance.imagePositionPatient || !instance.imageOrientationPatient) return null;
  return { frameOfReferenceUid: instance.frameOfReferenceUid, position: instance.imagePositionPatient, orientation: instance.imageOrientationPatient };
}

function placedImageOf(ref: FrameRef<ImageSource>): PlacedImage {
  const geometry = sliceGeometryOf(ref);
  return { key: imageKey(imageRefOf(ref)), geometry, plane: geometry ? planeOfInstance(ref.instance) : null };
}

export function placedImageOfId(imageId: string): PlacedImage | null {
  const ref = framesByImageId.get(imageId);
  return ref ? placedImageOf(ref) : null;
}

/** Every frame of the loaded series by the reading's image key, to place measurements. */
export function framesByKey(series: readonly Series<ImageSource>[]): Map<string, FrameRef<ImageSource>> {
  return new Map(series.flatMap((s) => s.frames.map((ref) => [imageKey(imageRefOf(ref)), ref] as const)));
}

/** The measured vertebrae that can be shown on `target`, in its image points. */
function vertebraeOn(target: PlacedImage, findings: readonly Finding[], frames: Map<string, FrameRef<ImageSource>>): VertebraOnImage[] {
  const result: VertebraOnImage[] = [];
  for (const { level, measurement } of findings) {
    // A vertebra measured on a reformat has no image to project from.
    if (measurement?.space !== 'image') continue;
    const ref = frames.get(imageKey(measurement));
    if (!ref) continue;
    const keys = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'] as const;
    const projected = projectPoints(placedImageOf(ref), target, keys.map((k) => [measurement.points[k][0] ?? 0, measurement.points[k][1] ?? 0]));
    if (projected) result.push({ level, points: Object.fromEntries(keys.map((k, i) => [k, projected[i]!])) as unknown as SixPoints });
  }
  return result;
}

/** The measured vertebra at an image point of a displayed image, if any (see imageProjection.vertebraAt). */
export function measuredLevelAt(imageId: string, point: readonly [number, number], snapshot: Snapshot, frames: Map<string, FrameRef<ImageSource>>): Level | null {
  const target = placedImageOfId(imageId);
  return target ? vertebraAt(point, vertebraeOn(target, snapshot.reading.findings, frames)) : null;
}

/** A marker on each vertebra with edema present that lies on (or near) the image shown. */
export function edemaMarkers(
  imageId: string,
  snapshot: Snapshot,
  frames: Map<string, FrameRef<ImageSource>>,
  anchors: ReadonlyMap<Level, EdemaAnchor>,
): OverlayMarker[] {
  const target = placedImageOfId(imageId);
  if (!target) return [];
  const markers: OverlayMarker[] = [];
  for (const finding of snapshot.reading.findings) {
    if (finding.edema !== 'present') continue;
    let at: [number, number] | null = null;
    const ref = finding.measurement?.space === 'image' ? frames.get(imageKey(finding.measurement)) : undefined;
    if (finding.measurement && ref) {
      // The centre of the body: the mean of its six points.
      const pts = Object.values(finding.measurement.points);
      const centre: [number, number] = [pts.reduce((s, p) => s + (p[0] ?? 0), 0) / pts.length, pts.reduce((s, p) => s + (p[1] ?? 0), 0) / pts.length];
      at = projectPoints(placedImageOf(ref), target, [centre])?.[0] ?? null;
    } else {
      const anchor = anchors.get(finding.level);
      at = anchor ? (projectPoints(anchor.image, target, [anchor.point])?.[0] ?? null) : null;
    }
    // An image without patient geometry (a radiograph) is drawn on the plane Cornerstone gives it.
    const plane = target.plane ?? imagePlaneOf(imageId);
    if (!at || !plane) continue;
    markers.push({
      id: finding.level,
      world: worldFromImagePoint(plane, at),
      label: `${finding.level} edema`,
      colour: EDEMA_COLOUR,
    });
  }
  return markers;
}

export function sequenceOfSeries(series: Series<ImageSource> | undefined, overrides: Readonly<Record<string, EdemaSequence>>): EdemaSequence | null {
  return series ? (recognizeSequence(series, overrides)?.sequence ?? null) : null;
}
