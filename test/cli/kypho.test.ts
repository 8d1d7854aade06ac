import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/kypho.js', import.meta.url));

/** Runs the real `kypho` binary as a child process. */
function kypho(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const box = (x: number, y: number, ha: number, hm: number, hp: number) => ({
  as: [x, y], ms: [x + 15, y], ps: [x + 30, y], ai: [x, y + ha], mi: [x + 15, y + hm], pi: [x + 30, y + hp],
});

// At 0.5 mm: T12 25/24/25 mm; L1 18/22.5/25 mm (wedge 0.72, grade 2); given caudal first to check the sorting.
const LANDMARKS = {
  pixelSpacing: [0.5, 0.5],
  vertebrae: [
    { level: 'L1', points: box(120, 200, 36, 45, 50) },
    { level: 'T12', points: box(120, 80, 50, 48, 50) },
  ],
};

const EXPECTED = {
  method: 'own-posterior',
  vertebrae: [
    {
      level: 'T12', unit: 'mm', ha: 25, hm: 24, hp: 25, wedgeRatio: 1, biconcaveRatio: 0.96,
      hpAdjacent: 25, crushRatio: 1, wedgeAngle: 0, heightLoss: 1 - 24 / 25, grade: 0, type: null,
      vertebralKyphosis: 0, segmentalKyphosis: null,
    },
    {
      level: 'L1', unit: 'mm', ha: 18, hm: 22.5, hp: 25, wedgeRatio: 0.72, biconcaveRatio: 0.9,
      hpAdjacent: 25, crushRatio: 1, wedgeAngle: (Math.atan(7 / 15) * 180) / Math.PI, heightLoss: 1 - 18 / 25,
      grade: 2, type: 'wedge',
      // The endplates converge anteriorly (Ha 18 < Hp 25): kyphosis, positive, of the wedge angle's size.
      vertebralKyphosis: (Math.atan(7 / 15) * 180) / Math.PI, segmentalKyphosis: null,
    },
  ],
  sdi: 2,
  levelsMeasured: 2,
  // Neither T4 and T12 nor L1 and L5 are both measured, and no level has both neighbours.
  thoracicKyphosis: null,
  lumbarLordosis: null,
};

let dir: string;
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kypho-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kypho measure: success', () => {
  it('prints the interchange JSON of a file, full precision, cranial to caudal, exit 0', () => {
    const run = kypho(['measure', file('landmarks.json', LANDMARKS), '--json']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(EXPECTED);
    // Full precision: 1 - 24/25 is printed as 0.040000000000000036, not 0.04.
    expect(run.stdout).toContain('"heightLoss": 0.040000000000000036');
  });

  it('reads standard input with - and without FILE', () => {
    for (const args of [['measure', '-', '--json'], ['measure', '--json']]) {
      const run = kypho(args, JSON.stringify(LANDMARKS));
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual(EXPECTED);
    }
  });

  it('prints a table for people, with the SDI line', () => {
    const run = kypho(['measure', file('table.json', LANDMARKS)]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Method: own-posterior');
    expect(lines[2]).toMatch(
      /^Level\s+Unit\s+Ha\s+Hm\s+Hp\s+Ha\/Hp\s+Hm\/Hp\s+Hp\/Hp adj\s+Angle\s+Loss\s+Grade\s+Type\s+Kyphosis\s+Segmental$/,
    );
    expect(lines[3]).toMatch(/^T12\s+mm\s+25\.0\s+24\.0\s+25\.0\s+1\.00\s+0\.96\s+1\.00\s+0\.0°\s+4\.0%\s+0\s+-\s+0\.0°\s+-$/);
    expect(lines[4]).toMatch(/^L1\s+mm\s+18\.0\s+22\.5\s+25\.0\s+0\.72\s+0\.90\s+1\.00\s+25\.0°\s+28\.0%\s+2\s+wedge\s+25\.0°\s+-$/);
    expect(run.stdout).toContain('\nThoracic kyphosis T4-T12 not measured (needs T4 and T12 on one image)\n');
    expect(run.stdout).toContain('\nLumbar lordosis L1-L5 not measured (needs L1 and L5 on one image)\n');
    expect(run.stdout).toContain('\nSDI 2 (T4-L4, 2/13 levels measured)\n');
  });

  it('uses the adjacent method from the flag, over the document, and records it per vertebra', () => {
    // L1 ha 20 between T12 and L2 of ha 25 and 27: 1 - 20/26, grade 1 wedge. L4 has no measured neighbour: it falls back.
    const doc = {
      method: 'own-posterior',
      vertebrae: [
        { level: 'T12', points: box(0, 0, 25, 25, 25) },
        { level: 'L1', points: box(0, 40, 20, 24, 24) },
        { level: 'L2', points: box(0, 80, 27, 27, 27) },
        { level: 'L4', points: box(0, 160, 18, 25, 25) },
      ],
    };
    const run = kypho(['measure', file('adjacent.json', doc), '--json', '--method', 'adjacent']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.method).toBe('adjacent');
    expect(out.vertebrae[1]).toMatchObject({ level: 'L1', heightLoss: 1 - 20 / 26, grade: 1, type: 'wedge', method: 'adjacent', fallback: false });
    expect(out.vertebrae[3]).toMatchObject({ level: 'L4', grade: 2, type: 'wedge', method: 'own-posterior', fallback: true });

    const fromDocument = JSON.parse(kypho(['measure', file('adjacent-doc.json', { ...doc, method: 'adjacent' }), '--json']).stdout);
    expect(fromDocument).toEqual(out);
    const table = kypho(['measure', '--method=adjacent'], JSON.stringify(doc)).stdout;
    expect(table).toMatch(/^L4 .* own-posterior\*$/m);
    expect(table).toContain('* no adjacent level measured');
  });

  it('gives the segmental and regional angles (section 10), signed', () => {
    // T4's superior endplate drops 12 px over 30 px toward anterior, T12's inferior endplate rises 9 px: endplates
    // converging anteriorly by atan(12/30) + atan(9/30). L1 superior and L5 inferior endplates converge
    // posteriorly by atan(6/30) + atan(6/30): a lordosis, positive. T11, T12 and L1 are straight boxes.
    const tilt = (points: Record<string, number[]>, superior: number, inferior: number) => ({
      ...points, as: [points.as![0]!, points.as![1]! + superior], ai: [points.ai![0]!, points.ai![1]! - inferior],
    });
    const doc = {
      vertebrae: [
        { level: 'T4', points: tilt(box(0, 0, 50, 50, 50), 12, 0) },
        { level: 'T11', points: box(0, 500, 50, 50, 50) },
        { level: 'T12', points: tilt(box(0, 560, 50, 50, 50), 0, 9) },
        { level: 'L1', points: tilt(box(0, 620, 50, 50, 50), -6, 0) },
        { level: 'L5', points: tilt(box(0, 900, 50, 50, 50), 0, -6) },
      ],
    };
    const out = JSON.parse(kypho(['measure', '--json'], JSON.stringify(doc)).stdout);
    const deg = (x: number) => (Math.atan(x) * 180) / Math.PI;
    expect(out.thoracicKyphosis).toBeCloseTo(deg(12 / 30) + deg(9 / 30), 10);
    expect(out.lumbarLordosis).toBeCloseTo(2 * deg(6 / 30), 10);
    // T12 between T11 (straight) and L1 (superior endplate tilted -6 px): T11 superior to L1 inferior, 0 degrees.
    expect(out.vertebrae[2]).toMatchObject({ level: 'T12', segmentalKyphosis: 0 });
    expect(out.vertebrae[2].vertebralKyphosis).toBeCloseTo(deg(9 / 30), 10);
  });

  it('gives heights in px without spacing, ratios and grades unchanged', () => {
    const { pixelSpacing: _, ...withoutSpacing } = LANDMARKS;
    const run = kypho(['measure', '--json'], JSON.stringify(withoutSpacing));
    const out = JSON.parse(run.stdout);
    expect(out.vertebrae[1]).toMatchObject({ level: 'L1', unit: 'px', ha: 36, hm: 45, hp: 50, wedgeRatio: 0.72, grade: 2 });
    expect(kypho(['measure'], JSON.stringify(withoutSpacing)).stdout).toContain('No pixel spacing for T12, L1: heights in px');
  });

  it('measures a batch (a JSON array of readings) in order', () => {
    const second = { vertebrae: [{ level: 'L3', points: box(0, 0, 15, 25, 25) }] };
    const run = kypho(['measure', file('batch.json', [LANDMARKS, second]), '--json']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual(EXPECTED);
    expect(out[1]).toMatchObject({ sdi: 3, levelsMeasured: 1, vertebrae: [{ level: 'L3', grade: 3 }] });
    expect(kypho(['measure', join(dir, 'batch.json')]).stdout).toMatch(/^Reading \[0\]\n[\s\S]*\nReading \[1\]\n/);
  });

  it('prints help, exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const run = kypho(args);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/measure\s+heights, ratios, Genant grades and SDI/);
    }
    const measureHelp = kypho(['measure', '--help']);
    expect(measureHelp.status).toBe(0);
    expect(measureHelp.stdout).toContain('Usage: kypho measure [FILE|-] [--json] [--method own-posterior|adjacent]');
    expect(measureHelp.stdout).toContain('Batch: a JSON array of landmark documents');
    expect(kypho(['help', 'measure']).stdout).toBe(measureHelp.stdout);
  });
});

describe('kypho measure: bad input exits 2, nothing on stdout, one line per problem on stderr', () => {
  const points = box(0, 0, 20, 22, 25);
  it.each([
    ['not JSON', '{"vertebrae": [', [/^not JSON: .+$/]],
    ['empty input', '', [/^not JSON: .+$/]],
    ['unknown level', { vertebrae: [{ level: 'T12', points }, { level: 'L7', points }] }, ['vertebrae[1] (L7): unknown level']],
    [
      'duplicate level',
      { vertebrae: [{ level: 'L1', points }, { level: 'L1', points }] },
      ['vertebrae[1] (L1): duplicate level (also vertebrae[0])'],
    ],
    [
      'missing point',
      { vertebrae: [{ level: 'L2', points: { ...points, mi: undefined } }] },
      ['vertebrae[0] (L2): missing point mi'],
    ],
    [
      'non-numeric point',
      { vertebrae: [{ level: 'L2', points: { ...points, as: [1, 'two'] } }] },
      ['vertebrae[0] (L2): non-numeric point as: [1,"two"]'],
    ],
    [
      'non-positive spacing',
      { pixelSpacing: [0.5, 0], vertebrae: [{ level: 'L2', pixelSpacing: [-1, 1], points }] },
      ['document: non-positive spacing in pixelSpacing [0.5,0]', 'vertebrae[0] (L2): non-positive spacing in pixelSpacing [-1,1]'],
    ],
    [
      'non-numeric spacing',
      { vertebrae: [{ level: 'L2', pixelSpacing: ['0.5', '0.5'], points }] },
      ['vertebrae[0] (L2): non-numeric spacing in pixelSpacing ["0.5","0.5"]'],
    ],
    [
      'zero height',
      { vertebrae: [{ level: 'T9', points: { ...points, mi: points.ms } }] },
      ['vertebrae[0] (T9): zero height hm (ms and mi coincide)'],
    ],
    [
      'several problems at once',
      { vertebrae: [{ level: 'L7', points: { ...points, ps: null } }, { level: 'L1', points }, { level: 'L1', points }] },
      ['vertebrae[0] (L7): unknown level', 'vertebrae[0] (L7): missing point ps', 'vertebrae[2] (L1): duplicate level (also vertebrae[1])'],
    ],
    [
      'a bad reading in a batch',
      [LANDMARKS, { vertebrae: [{ level: 'L8', points }] }],
      ['[1] vertebrae[0] (L8): unknown level'],
    ],
  ] as const)('%s', (name, content, expected) => {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    for (const run of [kypho(['measure', file(`${name}.json`, text), '--json']), kypho(['measure', '-'], text)]) {
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(expected.length);
      lines.forEach((line, i) => {
        const want = expected[i] as string | RegExp;
        if (typeof want === 'string') expect(line).toBe(want);
        else expect(line).toMatch(want);
      });
    }
  });

  it('names a file it cannot read', () => {
    const run = kypho(['measure', join(dir, 'missing.json')]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(/^cannot read .*missing\.json: ENOENT.*\n$/);
  });
});

describe('kypho: bad usage exits 2 with a usage message on stderr', () => {
  it.each([
    [['measure', '--bogus'], /Unknown option '--bogus'\nUsage: kypho measure/],
    [['measure', '--method', 'genant'], /unknown method "genant" \(expected own-posterior or adjacent\)\nUsage: kypho measure/],
    [['measure', '--method'], /argument missing\nUsage: kypho measure/],
    [['measure', 'a.json', 'b.json'], /one FILE at most, got 2\nUsage: kypho measure/],
    [['grade'], /unknown command "grade"[\s\S]*Usage:/],
    [[], /no command given[\s\S]*Usage:/],
  ])('kypho %j', (args, message) => {
    const run = kypho([...args]);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
  });
});
