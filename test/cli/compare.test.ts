/**
 * `kypho compare`, run as the real binary on the phantom pair lateral-baseline / lateral-followup, whose truth
 * files give one incident fracture: T11, Ha 20.0 -> 15.0 mm (a further 25% and 5 mm), Genant 0 -> 2 wedge.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/kypho.js', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../sample-data/', import.meta.url));
const BASELINE = join(SAMPLES, 'lateral-baseline/reference.json');
const FOLLOWUP = join(SAMPLES, 'lateral-followup/reference.json');

function kypho(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface Truth {
  study: { studyDate: string };
  vertebrae: { level: string; ha: number; hm: number; hp: number; expected: { grade: number; type: string | null } }[];
}
const truth = (id: string): Truth => JSON.parse(readFileSync(join(SAMPLES, id, 'truth.json'), 'utf8'));

let dir: string;
const path = (name: string) => join(dir, name);
const write = (name: string, content: unknown) => {
  writeFileSync(path(name), typeof content === 'string' ? content : JSON.stringify(content));
  return path(name);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kypho-compare-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kypho compare: the phantom pair', () => {
  it('--json: T11 new and incident with the change the truth files give, every other level stable, SDI 6 -> 8', () => {
    const run = kypho(['compare', BASELINE, FOLLOWUP, '--json']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    const prior = truth('lateral-baseline');
    const current = truth('lateral-followup');
    expect(out.prior).toMatchObject({ studyDate: prior.study.studyDate, sdi: 6, levelsMeasured: 13 });
    expect(out.current).toMatchObject({ studyDate: current.study.studyDate, sdi: 8, levelsMeasured: 13 });
    expect(out.intervalDays).toBe(364); // 2025-03-10 -> 2026-03-09
    expect(out.newFractures).toEqual(['T11']);
    expect(out.incidentFractures).toEqual(['T11']);
    expect(out.levels.map((l: { level: string }) => l.level)).toEqual(current.vertebrae.map((v) => v.level));

    const t11 = out.levels.find((l: { level: string }) => l.level === 'T11');
    const before = prior.vertebrae.find((v) => v.level === 'T11')!;
    const after = current.vertebrae.find((v) => v.level === 'T11')!;
    expect(t11).toMatchObject({ in: 'both', status: 'new', gradeChange: 2, incident: true, note: null });
    expect(t11.prior).toMatchObject({ grade: 0, type: null, unit: 'mm', calibration: 'mm (ERMF)' });
    expect(t11.current).toMatchObject({ grade: after.expected.grade, type: after.expected.type, unit: 'mm' });
    // The phantom draws to 1e-6 px at 0.2 mm per pixel.
    expect(t11.dHa).toBeCloseTo(after.ha - before.ha, 5); // -5.0 mm
    expect(t11.rHa).toBeCloseTo((after.ha - before.ha) / before.ha, 6); // -25%
    expect(t11.dHm).toBeCloseTo(after.hm - before.hm, 5);
    expect(t11.dHp).toBeCloseTo(0, 5);
    for (const l of out.levels.filter((x: { level: string }) => x.level !== 'T11')) {
      expect(l, l.level).toMatchObject({ status: 'stable', gradeChange: 0, incident: false });
    }
  });

  it('without --json: a table and the report sentences', () => {
    const run = kypho(['compare', BASELINE, FOLLOWUP]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^T11\s+both\s+20\.0\/19\.6\/21\.5 mm\s+15\.0\/16\.9\/21\.5 mm\s+-5\.0\s+-2\.7\s+0\.0\s+-25\.0%\s+-13\.7%\s+0\.0%\s+0 -> 2\s+new\s+yes$/m);
    expect(run.stdout).toContain('Compared with the prior study of 2025-03-10 (364 days earlier).\n');
    expect(run.stdout).toContain(
      'T11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since 2025-03-10: incident (>= 20% and >= 4 mm)\n',
    );
    expect(run.stdout).toContain('L1: stable (Genant 2 biconcave)\nSDI 6 -> 8\n');
  });

  it('reads Kypho SRs as well as reading JSON', () => {
    for (const [id, reading] of [['lateral-baseline', BASELINE], ['lateral-followup', FOLLOWUP]] as const) {
      const made = kypho(['sr', 'export', reading, '--images', join(SAMPLES, id), '-o', path(`${id}.dcm`)]);
      expect(made.status, made.stderr).toBe(0);
    }
    const run = kypho(['compare', path('lateral-baseline.dcm'), FOLLOWUP, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.incidentFractures).toEqual(['T11']);
    expect(out.levels.find((l: { level: string }) => l.level === 'T11').dHa).toBeCloseTo(-5, 5);
    const both = JSON.parse(kypho(['compare', path('lateral-baseline.dcm'), path('lateral-followup.dcm'), '--json']).stdout);
    expect(both).toEqual(out);
  });

  it('a px prior: grades compared, heights not assessable', () => {
    const prior = JSON.parse(readFileSync(BASELINE, 'utf8'));
    for (const v of prior.vertebrae) {
      delete v.measurement.pixelSpacing;
      v.measurement.calibration = 'px';
    }
    const run = kypho(['compare', write('px.json', prior), FOLLOWUP, '--json']);
    expect(run.status).toBe(0);
    const t11 = JSON.parse(run.stdout).levels.find((l: { level: string }) => l.level === 'T11');
    expect(t11).toMatchObject({ status: 'new', dHa: null, rHa: null, incident: null, note: 'not assessable: uncalibrated' });
    expect(t11.prior.unit).toBe('px');
  });
});

describe('kypho compare: bad input (exit 2, nothing on stdout, one line per problem naming the file)', () => {
  it('refuses a prior dated after the current, saying which dates', () => {
    const run = kypho(['compare', FOLLOWUP, BASELINE, '--json']);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(
      `dates in the wrong order: the prior ${FOLLOWUP} is dated 20260309, after the current ${BASELINE} (20250310)\n`,
    );
  });

  it('refuses readings of different patients, naming both files and both IDs', () => {
    const other = JSON.parse(readFileSync(FOLLOWUP, 'utf8'));
    other.study.patientId = 'SOMEONE-ELSE';
    const file = write('other.json', other);
    const run = kypho(['compare', BASELINE, file]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(`different patients: ${BASELINE} has Patient ID "KYPHO-PHANTOM-01", ${file} has "SOMEONE-ELSE"\n`);
  });

  it('refuses what is not a reading, one line per problem and file', () => {
    const notJson = write('notes.txt', 'T11 looks worse');
    const notReading = write('landmarks.json', { pixelSpacing: [0.5, 0.5], vertebrae: [] });
    const run = kypho(['compare', notJson, notReading]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${notJson.replace(/[.]/g, '\\.')}: not a reading document or a DICOM SR: not JSON`));
    expect(lines.slice(1).length).toBeGreaterThan(0);
    for (const line of lines.slice(1)) expect(line.startsWith(`${notReading}: `)).toBe(true);
  });

  it('refuses a DICOM file that is not an SR, and a missing file', () => {
    const image = join(SAMPLES, 'lateral-baseline/DX/IM0001.dcm');
    const run = kypho(['compare', image, path('missing.json')]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${image}: not a structured report (SOP Class 1.2.840.10008.5.1.4.1.1.1.1)`);
    expect(lines[1]).toMatch(new RegExp(`^${path('missing.json').replace(/[.]/g, '\\.')}: cannot read: `));
  });

  it('asks for exactly two files, and is listed in the help', () => {
    const run = kypho(['compare', BASELINE]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain('give PRIOR and CURRENT, got 1 file');
    expect(kypho(['--help']).stdout).toMatch(/compare\s+compare a follow-up reading with the prior one/);
  });
});
