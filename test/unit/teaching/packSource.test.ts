/**
 * Opening teaching packs from a folder, a zip and a URL, on real files: the phantom pack in sample-data/
 * (as the generator writes it) and small packs made here from its files. No mocks: zips are real zips and
 * the URL is a real HTTP server on loopback.
 */
import { createServer, type Server } from 'node:http';
import { openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadingDocument } from '../../../src/persistence/readingDocument';
import { writeSr } from '../../../src/persistence/sr/srWrite';
import { STUDIES } from '../../../src/phantom/studies';
import type { StudyTruth } from '../../../src/phantom/truth';
import { PACK_SCHEMA, type Pack, type PackCase } from '../../../src/teaching/pack';
import {
  caseFiles,
  openPack,
  packFromFiles,
  packFromUrl,
  packFromZip,
  packZip,
  PackFileMissing,
  PackProblems,
  readReference,
  type PackSource,
} from '../../../src/teaching/packSource';
import { generatedSamples, removeGenerated } from '../phantom/samples';

let samples = '';
beforeAll(() => {
  samples = generatedSamples(STUDIES.map((s) => s.id));
}, 180_000);
afterAll(() => removeGenerated(samples));

/** Every file below `dir`, by its path from `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split(sep).join('/'))
    .sort();
}

/** A folder as the browser gives a chosen folder: each file a disk-backed Blob named `folder/path`. */
async function folderFiles(dir: string, folder: string): Promise<{ name: string; file: Blob }[]> {
  return Promise.all(walk(dir).map(async (p) => ({ name: `${folder}/${p}`, file: await openAsBlob(join(dir, p)) })));
}

/** Byte equality without comparing element by element through toEqual (slow on megabytes). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  expect(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), what).toBe(0);
}

const json = (value: unknown): Uint8Array => strToU8(`${JSON.stringify(value, null, 2)}\n`);
const sampleBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(join(samples, path)));
const sampleJson = <T>(path: string): T => JSON.parse(readFileSync(join(samples, path), 'utf8')) as T;

async function problemsOf(source: PackSource | Promise<PackSource>): Promise<string[]> {
  const opened = await openPack(await source);
  if (opened.ok) throw new Error('expected problems, the pack opened');
  return opened.problems;
}

async function opened(source: PackSource | Promise<PackSource>) {
  const result = await openPack(await source);
  if (!result.ok) throw new Error(`expected the pack to open:\n${result.problems.join('\n')}`);
  return result.opened;
}

describe('the phantom pack in sample-data/', () => {
  it('opens from the folder (read from disk into Blobs) with its 6 cases, their references and every file present', async () => {
    const source = packFromFiles(await folderFiles(samples, 'sample-data'));
    expect(source.name).toBe('sample-data/');
    const { pack } = await opened(source);
    expect(pack.cases.map((c) => c.id)).toEqual(['lateral-baseline', 'lateral-followup', 'mri-fracture-age', 'ct-thoracolumbar', 'ct-posterior-wall', 'lateral-kyphoplasty']);
    expect(pack).toEqual(sampleJson('pack.json'));
    for (const c of pack.cases) {
      const reference = await readReference(source, c);
      expect(reference).toEqual(sampleJson(`${c.id}/reference.json`));
      expect(reference.study.studyInstanceUid).toBe(c.studyInstanceUid);
    }
  });

  it("gives a case's files as Files named by their path, with the bytes on disk", async () => {
    const source = packFromFiles(await folderFiles(samples, 'sample-data'));
    const { pack } = await opened(source);
    const mri = pack.cases.find((c) => c.id === 'mri-fracture-age') as PackCase;
    const files = await caseFiles(source, mri);
    expect(files.map((f) => f.name)).toEqual(mri.files);
    for (const { name, file } of files) {
      expect(file).toBeInstanceOf(File);
      expect(file.name).toBe(name.split('/').pop());
      expect(file.type).toBe('application/dicom');
      expectSameBytes(new Uint8Array(await file.arrayBuffer()), sampleBytes(name), name);
    }
  });

  it('round trips through packZip and packFromZip: pack.json first and deflated, DICOM stored, every byte the same', async () => {
    const folder = packFromFiles(await folderFiles(samples, 'sample-data'));
    const { pack } = await opened(folder);
    const paths = pack.cases.flatMap((c) => [...(c.files ?? []), c.reference as string]);
    const files = new Map(await Promise.all(paths.map(async (p) => [p, await folder.read(p)] as const)));
    const zip = packZip(pack, files);

    const entries: { name: string; compression: number }[] = [];
    unzipSync(zip, { filter: (e) => (entries.push({ name: e.name, compression: e.compression }), false) });
    expect(entries[0]).toEqual({ name: 'pack.json', compression: 8 });
    expect(entries).toHaveLength(paths.length + 1);
    for (const e of entries.slice(1)) expect([e.name, e.compression]).toEqual([e.name, e.name.endsWith('.dcm') ? 0 : 8]);

    const source = await packFromZip('phantom.zip', zip);
    expect(source.name).toBe('phantom.zip');
    const reopened = await opened(source);
    expect(reopened.pack).toEqual(pack);
    for (const path of paths) expectSameBytes(await source.read(path), sampleBytes(path), path);
    const ct = pack.cases.find((c) => c.id === 'ct-thoracolumbar') as PackCase;
    const ctFiles = await caseFiles(source, ct);
    expect(ctFiles).toHaveLength(211);
    expectSameBytes(new Uint8Array(await ctFiles[100]!.file.arrayBuffer()), sampleBytes(ct.files![100]!), ct.files![100]!);
  });
});

// ---------------------------------------------------------------------------- small packs made here

const baselineTruth = (): StudyTruth => sampleJson<StudyTruth>('lateral-baseline/truth.json');
const followupTruth = (): StudyTruth => sampleJson<StudyTruth>('lateral-followup/truth.json');

/** One case: the baseline radiograph and its reference, under `one/`. */
function smallPack(change: (c: PackCase & Record<string, unknown>) => void = () => {}): Pack {
  const c: PackCase = {
    id: 'one',
    title: 'Baseline',
    question: 'Measure T4 to L4.',
    studyInstanceUid: baselineTruth().study.studyInstanceUid,
    files: ['one/DX/IM0001.dcm'],
    reference: 'one/reference.json',
    teachingPoints: ['T6 is a grade 1 wedge.'],
  };
  change(c as PackCase & Record<string, unknown>);
  return { schema: PACK_SCHEMA, title: 'Small pack', cases: [c] };
}

/** The files of smallPack(), each under `prefix`, pack.json as given. */
function smallFiles(pack: unknown, prefix = ''): Record<string, Uint8Array> {
  return {
    [`${prefix}pack.json`]: typeof pack === 'string' ? strToU8(pack) : json(pack),
    [`${prefix}one/DX/IM0001.dcm`]: sampleBytes('lateral-baseline/DX/IM0001.dcm'),
    [`${prefix}one/reference.json`]: sampleBytes('lateral-baseline/reference.json'),
  };
}

const asFolder = (files: Record<string, Uint8Array>) =>
  packFromFiles(Object.entries(files).map(([name, bytes]) => ({ name, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) })));

describe('packFromFiles', () => {
  it('takes the pack.json nearest the top as the root, whatever else the folder holds', async () => {
    const files = {
      ...smallFiles(smallPack(), 'myPack/'),
      'myPack/old/pack.json': strToU8('not even JSON'),
      'myPack/.DS_Store': new Uint8Array([0, 1, 2]),
    };
    const source = asFolder(files);
    expect(source.name).toBe('myPack/');
    const { pack } = await opened(source);
    expect(pack.title).toBe('Small pack');
    expect(source.has?.('one/DX/IM0001.dcm')).toBe(true);
    expect(source.has?.('myPack/one/DX/IM0001.dcm')).toBe(false);
    expectSameBytes(await source.read('one/DX/IM0001.dcm'), sampleBytes('lateral-baseline/DX/IM0001.dcm'), 'IM0001.dcm');
  });

  it('rejects a read of a missing file with an error naming the path', async () => {
    const source = asFolder(smallFiles(smallPack(), 'myPack/'));
    const error = await source.read('one/DX/IM0002.dcm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackFileMissing);
    expect((error as Error).message).toContain('one/DX/IM0002.dcm');
    await expect(source.read('../myPack/pack.json')).rejects.toThrow('../myPack/pack.json');
  });

  it('says when there is no pack.json, or two at the same depth', async () => {
    const none = smallFiles(smallPack(), 'myPack/');
    delete none['myPack/pack.json'];
    expect(await problemsOf(asFolder(none))).toEqual(['myPack/: no pack.json among the 2 chosen files: a pack has its pack.json at the top']);
    const two = { ...smallFiles(smallPack(), 'a/'), ...smallFiles(smallPack(), 'b/') };
    expect(await problemsOf(asFolder(two))).toEqual([
      'the chosen files: 2 pack.json files at the same depth (a/pack.json, b/pack.json): choose one pack\'s folder',
    ]);
  });

  it('names a missing DICOM file and the case field that lists it', async () => {
    const pack = smallPack((c) => (c.files = ['one/DX/IM0001.dcm', 'one/DX/IM0002.dcm']));
    expect(await problemsOf(asFolder(smallFiles(pack, 'p/')))).toEqual(['p/: one/DX/IM0002.dcm: missing (cases[0] ("one").files[1])']);
  });

  it('names the first missing files of a case and counts the rest', async () => {
    const many = Array.from({ length: 9 }, (_, i) => `one/CT/IM${i}.dcm`);
    const problems = await problemsOf(asFolder(smallFiles(smallPack((c) => (c.files = many)), 'p/')));
    expect(problems).toEqual([
      ...many.slice(0, 5).map((f, i) => `p/: ${f}: missing (cases[0] ("one").files[${i}])`),
      'p/: cases[0] ("one"): 4 more of its 9 files are missing',
    ]);
  });
});

describe('openPack problems', () => {
  it('a missing reference names the file and the case', async () => {
    const files = smallFiles(smallPack((c) => (c.reference = 'one/answer.json')), 'p/');
    expect(await problemsOf(asFolder(files))).toEqual(['p/: one/answer.json: missing (the reference of cases[0] ("one"))']);
  });

  it("a reference of another study names both Study Instance UIDs", async () => {
    const files = smallFiles(smallPack(), 'p/');
    files['p/one/reference.json'] = sampleBytes('lateral-followup/reference.json');
    const [problem, ...rest] = await problemsOf(asFolder(files));
    expect(rest).toEqual([]);
    expect(problem).toBe(
      `p/: one/reference.json: the reference reading is of study ${followupTruth().study.studyInstanceUid}, ` +
        `but cases[0] ("one") is study ${baselineTruth().study.studyInstanceUid}`,
    );
  });

  it('a malformed pack.json names the JSON error', async () => {
    const text = '{ "schema": "kypho.teaching-pack/v1", "title": "x", }';
    let parseError = '';
    try {
      JSON.parse(text);
    } catch (error) {
      parseError = (error as Error).message;
    }
    expect(parseError).not.toBe('');
    expect(await problemsOf(asFolder(smallFiles(text, 'p/')))).toEqual([`p/: pack.json: not JSON: ${parseError}`]);
  });

  it('pack.json with a byte-order mark opens (Windows editors write one)', async () => {
    const files = smallFiles(smallPack(), 'p/');
    files['p/pack.json'] = new Uint8Array([0xef, 0xbb, 0xbf, ...(files['p/pack.json'] as Uint8Array)]);
    expect((await opened(asFolder(files))).pack.title).toBe('Small pack');
  });

  it("checkPack's problems come with the pack and pack.json named", async () => {
    const files = smallFiles(smallPack((c) => (c.studyInstanceUid = 'one.two')), 'p/');
    expect(await problemsOf(asFolder(files))).toEqual([
      'p/: pack.json: cases[0].studyInstanceUid: must be a DICOM UID (digits and dots, at most 64 characters), not "one.two"',
    ]);
  });

  it('a reference that is no reading says what it is not, naming the file', async () => {
    const files = smallFiles(smallPack((c) => (c.reference = 'one/notes.txt')), 'p/');
    files['p/one/notes.txt'] = strToU8('T6 wedge');
    const [problem] = await problemsOf(asFolder(files));
    expect(problem).toMatch(/^p\/: one\/notes\.txt: neither a DICOM SR nor a kypho\.reading\/v1 JSON \(not JSON: .*\) \(the reference of cases\[0\] \("one"\)\)$/);
  });

  it('a reference JSON that is not a valid reading gives the validator\'s named problems', async () => {
    const files = smallFiles(smallPack(), 'p/');
    const document = sampleJson<{ vertebrae: Record<string, unknown>[] }>('lateral-baseline/reference.json');
    document.vertebrae[2]!.level = 'T99';
    files['p/one/reference.json'] = json(document);
    const problems = await problemsOf(asFolder(files));
    expect(problems).toEqual(['p/: one/reference.json: vertebrae[2] (T99).level: is not a vertebral level (C1..C7, T1..T13, L1..L6, S1) (the reference of cases[0] ("one"))']);
  });

  it('a DICOM image as the reference is not a structured report', async () => {
    const files = smallFiles(smallPack((c) => (c.reference = 'one/DX/IM0001.dcm')), 'p/');
    const [problem] = await problemsOf(asFolder(files));
    expect(problem).toMatch(/^p\/: one\/DX\/IM0001\.dcm: not a structured report/);
  });

  it('a file that is not a zip is reported, not thrown', async () => {
    const source = await packFromZip('pack.zip', strToU8('PK but not really a zip'));
    const [problem] = await problemsOf(source);
    expect(problem).toMatch(/^pack\.zip: not a readable zip \(.+\)$/);
  });
});

describe('references', () => {
  it('a Kypho SR in the pack is a reference too', async () => {
    const truth = sampleJson<StudyTruth>('mri-fracture-age/truth.json');
    const document = sampleJson<ReadingDocument>('mri-fracture-age/reference.json');
    const t1 = truth.series[0]!;
    const sr = writeSr(document, {
      patient: { name: truth.study.patientName, id: truth.study.patientId },
      study: { studyInstanceUid: truth.study.studyInstanceUid, date: truth.study.studyDate },
      images: new Map(truth.vertebrae.map((v) => [v.sopInstanceUid as string, { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', seriesInstanceUid: t1.seriesInstanceUid }])),
      now: new Date('2026-03-16T15:00:00Z'),
    });
    const pack: Pack = {
      schema: PACK_SCHEMA,
      title: 'SR',
      cases: [{ id: 'mri', title: 'MRI', question: 'Which is acute?', studyInstanceUid: truth.study.studyInstanceUid, reference: 'mri/reference-sr.dcm', teachingPoints: [] }],
    };
    const source = await packFromZip('sr.zip', zipSync({ 'pack.json': json(pack), 'mri/reference-sr.dcm': sr }));
    const { pack: checked } = await opened(source);
    const reference = await readReference(source, checked.cases[0]!);
    expect(reference.vertebrae.map((v) => [v.level, v.grade, v.type, v.edema, v.age])).toEqual(
      document.vertebrae.map((v) => [v.level, v.grade, v.type, v.edema, v.age]),
    );
  });

  it('a reference on the DICOMweb server opens, and readReference and caseFiles say the viewer fetches it', async () => {
    const pack = smallPack((c) => {
      delete c.files;
      c.reference = { seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' };
    });
    const source = await packFromZip('server.zip', zipSync({ 'pack.json': json(pack) }));
    const { pack: checked } = await opened(source);
    const serverCase = checked.cases[0]!;
    await expect(readReference(source, serverCase)).rejects.toThrow(/SR 1\.2\.3\.4\.5 .*on the DICOMweb server/);
    await expect(caseFiles(source, serverCase)).rejects.toThrow(/is on the DICOMweb server/);
  });

  it('readReference rejects with the named problems of a bad reference', async () => {
    const files = smallFiles(smallPack(), 'p/');
    files['p/one/reference.json'] = sampleBytes('lateral-followup/reference.json');
    const source = asFolder(files);
    const error = await readReference(source, smallPack().cases[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackProblems);
    expect((error as PackProblems).problems).toHaveLength(1);
    expect((error as PackProblems).problems[0]).toContain(followupTruth().study.studyInstanceUid);
  });
});

describe('packFromZip', () => {
  it('opens a zip whose files are all inside one top folder', async () => {
    const zip = zipSync({ ...smallFiles(smallPack(), 'Small pack/'), '__MACOSX/Small pack/._pack.json': new Uint8Array([1]) });
    const source = await packFromZip('small.zip', zip);
    const { pack } = await opened(source);
    expect(pack.cases[0]?.id).toBe('one');
    expect(source.has?.('one/reference.json')).toBe(true);
    const [dicom] = await caseFiles(source, pack.cases[0]!);
    expect(dicom?.name).toBe('one/DX/IM0001.dcm');
    expectSameBytes(new Uint8Array(await dicom!.file.arrayBuffer()), sampleBytes('lateral-baseline/DX/IM0001.dcm'), 'IM0001.dcm');
  });

  it('names a missing reference in a zip', async () => {
    const files = smallFiles(smallPack());
    delete files['one/reference.json'];
    expect(await problemsOf(packFromZip('small.zip', zipSync(files)))).toEqual([
      'small.zip: one/reference.json: missing (the reference of cases[0] ("one"))',
    ]);
  });
});

describe('packZip', () => {
  it('refuses a pack that names a file it was not given, or a file path outside the pack', () => {
    const files = new Map(Object.entries(smallFiles(smallPack())));
    files.delete('one/reference.json');
    expect(() => packZip(smallPack(), files)).toThrow('one/reference.json: named by cases[0] ("one") but not given');
    files.set('one/reference.json', new Uint8Array(1));
    files.set('../escape.json', new Uint8Array(1));
    expect(() => packZip(smallPack(), files)).toThrow(PackProblems);
  });

  it('writes pack.json from the pack, not from a stale pack.json among the files', async () => {
    const files = new Map(Object.entries(smallFiles({ stale: true })));
    const { pack } = await opened(packFromZip('new.zip', packZip(smallPack(), files)));
    expect(pack).toEqual(smallPack());
  });
});

// ---------------------------------------------------------------------------- over HTTP

describe('packFromUrl', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
      if (url.startsWith('/broken/')) {
        res.writeHead(500, 'Internal Server Error').end('boom');
        return;
      }
      if (url.startsWith('/spa/')) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>app</title>');
        return;
      }
      const file = resolve(samples, `.${url.replace(/^\/samples/, '')}`);
      if (!url.startsWith('/samples/') || relative(samples, file).startsWith('..') || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        res.writeHead(404, 'Not Found').end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/dicom' }).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('opens the phantom pack from its URL and reads references and case files', async () => {
    const source = packFromUrl(`${base}/samples/`);
    const { pack } = await opened(source);
    expect(pack.cases).toHaveLength(6);
    const baseline = pack.cases[0]!;
    expect((await readReference(source, baseline)).sdi).toBe(6);
    const [file] = await caseFiles(source, baseline);
    expectSameBytes(new Uint8Array(await file!.file.arrayBuffer()), sampleBytes('lateral-baseline/DX/IM0001.dcm'), 'IM0001.dcm');
  });

  it('names the path and the HTTP status of a failed request', async () => {
    const source = packFromUrl(`${base}/samples`);
    await expect(source.read('lateral-baseline/nothing.json')).rejects.toThrow(/^lateral-baseline\/nothing\.json: HTTP 404 Not Found/);
    await expect(packFromUrl(`${base}/broken/`).read('pack.json')).rejects.toThrow(/^pack\.json: HTTP 500 Internal Server Error/);
    expect(await problemsOf(packFromUrl(`${base}/nowhere/`))).toEqual([`${base}/nowhere/: pack.json: missing (a pack has its pack.json at the top)`]);
    expect(await problemsOf(packFromUrl(`${base}/broken/`))).toEqual([
      `${base}/broken/: pack.json: HTTP 500 Internal Server Error (${base}/broken/pack.json)`,
    ]);
  });

  it("takes a single-page app's HTML answer for a missing file", async () => {
    const error = await packFromUrl(`${base}/spa/`).read('pack.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackFileMissing);
    expect((error as Error).message).toMatch(/^pack\.json: the server answered with an HTML page/);
  });
});
