/**
 * The morphometry core: pure functions from six points per vertebra to heights, ratios, Genant grades,
 * the SDI, kyphosis angles, the canal and fracture age (shared/spec/morphometry.md). No DOM, no Cornerstone, no React, no Node.
 */
export {
  LEVELS,
  TRANSITIONAL_LEVELS,
  isLevel,
  isTransitional,
  compareLevels,
  nextLevelCaudal,
  nextLevelCranial,
  areAdjacent,
  adjacentLevels,
  type Level,
} from './levels';
export { POINT_KEYS, POINT_NAMES, type PointKey, type SixPoints } from './points';
export {
  delta,
  distance,
  norm,
  angleBetweenLines,
  unitOf,
  type Point,
  type Space,
  type PixelSpacing,
  type Unit,
  type Frame,
} from './geometry';
export { measureHeights, type Heights } from './heights';
export {
  TOLERANCE,
  GRADE_THRESHOLDS,
  DEFORMITY_TYPES,
  gradeFromHeightLoss,
  gradeLosses,
  type Grade,
  type DeformityType,
  type Losses,
  type Grading,
} from './grading';
export {
  METHODS,
  DEFAULT_METHOD,
  measureVertebrae,
  type Method,
  type VertebraInput,
  type MeasureOptions,
  type VertebraResult,
  type MeasureResult,
} from './measure';
export {
  THORACIC_KYPHOSIS,
  LUMBAR_LORDOSIS,
  endplateAngle,
  superiorEndplate,
  inferiorEndplate,
  vertebralKyphosis,
  segmentalKyphosis,
  regionalAngles,
  type Endplate,
  type AngleVertebra,
  type RegionalAngles,
} from './kyphosis';
export {
  POSTERIOR_WALLS,
  DEFAULT_POSTERIOR_WALL,
  AUGMENTATIONS,
  DEFAULT_AUGMENTATION,
  measureCanal,
  type PosteriorWall,
  type Augmentation,
  type CanalInput,
  type CanalResult,
} from './canal';
export { GRADING_RANGE, inGradingRange, isPartialSdi, levelsInGradingRange, sdiText, spinalDeformityIndex } from './sdi';
export {
  PROJECTION_MODALITIES,
  DETECTOR_WARNING,
  NO_SPACING_WARNING,
  calibrationFromAttributes,
  userCalibration,
  checkUserCalibration,
  parseCalibrationLength,
  CALIBRATION_LENGTH_RANGE_MM,
  type CalibrationLabel,
  type Calibration,
  type CalibrationAttributes,
} from './calibration';
export {
  DEFAULT_EDEMA,
  deriveFractureAge,
  type Edema,
  type EdemaExtent,
  type EdemaSequence,
  type FractureAge,
} from './fractureAge';
export {
  UNKNOWN_DIRECTIONS,
  directionsFromImageOrientation,
  directionsFromPatientOrientation,
  directionsOnPlane,
  type AnatomicalDirections,
} from './orientation';
export {
  anatomicalOrder,
  levelOrderProblems,
  placementChecks,
  relabelledInOrder,
  swapNote,
  SWAPS,
  type Ordered,
  type PlacedVertebra,
  type PlacementCheck,
  type PlacementStatus,
  type Swap,
} from './placement';
export { validateLandmarkDocument, type LandmarkDocument, type Validation } from './validate';
export {
  INCIDENT_HEIGHT_LOSS_MM,
  INCIDENT_RELATIVE_LOSS,
  UNCALIBRATED_NOTE,
  compareReadings,
  daysBetween,
  describeProblem,
  isIncidentLoss,
  type ComparedReading,
  type ComparedVertebra,
  type Comparison,
  type ComparisonProblem,
  type ComparisonResult,
  type FollowUpStatus,
  type LevelComparison,
  type LevelInBoth,
  type LevelInOne,
  type LevelSide,
  type StudySummary,
} from './compare';
