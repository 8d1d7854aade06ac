/**
 * The generated sample files for the phantom tests: sample-data/ when it holds the current generator's
 * output, else a fresh generation into a temporary folder (once per test file).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../src/phantom/cli';
import { DEFAULT_SEED, GENERATOR_VERSION, STUDIES } from '../../../src/phantom/studies';

export const REPO_SAMPLES = resolve(import.meta.dirname, '../../../sample-data');

function current(dir: string, ids: readonly string[]): boolean {
  return ids.every((id) => {
    const stamp = join(dir, id, '.generated.json');
    if (!existsSync(stamp)) return false;
    const s = JSON.parse(readFileSync(stamp, 'utf8')) as { generatorVersion: number; seed: number };
    const files = STUDIES.find((x) => x.id === id)?.describe(DEFAULT_SEED).entry.files ?? [];
    return s.generatorVersion === GENERATOR_VERSION && s.seed === DEFAULT_SEED && files.every((f) => existsSync(join(dir, f)));
  });
}

/** A folder holding the given studies as the current generator writes them. */
export function generatedSamples(ids: readonly string[]): string {
  if (current(REPO_SAMPLES, ids)) return REPO_SAMPLES;
  const dir = mkdtempSync(join(tmpdir(), 'kypho-phantom-'));
  const args = ['--out', dir, ...ids.flatMap((id) => ['--only', id])];
  const log = process.stdout.write;
  process.stdout.write = () => true;
  try {
    if (main(args) !== 0) throw new Error(`phantom generation failed for ${ids.join(', ')}`);
  } finally {
    process.stdout.write = log;
  }
  return dir;
}

/** Removes a folder made by generatedSamples (never sample-data/ itself). */
export function removeGenerated(dir: string): void {
  if (dir && dir !== REPO_SAMPLES && dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}
