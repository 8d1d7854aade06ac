import { wadors } from '@cornerstonejs/dicom-image-loader';
import { describe, expect, it } from 'vitest';
import type { DicomWebSource } from '../../../src/dicom/dicomweb';
import { dicomWebImageId } from '../../../src/viewer/dicomwebImages';

describe('the metadata of a DICOMweb frame', () => {
  it("gives each frame of a multi-frame instance its own attributes, and leaves the study model's dataset as the server sent it", () => {
    const position = (z: number) => ({ '00209113': { vr: 'SQ', Value: [{ '00200032': { vr: 'DS', Value: [0, 0, z] } }] } });
    const metadata = {
      '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
      '00280008': { vr: 'IS', Value: [2] },
      '52009230': { vr: 'SQ', Value: [position(10), position(12.5)] },
    };
    const before = structuredClone(metadata);
    const source = {
      kind: 'dicomweb',
      server: { name: 'test', root: 'http://pacs.test/dicom-web', auth: { kind: 'none' } },
      address: { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4' },
      metadata,
    } as unknown as DicomWebSource;
    const second = dicomWebImageId(source, 2, 'a CT');
    dicomWebImageId(source, 1, 'a CT');

    const frame = wadors.metaDataManager.get(second) as Record<string, { Value?: unknown[] }> & { frameNumber?: number };
    expect(frame.frameNumber).toBe(2);
    expect(frame['00200032']?.Value).toEqual([0, 0, 12.5]);
    expect(metadata).toEqual(before);
    expect(Object.getOwnPropertyNames(metadata)).toEqual(Object.getOwnPropertyNames(before));
  });
});
