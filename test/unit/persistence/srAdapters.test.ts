/**
 * Kypho's SR read by `@cornerstonejs/adapters` (`MeasurementReport.generateToolState`), the path OHIF takes to
 * turn an SR into measurements it can show and edit: every height becomes a Length, labelled with its level,
 * whose two handles are the two landmarks of that height.
 */
import dcmjs from 'dcmjs';
import { metaData, utilities } from '@cornerstonejs/core';
import { adaptersSR } from '@cornerstonejs/adapters';
import { afterAll, describe, expect, it } from 'vitest';
import { toReadingDocument } from '../../../src/persistence/readingDocument';
import { writeSr } from '../../../src/persistence/sr/srWrite';
import { IMAGE, patientSpaceReading, radiographReading, SERIES, SR_CONTEXT, STUDY } from './fixtures';

const { MeasurementReport } = adaptersSR.Cornerstone3D;
const IMAGE_ID = 'kypho-test:radiograph';
/** A lateral radiograph as Cornerstone describes it: 0.2 mm pixels, rows down, columns to the right. */
const PLANE = {
  frameOfReferenceUID: '1.2.826.0.1.3680043.8.498.1.7',
  rows: 2000,
  columns: 1600,
  imagePositionPatient: [-100, 50, 300],
  rowCosines: [0, 1, 0],
  columnCosines: [0, 0, -1],
  rowPixelSpacing: 0.2,
  columnPixelSpacing: 0.2,
  pixelSpacing: [0.2, 0.2],
};
const provider = (type: string, imageId: unknown) => (type === 'imagePlaneModule' && imageId === IMAGE_ID ? PLANE : undefined);

// Registered while the file is collected: the tool states below are made then.
metaData.addProvider(provider, 10_000);
afterAll(() => metaData.removeProvider(provider));

/** The SR as OHIF holds it: read by dcmjs and naturalized. */
function naturalized(bytes: Uint8Array): Record<string, unknown> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const dict = dcmjs.data.DicomMessage.readFile(buffer);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
}

describe('@cornerstonejs/adapters reading the SR of a lateral radiograph', () => {
  const document = toReadingDocument(radiographReading(), { study: STUDY });
  const state = MeasurementReport.generateToolState(
    naturalized(writeSr(document, SR_CONTEXT)),
    { [`${IMAGE.sopInstanceUid}:1`]: IMAGE_ID },
    metaData,
    {},
  ) as Record<string, any[]>;

  it('yields every height of every measured vertebra as a Length, and nothing else', () => {
    expect(Object.keys(state)).toEqual(['Length']);
    // T11, T12, L1 and L2 are measured; L4 and S1 were judged on MRI without heights.
    expect(state.Length!.map((m) => m.annotation.data.label)).toEqual(
      ['T11', 'T12', 'L1', 'L2'].flatMap((level) => {
        const v = document.vertebrae.find((x) => x.level === level)!;
        return [`${level} Ha ${v.ha!.toFixed(1)} mm`, `${level} Hm ${v.hm!.toFixed(1)} mm`, `${level} Hp ${v.hp!.toFixed(1)} mm`];
      }),
    );
  });

  it('puts each line on its image with the landmarks as handles and the height as its length', () => {
    const l1 = document.vertebrae.find((v) => v.level === 'L1')!;
    const points = l1.measurement!.points;
    const [anterior, middle, posterior] = state.Length!.slice(6, 9);
    for (const [line, top, bottom, height] of [
      [anterior, points.as, points.ai, l1.ha],
      [middle, points.ms, points.mi, l1.hm],
      [posterior, points.ps, points.pi, l1.hp],
    ] as const) {
      expect(line.annotation.metadata).toMatchObject({ toolName: 'Length', referencedImageId: IMAGE_ID, FrameOfReferenceUID: PLANE.frameOfReferenceUID });
      expect(line.sopInstanceUid).toBe(IMAGE.sopInstanceUid);
      // Back in image pixels the handles are Kypho's points (whose origin is the pixel centre: half a pixel off).
      const handles = line.annotation.data.handles.points.map((world: number[]) => utilities.worldToImageCoords(IMAGE_ID, world as never));
      for (const [handle, point] of [
        [handles[0], top],
        [handles[1], bottom],
      ] as const) {
        expect(handle[0]).toBeCloseTo(point[0] + 0.5, 3);
        expect(handle[1]).toBeCloseTo(point[1] + 0.5, 3);
      }
      expect(Number(line.annotation.data.cachedStats[`imageId:${IMAGE_ID}`].length)).toBeCloseTo(height!, 10);
      expect(line.annotation.data.cachedStats[`imageId:${IMAGE_ID}`].unit).toBe('mm');
    }
  });
});

describe('@cornerstonejs/adapters reading the SR of a CT reformat', () => {
  const FRAME_OF_REFERENCE = '1.2.826.0.1.3680043.8.498.1.9';
  const context = {
    ...SR_CONTEXT,
    images: new Map([[`${SERIES}.1`, { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', seriesInstanceUid: SERIES, frameOfReferenceUid: FRAME_OF_REFERENCE }]]),
  };
  const document = toReadingDocument(patientSpaceReading(), { study: STUDY });
  const state = MeasurementReport.generateToolState(naturalized(writeSr(document, context)), {}, metaData, {}) as Record<string, any[]>;

  it('yields the three heights as 3-D Lengths in the Frame of Reference, handles in patient mm', () => {
    const points = patientSpaceReading().findings[0]!.measurement!.points;
    expect(state.Length!.map((m) => m.annotation.data.label)).toEqual([
      `L3 Ha ${document.vertebrae[0]!.ha!.toFixed(1)} mm`,
      `L3 Hm ${document.vertebrae[0]!.hm!.toFixed(1)} mm`,
      `L3 Hp ${document.vertebrae[0]!.hp!.toFixed(1)} mm`,
    ]);
    expect(state.Length!.map((m) => m.annotation.metadata.FrameOfReferenceUID)).toEqual([FRAME_OF_REFERENCE, FRAME_OF_REFERENCE, FRAME_OF_REFERENCE]);
    const handles = state.Length!.map((m) => m.annotation.data.handles.points.map((p: number[]) => [...p].map(Math.fround)));
    expect(handles).toEqual(
      [
        [points.as, points.ai],
        [points.ms, points.mi],
        [points.ps, points.pi],
      ].map((line) => line.map((p) => p.map(Math.fround))),
    );
  });
});
