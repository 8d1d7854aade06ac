// The DICOMweb client against a real Orthanc (Debian's orthanc + orthanc-dicomweb), started here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstance, type Instance } from '../../src/dicom';
import {
  DicomWebError,
  instanceFromDicomJson,
  retrieveInstance,
  retrieveRendered,
  retrieveSeriesMetadata,
  searchInstances,
  searchSeries,
  searchStudies,
  storeInstances,
  type DicomWebServer,
  type StudyQuery,
} from '../../src/dicom/dicomweb';
import { basicTextSr, sampleFiles, sharedDicom, startTestPacs, type TestPacs } from './fixtures';

const tcia = (file: string) => path.join(sharedDicom, 'tcia-sagittal-ct', file);
const FILES = [
  ...sampleFiles('lateral-baseline/DX'),
  ...sampleFiles('lateral-followup/DX'),
  ...sampleFiles('mri-fracture-age/SAG_T1'),
  ...sampleFiles('mri-fracture-age/SAG_STIR'),
  tcia('A002304/sagittal/19001231-080.dcm'),
  tcia('A002304/sagittal/19010112-134.dcm'),
  tcia('A062055/sagittal/19001127-064.dcm'),
];

interface Expected {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  modality: string;
  accessionNumber: string;
}

let pacs: TestPacs;
let server: DicomWebServer;
/** One entry per study uploaded, read from the files themselves: the oracle for the searches. */
let studies: Expected[];
const instances = new Map<string, Instance<string>>();

beforeAll(async () => {
  pacs = await startTestPacs(FILES);
  server = pacs.server;
  const byStudy = new Map<string, Expected>();
  for (const file of FILES) {
    const parsed = await readInstance(file, readFileSync(file), file);
    if (parsed.kind !== 'image') throw new Error(`${file} is not an image`);
    const i = parsed.instance;
    instances.set(i.sopInstanceUid, i);
    byStudy.set(i.studyInstanceUid, {
      studyInstanceUid: i.studyInstanceUid,
      patientName: i.patientName ?? '',
      patientId: i.patientId ?? '',
      studyDate: i.studyDate ?? '',
      modality: i.modality ?? '',
      accessionNumber: i.accessionNumber ?? '',
    });
  }
  studies = [...byStudy.values()];
}, 180_000);

afterAll(() => pacs?.stop());

/** The study UIDs a search finds, sorted, beside those the files say should match. */
async function found(query: StudyQuery, matches: (study: Expected) => boolean) {
  const result = await searchStudies(server, query);
  return {
    found: result.items.map((s) => s.studyInstanceUid).sort(),
    expected: studies
      .filter(matches)
      .map((s) => s.studyInstanceUid)
      .sort(),
  };
}

describe('QIDO-RS study search', () => {
  it('finds every study without filters, with their series and image counts', async () => {
    const result = await searchStudies(server, {});
    expect(result.items).toHaveLength(studies.length);
    expect(result.truncated).toBe(false);
    const mri = result.items.find((s) => s.description === 'MR THORACOLUMBAR SPINE');
    expect(mri).toMatchObject({ seriesCount: 2, instanceCount: 22, modalities: ['MR'], patientId: 'KYPHO-PHANTOM-01', accessionNumber: 'PH26031601' });
    expect(mri?.patientName).toBe('PHANTOM^KYPHO SPINE');
  });

  it('matches a part of the patient name, in any case', async () => {
    const { found: uids, expected } = await found({ patientName: 'kypho' }, (s) => /kypho/i.test(s.patientName));
    expect(expected).toHaveLength(3);
    expect(uids).toEqual(expected);
  });

  it('matches the patient ID exactly', async () => {
    const { found: uids, expected } = await found({ patientId: 'A002304' }, (s) => s.patientId === 'A002304');
    expect(expected).toHaveLength(2);
    expect(uids).toEqual(expected);
    expect((await searchStudies(server, { patientId: 'A00230' })).items).toEqual([]);
  });

  it('filters by study date range, open at either end', async () => {
    const between = (from: string, to: string) => (s: Expected) => s.studyDate >= from && s.studyDate <= to;
    for (const [query, matches] of [
      [{ studyDateFrom: '2025-01-01', studyDateTo: '2025-12-31' }, between('20250101', '20251231')],
      [{ studyDateFrom: '2026-01-01' }, between('20260101', '99991231')],
      [{ studyDateTo: '1901-01-01' }, between('00000000', '19010101')],
      [{ studyDateFrom: '2026-03-16', studyDateTo: '2026-03-16' }, between('20260316', '20260316')],
    ] as const) {
      const { found: uids, expected } = await found(query, matches);
      expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(uids, JSON.stringify(query)).toEqual(expected);
    }
  });

  it('filters by modality in the study', async () => {
    for (const modality of ['MR', 'DX', 'CT']) {
      const { found: uids, expected } = await found({ modality }, (s) => s.modality === modality);
      expect(expected.length, modality).toBeGreaterThan(0);
      expect(uids, modality).toEqual(expected);
    }
  });

  it('finds a study by accession number', async () => {
    const { found: uids, expected } = await found({ accessionNumber: 'PH26030901' }, (s) => s.accessionNumber === 'PH26030901');
    expect(expected).toHaveLength(1);
    expect(uids).toEqual(expected);
  });

  it('combines filters', async () => {
    const { found: uids, expected } = await found(
      { patientName: 'phantom', modality: 'DX', studyDateFrom: '2026-01-01' },
      (s) => /phantom/i.test(s.patientName) && s.modality === 'DX' && s.studyDate >= '20260101',
    );
    expect(expected).toHaveLength(1);
    expect(uids).toEqual(expected);
  });

  it('says when more studies match than were asked for', async () => {
    const result = await searchStudies(server, {}, { max: 2 });
    expect(result.items).toHaveLength(2);
    expect(result.truncated).toBe(true);
  });
});

describe('series, instances and metadata', () => {
  const mriStudy = () => studies.find((s) => s.modality === 'MR')!.studyInstanceUid;

  it('lists the series of a study in series order with their image counts', async () => {
    const { items } = await searchSeries(server, mriStudy());
    expect(items.map((s) => [s.seriesNumber, s.description, s.modality, s.instanceCount])).toEqual([
      [2, 'SAG T1', 'MR', 11],
      [3, 'SAG STIR', 'MR', 11],
    ]);
  });

  it('lists the instances of a series in instance order', async () => {
    const series = (await searchSeries(server, mriStudy())).items[0];
    const { items } = await searchInstances(server, mriStudy(), series.seriesInstanceUid);
    expect(items.map((i) => i.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(items.every((i) => instances.has(i.sopInstanceUid))).toBe(true);
  });

  it('reads each instance of the WADO-RS metadata as the same instance as its file', async () => {
    for (const study of studies) {
      for (const series of (await searchSeries(server, study.studyInstanceUid)).items) {
        const metadata = await retrieveSeriesMetadata(server, study.studyInstanceUid, series.seriesInstanceUid);
        expect(metadata.length).toBe(series.instanceCount);
        for (const dataset of metadata) {
          const parsed = instanceFromDicomJson('from server', dataset, 'server');
          expect(parsed.kind).toBe('image');
          if (parsed.kind !== 'image') continue;
          const fromFile = instances.get(parsed.instance.sopInstanceUid)!;
          expect(comparable(parsed.instance)).toEqual(comparable(fromFile));
        }
      }
    }
  });

  it('retrieves a whole object as the Part 10 file that was uploaded', async () => {
    const file = FILES[0];
    const uploaded = new Uint8Array(readFileSync(file));
    const parsed = await readInstance(file, uploaded, file);
    if (parsed.kind !== 'image') throw new Error('not an image');
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = parsed.instance;
    const bytes = await retrieveInstance(server, { studyInstanceUid, seriesInstanceUid, sopInstanceUid });
    expect(bytes.length).toBe(uploaded.length);
    expect(Buffer.from(bytes).equals(Buffer.from(uploaded))).toBe(true);
  });

  it('retrieves a rendered preview of the size asked', async () => {
    const i = [...instances.values()].find((x) => x.modality === 'MR')!;
    const blob = await retrieveRendered(server, i, 64);
    expect(blob.type).toMatch(/^image\//);
    expect(blob.size).toBeGreaterThan(500);
  });
});

describe('errors name the server and what to do', () => {
  it('a wrong password is a 401 that says to check the credentials', async () => {
    const wrong: DicomWebServer = { ...server, auth: { kind: 'basic', username: 'reader', password: 'wrong' } };
    const error = await searchStudies(wrong, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomWebError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect((error as Error).message).toMatch(/"Test Orthanc" refused the credentials \(HTTP 401[^)]*\).*check the user name and password/);
  });

  it('no credentials at all is a 401 that says to add them', async () => {
    const error = await searchStudies({ ...server, auth: { kind: 'none' } }, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect((error as Error).message).toMatch(/needs a user name and password or a token/);
  });

  it('a server that is down is unreachable, named with its address', async () => {
    // An Orthanc that ran on a port and stopped: nothing listens there any more.
    const other = await startTestPacs([]);
    await other.stop();
    const error = await searchStudies(other.server, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as DicomWebError).transient).toBe(true);
    expect((error as Error).message).toContain(`Cannot reach the DICOMweb server "Test Orthanc" at ${other.server.root}`);
  });

  it('a study that is not there is a 404 naming what was asked', async () => {
    const error = await retrieveSeriesMetadata(server, '1.2.3.4', '1.2.3.5').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect((error as Error).message).toContain('the metadata of series 1.2.3.5');
  });
});

describe('STOW-RS', () => {
  it('stores an SR that then appears in Orthanc, in the study, and comes back byte for byte', async () => {
    const mri = studies.find((s) => s.modality === 'MR')!;
    const sr = basicTextSr(mri, 'T11 acute wedge fracture, grade 2.');
    const result = await storeInstances(server, [sr.bytes]);
    expect(result).toEqual({ stored: [sr.sopInstanceUid], failed: [] });

    // Orthanc's own REST API, not the DICOMweb client under test.
    const lookup = await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: sr.sopInstanceUid });
    const matches = (await lookup.json()) as { Type: string; ID: string }[];
    expect(matches.map((m) => m.Type)).toEqual(['Instance']);
    const tags = (await (await pacs.orthanc.rest(`/instances/${matches[0].ID}/simplified-tags`)).json()) as Record<string, string>;
    expect(tags).toMatchObject({ StudyInstanceUID: mri.studyInstanceUid, Modality: 'SR', SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.11' });

    const series = (await searchSeries(server, mri.studyInstanceUid)).items;
    expect(series.map((s) => s.modality)).toEqual(['MR', 'MR', 'SR']);
    const metadata = await retrieveSeriesMetadata(server, mri.studyInstanceUid, sr.seriesInstanceUid);
    const parsed = instanceFromDicomJson('sr', metadata[0], null);
    expect(parsed).toMatchObject({ kind: 'non-image', object: { category: 'structured-report', sopInstanceUid: sr.sopInstanceUid } });
    const back = await retrieveInstance(server, { studyInstanceUid: mri.studyInstanceUid, seriesInstanceUid: sr.seriesInstanceUid, sopInstanceUid: sr.sopInstanceUid });
    expect(Buffer.from(back).equals(Buffer.from(sr.bytes))).toBe(true);
  });

  it('stores several objects in one request', async () => {
    const dx = studies.find((s) => s.accessionNumber === 'PH25031001')!;
    const srs = [basicTextSr(dx, 'first'), basicTextSr(dx, 'second')];
    const result = await storeInstances(server, srs.map((s) => s.bytes));
    expect(result.stored.sort()).toEqual(srs.map((s) => s.sopInstanceUid).sort());
    expect(result.failed).toEqual([]);
  });

  it('a corrupt object is refused with a clear error, and is not in Orthanc', async () => {
    const dx = studies.find((s) => s.accessionNumber === 'PH25031001')!;
    const broken = basicTextSr(dx, 'broken');
    // Cut inside the data set: the meta header still names the object.
    const truncated = broken.bytes.slice(0, broken.bytes.length - 40);
    const error = await storeInstances(server, [truncated]).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-response', status: 400 });
    expect((error as Error).message).toBe('The DICOMweb server "Test Orthanc" refused storing one object (HTTP 400 Bad Request).');
    const lookup = await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: broken.sopInstanceUid });
    expect(await lookup.json()).toEqual([]);
  });

  it('a refused request of several objects warns that some may be stored (Orthanc keeps the good ones)', async () => {
    const dx = studies.find((s) => s.accessionNumber === 'PH25031001')!;
    const good = basicTextSr(dx, 'good');
    const broken = basicTextSr(dx, 'broken');
    const error = await storeInstances(server, [good.bytes, broken.bytes.slice(0, broken.bytes.length - 40)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomWebError);
    expect((error as Error).message).toMatch(/refused storing 2 objects \(HTTP 400[^)]*\)\. Some of the objects may have been stored anyway/);
  });

  it('a wrong password stores nothing and says why', async () => {
    const dx = studies.find((s) => s.accessionNumber === 'PH25031001')!;
    const sr = basicTextSr(dx, 'not stored');
    const error = await storeInstances({ ...server, auth: { kind: 'basic', username: 'reader', password: 'nope' } }, [sr.bytes]).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    const lookup = await pacs.orthanc.rest('/tools/lookup', { method: 'POST', body: sr.sopInstanceUid });
    expect(await lookup.json()).toEqual([]);
  });
});

/** The attributes of an instance that do not depend on where it came from. */
function comparable(instance: Instance<unknown>) {
  const { source: _source, part10Bytes: _bytes, fileName: _name, transferSyntaxUid: _syntax, ...rest } = instance;
  return rest;
}
