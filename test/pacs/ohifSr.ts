/**
 * An SR as OHIF writes it: a Cornerstone3D Length measured on an image, turned into a TID 1500 report by
 * `@cornerstonejs/adapters` (`MeasurementReport.generateReport`, the call behind OHIF's "Create report"). It is
 * the foreign SR Kypho must list as what it is and show on its image without offering to import it.
 */
import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { metaData } from '@cornerstonejs/core';
import { adaptersSR } from '@cornerstonejs/adapters';
import { encodeSr } from '../../src/persistence/sr/srWrite';

const { MeasurementReport } = adaptersSR.Cornerstone3D;

export interface ForeignSr {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

/**
 * One Length from `from` to `to` (image column, row with the origin at the top-left pixel's centre, as Kypho
 * counts; the SCOORD written is half a pixel more) on the first frame of the image file, measured as `length` mm.
 */
export function ohifLengthSr(imageFile: string, from: [number, number], to: [number, number], length: number): ForeignSr {
  const buffer = readFileSync(imageFile);
  const instance = dcmjs.data.DicomMetaDictionary.naturalizeDataset(
    dcmjs.data.DicomMessage.readFile(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)).dict,
  ) as Record<string, any>;
  delete instance.PixelData;
  const imageId = `kypho-ohif-fixture:${instance.SOPInstanceUID}`;
  // World = image coordinates on this plane, so that the handles are the points given.
  const plane = {
    frameOfReferenceUID: instance.FrameOfReferenceUID ?? '',
    rows: instance.Rows,
    columns: instance.Columns,
    imagePositionPatient: [0, 0, 0],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    rowPixelSpacing: 1,
    columnPixelSpacing: 1,
    pixelSpacing: [1, 1],
  };
  const provider = (type: string, id: unknown) => {
    if (id !== imageId) return undefined;
    if (type === 'imagePlaneModule') return plane;
    if (type === 'sopCommonModule') return { sopInstanceUID: instance.SOPInstanceUID, sopClassUID: instance.SOPClassUID };
    if (type === 'instance') return instance;
    if (type === 'frameNumber') return 1;
    return undefined;
  };
  metaData.addProvider(provider, 10_000);
  try {
    const annotation = {
      annotationUID: '1',
      metadata: { toolName: 'Length', referencedImageId: imageId, FrameOfReferenceUID: plane.frameOfReferenceUID },
      data: {
        handles: { points: [[...from, 0], [...to, 0]] },
        label: '',
        cachedStats: { [`imageId:${imageId}`]: { length, unit: 'mm' } },
      },
    };
    const report = MeasurementReport.generateReport({ [imageId]: { Length: { data: [annotation] } } }, metaData, { SeriesDescription: 'Research Derived Series' });
    const dataset = report.dataset as Record<string, any>;
    const bytes = encodeSr(dataset);
    return { bytes, sopInstanceUid: dataset.SOPInstanceUID, seriesInstanceUid: dataset.SeriesInstanceUID };
  } finally {
    metaData.removeProvider(provider);
  }
}
