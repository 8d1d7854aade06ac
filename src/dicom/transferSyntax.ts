export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  /** True when @cornerstonejs/dicom-image-loader 5.14 has a decoder for it (decodeImageFrame's switch). */
  readonly supported: boolean;
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';

/**
 * Kept as data so that a new loader version means editing this table, not the parser.
 * The unsupported entries exist so that a refusal can name what the file is.
 */
export const TRANSFER_SYNTAXES: readonly TransferSyntax[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', supported: true },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', supported: true },
  { uid: '1.2.840.10008.1.2.1.98', name: 'Encapsulated Uncompressed Explicit VR Little Endian', supported: true },
  { uid: DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, name: 'Deflated Explicit VR Little Endian', supported: true },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', supported: true },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', supported: true },
  { uid: '1.2.840.10008.1.2.8.1', name: 'Deflated Image Frame Compression', supported: true },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', supported: true },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', supported: true },
  { uid: '1.2.840.10008.1.2.4.53', name: 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)', supported: true },
  { uid: '1.2.840.10008.1.2.4.55', name: 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12)', supported: true },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', supported: true },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (SV1)', supported: true },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', supported: true },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Near-Lossless', supported: true },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless Only', supported: true },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', supported: true },
  { uid: '1.2.840.10008.1.2.4.201', name: 'High-Throughput JPEG 2000 Lossless Only', supported: true },
  { uid: '1.2.840.10008.1.2.4.202', name: 'High-Throughput JPEG 2000 with RPCL Options Lossless Only', supported: true },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000', supported: true },
  { uid: '1.2.840.10008.1.2.4.110', name: 'JPEG XL Lossless', supported: true },
  { uid: '1.2.840.10008.1.2.4.111', name: 'JPEG XL JPEG Recompression', supported: true },
  { uid: '1.2.840.10008.1.2.4.112', name: 'JPEG XL', supported: true },
  { uid: '1.2.840.10008.1.2.4.52', name: 'JPEG Extended (Process 3 & 5)', supported: false },
  { uid: '1.2.840.10008.1.2.4.54', name: 'JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)', supported: false },
  { uid: '1.2.840.10008.1.2.4.56', name: 'JPEG Full Progression, Non-Hierarchical (Process 11 & 13)', supported: false },
  { uid: '1.2.840.10008.1.2.4.58', name: 'JPEG Lossless, Non-Hierarchical (Process 15)', supported: false },
  { uid: '1.2.840.10008.1.2.4.92', name: 'JPEG 2000 Part 2 Multi-component Lossless Only', supported: false },
  { uid: '1.2.840.10008.1.2.4.93', name: 'JPEG 2000 Part 2 Multi-component', supported: false },
  { uid: '1.2.840.10008.1.2.4.94', name: 'JPIP Referenced', supported: false },
  { uid: '1.2.840.10008.1.2.4.95', name: 'JPIP Referenced Deflate', supported: false },
  { uid: '1.2.840.10008.1.2.4.100', name: 'MPEG2 Main Profile / Main Level', supported: false },
  { uid: '1.2.840.10008.1.2.4.101', name: 'MPEG2 Main Profile / High Level', supported: false },
  { uid: '1.2.840.10008.1.2.4.102', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', supported: false },
  { uid: '1.2.840.10008.1.2.4.103', name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', supported: false },
  { uid: '1.2.840.10008.1.2.4.104', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', supported: false },
  { uid: '1.2.840.10008.1.2.4.105', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', supported: false },
  { uid: '1.2.840.10008.1.2.4.106', name: 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', supported: false },
  { uid: '1.2.840.10008.1.2.4.107', name: 'HEVC/H.265 Main Profile / Level 5.1', supported: false },
  { uid: '1.2.840.10008.1.2.4.108', name: 'HEVC/H.265 Main 10 Profile / Level 5.1', supported: false },
  { uid: '1.2.840.10008.1.2.6.1', name: 'RFC 2557 MIME Encapsulation', supported: false },
];

const byUid = new Map(TRANSFER_SYNTAXES.map((syntax) => [syntax.uid, syntax]));

export function isSupportedTransferSyntax(uid: string): boolean {
  return byUid.get(uid)?.supported ?? false;
}

export function transferSyntaxName(uid: string): string {
  return byUid.get(uid)?.name ?? 'unknown transfer syntax';
}
