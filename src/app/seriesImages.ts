import {
  calibrationFromAttributes,
  directionsFromImageOrientation,
  directionsFromPatientOrientation,
  PROJECTION_MODALITIES,
  type AnatomicalDirections,
  type Calibration,
} from '../morphometry';
import { formatPersonName, type FrameRef, type Instance, type Series, type StudyCollection } from '../dicom';
import { isDicomWebSource, type DicomWebSource } from '../dicom/dicomweb';
import { imageKey, type ImageRef, type ReadingState } from '../reading';
import type { OverlayInfo } from '../ui/ViewportOverlay';
import { dicomWebImageId } from '../viewer/dicomwebImages';
import { imageIdFor } from '../viewer/imageIds';
import type { ImageInfo } from '../viewer/morphometryBridge';
import type { WholeSeries } from '../viewer/seriesStream';

/** What an image instance is read from: a local file, or a DICOMweb server. */
export type ImageSource = File | DicomWebSource;

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

const imageIdsBySeries = new WeakMap<Series<ImageSource>, string[]>();
/** Which frame of which study each image id shows, for the measurements placed on it. */
export const framesByImageId = new Map<string, FrameRef<ImageSource>>();
export function seriesImageIds(series: Series<ImageSource>): string[] {
  let ids = imageIdsBySeries.get(series);
  if (!ids) {
    ids = series.frames.map((ref) => {
      const { instance, frame } = ref;
      const { source } = instance;
      const id = isDicomWebSource(source)
        ? dicomWebImageId(source, frame, instance.fileName)
        : imageIdFor({
            // Not a DICOMweb source, so a File (the same instance object keeps its cached Blob).
            file: loadableFile(instance as Instance<File>),
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

/**
 * The series as one WADO-RS series answer can bring it, when every image is the one frame of its own object on one
 * server; otherwise (local files, multi-frame objects, several servers) undefined, and the images come frame by frame.
 */
export function wholeSeriesOf(series: Series<ImageSource>): WholeSeries | undefined {
  const sources = series.instances.map((instance) => instance.source);
  const first = sources[0];
  if (!first || !isDicomWebSource(first)) return undefined;
  if (!sources.every((source) => isDicomWebSource(source) && source.server.root === first.server.root)) return undefined;
  if (series.instances.some((instance) => instance.numberOfFrames !== 1) || series.frames.length !== series.instances.length) return undefined;
  const ids = seriesImageIds(series);
  const imageIdBySop = new Map(series.frames.map((ref, index) => [ref.instance.sopInstanceUid, ids[index]]));
  return { server: first.server, studyInstanceUid: first.address.studyInstanceUid, seriesInstanceUid: first.address.seriesInstanceUid, imageIdBySop };
}

export function imageCalibration(instance: Instance<ImageSource>): Calibration {
  return calibrationFromAttributes({
    modality: instance.modality ?? undefined,
    pixelSpacing: instance.pixelSpacing ?? null,
    imagerPixelSpacing: instance.imagerPixelSpacing ?? null,
    estimatedRadiographicMagnificationFactor: instance.estimatedRadiographicMagnificationFactor ?? null,
  });
}

export function imageRefOf({ instance, frame }: FrameRef<ImageSource>): ImageRef {
  return { seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid, frameNumber: frame };
}

/**
 * Where anterior and superior are on an image (morphometry.md section 2a): a projection image says it in its
 * Patient Orientation, a cross-sectional one in its Image Orientation (Patient); each falls back to the other.
 */
export function imageDirections(instance: Instance<ImageSource>): AnatomicalDirections {
  const fromPatientOrientation = directionsFromPatientOrientation(instance.patientOrientation);
  const fromImageOrientation = directionsFromImageOrientation(instance.imageOrientationPatient);
  const projection = PROJECTION_MODALITIES.includes((instance.modality ?? '').toUpperCase());
  const [first, second] = projection ? [fromPatientOrientation, fromImageOrientation] : [fromImageOrientation, fromPatientOrientation];
  return { anterior: first.anterior ?? second.anterior, superior: first.superior ?? second.superior };
}

export function describeImage(imageId: string): ImageInfo | null {
  const ref = framesByImageId.get(imageId);
  return ref ? { ...imageRefOf(ref), calibration: imageCalibration(ref.instance), directions: imageDirections(ref.instance) } : null;
}

/** The calibration the overlay states for the image on screen: the reader's own if they calibrated it. */
export function shownCalibration(series: Series<ImageSource>, imageIndex: number, reading: ReadingState): Calibration {
  const ref = series.frames[Math.min(Math.max(imageIndex, 0), series.frames.length - 1)] ?? series.frames[0];
  if (!ref) return calibrationFromAttributes({});
  return reading.userCalibrations[imageKey(imageRefOf(ref))] ?? imageCalibration(ref.instance);
}

export function allSeries(collection: StudyCollection<ImageSource>): Series<ImageSource>[] {
  return collection.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
}

export function overlayInfo(series: Series<ImageSource>): OverlayInfo {
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

/** The DICOM calibration of a loaded image, found by its SOP Instance UID; null when it is not loaded. */
export function imageCalibrationIn(collection: StudyCollection<ImageSource>, image: { sopInstanceUid: string }): Calibration | null {
  for (const patient of collection.patients)
    for (const study of patient.studies)
      for (const series of study.series) {
        const instance = series.instances.find((i) => i.sopInstanceUid === image.sopInstanceUid);
        if (instance) return imageCalibration(instance);
      }
  return null;
}
