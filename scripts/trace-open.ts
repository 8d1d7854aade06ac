// Where the time of one open goes: opens the phantom CT (or KYPHO_TRACE_FILES' folder) by deep link from a real
// Orthanc in Kypho's build and prints every request the page made, in order, with when it started and ended (ms from
// navigation), and when the first image's pixels showed (scripts/pixelClock.ts). For looking, not for figures:
// `npm run trace:open` (it builds first; KYPHO_TRACE_FILES=<folder of .dcm> opens another series). It shows what `npm run bench:ohif` only sums up: which requests wait
// for which, how often a decoder is fetched, when the first frame is asked for and when the prefetch starts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInstance } from '../src/dicom';
import { launchChromium, startPreview } from './headless';
import { startOrthanc } from './orthanc';
import { firstPixels, installPixelClock } from './pixelClock';

const root = path.resolve(import.meta.dirname, '..');
const folder = process.env.KYPHO_TRACE_FILES ?? path.join(root, 'sample-data/ct-thoracolumbar/AXIAL');
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.dcm'))
  .sort()
  .map((f) => path.join(folder, f));
if (files.length === 0) throw new Error(`No .dcm files in ${folder} (run "npm run samples" for the phantom CT).`);
const first = await readInstance(files[0]!, readFileSync(files[0]!), files[0]!);
if (first.kind !== 'image') throw new Error(`${files[0]} is not an image`);

const storage = mkdtempSync(path.join(os.tmpdir(), 'kypho-trace-orthanc-'));
const orthanc = await startOrthanc({ storageDir: storage });
try {
  await orthanc.upload(files);
  process.env.KYPHO_DICOMWEB_TARGET = orthanc.url;
  const kypho = await startPreview();
  const browser = await launchChromium({ width: 1400, height: 900 });
  try {
    const { page } = browser;
    await installPixelClock(page);
    // Decoders are fetched by the decode workers, whose requests are not in the page's Resource Timing.
    const wasmRequests: string[] = [];
    browser.context.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmRequests.push(path.basename(new URL(request.url()).pathname));
    });
    await page.goto(`${kypho.url}viewer?StudyInstanceUIDs=${first.instance.studyInstanceUid}`, { waitUntil: 'commit' });
    const pixels = await firstPixels(page);
    await page.waitForTimeout(Number(process.env.KYPHO_TRACE_WAIT_MS ?? 4000));
    const entries = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        name: e.name,
        start: e.startTime,
        end: e.responseEnd,
        bytes: e.encodedBodySize,
      })),
    );
    const short = (url: string) => url.replace(kypho.url, '/').replace(/\/studies\/[0-9.]+\/series\/[0-9.]+\/instances\/([0-9.]+)\/frames\/1/, '/…/$1/frames/1');
    let frames = 0;
    for (const e of entries.sort((a, b) => a.start - b.start)) {
      const isFrame = e.name.includes('/frames/');
      if (isFrame && ++frames > 12) continue;
      console.log(`${e.start.toFixed(0).padStart(6)} → ${e.end.toFixed(0).padStart(6)} ms  ${(e.bytes / 1024).toFixed(0).padStart(6)} kB  ${short(e.name)}`);
    }
    const frameEntries = entries.filter((e) => e.name.includes('/frames/'));
    console.log(`\nfirst image's pixels at ${pixels.toFixed(0)} ms; ${frameEntries.length} frame requests, ${frameEntries.filter((e) => e.end > 0 && e.end <= pixels).length} of them received before the first pixels`);
    console.log(`decoder wasm requests: ${wasmRequests.length} (${[...new Set(wasmRequests)].join(', ') || 'none'})`);
  } finally {
    await browser.close();
    await kypho.close();
  }
} finally {
  await orthanc.stop();
  rmSync(storage, { recursive: true, force: true });
}
