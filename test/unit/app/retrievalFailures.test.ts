import { describe, expect, it } from 'vitest';
import { groupFailures, seriesLabel } from '../../../src/app/retrievalFailures';
import type { ImageSource } from '../../../src/app/seriesImages';
import type { Series } from '../../../src/dicom';
import { DicomWebError } from '../../../src/dicom/dicomweb';

const server = { id: 's', name: 'Local Orthanc', root: 'http://pacs/dicom-web', auth: { kind: 'none' as const } };
const ct = {
  seriesInstanceUid: '1.2.3',
  modality: 'CT',
  seriesNumber: 3,
  description: undefined,
  instances: [{ source: { kind: 'dicomweb', server, address: {}, metadata: {} } }],
} as unknown as Series<ImageSource>;

describe('failed images of a series', () => {
  it('are one line per reason, counting the images and naming the series and server', () => {
    const stall = new DicomWebError('unreachable', 'The DICOMweb server "Local Orthanc" stopped answering frame 1 of object 9 (nothing received for 10 s). Tried 3 times.', undefined, true);
    const failures = new Map<string, unknown>([
      ...Array.from({ length: 12 }, (_, i) => [`wadors:a${i}`, stall] as [string, unknown]),
      ['wadors:b', new DicomWebError('not-found', 'The DICOMweb server "Local Orthanc" has no answer for frame 1 (HTTP 404)', 404)],
      ['wadors:c', new Error('frame 1 of object 7 from "Local Orthanc" could not be decoded: bad JPEG')],
    ]);
    const groups = groupFailures(ct, failures);
    expect(groups.map((g) => g.text)).toEqual([
      '12 images of CT 3 could not be retrieved from "Local Orthanc": server not answering',
      '1 image of CT 3 could not be retrieved from "Local Orthanc": not on the server',
      '1 image of CT 3 could not be decoded',
    ]);
    // Every image is named with its own message.
    expect(groups[0].images).toHaveLength(12);
    expect(groups[0].images[0].message).toContain('Tried 3 times.');
    expect(groups[2].images[0].message).toContain('bad JPEG');
  });

  it('label a series as the study browser shows it', () => {
    expect(seriesLabel({ modality: 'MR', seriesNumber: 2, description: 'SAG T1' })).toBe('MR 2 (SAG T1)');
    expect(seriesLabel({ modality: undefined, seriesNumber: undefined, description: undefined })).toBe('series');
  });
});
