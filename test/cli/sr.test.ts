/**
 * `kypho sr export` and `kypho sr import`, run as the real binary on the phantom radiograph: the SR is valid
 * (dciodvfy), shows its values (dsrdump), and converts back into the very reading document it came from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstance } from '../../src/dicom';
import { calibrationFromAttributes, type SixPoints } from '../../src/morphometry';
import { NOT_ASSESSED, type ReadingState } from '../../src/reading';
import { toReadingDocument, type ReadingDocument } from '../../src/persistence/readingDocument';
import { dciodvfyErrors } from '../unit/persistence/dicomTools';

const BIN = fileURLToPath(new URL('../../bin/kypho.js', import.meta.url));
const PHANTOM = fileURLToPath(new URL('../../sample-data/lateral-baseline', import.meta.url));
const DX = join(PHANTOM, 'DX/IM0001.dcm');

function kypho(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
let reading: ReadingDocument;
const path = (name: string) => join(dir, name);
const write = (name: string, content: unknown) => {
  writeFileSync(path(name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path(name);
};

beforeAll(() => {
  if (!existsSync(DX)) throw new Error(`${DX} is missing: run "npm run samples" first (npm test does).`);
  dir = mkdtempSync(join(tmpdir(), 'kypho-sr-cli-'));
  const parsed = parseInstance('IM0001.dcm', readFileSync(DX), null);
  if (parsed.kind !== 'image') throw new Error('the phantom radiograph did not parse');
  const image = parsed.instance;
  const truth = JSON.parse(readFileSync(join(PHANTOM, 'truth.json'), 'utf8')) as { vertebrae: { level: string; points: SixPoints }[] };
  const state: ReadingState = {
    method: 'own-posterior',
    userCalibrations: {},
    findings: truth.vertebrae.map((v, i) => ({
      ...NOT_ASSESSED,
      id: `v${i}`,
      level: v.level as ReadingState['findings'][number]['level'],
      measurement: {
        seriesInstanceUid: image.seriesInstanceUid,
        sopInstanceUid: image.sopInstanceUid,
        frameNumber: 1,
        space: 'image',
        // Clicks land between pixels: a third of a pixel off, which a 32-bit float cannot hold exactly.
        points: Object.fromEntries(Object.entries(v.points).map(([k, [x, y]]) => [k, [x! + 1 / 3, y! - 1 / 3]])) as SixPoints,
        imageCalibration: calibrationFromAttributes(image),
      },
      ...(v.level === 'L1' && { edema: 'present' as const, sequence: 'STIR' as const, edemaExtent: '>=75%' as const, note: 'Acute; MRI 2025-03-17' }),
    })),
  };
  reading = toReadingDocument(state, {
    study: { studyInstanceUid: image.studyInstanceUid, patientId: image.patientId, patientName: image.patientName, studyDate: image.studyDate },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kypho sr export', () => {
  it('writes a valid TID 1500 SR of the reading, taking patient and study from the images', async () => {
    const run = kypho([
      'sr', 'export', write('reading.json', reading), '--images', PHANTOM, '-o', path('reading.dcm'),
      '--observer', 'READER^ANNA', '--organization', 'Phantom Radiology', '--signed',
    ]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(`${path('reading.dcm')}: SR of 13 vertebrae, study ${reading.study.studyInstanceUid}\n`);
    expect(await dciodvfyErrors(path('reading.dcm'))).toEqual([]);
    const dump = spawnSync('dsrdump', [path('reading.dcm')], { encoding: 'utf8' }).stdout;
    expect(dump).toContain('Patient             : PHANTOM^KYPHO SPINE');
    expect(dump).toContain('<has obs context PNAME:(,,"Person Observer Name")="READER^ANNA">');
    expect(dump).toContain('Verification Flag   : VERIFIED');
    expect(dump).toMatch(/Series {14}: Kypho reading, READER\^ANNA, \d{4}-\d\d-\d\d \d\d:\d\d, signed/);
    expect(dump).toMatch(/<contains TEXT:\(,,"Comment"\)="T8 Ha \d+\.\d mm">/);
    expect(dump).toMatch(/<contains CODE:\(,,"Genant semiquantitative grade"\)=\(GENANT3,99KYPHO,"Genant grade 3 \(severe\)"\)>/);
    expect(dump).toContain('<contains TEXT:(,,"Comment")="Acute; MRI 2025-03-17">');
  });

  it('refuses a damaged reading, naming the file and the field, and writes nothing', () => {
    const damaged = JSON.parse(JSON.stringify(reading));
    damaged.vertebrae[3].measurement.points.ai = ['x', 2];
    const run = kypho(['sr', 'export', write('damaged.json', damaged), '--images', PHANTOM, '-o', path('damaged.dcm')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path('damaged.json')}: vertebrae[3] (T7).measurement.points.ai[0]: must be number`);
    expect(existsSync(path('damaged.dcm'))).toBe(false);
  });

  it('follows symbolic links to image files and to folders, and counts the files it looked at', () => {
    // A folder whose only image is a link to the file, and a folder linking to the phantom's folder (and back up).
    mkdirSync(path('linked-file'), { recursive: true });
    symlinkSync(DX, path('linked-file/IM0001.dcm'));
    mkdirSync(path('linked-folder'), { recursive: true });
    symlinkSync(join(PHANTOM, 'DX'), path('linked-folder/DX'));
    symlinkSync(path('linked-folder'), path('linked-folder/loop'));
    for (const folder of ['linked-file', 'linked-folder']) {
      const run = kypho(['sr', 'export', write('reading3.json', reading), '--images', path(folder), '-o', path(`${folder}.dcm`)]);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toBe(`${path(`${folder}.dcm`)}: SR of 13 vertebrae, study ${reading.study.studyInstanceUid}\n`);
    }
    // A folder of other files says how many it looked at.
    mkdirSync(path('others'), { recursive: true });
    writeFileSync(path('others/notes.txt'), 'not DICOM');
    symlinkSync(path('others/notes.txt'), path('others/link.txt'));
    const run = kypho(['sr', 'export', path('reading3.json'), '--images', path('others'), '-o', path('others.dcm')]);
    expect(run.stderr).toBe(`${path('others')}: no image of study ${reading.study.studyInstanceUid} among the 2 files looked at (symbolic links followed)\n`);
  });

  it('refuses when the images folder lacks the study, and asks for what is missing', () => {
    mkdirSync(path('empty'), { recursive: true });
    const run = kypho(['sr', 'export', write('reading2.json', reading), '--images', path('empty'), '-o', path('none.dcm')]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(`${path('empty')}: no image of study ${reading.study.studyInstanceUid} among the 0 files looked at (symbolic links followed)\n`);
    const usage = kypho(['sr', 'export', path('reading2.json'), '-o', path('none.dcm')]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--images DIR is required');
  });
});

describe('kypho sr export of a reading on CT reformats', () => {
  const CT = fileURLToPath(new URL('../../sample-data/ct-thoracolumbar', import.meta.url));

  it('writes a Comprehensive 3D SR with SCOORD3D lines that imports back into the same reading, exactly', async () => {
    const truth = JSON.parse(readFileSync(join(CT, 'truth.json'), 'utf8')) as {
      study: { studyInstanceUid: string };
      vertebrae: { level: string; seriesInstanceUid: string; points: SixPoints }[];
    };
    const state: ReadingState = {
      method: 'own-posterior',
      userCalibrations: {},
      findings: truth.vertebrae.slice(0, 3).map((v, i) => ({
        ...NOT_ASSESSED,
        id: `ct${i}`,
        level: v.level as ReadingState['findings'][number]['level'],
        measurement: {
          space: 'patient',
          seriesInstanceUid: v.seriesInstanceUid,
          // A click on a reformat lands at any depth: thirds of a millimetre that no 32-bit float holds.
          points: Object.fromEntries(Object.entries(v.points).map(([k, p]) => [k, p.map((c) => c + 1 / 3)])) as SixPoints,
          plane: { point: [1 / 3, 0, 0], normal: [1, 0, 0] },
        },
      })),
    };
    const ct = toReadingDocument(state, { study: { studyInstanceUid: truth.study.studyInstanceUid } });
    const run = kypho(['sr', 'export', write('ct.json', ct), '--images', CT, '-o', path('ct.dcm')]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(await dciodvfyErrors(path('ct.dcm'), 'Comprehensive3DSR')).toEqual([]);
    const dump = spawnSync('dsrdump', [path('ct.dcm')], { encoding: 'utf8' }).stdout;
    expect(dump).toContain('Comprehensive 3D SR Document');
    expect(dump.match(/<inferred from SCOORD3D:=\(POLYLINE,/g)).toHaveLength(9);
    const back = kypho(['sr', 'import', path('ct.dcm')]);
    expect(back).toMatchObject({ status: 0, stderr: '' });
    const { modified: _modified, ...document } = JSON.parse(back.stdout);
    expect(document.vertebrae).toEqual(ct.vertebrae);
  });
});

describe('kypho sr import', () => {
  it('prints the reading document the SR was exported from, exactly', () => {
    const run = kypho(['sr', 'import', path('reading.dcm')]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const { modified, ...back } = JSON.parse(run.stdout);
    expect(modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(back).toEqual(reading);
  });

  it('converts several SRs at once into an array, in order', () => {
    const run = kypho(['sr', 'import', path('reading.dcm'), path('reading.dcm')]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(2);
    expect(out[1].vertebrae).toEqual(reading.vertebrae);
  });

  it('refuses an image or a truncated SR, naming the file, with nothing on stdout', () => {
    const bytes = readFileSync(path('reading.dcm'));
    writeFileSync(path('truncated.dcm'), bytes.subarray(0, 2000));
    const run = kypho(['sr', 'import', path('reading.dcm'), DX, path('truncated.dcm')]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${DX}: not a structured report (SOP Class 1.2.840.10008.5.1.4.1.1.1.1)`);
    expect(lines[1]).toMatch(new RegExp(`^${path('truncated.dcm').replace(/[.]/g, '\\.')}: `));
  });

  it('is listed in the help', () => {
    expect(kypho(['--help']).stdout).toMatch(/sr\s+export a reading as DICOM SR \(TID 1500\), or import SRs as readings/);
    expect(kypho(['sr', '--help']).stdout).toContain('Usage: kypho sr export READING.json --images DIR -o OUT.dcm');
  });
});
