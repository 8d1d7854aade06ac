// The study model: DICOM files in, patients > studies > series out. Pure TypeScript for the browser
// and Node alike (no DOM, no Cornerstone, no node: modules).
export { parseInstance, readInstance, type ParseOptions } from './parse';
export { formatPersonName } from './personName';
export { TRANSFER_SYNTAXES, isSupportedTransferSyntax, transferSyntaxName, type TransferSyntax } from './transferSyntax';
export type { NonImageCategory } from './sopClass';
export { KYPHO_IMPLEMENTATION_CLASS_UID } from './part10';
export type {
  Instance,
  LoadProblem,
  NonImageObject,
  Orientation,
  ParsedFile,
  Spacing,
  Vec3,
} from './types';
