/**
 * Zips as teachers make them and as Kypho writes them, checked against Info-ZIP (zip/unzip, the reference
 * tools): a pack zipped by `zip -r` (stored, deflated, streamed with data descriptors, zip64, encrypted) opens
 * through packFromZip, and what packZip writes passes `unzip -t`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { PACK_SCHEMA, type Pack } from '../../../src/teaching/pack';
import { openPack, packFromZip, packZip } from '../../../src/teaching/packSource';
import { zipEntries, zipEntryBytes, ZipError } from '../../../src/teaching/zipReader';
import { REPO_SAMPLES } from '../phantom/samples';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kypho-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = readFileSync(join(REPO_SAMPLES, 'lateral-baseline/reference.json'));
const studyInstanceUid = (JSON.parse(reference.toString('utf8')) as { study: { studyInstanceUid: string } }).study.studyInstanceUid;
/** Not a real image (these tests are about the container), but a pattern that deflates, as pixels do a little. */
const dicomLike = new Uint8Array(200_000).map((_, i) => (i % 251) ^ (i >> 12));

const pack: Pack = {
  schema: PACK_SCHEMA,
  title: 'Fälle: a pack zipped by hand',
  cases: [
    {
      id: 'one',
      title: 'Baseline',
      question: 'Measure T4 to L4.',
      studyInstanceUid,
      files: ['fälle/eins/IM0001.dcm'],
      reference: 'fälle/eins/reference.json',
      teachingPoints: [],
    },
  ],
};

const files: Record<string, Uint8Array> = {
  'pack.json': strToU8(JSON.stringify(pack)),
  'fälle/eins/IM0001.dcm': dicomLike,
  'fälle/eins/reference.json': new Uint8Array(reference),
};

/** The pack as a folder `name/` on disk, for zip to compress. */
function writeFolder(name: string): string {
  const root = join(dir, name);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name, path)), { recursive: true });
    writeFileSync(join(root, name, path), bytes);
  }
  return root;
}

/** `zip <args> out.zip name` run in the folder's parent (so the zip has one top folder), or streamed to stdout. */
async function infoZip(name: string, args: string[]): Promise<Uint8Array> {
  const cwd = writeFolder(name);
  const out = join(dir, `${name}.zip`);
  if (args.includes('-')) {
    await run('sh', ['-c', `zip ${args.join(' ')} ${name} > ${JSON.stringify(out)}`], { cwd });
  } else {
    await run('zip', [...args, out, name], { cwd });
  }
  return new Uint8Array(readFileSync(out));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

describe('packs zipped by Info-ZIP', () => {
  it.each([
    ['stored (zip -0 -r)', ['-q', '-0', '-r'], 0],
    ['deflated (zip -r)', ['-q', '-9', '-r'], 8],
    ['zip64 (zip -fz -r)', ['-q', '-fz', '-r'], 8],
    ['streamed with data descriptors (zip -r - > out)', ['-q', '-r', '-'], 8],
  ])('open: %s', async (label, args, method) => {
    const zip = await infoZip(label.replace(/\W+/g, '_'), args as string[]);
    const entries = zipEntries(zip);
    expect([...entries.values()].find((e) => e.name.endsWith('IM0001.dcm'))?.method).toBe(method);
    const source = await packFromZip(`${label}.zip`, zip);
    const opened = await openPack(source);
    expect(opened.ok ? [] : opened.problems).toEqual([]);
    for (const [path, bytes] of Object.entries(files)) expect(sameBytes(await source.read(path), bytes), path).toBe(true);
  });

  it('an encrypted entry is refused by name, not read as garbage', async () => {
    const zip = await infoZip('encrypted', ['-q', '-r', '-P', 'secret']);
    const source = await packFromZip('encrypted.zip', zip);
    const opened = await openPack(source);
    expect(opened.ok).toBe(false);
    expect(opened.ok ? [] : opened.problems).toEqual(['encrypted.zip: pack.json: cannot be unzipped from encrypted.zip (it is encrypted)']);
  });
});

describe('what packZip writes', () => {
  const zip = packZip(pack, new Map(Object.entries(files)));
  const path = join(dir, 'packZip.zip');
  writeFileSync(path, zip);

  it('passes unzip -t, with pack.json first', async () => {
    const { stdout } = await run('unzip', ['-t', path]);
    expect(stdout).toContain('No errors detected');
    const { stdout: names } = await run('unzip', ['-Z1', path]);
    expect(names.trim().split('\n')).toEqual(['pack.json', 'fälle/eins/IM0001.dcm', 'fälle/eins/reference.json']);
  });

  it('stores DICOM and deflates JSON, as unzip -v reports them', async () => {
    const { stdout } = await run('unzip', ['-v', path]);
    const method = (name: string) => stdout.split('\n').find((line) => line.trim().endsWith(` ${name}`))?.trim().split(/\s+/)[1];
    expect([method('pack.json'), method('fälle/eins/IM0001.dcm'), method('fälle/eins/reference.json')]).toEqual(['Defl:N', 'Stored', 'Defl:N']);
  });

  it('reads a stored entry in place, and packFromZip hands out a copy that does not hold the zip', async () => {
    const entry = zipEntries(zip).get('fälle/eins/IM0001.dcm')!;
    const view = zipEntryBytes(zip, entry);
    expect(view.buffer).toBe(zip.buffer);
    expect(sameBytes(view, dicomLike)).toBe(true);
    const read = await (await packFromZip('packZip.zip', zip)).read('fälle/eins/IM0001.dcm');
    expect(read.buffer).not.toBe(zip.buffer);
    expect(read.buffer.byteLength).toBe(dicomLike.length);
    expect(sameBytes(read, dicomLike)).toBe(true);
  });
});

describe('zipEntries and zipEntryBytes refuse what they cannot read', () => {
  const zip = zipSync({ 'a.json': strToU8('{"a": 1}'.repeat(50)) });

  it('bytes that are not a zip', () => {
    expect(() => zipEntries(strToU8('just text, no zip at all'))).toThrow(ZipError);
    expect(() => zipEntries(zip.subarray(0, zip.length - 30))).toThrow(/not a zip/);
  });

  it('a zip cut short in its data', () => {
    const entries = zipEntries(zip);
    const cut = zip.slice(0, 40);
    expect(() => zipEntryBytes(cut, entries.get('a.json')!)).toThrow(/cut short/);
  });

  it('a compression method other than stored and deflated', () => {
    const entry = { ...zipEntries(zip).get('a.json')!, method: 12 };
    expect(() => zipEntryBytes(zip, entry)).toThrow(/compression method 12 is not supported/);
  });
});

describe('an entry too large to unpack', () => {
  it('is refused before anything is allocated, with the limit named', () => {
    const zip = zipSync({ 'big.dcm': dicomLike }, { level: 6 });
    // The central directory claims 700 MB unpacked (offset 24 of its record: the uncompressed size).
    const central = [...zip.keys()].findLastIndex((i) => zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2);
    new DataView(zip.buffer).setUint32(central + 24, 700 * 2 ** 20, true);
    const entry = zipEntries(zip).get('big.dcm')!;
    expect(() => zipEntryBytes(zip, entry)).toThrow(new ZipError('it is 700 MB unpacked, more than the 512 MB Kypho unpacks of one file'));
  });
});
