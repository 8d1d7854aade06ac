// Kypho against a real Orthanc behind a proxy that misbehaves (test/pacs/faultProxy.ts), reached through the
// preview server's /dicom-web proxy: stalls after the headers and connections cut mid-body must neither
// freeze a series nor fail it silently, and a server that stops answering is one problem with a Retry.
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../pacs/faultProxy';
import { sampleFiles, startTestPacs, type TestPacs } from '../pacs/fixtures';
import { openBrowser, overlayText, previewWithDicomWeb, viewportPixels } from './browser';
import { configureServer, openPacs, rows, search } from './pacsSteps';

const CT = sampleFiles('ct-thoracolumbar/AXIAL');
/** A WADO-RS series retrieve: the whole series in one answer, which Kypho asks for when a long series is opened. */
const SERIES_ANSWER = /\/series\/[^/]+$/;
const T1 = sampleFiles('mri-fracture-age/SAG_T1');

let pacs: TestPacs;
let faults: FaultProxy;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  pacs = await startTestPacs([...CT, ...T1]);
  faults = await startFaultProxy(pacs.orthanc.url, /\/frames\//, 16);
  app = await previewWithDicomWeb(faults.url);
  session = await openBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await app?.close();
  await faults?.close();
  await pacs?.stop();
});

const progressOf = async (bar: ReturnType<typeof seriesBar>) => ({
  loaded: Number(await bar.getAttribute('aria-valuenow')),
  total: Number(await bar.getAttribute('aria-valuemax')),
  text: (await bar.getAttribute('aria-valuetext')) ?? '',
});
const seriesBar = (page: Session['page'], description: string) => page.locator('.study-browser .series', { hasText: description }).getByRole('progressbar');
type Session = Awaited<ReturnType<typeof openBrowser>>;

async function openStudySeries(page: Session['page'], modality: string, series: string): Promise<void> {
  await openPacs(page, app.resolvedUrls!.local[0]);
  await configureServer(page);
  await search(page, { Modality: modality });
  await rows(page).first().click();
  await page.locator('.series-card', { hasText: series }).click();
}

describe('frames through a proxy that stalls and cuts connections', () => {
  it('with 5% stalls and 5% cuts, the 211-slice CT completes (or names every failed image) in a bounded time', async () => {
    const { page } = session;
    // The series in one answer refused: every frame comes on its own, through the faults.
    faults.setFaults({ stall: 0.05, cut: 0.05, always: [{ path: SERIES_ANSWER, fault: '503' }] });
    const started = Date.now();
    await openStudySeries(page, 'CT', 'AXIAL');
    const bar = seriesBar(page, 'AXIAL');
    // Bounded: every image settles, loaded or failed, within two minutes, on a loaded 2-core machine (about 40 s on a quiet one).
    await expect
      .poll(async () => {
        const { text } = await progressOf(bar);
        const match = /^(\d+) of (\d+) images loaded(?:, (\d+) failed)?$/.exec(text);
        return match ? Number(match[1]) + Number(match[3] ?? 0) === Number(match[2]) : false;
      }, { timeout: 120_000, interval: 500 })
      .toBe(true);
    const seconds = (Date.now() - started) / 1000;
    const stalls = faults.injected.filter((f) => f.fault === 'stall').length;
    const cuts = faults.injected.filter((f) => f.fault === 'cut').length;
    console.log(`211 CT images through 5% stalls and 5% cuts: settled in ${seconds.toFixed(1)} s (${stalls} stalls, ${cuts} cuts injected)`);
    expect(stalls).toBeGreaterThan(3);
    expect(cuts).toBeGreaterThan(3);
    const { loaded, total, text } = await progressOf(bar);
    expect(total).toBe(211);
    const failed = total - loaded;
    if (failed > 0) {
      // Every failed image is named, under one line per reason.
      const problems = page.getByRole('region', { name: 'Problems' });
      expect(await problems.innerText()).toMatch(/could not be retrieved from "Local Orthanc"/);
      expect(await problems.locator('.failure-groups details li').count()).toBe(failed);
    } else expect(text).toBe('211 of 211 images loaded');
    // The image on screen is an image, not a black viewport.
    expect((await viewportPixels(page)).nonBlack).toBeGreaterThan(0.1);
  }, 180_000);
});

describe('the series in one answer, when it fails', () => {
  const requests: string[] = [];
  const onRequest = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
  beforeAll(() => session.context.on('request', onRequest));
  afterAll(() => session.context.off('request', onRequest));
  const settled = async (bar: ReturnType<typeof seriesBar>, timeout: number) =>
    expect.poll(async () => (await progressOf(bar)).text, { timeout, interval: 250 }).toBe('211 of 211 images loaded');

  it('cut in the middle: the images it brought are kept, the others come one by one, and all 211 load', async () => {
    const { page } = session;
    faults.setFaults({ always: [{ path: SERIES_ANSWER, fault: 'cut' }] });
    requests.length = 0;
    await openStudySeries(page, 'CT', 'AXIAL');
    await settled(seriesBar(page, 'AXIAL'), 90_000);
    expect(requests.filter((p) => SERIES_ANSWER.test(p))).toHaveLength(1);
    // The proxy cut the answer after half its bytes: about half the slices came in it and were not asked for again.
    const frames = requests.filter((p) => p.includes('/frames/')).length;
    expect(frames).toBeGreaterThan(60);
    expect(frames).toBeLessThan(160);
    expect(await page.getByRole('region', { name: 'Problems' }).locator('.failure-groups > li').count()).toBe(0);
    expect((await viewportPixels(page)).nonBlack).toBeGreaterThan(0.1);
  }, 120_000);

  it('stalled after its headers: after the stall time the images come one by one, and all 211 load', async () => {
    const { page } = session;
    faults.setFaults({ always: [{ path: SERIES_ANSWER, fault: 'stall' }] });
    requests.length = 0;
    await openStudySeries(page, 'CT', 'AXIAL');
    const bar = seriesBar(page, 'AXIAL');
    // Nothing comes for the stall time (10 s): the series does not freeze.
    await settled(bar, 90_000);
    expect(requests.filter((p) => SERIES_ANSWER.test(p))).toHaveLength(1);
    expect(requests.filter((p) => p.includes('/frames/')).length).toBeGreaterThanOrEqual(210);
    expect(await page.getByRole('region', { name: 'Problems' }).locator('.failure-groups > li').count()).toBe(0);
  }, 120_000);
});

describe('a server that stops answering', () => {
  it('is one problem for the series with a Retry, failed images are placeholders, and Retry fetches them once it answers again', async () => {
    const { page } = session;
    faults.setFaults({ error503: 1 });
    await openStudySeries(page, 'MR', 'SAG T1');
    const bar = seriesBar(page, 'SAG T1');
    await expect.poll(async () => (await progressOf(bar)).text, { timeout: 60_000 }).toBe('0 of 11 images loaded, 11 failed');
    const problems = page.getByRole('region', { name: 'Problems' });
    const groups = problems.locator('.failure-groups > li');
    await expect.poll(() => groups.count()).toBe(1);
    expect(await groups.first().locator('strong').first().innerText()).toBe('11 images of MR 2 (SAG T1) could not be retrieved from "Local Orthanc": server not answering');
    expect(await problems.locator('.failure-groups details li').count()).toBe(11);
    // The image asked for is drawn as a placeholder saying why, not as a black or stale viewport.
    const placeholder = page.locator('[data-viewport-id="viewport-1"] .failed-image');
    await placeholder.waitFor();
    expect(await placeholder.innerText()).toMatch(/This image could not be shown[\s\S]*Local Orthanc: series 2 SAG T1, object 6[\s\S]*not reachable \(HTTP 503/);

    faults.setFaults({});
    await groups.first().getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => (await progressOf(bar)).text, { timeout: 60_000 }).toBe('11 of 11 images loaded');
    await expect.poll(() => groups.count()).toBe(0);
    await placeholder.waitFor({ state: 'detached' });
    await expect.poll(async () => (await viewportPixels(page)).nonBlack, { timeout: 20_000 }).toBeGreaterThan(0.1);
    expect(await overlayText(page, 'image')).toBe('Image 6/11');
  }, 120_000);
});
