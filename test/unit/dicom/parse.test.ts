import { inflateRawSync } from 'node:zlib';
import * as dicomParserModule from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { formatPersonName, parseInstance, readInstance, type Instance, type ParsedFile } from '../../../src/dicom';
import {
  ascii,
  noise,
  part10,
  rawDataSet,
  readShared,
  us,
  withElement,
  type Element,
  type Item,
} from './dicomBytes';

const dicomParser = (dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

const SAGITTAL_CT = 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm';
const NOT_DICOM = 'not a DICOM file (no DICM preamble and no valid tags)';

function parse(name: string, bytes: Uint8Array): ParsedFile<string> {
  return parseInstance(name, bytes, `source of ${name}`);
}

function image(parsed: ParsedFile<string>): Instance<string> {
  if (parsed.kind !== 'image') throw new Error(`expected an image, got ${JSON.stringify(parsed)}`);
  return parsed.instance;
}

function reasonOf(parsed: ParsedFile<string>): string {
  if (parsed.kind !== 'problem') throw new Error(`expected a problem, got ${parsed.kind}`);
  return parsed.problem.reason;
}

describe('an image file gives what the viewer needs', () => {
  it('reads identity, geometry, calibration and display attributes of a sagittal CT', () => {
    const instance = image(parse(SAGITTAL_CT, readShared(SAGITTAL_CT)));
    expect(instance).toMatchObject({
      source: `source of ${SAGITTAL_CT}`,
      fileName: SAGITTAL_CT,
      part10Bytes: undefined,
      patientId: 'A002304',
      patientName: 'A002304',
      patientSex: 'M',
      patientBirthDate: undefined,
      accessionNumber: undefined,
      studyDate: '19001231',
      studyDescription: 'CT ABD AND PELVIS WITH IV CONT',
      seriesDescription: 'CHEST SAGITTAL',
      seriesNumber: 602,
      instanceNumber: 80,
      modality: 'CT',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: '1.3.6.1.4.1.14519.5.2.1.99.1071.13819898665147690032577123762724',
      frameOfReferenceUid: '1.3.6.1.4.1.14519.5.2.1.99.1071.71672582325448381500985898006464',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      rows: 512,
      columns: 512,
      numberOfFrames: 1,
      photometricInterpretation: 'MONOCHROME2',
      imagePositionPatient: [15.888, -344.628, -6.309],
      imageOrientationPatient: [-0.010638, 0.999943, 0, 0, 0, -1],
      pixelSpacing: [1.322021, 1.322021],
      imagerPixelSpacing: undefined,
      sliceThickness: 2.999999,
      windowCenter: -600,
      windowWidth: 1500,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
    });
  });

  it('keeps a multi-frame object as one instance with its frame count', () => {
    const instance = image(parse('emri_small.dcm', readShared('pydicom/emri_small.dcm')));
    expect(instance).toMatchObject({
      numberOfFrames: 10,
      rows: 64,
      columns: 64,
      modality: 'MR',
      seriesNumber: 301,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4.1',
      // This anonymised file has empty Patient Name and ID: absent, not ''.
      patientName: undefined,
      patientId: undefined,
      imagePositionPatient: undefined,
    });
  });

  it('reads the same MR slice identically in six encodings, naming each transfer syntax', () => {
    const encodings: Record<string, string> = {
      'MR_small_implicit.dcm': '1.2.840.10008.1.2',
      'MR_small.dcm': '1.2.840.10008.1.2.1',
      'MR_small_bigendian.dcm': '1.2.840.10008.1.2.2',
      'MR_small_RLE.dcm': '1.2.840.10008.1.2.5',
      'MR_small_jpeg_ls_lossless.dcm': '1.2.840.10008.1.2.4.80',
      'MR_small_jp2klossless.dcm': '1.2.840.10008.1.2.4.90',
    };
    for (const [file, transferSyntaxUid] of Object.entries(encodings)) {
      const instance = image(parse(file, readShared(`pydicom/${file}`)));
      expect(instance, file).toMatchObject({
        transferSyntaxUid,
        sopInstanceUid: '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457',
        patientId: '4MR1',
        rows: 64,
        columns: 64,
        imagePositionPatient: [-83.9063, -91.2, 6.6406],
        pixelSpacing: [0.3125, 0.3125],
        scanningSequence: ['SE'],
      });
    }
  });

  it('reads numbers of a big-endian file in the right byte order', () => {
    const instance = image(parse('ExplVR_BigEnd.dcm', readShared('pydicom/ExplVR_BigEnd.dcm')));
    expect(instance).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.2', rows: 60, columns: 80, modality: 'US' });
  });

  it('gives the calibration inputs of radiographs: Pixel Spacing when present, nothing invented when absent', () => {
    const hip = image(parse('RG2_JPLY', readShared('nema-wg04/RG2_JPLY')));
    expect(hip).toMatchObject({ modality: 'CR', pixelSpacing: [0.2, 0.2], bodyPartExamined: 'HIP', rows: 2140, columns: 1760 });
    const tibia = image(parse('RG3_JLSN', readShared('nema-wg04/RG3_JLSN')));
    expect(tibia).toMatchObject({
      modality: 'CR',
      pixelSpacing: undefined,
      imagerPixelSpacing: undefined,
      estimatedRadiographicMagnificationFactor: undefined,
      photometricInterpretation: 'MONOCHROME1',
      viewPosition: 'AP',
    });
  });

  it('reads Imager Pixel Spacing and the magnification factor of a projection radiograph', () => {
    let file = withElement(readShared('nema-wg04/RG2_JPLY'), 0x00280030, undefined);
    file = withElement(file, 0x00181164, '0.143\\0.143', 'DS');
    file = withElement(file, 0x00181114, '1.1', 'DS');
    expect(image(parse('RG2 detector', file))).toMatchObject({
      pixelSpacing: undefined,
      imagerPixelSpacing: [0.143, 0.143],
      estimatedRadiographicMagnificationFactor: 1.1,
    });
  });

  it('reads geometry, spacing and windowing of an enhanced multi-frame object from its functional groups', () => {
    const frame = (z: string): Item => [[0x00209113, 'SQ', [[[0x00200032, 'DS', `-10\\-20\\${z}`]]]]];
    const file = part10([
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4.1'],
      [0x00080018, 'UI', '1.2.3.4.5.6.7.8.1'],
      [0x00080060, 'CS', 'MR'],
      [0x0020000d, 'UI', '1.2.3.4.5.6.7.8.2'],
      [0x0020000e, 'UI', '1.2.3.4.5.6.7.8.3'],
      [0x00280002, 'US', us(1)],
      [0x00280004, 'CS', 'MONOCHROME2'],
      [0x00280008, 'IS', '2'],
      [0x00280010, 'US', us(2)],
      [0x00280011, 'US', us(2)],
      [0x00280100, 'US', us(16)],
      [0x00280101, 'US', us(12)],
      [0x00280103, 'US', us(0)],
      [
        0x52009229,
        'SQ',
        [
          [
            [0x00209116, 'SQ', [[[0x00200037, 'DS', '0\\1\\0\\0\\0\\-1']]]],
            [0x00289110, 'SQ', [[[0x00280030, 'DS', '0.5\\0.6'], [0x00180050, 'DS', '4']]]],
            [0x00289132, 'SQ', [[[0x00281050, 'DS', '300'], [0x00281051, 'DS', '800']]]],
          ],
        ],
      ],
      [0x52009230, 'SQ', [frame('30'), frame('34')]],
      [0x7fe00010, 'OW', new Uint8Array(2 * 2 * 2 * 2)],
    ]);
    expect(image(parse('enhanced.dcm', file))).toMatchObject({
      numberOfFrames: 2,
      imageOrientationPatient: [0, 1, 0, 0, 0, -1],
      imagePositionPatient: [-10, -20, 30],
      pixelSpacing: [0.5, 0.6],
      sliceThickness: 4,
      windowCenter: 300,
      windowWidth: 800,
    });
  });

  it('decodes names in the declared character set', () => {
    const mr = readShared('pydicom/MR_small.dcm');
    const utf8 = withElement(withElement(mr, 0x00080005, 'ISO_IR 192', 'CS'), 0x00100010, 'Müller^Jürgen');
    expect(formatPersonName(image(parse('utf8.dcm', utf8)).patientName)).toBe('Müller, Jürgen');
    const latin1 = withElement(
      withElement(mr, 0x00080005, 'ISO_IR 100', 'CS'),
      0x00100010,
      Uint8Array.from([...ascii('M'), 0xfc, ...ascii('ller^Ana')]),
    );
    expect(formatPersonName(image(parse('latin1.dcm', latin1)).patientName)).toBe('Müller, Ana');
  });

  it('decodes ISO 2022 code extensions, as in the Korean example of PS3.5 Annex I', () => {
    const escape = [0x1b, 0x24, 0x29, 0x43]; // ESC $ ) C: KS X 1001 in G1
    const name = Uint8Array.from([
      ...ascii('Hong^Gildong='),
      ...escape, 0xfb, 0xf3, 0x5e, ...escape, 0xd1, 0xce, 0xd4, 0xd7, 0x3d,
      ...escape, 0xc8, 0xab, 0x5e, ...escape, 0xb1, 0xe6, 0xb5, 0xbf,
    ]);
    const mr = readShared('pydicom/MR_small.dcm');
    const file = withElement(withElement(mr, 0x00080005, '\\ISO 2022 IR 149', 'CS'), 0x00100010, name);
    expect(image(parse('korean.dcm', file)).patientName).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('keeps text from the file as plain text: markup is neither interpreted nor altered', () => {
    const file = withElement(readShared('pydicom/MR_small.dcm'), 0x00100010, '<img src=x onerror=alert(1)>^X');
    expect(image(parse('<b>name</b>.dcm', file))).toMatchObject({
      fileName: '<b>name</b>.dcm',
      patientName: '<img src=x onerror=alert(1)>^X',
    });
  });
});

describe('files without a Part 10 header are still read when they are DICOM', () => {
  it('reads a raw implicit VR data set and gives Part 10 bytes that the image loader can parse', () => {
    const raw = rawDataSet(readShared('pydicom/MR_small_implicit.dcm'));
    const instance = image(parse('MR_small_raw', raw));
    expect(instance).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2', patientId: '4MR1', rows: 64 });
    // Cornerstone's wadouri loader calls parseDicom(bytes) with no options: it must accept these.
    const reparsed = dicomParser.parseDicom(instance.part10Bytes!);
    expect(reparsed.string('x00020010')).toBe('1.2.840.10008.1.2');
    expect(reparsed.string('x00080018')).toBe(instance.sopInstanceUid);
    expect(reparsed.elements['x7fe00010']?.length).toBe(64 * 64 * 2);
  });

  it('recognises explicit little- and big-endian raw data sets', () => {
    expect(image(parse('raw LE', rawDataSet(readShared('pydicom/MR_small.dcm')))).transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(image(parse('raw BE', rawDataSet(readShared('pydicom/MR_small_bigendian.dcm'))))).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.2',
      rows: 64,
      columns: 64,
    });
  });

  it('calls a raw data set that breaks off truncated, not "not DICOM"', () => {
    const raw = rawDataSet(readShared('pydicom/MR_small_implicit.dcm'));
    expect(reasonOf(parse('MR_small_raw_cut', raw.slice(0, raw.length - 100)))).toMatch(/^truncated or corrupt DICOM: /);
  });

  it('reads a meta header written without its preamble', () => {
    const instance = image(parse('no preamble', readShared('pydicom/MR_small.dcm').slice(132)));
    expect(instance.sopInstanceUid).toBe('1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457');
    expect(dicomParser.parseDicom(instance.part10Bytes!).string('x00100020')).toBe('4MR1');
  });
});

describe('deflated files', () => {
  const deflated = readShared('pydicom/image_dfl.dcm');

  it('are inflated by readInstance without any inflater supplied', async () => {
    const instance = image(await readInstance('image_dfl.dcm', deflated, 'dfl'));
    expect(instance).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.1.99', rows: 512, columns: 512, source: 'dfl' });
  });

  it('are read synchronously with a supplied inflater, and refused with a pointer to readInstance without one', () => {
    expect(parseInstance('image_dfl.dcm', deflated, 'dfl', { inflateRaw: (bytes) => inflateRawSync(bytes) }).kind).toBe('image');
    expect(reasonOf(parse('image_dfl.dcm', deflated))).toBe('deflated DICOM: read it with readInstance(), which inflates it');
  });

  it('that are cut off give a problem, not an exception', async () => {
    const parsed = await readInstance('image_dfl_cut.dcm', deflated.slice(0, 1500), 'dfl');
    expect(parsed).toEqual({
      kind: 'problem',
      problem: { file: 'image_dfl_cut.dcm', reason: 'truncated or corrupt DICOM: the deflated data set does not inflate' },
    });
  });

  it('readInstance gives the same result as parseInstance for any other file', async () => {
    const bytes = readShared(SAGITTAL_CT);
    expect(await readInstance(SAGITTAL_CT, bytes, 's')).toEqual(parseInstance(SAGITTAL_CT, bytes, 's'));
    expect(await readInstance('noise', noise(4000), 's')).toEqual(parseInstance('noise', noise(4000), 's'));
  });
});

describe('objects that are not images are kept aside', () => {
  const common: Element[] = [
    [0x00100010, 'PN', 'PHANTOM^SPINE'],
    [0x00100020, 'LO', 'KYPHO-001'],
    [0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1.1'],
    [0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1.2'],
  ];

  it('files a Basic Text SR as a structured report', () => {
    const sr = part10([
      ...common,
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.11'],
      [0x00080018, 'UI', '1.2.826.0.1.3680043.10.1.3'],
      [0x00080060, 'CS', 'SR'],
      [0x0008103e, 'LO', 'Vertebral morphometry'],
      [0x0040a040, 'CS', 'CONTAINER'],
      [0x0040a730, 'SQ', [[[0x0040a040, 'CS', 'TEXT'], [0x0040a160, 'UT', 'No fracture.']]]],
    ]);
    expect(parse('report.dcm', sr)).toEqual({
      kind: 'non-image',
      object: {
        source: 'source of report.dcm',
        fileName: 'report.dcm',
        category: 'structured-report',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11',
        sopClassName: 'Basic Text SR Storage',
        sopInstanceUid: '1.2.826.0.1.3680043.10.1.3',
        studyInstanceUid: '1.2.826.0.1.3680043.10.1.1',
        seriesInstanceUid: '1.2.826.0.1.3680043.10.1.2',
        patientId: 'KYPHO-001',
        patientName: 'PHANTOM^SPINE',
        modality: 'SR',
        seriesDescription: 'Vertebral morphometry',
      },
    });
  });

  it('files a grayscale presentation state as a presentation state', () => {
    const gsps = part10([
      ...common,
      [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.11.1'],
      [0x00080018, 'UI', '1.2.826.0.1.3680043.10.1.4'],
      [0x00080060, 'CS', 'PR'],
    ]);
    const parsed = parse('gsps.dcm', gsps);
    expect(parsed.kind === 'non-image' && parsed.object.category).toBe('presentation-state');
  });

  it('files the DICOMDIR of a CD or folder export aside, not as a problem', () => {
    // A DICOMDIR names its SOP Class only in the meta header.
    const withUids = part10([
      [0x00080016, 'UI', '1.2.840.10008.1.3.10'],
      [0x00080018, 'UI', '1.2.826.0.1.3680043.10.1.5'],
      [0x00041130, 'CS', 'KYPHO'],
      [0x00041220, 'SQ', []],
    ]);
    const dicomdir = withElement(withElement(withUids, 0x00080016, undefined), 0x00080018, undefined);
    const parsed = parse('DICOMDIR', dicomdir);
    expect(parsed.kind === 'non-image' && [parsed.object.category, parsed.object.sopClassName]).toEqual([
      'other',
      'Media Storage Directory Storage',
    ]);
  });
});

describe('bad input gives a clear reason naming the file', () => {
  it('random bytes are not DICOM', () => {
    expect(parse('noise.bin', noise(4096))).toEqual({ kind: 'problem', problem: { file: 'noise.bin', reason: NOT_DICOM } });
  });

  it('a text file and an empty file are not DICOM', () => {
    expect(reasonOf(parse('notes.txt', ascii('Patient had a fall in 2023.\n')))).toBe(NOT_DICOM);
    expect(reasonOf(parse('empty.dcm', new Uint8Array(0)))).toBe('not a DICOM file (empty file)');
  });

  it('a file cut off inside its pixel data is truncated', () => {
    const whole = readShared(SAGITTAL_CT);
    expect(reasonOf(parse('cut.dcm', whole.slice(0, Math.floor(whole.length * 0.6))))).toBe(
      'truncated or corrupt DICOM: buffer overrun',
    );
  });

  it('an implicit VR file cut off inside its pixel data is truncated', () => {
    const whole = readShared('pydicom/MR_small_implicit.dcm');
    expect(reasonOf(parse('cut-implicit.dcm', whole.slice(0, whole.length - 100)))).toBe(
      'truncated or corrupt DICOM: the file ends inside element (7FE0,0010)',
    );
  });

  it('a file cut off inside its header is truncated', () => {
    expect(reasonOf(parse('cut-early.dcm', readShared(SAGITTAL_CT).slice(0, 300)))).toMatch(/^truncated or corrupt DICOM: /);
  });

  it('a compressed file cut off inside its fragments is truncated', () => {
    const whole = readShared('nema-wg04/CT1/CT1_JPLL');
    expect(reasonOf(parse('CT1_JPLL cut', whole.slice(0, whole.length - 1000)))).toMatch(/^truncated or corrupt DICOM: /);
  });

  it('a DICM prefix followed by garbage is corrupt', () => {
    const file = noise(2000);
    file.set(ascii('DICM'), 128);
    expect(reasonOf(parse('garbage.dcm', file))).toBe(
      'truncated or corrupt DICOM: missing required meta header attribute 0002,0010',
    );
  });

  it('pixel data shorter than the image size is corrupt', () => {
    // MR_small is 64 x 64 x 16 bits: 8192 bytes. Keep 4096 of them, with a consistent length field.
    const file = withElement(readShared('pydicom/MR_small.dcm'), 0x7fe00010, new Uint8Array(4096));
    expect(reasonOf(parse('short.dcm', file))).toBe(
      'truncated or corrupt DICOM: pixel data has 4096 bytes, 8192 expected for 1 frame(s) of 64x64',
    );
  });

  it('an image object without pixel data says so, naming its SOP Class', () => {
    const file = withElement(readShared(SAGITTAL_CT), 0x7fe00010, undefined);
    expect(reasonOf(parse('no-pixels.dcm', file))).toBe('no pixel data (SOP Class 1.2.840.10008.5.1.4.1.1.2 CT Image Storage)');
  });

  it('a transfer syntax the image loader cannot decode is named', () => {
    const mpeg = withElement(readShared(SAGITTAL_CT), 0x00020010, '1.2.840.10008.1.2.4.100');
    expect(reasonOf(parse('video.dcm', mpeg))).toBe(
      'unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2 Main Profile / Main Level)',
    );
    const unknown = withElement(readShared(SAGITTAL_CT), 0x00020010, '1.2.3.4');
    expect(reasonOf(parse('odd.dcm', unknown))).toBe('unsupported transfer syntax 1.2.3.4 (unknown transfer syntax)');
  });

  it('an image without the UIDs that place it in a series is refused', () => {
    const file = withElement(readShared(SAGITTAL_CT), 0x0020000e, undefined);
    expect(reasonOf(parse('no-series.dcm', file))).toBe('missing Series Instance UID (0020,000E)');
  });
});

describe('formatPersonName', () => {
  it.each([
    ['PHANTOM^SPINE', 'PHANTOM, SPINE'],
    ['DOE^JOHN^A^DR^JR', 'DOE, DR JOHN A, JR'],
    ['DOE^^^^', 'DOE'],
    ['^JANE', 'JANE'],
    ['Yamada^Tarou=山田^太郎=やまだ^たろう', 'Yamada, Tarou'],
    ['=山田^太郎', '山田, 太郎'],
    ['', ''],
    [undefined, ''],
  ])('%s reads as "%s"', (raw, expected) => {
    expect(formatPersonName(raw)).toBe(expected);
  });
});
