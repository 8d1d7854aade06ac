/**
 * Wall time of `kypho measure --json` on a research batch of 1,000 vertebrae: 50 readings of 20 levels
 * each (C5..L5), since one reading holds each level at most once. Runs the real binary 5 times after
 * one warm-up (which fills tsx's compile cache) and prints the median.
 *
 *   npx tsx scripts/bench-measure.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LEVELS, compareLevels } from '../src/morphometry';

const READINGS = 50;
const LEVELS_PER_READING = LEVELS.filter((l) => compareLevels(l, 'C5') >= 0 && compareLevels(l, 'L5') <= 0 && l !== 'T13');
const RUNS = 5;
const BIN = fileURLToPath(new URL('../bin/kypho.js', import.meta.url));

/** A deterministic generator, so that every run of the benchmark measures the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function reading(rand: () => number) {
  const tilt = (rand() - 0.5) * 0.6;
  const [cos, sin] = [Math.cos(tilt), Math.sin(tilt)];
  const vertebrae = LEVELS_PER_READING.map((level, i) => {
    const height = 40 + 20 * (i / LEVELS_PER_READING.length) + rand() * 4;
    // About one vertebra in ten is fractured, anteriorly, in the middle or all over.
    const fracture = rand() < 0.1 ? 0.5 + rand() * 0.35 : 1;
    const kind = rand();
    const ha = height * (kind < 0.6 ? fracture : 1);
    const hm = height * (kind >= 0.6 && kind < 0.85 ? fracture : 1) * (0.95 + rand() * 0.04);
    const hp = height * (kind >= 0.85 ? fracture : 1);
    const [x0, y0, depth] = [400, 100 + i * 70, 55 + rand() * 10];
    const local: Record<string, [number, number]> = {
      as: [0, 0], ms: [depth / 2, 1], ps: [depth, 0], ai: [0, ha], mi: [depth / 2, hm], pi: [depth, hp],
    };
    const points = Object.fromEntries(
      Object.entries(local).map(([key, [x, y]]) => [key, [x0 + x * cos - y * sin, y0 + x * sin + y * cos]]),
    );
    return { level, points };
  });
  return { pixelSpacing: [0.15, 0.15], vertebrae };
}

function runOnce(file: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [BIN, 'measure', file, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`kypho exited ${run.status}: ${run.stderr}`);
  const measured = (JSON.parse(run.stdout) as { vertebrae: unknown[] }[]).reduce((n, r) => n + r.vertebrae.length, 0);
  if (measured !== READINGS * LEVELS_PER_READING.length) throw new Error(`measured ${measured} vertebrae`);
  return elapsed;
}

const dir = mkdtempSync(join(tmpdir(), 'kypho-bench-'));
try {
  const rand = random(4);
  const file = join(dir, 'batch.json');
  writeFileSync(file, JSON.stringify(Array.from({ length: READINGS }, () => reading(rand))));
  const vertebrae = READINGS * LEVELS_PER_READING.length;
  const warmUp = runOnce(file);
  const times = Array.from({ length: RUNS }, () => runOnce(file)).sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] as number;
  console.log(`kypho measure --json, ${vertebrae} vertebrae (${READINGS} readings x ${LEVELS_PER_READING.length} levels)`);
  console.log(`warm-up ${warmUp.toFixed(0)} ms; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`median of ${RUNS}: ${median.toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
