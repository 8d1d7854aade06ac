import { calibrationFromAttributes, type Calibration } from '../morphometry';
import { formatPersonName, type FrameRef, type Instance, type Series, type StudyCollection } from '../dicom';
import { imageKey, type ImageRef, type ReadingState } from '../reading';
import type { OverlayInfo } from '../ui/ViewportOverlay';
import { imageIdFor } from '../viewer/imageIds';
import type { ImageInfo } from '../viewer/morphometryBridge';

const part10Blobs = new WeakMap<Instance<File>, Blob>();
/** A raw data set (no Part 10 header) is loaded from the copy with a header added, made once. */
export function loadableFile(instance: Instance<File>): Blob {
  if (!instance.part10Bytes) return instance.source;
  let blob = part10Blobs.get(instance);
  if (!blob) {
    blob = new Blob([instance.part10Bytes as Uint8Array<ArrayBuffer>]);
    part10Blobs.set(instance, blob);
  }
  return blob;
}

const imageIdsBySeries = new WeakMap<Series<File>, string[]>();
/** Which frame of which study each image id shows, for the measurements placed on it. */
export const framesByImageId = new Map<string, FrameRef<File>>();
export function seriesImageIds(series: Series<File>): string[] {
  let ids = imageIdsBySeries.get(series);
  if (!ids) {
    ids = series.frames.map((ref) => {
      const { instance, frame } = ref;
      const id = imageIdFor({
        file: loadableFile(instance),
        fileName: instance.fileName,
        frame,
        numberOfFrames: instance.numberOfFrames,
      });
      framesByImageId.set(id, ref);
      return id;
    });
    imageIdsBySeries.set(series, ids);
  }
  return ids;
}

export function imageCalibration(instance: Instance<File>): Calibration {
  return calibrationFromAttributes({
    modality: instance.modality ?? undefined,
    pixelSpacing: instance.pixelSpacing ?? null,
    imagerPixelSpacing: instance.imagerPixelSpacing ?? null,
    estimatedRadiographicMagnificationFactor: instance.estimatedRadiographicMagnificationFactor ?? null,
  });
}

export function imageRefOf({ instance, frame }: FrameRef<File>): ImageRef {
  return { seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid, frameNumber: frame };
}

export function describeImage(imageId: string): ImageInfo | null {
  const ref = framesByImageId.get(imageId);
  return ref ? { ...imageRefOf(ref), calibration: imageCalibration(ref.instance) } : null;
}

/** The calibration the overlay states for the image on screen: the reader's own if they calibrated it. */
export function shownCalibration(series: Series<File>, imageIndex: number, reading: ReadingState): Calibration {
  const ref = series.frames[Math.min(Math.max(imageIndex, 0), series.frames.length - 1)] ?? series.frames[0];
  if (!ref) return calibrationFromAttributes({});
  return reading.userCalibrations[imageKey(imageRefOf(ref))] ?? imageCalibration(ref.instance);
}

export function allSeries(collection: StudyCollection<File>): Series<File>[] {
  return collection.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
}

export function overlayInfo(series: Series<File>): OverlayInfo {
  const first = series.instances[0];
  return {
    patientName: formatPersonName(first.patientName),
    patientId: first.patientId ?? '',
    studyDate: first.studyDate ?? null,
    seriesDescription: series.description ?? '',
    modality: series.modality ?? '',
    calibration: imageCalibration(first),
  };
}
