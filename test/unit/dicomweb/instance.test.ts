// The WADO-RS metadata door must read the same instance as the file door. dcmjs turns each file into
// the DICOM JSON model (its dictionary is that model), and both readings are compared attribute by attribute.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { buildStudies, middleFrame, readInstance, type Instance } from '../../../src/dicom';
import { instanceFromDicomJson, orderingFromDicomJson, type DicomJsonDataset } from '../../../src/dicom/dicomweb';
import { SHARED_DICOM } from '../dicom/dicomBytes';

const SAMPLE_DATA = path.resolve(import.meta.dirname, '../../../sample-data');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The DICOM JSON model of a file, as a WADO-RS server would send its metadata. */
function dicomJson(bytes: Uint8Array): DicomJsonDataset {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: true }).dict as DicomJsonDataset;
}

function comparable(instance: Instance<unknown>) {
  const { source: _source, part10Bytes: _bytes, fileName: _name, transferSyntaxUid: _syntax, ...rest } = instance;
  return rest;
}

// One file per sample series (the CT has 211 alike), and every shared real image file that dcmjs reads.
const sampleFiles = filesUnder(SAMPLE_DATA).filter((f) => f.endsWith('IM0001.dcm'));
const sharedFiles = filesUnder(SHARED_DICOM).filter((f) => !f.endsWith('.md'));

describe('an instance from WADO-RS metadata equals the instance from its file', () => {
  it('has files to compare', () => {
    expect(sampleFiles.length).toBeGreaterThanOrEqual(5);
    expect(sharedFiles.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of [...sampleFiles, ...sharedFiles]) {
    it(path.relative(path.resolve(SAMPLE_DATA, '..', '..'), file), async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const fromFile = await readInstance(file, bytes, null);
      const fromJson = instanceFromDicomJson(file, dicomJson(bytes), null);
      expect(fromJson.kind).toBe(fromFile.kind);
      if (fromFile.kind === 'image' && fromJson.kind === 'image') expect(comparable(fromJson.instance)).toEqual(comparable(fromFile.instance));
    });
  }
});

describe('metadata that cannot be an image says why', () => {
  const base = dicomJson(new Uint8Array(readFileSync(sampleFiles[0])));
  const without = (...tags: string[]) => Object.fromEntries(Object.entries(base).filter(([tag]) => !tags.includes(tag)));
  const reason = (dataset: DicomJsonDataset) => {
    const parsed = instanceFromDicomJson('PACS: series 1 #1', dataset, null);
    return parsed.kind === 'problem' ? parsed.problem : parsed.kind;
  };

  it('names the missing attribute and the object', () => {
    expect(reason(without('00080016'))).toEqual({ file: 'PACS: series 1 #1', reason: 'missing SOP Class UID (0008,0016) in the metadata' });
    expect(reason(without('0020000E'))).toMatchObject({ reason: 'missing or invalid Series Instance UID (0020,000E) in the metadata' });
    expect(reason({ ...base, '0020000D': { vr: 'UI', Value: ['not a uid'] } })).toMatchObject({ reason: /Study Instance UID/ });
    expect(reason(without('00280010'))).toMatchObject({ reason: /^no image size/ });
  });

  it('keeps a structured report aside as a non-image object', () => {
    const sr = { ...base, '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.33'] } };
    const parsed = instanceFromDicomJson('sr', sr, null);
    expect(parsed).toMatchObject({ kind: 'non-image', object: { category: 'structured-report', sopClassName: 'Comprehensive SR Storage' } });
  });

  it('reads numbers sent as strings, lower-case tags and person-name groups', () => {
    const dataset: DicomJsonDataset = {
      ...without('00280030', '00100010'),
      '00280030': { vr: 'DS', Value: ['0.5', '0.25'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE', Ideographic: '山田^太郎' }] },
      '00181114': { vr: 'DS', Value: ['1.15'] },
    };
    const parsed = instanceFromDicomJson('x', Object.fromEntries(Object.entries(dataset).map(([k, v]) => [k.toLowerCase(), v])), null);
    expect(parsed).toMatchObject({ kind: 'image', instance: { pixelSpacing: [0.5, 0.25], patientName: 'DOE^JANE=山田^太郎', estimatedRadiographicMagnificationFactor: 1.15 } });
  });

  it('leaves out a malformed number instead of inventing one', () => {
    const parsed = instanceFromDicomJson('x', { ...base, '00280030': { vr: 'DS', Value: ['abc', 1] } }, null);
    expect(parsed).toMatchObject({ kind: 'image', instance: { pixelSpacing: undefined } });
  });
});

describe('the frame a series shows first is known from its ordering attributes alone', () => {
  const folder = path.join(SAMPLE_DATA, 'ct-thoracolumbar/AXIAL');
  // The phantom CT in a scrambled order, its Instance Numbers scrambled against its positions (211 is prime, so
  // 37 i mod 211 numbers them all): position decides, as in the study model.
  const datasets = readdirSync(folder)
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => dicomJson(new Uint8Array(readFileSync(path.join(folder, f)))))
    .map((dataset, index, all) => ({ ...dataset, '00200013': { vr: 'IS', Value: [((index * 37) % all.length) + 1] } }) as DicomJsonDataset)
    .sort((a, b) => String(a['00080018']?.Value?.[0]).localeCompare(String(b['00080018']?.Value?.[0])));
  const sr = { '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.33'] }, '00080018': { vr: 'UI', Value: ['1.2.3.4'] } } as DicomJsonDataset;

  it('is the frame the study model puts in the middle of the series, where the viewport opens it', () => {
    const parsed = datasets.map((dataset, index) => instanceFromDicomJson(`object ${index}`, dataset, null));
    const series = buildStudies(parsed).patients[0]!.studies[0]!.series[0]!;
    expect(series.orderedBy).toBe('position');
    const shown = series.frames[Math.floor((series.frames.length - 1) / 2)]!;
    const ahead = middleFrame([sr, ...datasets].flatMap((dataset, index) => orderingFromDicomJson(`object ${index - 1}`, dataset) ?? []));
    expect(datasets.length).toBe(211);
    expect(ahead?.instance.sopInstanceUid).toBe(shown.instance.sopInstanceUid);
    expect(ahead?.frame).toBe(1);
  });

  it('counts every frame of a multi-frame object, and leaves out what is not an image', () => {
    const multi = { ...datasets[0]!, '00280008': { vr: 'IS', Value: [5] } } as DicomJsonDataset;
    expect(orderingFromDicomJson('report', sr)).toBeUndefined();
    expect(middleFrame([orderingFromDicomJson('multi', multi)!])?.frame).toBe(3);
    expect(middleFrame([])).toBeUndefined();
  });
});
