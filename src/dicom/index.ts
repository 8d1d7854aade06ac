// The study model: DICOM files in, patients > studies > series out. Pure TypeScript for the browser
// and Node alike (no DOM, no Cornerstone, no node: modules).
export { parseInstance, readInstance, type ParseOptions } from './parse';
export { buildStudies, emptyStudies, mergeStudies } from './group';
export { formatPersonName } from './personName';
export { middleFrame, orderInstances, type Orderable } from './sort';
export { TRANSFER_SYNTAXES, isSupportedTransferSyntax, transferSyntaxName, type TransferSyntax } from './transferSyntax';
export type { NonImageCategory } from './sopClass';
export { KYPHO_IMPLEMENTATION_CLASS_UID } from './part10';
export { checkVolume, formatMm, planeName, type VolumeCheck, type VolumeSlice } from './volumeCheck';
export type {
  DuplicateFile,
  FrameRef,
  Instance,
  LoadProblem,
  NonImageObject,
  Orientation,
  ParsedFile,
  Patient,
  Series,
  SeriesOrder,
  Spacing,
  Study,
  StudyCollection,
  Vec3,
} from './types';
