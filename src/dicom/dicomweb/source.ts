import type { DicomJsonDataset } from './json';
import type { DicomWebServer } from './server';
import type { InstanceAddress } from './wado';

/** Where an image instance opened from a DICOMweb server comes from: the study model's `source` for it. */
export interface DicomWebSource {
  readonly kind: 'dicomweb';
  readonly server: DicomWebServer;
  readonly address: InstanceAddress;
  /** The instance's WADO-RS metadata, which the image loader needs before it asks for frames. */
  readonly metadata: DicomJsonDataset;
}

export function isDicomWebSource(source: unknown): source is DicomWebSource {
  return typeof source === 'object' && source !== null && (source as { kind?: unknown }).kind === 'dicomweb';
}
