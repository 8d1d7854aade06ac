import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildStudies,
  emptyStudies,
  mergeStudies,
  parseInstance,
  type ParsedFile,
  type Series,
  type StudyCollection,
} from '../../../src/dicom';
import { noise, part10, readShared, SHARED_DICOM, withElement } from './dicomBytes';

function parseShared(relativePath: string): ParsedFile<string> {
  return parseInstance(relativePath, readShared(relativePath), relativePath);
}

function filesUnder(folder: string): string[] {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path];
  return walk(SHARED_DICOM + folder).map((path) => relative(SHARED_DICOM, path)).sort();
}

function allSeries<S>(collection: StudyCollection<S>): Series<S>[] {
  return collection.patients.flatMap((patient) => patient.studies.flatMap((study) => study.series));
}

/** A copy of a real file made into another slice of a series: new SOP Instance UID, position, number. */
function slice(
  file: Uint8Array,
  name: string,
  changes: { uid: string; series?: string; position?: string; orientation?: string; instanceNumber?: string | undefined },
): ParsedFile<string> {
  let bytes = withElement(file, 0x00080018, changes.uid);
  bytes = withElement(bytes, 0x00020003, changes.uid);
  if (changes.series) bytes = withElement(bytes, 0x0020000e, changes.series);
  if (changes.position) bytes = withElement(bytes, 0x00200032, changes.position);
  if (changes.orientation) bytes = withElement(bytes, 0x00200037, changes.orientation);
  if ('instanceNumber' in changes) bytes = withElement(bytes, 0x00200013, changes.instanceNumber, 'IS');
  return parseInstance(name, bytes, name);
}

describe('files are grouped into patient > study > series by their UIDs', () => {
  const tcia = buildStudies(filesUnder('tcia-sagittal-ct').map(parseShared));

  it('finds the six TCIA patients, sorted, each with two studies in date order', () => {
    expect(tcia.patients.map((patient) => patient.patientId)).toEqual([
      'A002304',
      'A027284',
      'A046441',
      'A048383',
      'A058062',
      'A062055',
    ]);
    expect(tcia.patients.map((patient) => patient.studies.map((study) => study.studyDate))).toEqual([
      ['19001231', '19010112'],
      ['19000925', '19001231'],
      ['19001111', '19010101'],
      ['19001231', '19010410'],
      ['19001231', '19010108'],
      ['19001127', '19001228'],
    ]);
    expect(tcia.problems).toEqual([]);
    expect(tcia.duplicates).toEqual([]);
  });

  it("puts A002304's axial, coronal and sagittal images of one study in three series, by series number", () => {
    const [firstStudy] = tcia.patients[0].studies;
    expect(firstStudy.description).toBe('CT ABD AND PELVIS WITH IV CONT');
    expect(firstStudy.series.map((series) => [series.seriesNumber, series.description])).toEqual([
      [2, 'CHEST 2.5 MM/ABD.PEL 2.5MM'],
      [601, 'CHEST CORONAL'],
      [602, 'CHEST SAGITTAL'],
    ]);
  });

  it('shows each of the 14 single-frame images as a one-frame series', () => {
    const series = allSeries(tcia);
    expect(series).toHaveLength(14);
    for (const { frames, instances } of series) expect(frames).toEqual([{ instance: instances[0], frame: 1 }]);
  });

  it('keeps two people who share a Patient ID apart', () => {
    const mr = readShared('pydicom/MR_small.dcm');
    const other = withElement(withElement(mr, 0x00100010, 'OTHER^PERSON'), 0x00080018, '1.2.826.0.1.3680043.10.9.1');
    const collection = buildStudies([parseInstance('a', mr, 'a'), parseInstance('b', other, 'b')]);
    expect(collection.patients.map((patient) => [patient.patientId, patient.patientName])).toEqual([
      ['4MR1', 'CompressedSamples^MR1'],
      ['4MR1', 'OTHER^PERSON'],
    ]);
  });
});

describe('a multi-frame instance becomes one stack', () => {
  it('emri_small: one instance, ten frames numbered 1 to 10', () => {
    const [series] = allSeries(buildStudies([parseShared('pydicom/emri_small.dcm')]));
    expect(series.instances).toHaveLength(1);
    expect(series.frames.map(({ frame }) => frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(series.frames.map(({ instance }) => instance))).toEqual(new Set(series.instances));
  });

  it('the same object in several encodings is loaded once; the later copies are noted', () => {
    const files = [
      'pydicom/emri_small.dcm',
      'pydicom/emri_small_RLE.dcm',
      'pydicom/emri_small_big_endian.dcm',
      'pydicom/emri_small_jpeg_2k_lossless.dcm',
      'pydicom/emri_small_jpeg_ls_lossless.dcm',
    ];
    const collection = buildStudies(files.map(parseShared));
    const [series] = allSeries(collection);
    expect(series.frames).toHaveLength(10);
    expect(series.instances.map((instance) => instance.fileName)).toEqual(['pydicom/emri_small.dcm']);
    expect(collection.duplicates.map(({ file, duplicateOf }) => [file, duplicateOf])).toEqual(
      files.slice(1).map((file) => [file, 'pydicom/emri_small.dcm']),
    );
  });
});

describe('instances are ordered along the slice normal, else by Instance Number, else by file name', () => {
  it('NEMA CT1: one slice in six encodings (one position) falls back to Instance Number; the RLE copy is another study', () => {
    const collection = buildStudies(filesUnder('nema-wg04/CT1').map(parseShared));
    const [patient] = collection.patients;
    expect(collection.patients).toHaveLength(1);
    expect(patient.studies.map((study) => study.studyDate)).toEqual(['20031208', '20040826']);
    const [series] = patient.studies[1].series;
    expect(series.orderedBy).toBe('instance-number');
    expect(series.instances.map((instance) => [instance.instanceNumber, instance.fileName])).toEqual([
      [1, 'nema-wg04/CT1/CT1_UNC'],
      [2, 'nema-wg04/CT1/CT1_J2KR'],
      [3, 'nema-wg04/CT1/CT1_J2KI'],
      [4, 'nema-wg04/CT1/CT1_JPLL'],
      [6, 'nema-wg04/CT1/CT1_JLSL'],
      [7, 'nema-wg04/CT1/CT1_JLSN'],
    ]);
  });

  it('axial slices run from feet to head (ascending z), whatever their Instance Numbers say', () => {
    const axial = readShared('tcia-sagittal-ct/A002304/axial/19001231-076.dcm');
    const [series] = allSeries(
      buildStudies([
        slice(axial, 'z-150', { uid: '1.2.826.0.1.3680043.10.2.1', position: '-174.8\\-187.3\\-150', instanceNumber: '1' }),
        slice(axial, 'z-200', { uid: '1.2.826.0.1.3680043.10.2.2', position: '-174.8\\-187.3\\-200', instanceNumber: '2' }),
        slice(axial, 'z-175', { uid: '1.2.826.0.1.3680043.10.2.3', position: '-174.8\\-187.3\\-175', instanceNumber: '3' }),
      ]),
    );
    expect(series.orderedBy).toBe('position');
    expect(series.instances.map((instance) => instance.imagePositionPatient?.[2])).toEqual([-200, -175, -150]);
  });

  it("sagittal slices run from the patient's left to right (descending x), as Cornerstone's volumes do", () => {
    const sagittal = readShared('tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');
    const [series] = allSeries(
      buildStudies([
        slice(sagittal, 'x0', { uid: '1.2.826.0.1.3680043.10.3.1', position: '0\\-344.628\\-6.309' }),
        slice(sagittal, 'x-5', { uid: '1.2.826.0.1.3680043.10.3.2', position: '-5\\-344.628\\-6.309' }),
        slice(sagittal, 'x10', { uid: '1.2.826.0.1.3680043.10.3.3', position: '10\\-344.628\\-6.309' }),
      ]),
    );
    expect(series.orderedBy).toBe('position');
    expect(series.instances.map((instance) => instance.imagePositionPatient?.[0])).toEqual([10, 0, -5]);
  });

  it('slices of differing orientation are ordered by Instance Number', () => {
    const axial = readShared('tcia-sagittal-ct/A002304/axial/19001231-076.dcm');
    const [series] = allSeries(
      buildStudies([
        slice(axial, 'second', { uid: '1.2.826.0.1.3680043.10.4.1', position: '0\\0\\10', instanceNumber: '2' }),
        slice(axial, 'first', {
          uid: '1.2.826.0.1.3680043.10.4.2',
          position: '0\\0\\20',
          orientation: '1\\0\\0\\0\\0\\-1',
          instanceNumber: '1',
        }),
      ]),
    );
    expect(series.orderedBy).toBe('instance-number');
    expect(series.instances.map((instance) => instance.fileName)).toEqual(['first', 'second']);
  });

  it('without positions or Instance Numbers, file names decide, numbers read as numbers', () => {
    const plain = withElement(withElement(readShared('pydicom/MR_small.dcm'), 0x00200032, undefined), 0x00200013, undefined);
    const names = ['IMG10', 'IMG2', 'IMG1'];
    const [series] = allSeries(
      buildStudies(names.map((name, index) => slice(plain, name, { uid: `1.2.826.0.1.3680043.10.5.${index + 1}` }))),
    );
    expect(series.orderedBy).toBe('file-order');
    expect(series.instances.map((instance) => instance.fileName)).toEqual(['IMG1', 'IMG2', 'IMG10']);
  });
});

describe('non-image objects and problems are listed beside the studies', () => {
  it('a drop of an image, an SR and a broken file gives one series, one non-image object and one problem', () => {
    const sr = part10([
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.11'],
      [0x00080018, 'UI', '1.2.826.0.1.3680043.10.6.1'],
      [0x0020000d, 'UI', '1.2.826.0.1.3680043.10.6.2'],
      [0x0020000e, 'UI', '1.2.826.0.1.3680043.10.6.3'],
    ]);
    const collection = buildStudies([
      parseShared('pydicom/CT_small.dcm'),
      parseInstance('report.dcm', sr, 'report.dcm'),
      parseInstance('photo.jpg', noise(3000), 'photo.jpg'),
    ]);
    expect(allSeries(collection)).toHaveLength(1);
    expect(collection.nonImage.map((object) => [object.fileName, object.category])).toEqual([['report.dcm', 'structured-report']]);
    expect(collection.problems).toEqual([
      { file: 'photo.jpg', reason: 'not a DICOM file (no DICM preamble and no valid tags)' },
    ]);
  });
});

describe('a later drop is merged into what is loaded without losing anything', () => {
  const tciaFiles = filesUnder('tcia-sagittal-ct');
  const firstVisits = buildStudies(tciaFiles.filter((file) => file.includes('/1900')).map(parseShared));
  const laterVisits = buildStudies([
    ...tciaFiles.filter((file) => file.includes('/1901')).map(parseShared),
    parseInstance('broken.dcm', noise(500), 'broken.dcm'),
  ]);
  const merged = mergeStudies(firstVisits, laterVisits);

  // The four studies of 1901 arrive in a second drop; the other ten files were loaded first.
  it('joins the follow-up studies to their patients, in date order', () => {
    expect(firstVisits.patients.map((patient) => patient.studies.length)).toEqual([1, 2, 1, 1, 1, 2]);
    expect(merged.patients.map((patient) => patient.studies.length)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(allSeries(merged)).toHaveLength(14);
    expect(merged.patients[0].studies.map((study) => study.studyDate)).toEqual(['19001231', '19010112']);
    expect(merged.problems.map((problem) => problem.file)).toEqual(['broken.dcm']);
  });

  it('leaves the collection it merged into unchanged', () => {
    expect(firstVisits.patients.map((patient) => patient.studies.length)).toEqual([1, 2, 1, 1, 1, 2]);
    expect(allSeries(firstVisits)).toHaveLength(10);
    expect(firstVisits.problems).toEqual([]);
  });

  it('notes a file dropped twice and keeps the copy loaded first', () => {
    const again = mergeStudies(merged, buildStudies([parseShared('tcia-sagittal-ct/A002304/axial/19001231-076.dcm')]));
    expect(allSeries(again)).toHaveLength(14);
    expect(again.duplicates).toEqual([
      {
        file: 'tcia-sagittal-ct/A002304/axial/19001231-076.dcm',
        duplicateOf: 'tcia-sagittal-ct/A002304/axial/19001231-076.dcm',
        sopInstanceUid: '1.3.6.1.4.1.14519.5.2.1.99.1071.18067011851490457685854274637163',
      },
    ]);
    expect(again.problems).toEqual(merged.problems);
  });

  it('merging into an empty collection is the same as building', () => {
    expect(mergeStudies(emptyStudies<string>(), laterVisits)).toEqual(laterVisits);
  });
});
