import type { NonImageCategory } from './sopClass';

// Absent or empty DICOM attributes are `undefined` throughout; every text value is plain text
// taken from the file and must be rendered as text (never as HTML).

export type Vec3 = [number, number, number];
/** Row direction cosines followed by column direction cosines, as in (0020,0037). */
export type Orientation = [number, number, number, number, number, number];
/** Row spacing (between rows, i.e. vertical) then column spacing, in mm, as in (0028,0030). */
export type Spacing = [number, number];

/** A file that could not be loaded, and why, in words a reader can act on. */
export interface LoadProblem {
  readonly file: string;
  readonly reason: string;
}

/** A second copy of an object already loaded (same SOP Instance UID): ignored, worth a note. */
export interface DuplicateFile {
  readonly file: string;
  readonly duplicateOf: string;
  readonly sopInstanceUid: string;
}

/** One displayable DICOM image object (single- or multi-frame), as the viewer needs it. */
export interface Instance<S> {
  /** What the caller passed in (the browser's File); the image loader reads pixels from it. */
  readonly source: S;
  /**
   * Set only when the file had no Part 10 header (a raw data set): the same data set with a
   * header added, because Cornerstone's file loader reads Part 10 only. Load these bytes instead of `source`.
   */
  readonly part10Bytes: Uint8Array | undefined;
  readonly fileName: string;
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string | undefined;

  /** Raw Person Name value (`FAMILY^GIVEN`); show it with formatPersonName(). */
  readonly patientName: string | undefined;
  readonly patientId: string | undefined;
  readonly patientBirthDate: string | undefined;
  readonly patientSex: string | undefined;

  readonly studyDate: string | undefined;
  readonly studyTime: string | undefined;
  readonly studyDescription: string | undefined;
  readonly accessionNumber: string | undefined;

  readonly modality: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly seriesDescription: string | undefined;
  readonly bodyPartExamined: string | undefined;
  readonly viewPosition: string | undefined;
  /** Patient Orientation (0020,0020): the patient directions of the rows and columns, e.g. ['P', 'F']. */
  readonly patientOrientation: string[] | undefined;

  readonly instanceNumber: number | undefined;
  /** 1 when (0028,0008) is absent. */
  readonly numberOfFrames: number;
  readonly rows: number;
  readonly columns: number;
  readonly photometricInterpretation: string | undefined;

  /** Of the first frame for multi-frame objects (functional groups are read when the top level has none). */
  readonly imagePositionPatient: Vec3 | undefined;
  readonly imageOrientationPatient: Orientation | undefined;
  readonly pixelSpacing: Spacing | undefined;
  readonly imagerPixelSpacing: Spacing | undefined;
  readonly estimatedRadiographicMagnificationFactor: number | undefined;
  readonly sliceThickness: number | undefined;

  /** First values of (0028,1050) and (0028,1051). */
  readonly windowCenter: number | undefined;
  readonly windowWidth: number | undefined;
  readonly rescaleSlope: number | undefined;
  readonly rescaleIntercept: number | undefined;

  readonly sequenceName: string | undefined;
  /** Values of (0018,0020), e.g. ['SE', 'IR']. */
  readonly scanningSequence: string[] | undefined;
  readonly inversionTime: number | undefined;
}

/** A DICOM object that is not shown as an image (SR, presentation state...), kept for later use. */
export interface NonImageObject<S> {
  readonly source: S;
  readonly fileName: string;
  readonly category: NonImageCategory;
  readonly sopClassUid: string;
  readonly sopClassName: string | undefined;
  readonly sopInstanceUid: string | undefined;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  readonly patientId: string | undefined;
  readonly patientName: string | undefined;
  readonly modality: string | undefined;
  readonly seriesDescription: string | undefined;
}

export type ParsedFile<S> =
  | { readonly kind: 'image'; readonly instance: Instance<S> }
  | { readonly kind: 'non-image'; readonly object: NonImageObject<S> }
  | { readonly kind: 'problem'; readonly problem: LoadProblem };

/** One displayed image: a frame (1-based, as in a wadouri `?frame=` image id) of an instance. */
export interface FrameRef<S> {
  readonly instance: Instance<S>;
  readonly frame: number;
}

export type SeriesOrder = 'position' | 'instance-number' | 'file-order';

export interface Series<S> {
  readonly seriesInstanceUid: string;
  readonly modality: string | undefined;
  readonly description: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly instances: Instance<S>[];
  /** The stack to display: every frame of every instance, in order. */
  readonly frames: FrameRef<S>[];
  readonly orderedBy: SeriesOrder;
}

export interface Study<S> {
  readonly studyInstanceUid: string;
  readonly studyDate: string | undefined;
  readonly studyTime: string | undefined;
  readonly description: string | undefined;
  readonly accessionNumber: string | undefined;
  readonly series: Series<S>[];
}

export interface Patient<S> {
  /** Stable identity for lists: Patient ID and name together, so two people sharing an ID stay apart. */
  readonly key: string;
  readonly patientId: string | undefined;
  readonly patientName: string | undefined;
  readonly patientBirthDate: string | undefined;
  readonly patientSex: string | undefined;
  readonly studies: Study<S>[];
}

export interface StudyCollection<S> {
  readonly patients: Patient<S>[];
  readonly nonImage: NonImageObject<S>[];
  readonly problems: LoadProblem[];
  readonly duplicates: DuplicateFile[];
}
