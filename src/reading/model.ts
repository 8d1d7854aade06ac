/**
 * The reading: what a reader decided about one study, per vertebral level. Plain data, shaped like
 * the `kypho.reading/v1` document (shared/spec/interchange.md) so that persistence can write it as is.
 */
import type {
  Augmentation,
  Calibration,
  Edema,
  EdemaExtent,
  EdemaSequence,
  FractureAge,
  Level,
  Method,
  PosteriorWall,
  SixPoints,
} from '../morphometry';

/** The image a measurement was placed on. Cornerstone image ids are viewer-side and never stored here. */
export interface ImageRef {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based, as in DICOM; 1 for single-frame images. */
  frameNumber: number;
}

/** Six points on one image, and what "mm" meant on that image when they were placed. */
export interface ImageMeasurement extends ImageRef {
  space: 'image';
  /** `[column, row]` pixels, origin at the centre of the top-left pixel (morphometry.md section 2). */
  points: SixPoints;
  /** The calibration from the image's DICOM attributes; a user calibration of the image overrides it. */
  imageCalibration: Calibration;
}

/** A plane in patient space (mm): a point on it and its unit normal. */
export interface ReformatPlane {
  point: [number, number, number];
  normal: [number, number, number];
}

/**
 * Six points on a reformatted (sagittal, oblique) plane of a volume: `[x, y, z]` patient mm, heights are
 * 3-D distances (morphometry.md section 2). The plane lets the viewer reopen the same reformat.
 */
export interface PatientMeasurement {
  space: 'patient';
  seriesInstanceUid: string;
  points: SixPoints;
  plane: ReformatPlane;
}

export type Measurement = ImageMeasurement | PatientMeasurement;

/** The two ends of a canal diameter line (morphometry.md section 11): `[column, row]` pixels or `[x, y, z]` mm. */
export type CanalPoints = [number[], number[]];

/**
 * The antero-posterior canal diameter of a level, drawn on one image (a sagittal MR slice) or on a reformat
 * (patient mm, with the plane it was drawn on), like the six points.
 */
export type CanalMeasurement =
  | (ImageRef & { space: 'image'; points: CanalPoints; imageCalibration: Calibration })
  | { space: 'patient'; seriesInstanceUid: string; points: CanalPoints; plane: ReformatPlane };

/**
 * What the reader judged of a vertebra's age (morphometry.md section 7), independent of its morphometry.
 * Field names are those of the `kypho.reading/v1` vertebra.
 */
export interface FractureAssessment {
  edema: Edema;
  edemaExtent: EdemaExtent | null;
  /** The sequence the edema was judged on. */
  sequence: EdemaSequence | null;
  /** Descriptive only: mean signal in the vertebra over that in a normal reference vertebra. */
  signalRatio: number | null;
  /** The reader's fracture age when it overrides the derived one; null while the age is derived. */
  ageOverride: FractureAge | null;
  suspiciousForMalignancy: boolean;
  note: string;
  /**
   * Section 11, optional so that readings and findings made before them stay as they were: absent means
   * `not-assessed`, `none` and no canal line.
   */
  posteriorWall?: PosteriorWall;
  augmentation?: Augmentation;
  canal?: CanalMeasurement | null;
}

export const NOT_ASSESSED: FractureAssessment = {
  edema: 'not-assessed',
  edemaExtent: null,
  sequence: null,
  signalRatio: null,
  ageOverride: null,
  suspiciousForMalignancy: false,
  note: '',
};

/**
 * One vertebra of the reading. `id` is stable across moves and relabels (the viewer uses it as its annotation id).
 * A vertebra can carry an assessment without a measurement (edema seen on MRI, heights not measured).
 */
export interface Finding extends FractureAssessment {
  id: string;
  level: Level;
  measurement: Measurement | null;
}

export type MeasuredFinding = Finding & { measurement: Measurement };

export function isMeasured(finding: Finding): finding is MeasuredFinding {
  return finding.measurement !== null;
}

export interface ReadingState {
  /** Cranial to caudal, at most one per level (morphometry.md section 1). */
  findings: readonly Finding[];
  /** User calibrations by image (see imageKey); each overrides the DICOM calibration of that image. */
  userCalibrations: Readonly<Record<string, Calibration<'mm (user)'>>>;
  method: Method;
}

/** One key per image frame: a user calibration holds for every measurement on that frame. */
export function imageKey(image: ImageRef): string {
  return `${image.sopInstanceUid}#${image.frameNumber}`;
}

/**
 * Patient-space points are mm from CT/MR Pixel Spacing and slice positions (morphometry.md section 6); no
 * pixel spacing applies to them, and no user calibration can (it belongs to one image).
 */
export const PATIENT_SPACE_CALIBRATION: Calibration<'mm'> = { label: 'mm', pixelSpacing: null, warning: null };

/** The calibration in force for a finding: the user's for its image if any, else the image's own. */
export function effectiveCalibration(state: Pick<ReadingState, 'userCalibrations'>, finding: MeasuredFinding): Calibration {
  const { measurement } = finding;
  if (measurement.space === 'patient') return PATIENT_SPACE_CALIBRATION;
  return state.userCalibrations[imageKey(measurement)] ?? measurement.imageCalibration;
}
