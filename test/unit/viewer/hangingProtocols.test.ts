import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStudies, parseInstance, type Instance, type Orientation, type Series } from '../../../src/dicom';
import { hangSeries, planeOf, recognizeSequence } from '../../../src/viewer/hangingProtocols';
import { generatedSamples, removeGenerated } from '../phantom/samples';

const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];
const AXIAL: Orientation = [1, 0, 0, 0, 1, 0];

let uid = 0;
/** A series as the study model makes it, with only what recognition reads. */
function series(
  description: string | undefined,
  options: {
    modality?: string;
    orientation?: Orientation | undefined;
    scanningSequence?: string[];
    inversionTime?: number;
    study?: string;
  } = {},
): Series<unknown> {
  const { modality = 'MR', scanningSequence, inversionTime, study = '1.2.3' } = options;
  const orientation = 'orientation' in options ? options.orientation : SAGITTAL;
  const seriesInstanceUid = `1.2.3.${++uid}`;
  const instance = {
    studyInstanceUid: study,
    seriesInstanceUid,
    seriesDescription: description,
    modality,
    imageOrientationPatient: orientation,
    scanningSequence,
    inversionTime,
  } as unknown as Instance<unknown>;
  return { seriesInstanceUid, modality, description, seriesNumber: uid, instances: [instance], frames: [], orderedBy: 'position' };
}

const recognised = (s: Series<unknown>) => recognizeSequence(s)?.sequence ?? null;

describe('recognising the sequence of a series', () => {
  it.each([
    ['SAG STIR', 'STIR'],
    ['sag_stir_tse', 'STIR'],
    ['T2_TIRM_SAG', 'STIR'],
    ['SAG T2 FS', 'T2-FS'],
    ['Sag T2 FatSat', 'T2-FS'],
    ['T2_tse_sag_SPAIR', 'T2-FS'],
    ['SAG T1', 'T1'],
    ['t1_tse_sag', 'T1'],
    ['Sag T1 FSE', 'T1'],
    ['SAG T2 FSE', 'other'],
    ['SAG T1 FS POST GD', 'other'],
    ['SAG T1+C', 'other'],
    ['SAG T1 C+', 'other'],
    ['STIRRUP', 'other'],
    ['LOCALIZER', 'other'],
  ])('%s is %s', (description, sequence) => {
    expect(recognised(series(description))).toBe(sequence);
  });

  it('recognises STIR from the physics when the description says nothing: IR with a short inversion time', () => {
    expect(recognised(series('SAG 3', { scanningSequence: ['SE', 'IR'], inversionTime: 150 }))).toBe('STIR');
    // FLAIR is inversion recovery too, with a long inversion time: not fat-suppressed marrow imaging.
    expect(recognised(series('SAG 4', { scanningSequence: ['SE', 'IR'], inversionTime: 2200 }))).toBe('other');
    expect(recognised(series('SAG 5', { scanningSequence: ['SE'], inversionTime: 150 }))).toBe('other');
  });

  it('is nothing for a radiograph or CT, and the reader can override it for any series', () => {
    const dx = series('LAT T-L SPINE', { modality: 'DX' });
    expect(recognizeSequence(dx)).toBeNull();
    const odd = series('SAG 3');
    expect(recognizeSequence(odd, { [odd.seriesInstanceUid]: 'T2-FS' })).toEqual({ sequence: 'T2-FS', why: 'set by the reader' });
  });

  it('knows the plane from the orientation, else from SAG in the description', () => {
    expect(planeOf(series('SAG T1'))).toBe('sagittal');
    expect(planeOf(series('AX T2', { orientation: AXIAL }))).toBe('axial');
    expect(planeOf(series('SAG T1', { orientation: undefined }))).toBe('sagittal');
    expect(planeOf(series('T1', { orientation: undefined }))).toBe('oblique');
  });
});

describe('the spine MRI hanging protocol', () => {
  it('hangs a sagittal T1 left and a STIR right, whatever the order of the series', () => {
    const stir = series('SAG STIR');
    const t1 = series('SAG T1');
    const axial = series('AX T2', { orientation: AXIAL });
    const hanging = hangSeries([stir, axial, t1]);
    expect(hanging?.protocol.name).toBe('Spine MRI: T1 | STIR');
    expect(hanging?.protocol.layout).toBe('1x2');
    expect(hanging?.seriesInstanceUids).toEqual([t1.seriesInstanceUid, stir.seriesInstanceUid]);
    expect(hanging?.protocol.link).toEqual({ slices: true, zoomPan: false });
  });

  it('prefers STIR and takes a T2 fat-sat when there is no STIR', () => {
    const t2fs = series('SAG T2 FS');
    const t1 = series('SAG T1');
    const stir = series('SAG STIR');
    expect(hangSeries([t2fs, t1, stir])?.seriesInstanceUids).toEqual([t1.seriesInstanceUid, stir.seriesInstanceUid]);
    expect(hangSeries([t2fs, t1])?.seriesInstanceUids).toEqual([t1.seriesInstanceUid, t2fs.seriesInstanceUid]);
  });

  it('does not hang without both, nor an axial STIR, nor across two studies', () => {
    expect(hangSeries([series('SAG T1'), series('SAG T2 FSE')])).toBeNull();
    expect(hangSeries([series('SAG T1'), series('AX STIR', { orientation: AXIAL })])).toBeNull();
    expect(hangSeries([series('SAG T1', { study: '1' }), series('SAG STIR', { study: '2' })])).toBeNull();
    expect(hangSeries([series('LAT T-L SPINE', { modality: 'DX' })])).toBeNull();
  });

  it('follows the reader: a series overridden as STIR hangs on the right', () => {
    const t1 = series('SAG T1');
    const odd = series('SAG 7');
    expect(hangSeries([t1, odd])).toBeNull();
    expect(hangSeries([t1, odd], { [odd.seriesInstanceUid]: 'STIR' })?.seriesInstanceUids).toEqual([t1.seriesInstanceUid, odd.seriesInstanceUid]);
  });
});

describe('the phantom MR study (mri-fracture-age), read from its DICOM files', () => {
  const dir = generatedSamples(['mri-fracture-age']);
  afterAll(() => removeGenerated(dir));

  it('is recognised as T1 and STIR and hung T1 | STIR', () => {
    const root = join(dir, 'mri-fracture-age');
    const files = ['SAG_STIR', 'SAG_T1'].flatMap((folder) =>
      readdirSync(join(root, folder)).map((name) => parseInstance(name, readFileSync(join(root, folder, name)), name)),
    );
    const all = buildStudies(files).patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    const byDescription = new Map(all.map((s) => [s.description, s]));
    expect(recognizeSequence(byDescription.get('SAG T1')!)).toEqual({ sequence: 'T1', why: 'Series Description says T1' });
    expect(recognizeSequence(byDescription.get('SAG STIR')!)).toEqual({ sequence: 'STIR', why: 'Series Description says STIR' });
    expect(hangSeries(all)?.seriesInstanceUids).toEqual([byDescription.get('SAG T1')!.seriesInstanceUid, byDescription.get('SAG STIR')!.seriesInstanceUid]);
  });
});
