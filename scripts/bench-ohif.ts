// Kypho and OHIF side by side, opening a study by deep link (how a worklist launches a viewer) from one Orthanc:
// Kypho's production build behind `vite preview`'s /dicom-web proxy, OHIF (@ohif/app, fetched into a cache folder
// by scripts/ohif.ts, never a dependency) behind its own, both to the same Orthanc. The two viewers alternate, each
// run in a fresh browser profile (empty cache). The clock starts at navigation and stops for the first image when a
// viewport's pixels show it (scripts/pixelClock.ts), and for all frames when the last frame of the study has arrived
// (OHIF, from the page's Resource Timing) or, for Kypho, when every image is decoded and ready (its progress bars: a long
// series comes in one answer read by a worker, which the page's Resource Timing does not see).
// Then Node fetches the same frames through the same proxy with the same concurrency: the raw transfer time. Kypho's
// frames are compared with it twice: all frames from navigation (which includes starting the page and the viewer),
// and Kypho's frame span, from its first frame request to its last image ready; then what follows the first image,
// from the series answer's request (a User Timing mark of the app's) to the last image ready. Node's time for each whole
// series in one answer is printed too. A
// viewer must ask for the series metadata before any frame: the raw transfer with that request first is printed too.
// Run "npm run bench:ohif" (it builds first); BENCH_RUNS=N changes the 5 runs per viewer and study; KYPHO_PORTS=n puts
// Orthanc on port n, Kypho on n+1 and OHIF on n+2 (default: free ports).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readInstance } from '../src/dicom';
import { launchChromium, startPreview } from './headless';
import { startOhif } from './ohif';
import { startOrthanc } from './orthanc';
import { SERIES_REQUEST_MARK } from '../src/viewer/seriesStream';
import { allFrames, allImagesReady, firstPixels, frameRequestStarts, installPixelClock } from './pixelClock';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PORTS = Number(process.env.KYPHO_PORTS ?? 0);
const root = path.resolve(import.meta.dirname, '..');
const sharedDicom = process.env.KYPHO_SHARED_DICOM ?? path.resolve(root, '../shared/dicom');

const dcmFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => path.join(dir, f));

/** The phantom CT (211 axial slices) and a real CT study (TCIA, its axial, coronal and sagittal images). */
const studies = [
  { name: 'phantom CT (211 axial slices)', files: dcmFiles(path.join(root, 'sample-data/ct-thoracolumbar/AXIAL')) },
  {
    name: 'TCIA CT A002304 (3 images)',
    files: ['axial', 'coronal', 'sagittal'].flatMap((plane) => dcmFiles(path.join(sharedDicom, 'tcia-sagittal-ct/A002304', plane)).filter((f) => path.basename(f).startsWith('19001231'))),
  },
];
if (studies[0].files.length === 0) throw new Error('No phantom CT in sample-data/: run "npm run samples" first.');

async function studyUid(files: readonly string[]): Promise<string> {
  const uids = new Set<string>();
  for (const file of files) {
    const parsed = await readInstance(file, readFileSync(file), file);
    if (parsed.kind !== 'image') throw new Error(`${file} is not an image`);
    uids.add(parsed.instance.studyInstanceUid);
  }
  if (uids.size !== 1) throw new Error(`${files.length} files of ${uids.size} studies, expected one`);
  return [...uids][0]!;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The WADO-RS frame URLs of every image of a study, through a viewer's proxy, and the metadata URL of each series. */
async function frameUrls(proxyRoot: string, uid: string): Promise<{ frames: string[]; metadata: string[]; series: string[] }> {
  const response = await fetch(`${proxyRoot}/studies/${uid}/instances`, { headers: { Accept: 'application/dicom+json' } });
  const instances = (await response.json()) as Record<string, { Value?: string[] }>[];
  const series = (i: Record<string, { Value?: string[] }>) => `${proxyRoot}/studies/${uid}/series/${i['0020000E']!.Value![0]}`;
  return {
    frames: instances.map((i) => `${series(i)}/instances/${i['00080018']!.Value![0]}/frames/1`),
    metadata: [...new Set(instances.map((i) => `${series(i)}/metadata`))],
    series: [...new Set(instances.map(series))],
  };
}

/** Node fetching each URL in turn, its whole answer read by `read`; the time for all of them. */
async function rawInTurn(urls: readonly string[], accept: string, read: (response: Response) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (const url of urls) {
    const response = await fetch(url, { headers: { Accept: accept } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    await read(response);
  }
  return performance.now() - start;
}

/** Node fetching the series metadata (as JSON, parsed), one series at a time, as a viewer must before any frame. */
const rawMetadata = (urls: readonly string[]) => rawInTurn(urls, 'application/dicom+json', (r) => r.json());

/** Node fetching each whole series in one answer (WADO-RS series retrieve, as stored), one after the other. */
const rawSeries = (urls: readonly string[]) => rawInTurn(urls, 'multipart/related; type="application/dicom"; transfer-syntax=*', (r) => r.arrayBuffer());

/** Node fetching the frames, `concurrency` at a time, whole bodies read: the transfer alone, no decoding or drawing. */
async function rawTransfer(urls: readonly string[], concurrency: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const response = await fetch(url, { headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  return performance.now() - start;
}

interface Run {
  first: number;
  all: number | null;
  /** First frame request to last frame received, when all were received. */
  span: number | null;
  /**
   * The same from the second frame request: the frames after the one shown first (Kypho asks for that one early); for
   * Kypho from its request of the series in one answer, when it makes one.
   */
  rest: number | null;
  frames: number;
  concurrency: number;
}

async function openByLink(url: string, frames: number, kypho: boolean): Promise<Run> {
  const browser = await launchChromium({ width: 1400, height: 900 });
  try {
    const { page } = browser;
    await installPixelClock(page);
    await page.goto(url, { waitUntil: 'commit' });
    const first = await firstPixels(page);
    if (kypho) {
      // Kypho reads a long series in one answer in a worker, out of the page's Resource Timing: its clock stops when
      // every image is decoded and ready (later than the last byte).
      const ready = await allImagesReady(page);
      const { firstStart, secondStart } = await frameRequestStarts(page);
      const requests = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/frames/')).length);
      // After the first image, the series answer's request (a mark the app sets), else the second frame request.
      const seriesStart = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? 0, SERIES_REQUEST_MARK);
      const restStart = seriesStart || secondStart;
      return { first, all: ready, span: ready - firstStart, rest: restStart ? ready - restStart : null, frames: requests, concurrency: 0 };
    }
    const received = await allFrames(page, frames);
    const complete = received.frames >= frames;
    return {
      first,
      all: complete ? received.lastEnd : null,
      span: complete ? received.lastEnd - received.firstStart : null,
      rest: complete ? received.lastEnd - received.secondStart : null,
      frames: received.frames,
      concurrency: received.concurrency,
    };
  } finally {
    await browser.close();
  }
}

const storage = mkdtempSync(path.join(os.tmpdir(), 'kypho-bench-orthanc-'));
const orthanc = await startOrthanc({ storageDir: storage, port: PORTS || 0 });
const viewers: { name: string; url: string; close(): Promise<void> }[] = [];
try {
  for (const study of studies) {
    const taken = await orthanc.upload(study.files);
    if (taken !== study.files.length) throw new Error(`Orthanc took ${taken} of ${study.files.length} files of ${study.name}`);
  }
  process.env.KYPHO_DICOMWEB_TARGET = orthanc.url;
  const kypho = await startPreview(PORTS ? PORTS + 1 : 0);
  viewers.push({ name: 'Kypho', url: kypho.url.replace(/\/$/, ''), close: kypho.close });
  const ohif = await startOhif({ dicomWebRoot: orthanc.dicomWebRoot, ...(PORTS ? { port: PORTS + 2 } : {}) });
  viewers.push({ name: 'OHIF', ...ohif });
  console.log(`Orthanc ${orthanc.url}, Kypho ${viewers[0]!.url}, OHIF ${ohif.url}; ${RUNS} runs per viewer and study, alternating\n`);

  const summary: string[] = [];
  for (const study of studies) {
    const uid = await studyUid(study.files);
    const count = study.files.length;
    const runs = new Map<string, Run[]>(viewers.map((v) => [v.name, []]));
    for (let run = 1; run <= RUNS; run++) {
      // Alternate which viewer goes first, so neither always finds Orthanc's caches warm.
      const order = run % 2 ? viewers : [...viewers].reverse();
      for (const viewer of order) {
        const result = await openByLink(`${viewer.url}/viewer?StudyInstanceUIDs=${uid}`, count, viewer.name === 'Kypho');
        runs.get(viewer.name)!.push(result);
        const all = result.all === null ? `only ${result.frames} of ${count} frames fetched` : `all ${count} frames ${ms(result.all)} (frame span ${ms(result.span!)}${result.rest === null ? '' : `, from the second request ${ms(result.rest)}`})`;
        console.log(`${study.name}, run ${run}, ${viewer.name}: first image ${ms(result.first)}, ${all} (up to ${result.concurrency} frame requests at once)`);
      }
    }
    const kyphoRuns = runs.get('Kypho')!;
    const ohifRuns = runs.get('OHIF')!;
    const firstK = median(kyphoRuns.map((r) => r.first));
    const firstO = median(ohifRuns.map((r) => r.first));
    const complete = (list: Run[]) => list.filter((r) => r.all !== null).map((r) => r.all!);
    const allK = complete(kyphoRuns);
    const allO = complete(ohifRuns);
    // Kypho's frame-by-frame concurrency (CONCURRENT_IMAGES in src/viewer/seriesRetrieval.ts).
    const concurrency = 5;
    const urls = await frameUrls(`${viewers[0]!.url}/dicom-web`, uid);
    const raw: number[] = [];
    const rawWithMetadata: number[] = [];
    const rawWhole: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawTransfer(urls.frames, concurrency));
      rawWhole.push(await rawSeries(urls.series));
      rawWithMetadata.push((await rawMetadata(urls.metadata)) + (await rawTransfer(urls.frames, concurrency)));
    }
    const rawMedian = median(raw);
    const spanK = kyphoRuns.filter((r) => r.span !== null).map((r) => r.span!);
    const spanO = ohifRuns.filter((r) => r.span !== null).map((r) => r.span!);
    const restK = kyphoRuns.filter((r) => r.rest !== null).map((r) => r.rest!);
    const restO = ohifRuns.filter((r) => r.rest !== null).map((r) => r.rest!);
    const allLine =
      allK.length && allO.length
        ? `all frames Kypho ${ms(median(allK))}, OHIF ${ms(median(allO))}, Kypho/OHIF ${(median(allK) / median(allO)).toFixed(2)}x`
        : `all frames Kypho ${allK.length ? ms(median(allK)) : 'incomplete'}, OHIF ${allO.length ? ms(median(allO)) : `incomplete (fetched ${median(ohifRuns.map((r) => r.frames))} of ${count})`}`;
    summary.push(
      `${study.name}, medians of ${RUNS}, from navigation by deep link:\n` +
        `  first image Kypho ${ms(firstK)}, OHIF ${ms(firstO)}, Kypho/OHIF ${(firstK / firstO).toFixed(2)}x\n` +
        `  ${allLine}\n` +
        `  raw transfer of the ${count} frames by Node through the same proxy, ${concurrency} at a time: ${ms(rawMedian)}` +
        (allK.length ? `; Kypho's all frames from navigation ${(median(allK) / rawMedian).toFixed(2)}x of it` : '') +
        '\n' +
        (spanK.length
          ? `  frame span (first frame request to last frame received; Kypho: to all images ready) Kypho ${ms(median(spanK))}, ${(median(spanK) / rawMedian).toFixed(2)}x the raw transfer` +
            (spanO.length ? `; OHIF ${ms(median(spanO))}` : '') +
            `\n  after the first image: from the second frame request to the last frame received (Kypho: from its request of the series in one answer to all images ready) Kypho ` +
            (restK.length ? `${ms(median(restK))}, ${(median(restK) / rawMedian).toFixed(2)}x the raw transfer` : 'n/a') +
            (restO.length ? `; OHIF ${ms(median(restO))}` : '')
          : '  frame span: Kypho did not receive every frame') +
        `\n  raw transfer with the series metadata asked for first (${urls.metadata.length} series): ${ms(median(rawWithMetadata))}` +
        `\n  raw transfer of the ${urls.series.length} whole series in one answer each by Node: ${ms(median(rawWhole))}`,
    );
  }
  console.log(`\n${summary.join('\n')}`);
} finally {
  for (const viewer of viewers) await viewer.close();
  await orthanc.stop();
  rmSync(storage, { recursive: true, force: true });
}
