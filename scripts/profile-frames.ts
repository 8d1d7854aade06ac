// Where the frame span of one open goes (issue 19): opens the phantom CT by deep link from a real Orthanc in Kypho's
// build, and from the first frame request until every image is ready measures the CPU time of every thread of every
// process involved (Chromium's renderer, GPU and network threads, the decode workers, Orthanc, this Node process with
// the preview proxy), the main thread's JS profile, and for each frame request how long it queued in the browser,
// waited for its first byte and downloaded. For looking, not for figures: `npm run profile:frames` (it builds first).
// KYPHO_PORTS=<n> puts Orthanc on n and the preview on n+1 (default: free ports); KYPHO_PROFILE_JS=0 leaves out the
// JS profiler, which costs the main thread time of its own.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInstance } from '../src/dicom';
import { launchChromium, startPreview } from './headless';
import { startOrthanc } from './orthanc';
import { allFrames, allImagesReady, firstPixels, installPixelClock } from './pixelClock';

const root = path.resolve(import.meta.dirname, '..');
const folder = path.join(root, 'sample-data/ct-thoracolumbar/AXIAL');
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.dcm'))
  .sort()
  .map((f) => path.join(folder, f));
const first = await readInstance(files[0]!, readFileSync(files[0]!), files[0]!);
if (first.kind !== 'image') throw new Error(`${files[0]} is not an image`);
const basePort = Number(process.env.KYPHO_PORTS ?? 0);
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICK = 100;

/** CPU seconds of every thread of the processes whose command line matches, summed by "process type/thread name". */
function threadTimes(match: (cmdline: string) => boolean): Map<string, number> {
  const times = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!match(cmdline)) continue;
    const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? path.basename(cmdline.split(' ')[0]!);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cpu = (Number(fields[11]) + Number(fields[12])) / TICK;
        const key = `${type}/${comm.replace(/\d+$/, '#')}`;
        times.set(key, (times.get(key) ?? 0) + cpu);
      } catch {
        // the thread ended
      }
    }
  }
  return times;
}

const storage = mkdtempSync(path.join(os.tmpdir(), 'kypho-profile-orthanc-'));
const orthanc = await startOrthanc({ storageDir: storage, port: basePort || 0 });
try {
  await orthanc.upload(files);
  process.env.KYPHO_DICOMWEB_TARGET = orthanc.url;
  const kypho = await startPreview(basePort ? basePort + 1 : 0);
  const browser = await launchChromium({ width: 1400, height: 900 });
  const ours = (cmdline: string) => cmdline.includes(browser.profile) || cmdline.includes(storage);
  const node = `/proc/${process.pid}`;
  const snapshot = () => {
    const t = threadTimes(ours);
    for (const tid of readdirSync(`${node}/task`)) {
      const stat = readFileSync(`${node}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = `node (bench + preview proxy)/${comm.replace(/\d+$/, '#')}`;
      t.set(key, (t.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICK);
    }
    return { at: Date.now(), t };
  };
  try {
    const { page, context } = browser;
    await installPixelClock(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    interface Req {
      url: string;
      sent: number;
      accept?: string;
      timing?: { requestTime: number; sendStart: number; receiveHeadersEnd: number };
      finished?: number;
    }
    const requests = new Map<string, Req>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.includes('/frames/') || /\/series\/[^/?]+$/.test(e.request.url)) requests.set(e.requestId, { url: e.request.url, sent: e.timestamp, accept: e.request.headers.Accept ?? e.request.headers.accept });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = requests.get(e.requestId);
      if (r && e.response.timing) r.timing = e.response.timing;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.finished = e.timestamp;
    });
    // The JS profiler costs the main thread time itself: KYPHO_PROFILE_JS=0 leaves it out.
    const profiling = process.env.KYPHO_PROFILE_JS !== '0';
    if (profiling) {
      await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      await cdp.send('Profiler.start');
    }
    await page.goto(`${kypho.url}viewer?StudyInstanceUIDs=${first.instance.studyInstanceUid}`, { waitUntil: 'commit' });
    const pixels = await firstPixels(page);
    // The span starts at the first frame request: snapshot the CPU times as soon as one is sent.
    let before = snapshot();
    let metricsBefore = (await cdp.send('Performance.getMetrics')).metrics;
    while (requests.size === 0) {
      before = snapshot();
      metricsBefore = (await cdp.send('Performance.getMetrics')).metrics;
      await new Promise((r) => setTimeout(r, 5));
    }
    const ready = await allImagesReady(page);
    const received = await allFrames(page, files.length, 0);
    const after = snapshot();
    const metricsAfter = (await cdp.send('Performance.getMetrics')).metrics;
    const { profile } = profiling ? await cdp.send('Profiler.stop') : { profile: { nodes: [], startTime: 0, samples: [], timeDeltas: [] } };
    const coverage = profiling ? (await cdp.send('Profiler.takePreciseCoverage')).result : [];

    const list = [...requests.values()].filter((r) => r.timing && r.finished);
    const t0 = Math.min(...list.map((r) => r.sent));
    // The span ends when every image is ready: the page's clock, put on CDP's by the first frame request. A worker's
    // requests (the series in one answer) are not among the page's network events.
    const t1 = Math.max(...list.map((r) => r.finished!), t0 + (ready - received.firstStart) / 1000);
    const series = list.filter((r) => !r.url.includes('/frames/')).length;
    console.log(`first pixels ${pixels.toFixed(0)} ms from navigation; all images ready ${ready.toFixed(0)} ms; ${received.frames} frame requests and ${series} series answers`);
    console.log(`frame span (CDP): ${((t1 - t0) * 1000).toFixed(0)} ms; Accept: ${list[0]?.accept}`);
    const pct = (values: number[], p: number) => {
      const s = [...values].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
    };
    const queued = list.map((r) => (r.timing!.requestTime - r.sent) * 1000 + r.timing!.sendStart);
    const ttfb = list.map((r) => r.timing!.receiveHeadersEnd - r.timing!.sendStart);
    const body = list.map((r) => (r.finished! - r.timing!.requestTime) * 1000 - r.timing!.receiveHeadersEnd);
    for (const [name, v] of [
      ['queued in the browser (to send)', queued],
      ['send -> first byte', ttfb],
      ['first byte -> last byte', body],
    ] as const)
      console.log(`  ${name}: median ${pct(v, 50).toFixed(1)} ms, p90 ${pct(v, 90).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms, sum ${(v.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s`);
    // Gaps: how long no frame request was in flight inside the span.
    const edges = list.flatMap((r) => [
      { t: r.sent, d: 1 },
      { t: r.finished!, d: -1 },
    ]);
    edges.sort((a, b) => a.t - b.t || b.d - a.d);
    let inFlight = 0;
    let last = t0;
    const byCount = new Map<number, number>();
    for (const e of edges) {
      byCount.set(inFlight, (byCount.get(inFlight) ?? 0) + (e.t - last));
      inFlight += e.d;
      last = e.t;
    }
    console.log(`  time with N frame requests in flight: ${[...byCount].sort((a, b) => a[0] - b[0]).map(([n, s]) => `${n}: ${(s * 1000).toFixed(0)} ms`).join(', ')}`);

    const wall = (after.at - before.at) / 1000;
    console.log(`\nCPU seconds per thread over ${wall.toFixed(2)} s (2 cores = ${(2 * wall).toFixed(2)} CPU s available):`);
    const rows = [...after.t].map(([k, v]) => [k, v - (before.t.get(k) ?? 0)] as const).filter(([, v]) => v > 0.005);
    rows.sort((a, b) => b[1] - a[1]);
    for (const [k, v] of rows) console.log(`  ${v.toFixed(2).padStart(6)}  ${k}`);
    console.log(`  total ${rows.reduce((a, [, v]) => a + v, 0).toFixed(2)}`);
    const m = (list: { name: string; value: number }[], name: string) => list.find((x) => x.name === name)?.value ?? 0;
    console.log(`\nrenderer main thread (Performance.getMetrics, over the span):`);
    for (const name of ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskOtherDuration'])
      console.log(`  ${name}: ${(m(metricsAfter, name) - m(metricsBefore, name)).toFixed(2)} s`);

    // Self time by function of the main thread's JS profile, inside the span only.
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    let t = profile.startTime;
    const spanStart = t0 * 1e6;
    const spanEnd = t1 * 1e6;
    profile.samples!.forEach((id, i) => {
      const dt = profile.timeDeltas![i]!;
      t += dt;
      if (t < spanStart || t > spanEnd) return;
      const n = nodes.get(id)!;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    console.log(`\nmain thread JS profile inside the span: ${(total / 1e6).toFixed(2)} s sampled; top self time:`);
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
    const counted: [string, number][] = [];
    for (const script of coverage)
      for (const fn of script.functions)
        if (fn.functionName && fn.ranges[0]!.count > 0) counted.push([`${fn.functionName} ${path.basename(script.url)}`, fn.ranges[0]!.count]);
    const interesting = /render|copyToOnscreen|createImage|setState|dispatchEvent|extract|^Ot |^Et |^fc |^hc /i;
    console.log(`\ncalls from navigation (named functions matching ${interesting}):`);
    for (const [k, v] of counted.filter(([k]) => interesting.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${String(v).padStart(7)}  ${k}`);
    const timeline = [...list].sort((a, b) => a.sent - b.sent).slice(0, 12);
    console.log('\nfirst frame requests, ms from the first: sent / first byte / done');
    for (const r of timeline)
      console.log(`  ${((r.sent - t0) * 1000).toFixed(0).padStart(6)} ${((r.timing!.requestTime - t0) * 1000 + r.timing!.receiveHeadersEnd).toFixed(0).padStart(6)} ${((r.finished! - t0) * 1000).toFixed(0).padStart(6)}`);
  } finally {
    await browser.close();
    await kypho.close();
  }
} finally {
  await orthanc.stop();
  rmSync(storage, { recursive: true, force: true });
}
