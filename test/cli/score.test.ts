import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/kypho.js', import.meta.url));

function kypho(args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const vertebra = (level: string, grade: number, ha: number, hm: number, hp: number) => ({
  level, unit: 'mm', ha, hm, hp, grade, edema: 'not-assessed', age: 'indeterminate',
});
const reading = (vertebrae: object[]) => ({
  schema: 'kypho.reading/v1', study: { studyInstanceUid: '1.2.3' }, method: 'own-posterior', vertebrae, sdi: 0, levelsMeasured: 0,
});

// Reference: T12 normal, L1 grade 2, L2 normal. Trainee A: L1 heights 1 mm off each, everything graded right.
// Trainee B: misses L1 (grade 0) and calls L3, which the reference did not measure, grade 1.
const REFERENCE = reading([vertebra('T12', 0, 25, 24, 25), vertebra('L1', 2, 18, 22, 25), vertebra('L2', 0, 26, 25, 26)]);
const TRAINEE_A = reading([vertebra('L1', 2, 19, 23, 26), vertebra('T12', 0, 25, 24, 25), vertebra('L2', 0, 26, 25, 26)]);
const TRAINEE_B = reading([vertebra('T12', 0, 25, 24, 25), vertebra('L1', 0, 24, 24, 25), vertebra('L3', 1, 20, 25, 26)]);

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kypho-score-'));
  writeFileSync(file('reference.json'), JSON.stringify(REFERENCE));
  writeFileSync(file('a.json'), JSON.stringify(TRAINEE_A));
  writeFileSync(file('b.json'), JSON.stringify(TRAINEE_B));
  writeFileSync(file('broken.json'), '{"schema": "kypho.reading/v1", "vertebrae": [');
  writeFileSync(file('px.json'), JSON.stringify(reading([{ ...vertebra('L1', 0, 40, 40, 40), unit: 'px' }])));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kypho score', () => {
  it('prints the scores of each trainee as the JSON of the teaching spec', () => {
    const run = kypho(['score', file('reference.json'), file('a.json'), file('b.json'), '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const { trainees } = JSON.parse(run.stdout);
    expect(trainees).toHaveLength(2);
    // A: 3 matched; error (0 + 1 + 0) / 3 levels = 1/3 mm; all grades agree, kappa 1.
    expect(trainees[0]).toEqual({
      file: file('a.json'), matched: 3, meanAbsHeightErrorMm: 1 / 3, gradeAgreement: 1, kappa: 1, missed: [], overcalled: [],
    });
    // B: L2 not measured -> grade 0 (agrees); L1 2 vs 0 disagrees: 2 of 3 agree. Heights over T12 and L1:
    // T12 0, L1 (6 + 2 + 0) / 3 = 8/3 -> mean 4/3 mm.
    expect(trainees[1]).toMatchObject({ matched: 2, gradeAgreement: 2 / 3, missed: ['L1'], overcalled: ['L3'] });
    expect(trainees[1].meanAbsHeightErrorMm).toBeCloseTo(4 / 3, 12);
    // Pairs 0/0, 2/0, 0/0: po = (1 + 1/3 + 1)/3 = 7/9; marginals ref 2/3 at 0, 1/3 at 2; trainee all 0;
    // pe = 2/3 * 1 + 1/3 * 1/3 = 7/9, so kappa = 0.
    expect(trainees[1].kappa).toBeCloseTo(0, 12);
  });

  it('prints a table for people', () => {
    const run = kypho(['score', file('reference.json'), file('b.json')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Trainee\s+Matched\s+Height error \(mm\)\s+Grades agree\s+Kappa\s+Missed\s+Over-called\n/);
    expect(run.stdout).toContain('66.7%');
    expect(run.stdout).toMatch(/L1\s+L3\n$/);
  });

  it('refuses bad input with exit 2, nothing on stdout, one line per problem naming the file', () => {
    const run = kypho(['score', file('reference.json'), file('broken.json'), file('px.json')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${file('broken.json')}: not JSON: `));
    expect(lines[1]).toBe(`${file('px.json')}: vertebrae[0] (L1): heights are in px, not mm, so they cannot be scored`);
  });

  it('needs a reference and at least one trainee', () => {
    const run = kypho(['score', file('reference.json')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: kypho score REFERENCE.json TRAINEE.json...');
  });
});
