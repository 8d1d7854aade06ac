/**
 * `npx tsx src/phantom/cli.ts [--out sample-data] [--only ID] [--force] [--seed N] [--preview DIR]`
 *
 * Writes the sample studies, their truth.json files and catalog.json, and the teaching pack over them:
 * pack.json and each study's reference.json (its truth as a reading). A study already on disk from the
 * same generator version and seed is skipped, so "generate when missing" costs almost nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import dcmjs from 'dcmjs';
import { buildPack, referenceReading } from './pack';
import { windowedPng, windowedPreviewPng } from './preview';
import { buildCatalog, DEFAULT_SEED, GENERATOR_VERSION, previewPath, STUDIES, type CatalogEntry, type GeneratedStudy } from './studies';
import type { StudyTruth } from './truth';

const STAMP = '.generated.json';

interface Stamp {
  generatorVersion: number;
  seed: number;
  files: number;
}

function isCurrent(out: string, id: string, seed: number, files: readonly string[]): boolean {
  const stampPath = join(out, id, STAMP);
  if (!existsSync(stampPath)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp;
    return stamp.generatorVersion === GENERATOR_VERSION && stamp.seed === seed && files.every((f) => existsSync(join(out, f)));
  } catch {
    return false;
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The displayed grey values of a generated (uncompressed, 16-bit) DICOM file, under its first window. */
function readImage(bytes: Uint8Array) {
  const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  const first = (v: unknown): number => Number(Array.isArray(v) ? v[0] : v);
  return {
    pixels: new Uint16Array((ds['PixelData'] as ArrayBuffer[])[0] as ArrayBuffer),
    width: Number(ds['Columns']),
    height: Number(ds['Rows']),
    window: {
      center: first(ds['WindowCenter']),
      width: first(ds['WindowWidth']),
      slope: ds['RescaleSlope'] === undefined ? 1 : first(ds['RescaleSlope']),
      intercept: ds['RescaleIntercept'] === undefined ? 0 : first(ds['RescaleIntercept']),
    },
  };
}

/** A PNG of the middle image of each series, under its own window, for looking at what was drawn. */
function writePreviews(dir: string, study: GeneratedStudy): void {
  mkdirSync(dir, { recursive: true });
  for (const series of study.truth.series) {
    const path = series.files[Math.floor((series.files.length - 1) / 2)] as string;
    const file = study.files.find((f) => f.path === path);
    if (!file) continue;
    const { pixels, width, height, window } = readImage(file.bytes);
    writeFileSync(join(dir, `${study.entry.id}-${series.seriesDescription.replace(/[^A-Za-z0-9]+/g, '_')}.png`), windowedPng(pixels, width, height, window));
  }
}

/** Longer side of the start screen's previews, in pixels: its cards show them at 160 CSS pixels. */
const CARD_PREVIEW_SIZE = 160;

/**
 * The start screen's preview of a study (committed, a few kB): the middle image of its first series, read
 * from the file on disk. Written when the study was generated now or the preview is missing.
 */
function writeCardPreview(out: string, entry: CatalogEntry, truth: StudyTruth, generated: boolean): void {
  const target = join(out, previewPath(entry));
  if (!generated && existsSync(target)) return;
  const files = truth.series[0]!.files;
  const { pixels, width, height, window } = readImage(readFileSync(join(out, files[Math.floor((files.length - 1) / 2)]!)));
  writeFileSync(target, windowedPreviewPng(pixels, width, height, window, CARD_PREVIEW_SIZE));
}

export function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string', default: 'sample-data' },
      only: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      preview: { type: 'string' },
    },
  });
  const out = values.out as string;
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed must be an integer, got ${values.seed}\n`);
    return 2;
  }
  const only = values.only as string[] | undefined;
  const unknown = (only ?? []).filter((id) => !STUDIES.some((s) => s.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`unknown study ${unknown.join(', ')}; known: ${STUDIES.map((s) => s.id).join(', ')}\n`);
    return 2;
  }
  writeJson(join(out, 'catalog.json'), buildCatalog(seed));
  writeJson(join(out, 'pack.json'), buildPack(seed));
  for (const definition of STUDIES) {
    if (only && !only.includes(definition.id)) continue;
    const { entry, truth } = definition.describe(seed);
    writeJson(join(out, definition.id, 'truth.json'), truth);
    writeJson(join(out, definition.id, 'reference.json'), referenceReading(truth));
    if (!values.force && !values.preview && isCurrent(out, definition.id, seed, entry.files)) {
      writeCardPreview(out, entry, truth, false);
      process.stdout.write(`${definition.id}: up to date\n`);
      continue;
    }
    const started = performance.now();
    const study = definition.generate(seed);
    let bytes = 0;
    for (const file of study.files) {
      const path = join(out, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
      bytes += file.bytes.byteLength;
    }
    writeJson(join(out, definition.id, STAMP), { generatorVersion: GENERATOR_VERSION, seed, files: study.files.length } satisfies Stamp);
    writeCardPreview(out, entry, truth, true);
    if (values.preview) writePreviews(values.preview, study);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${definition.id}: ${study.files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${seconds} s\n`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = main(process.argv.slice(2));
}
