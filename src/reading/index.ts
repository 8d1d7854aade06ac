/** The reading model and store: per-level findings, undo/redo and derived results. No Cornerstone, no React. */
export {
  effectiveCalibration,
  imageKey,
  isMeasured,
  measurementGroup,
  NOT_ASSESSED,
  PATIENT_SPACE_CALIBRATION,
  type CanalMeasurement,
  type CanalPoints,
  type Finding,
  type FractureAssessment,
  type ImageMeasurement,
  type ImageRef,
  type MeasuredFinding,
  type Measurement,
  type PatientMeasurement,
  type ReformatPlane,
  type ReadingState,
} from './model';
export { inAnatomicalOrder, measurementSwapNote } from './placement';
export { assessmentRows, judgedItems, toggledEdema, type AssessmentRow } from './assessment';
export { negativeSentence, placementSentence, reportSentences, sdiSentence, vertebraSentence, type PlacementFlags, type ReportSentences } from './reportSentences';
export { deriveCanals, deriveResults, type Preview, type ResultRow, type Results } from './results';
export {
  AUGMENTATION_NAMES,
  RETROPULSION_CLAUSE,
  spineSentences,
  treatmentClause,
  type RegionalAngles,
  type SpineLevel,
} from './spineSentences';
export {
  createReadingStore,
  outcomeMessage,
  type EditKind,
  type EditOutcome,
  type Patch,
  type ReadingStore,
  type Snapshot,
  type StoreOptions,
} from './store';
export {
  GRADE_COLOURS,
  GRADE_NAMES,
  METHOD_NAMES,
  annotationLabel,
  annotationNotes,
  gradingRatio,
  needsCheck,
  formatAngle,
  formatHeight,
  formatLoss,
  formatRatio,
  gradeText,
} from './format';
export { followUpParagraph, followUpSentences, isoDate, type FollowUpSentences } from './followUpSentences';
