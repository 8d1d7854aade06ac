/**
 * Compare with prior, in a real browser: the phantom baseline and follow-up radiographs opened together with the
 * baseline's Kypho SR; the follow-up's reading imported. Compare with prior finds the baseline (same Patient ID),
 * hangs it left of the follow-up, takes its reading from its SR, and shows T11 as a new, incident fracture with the
 * change the truth files give (Ha 20.0 -> 15.0 mm, -25%, Genant 0 -> 2 wedge); the report has the paragraph.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSr } from '../../src/persistence/sr/srRead';
import { dciodvfyErrors, toolOutput } from '../unit/persistence/dicomTools';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

const SAMPLES = path.join(repoRoot, 'sample-data');
const BASELINE_DX = path.join(SAMPLES, 'lateral-baseline/DX/IM0001.dcm');
const FOLLOWUP_DX = path.join(SAMPLES, 'lateral-followup/DX/IM0001.dcm');
const FOLLOWUP_READING = path.join(SAMPLES, 'lateral-followup/reference.json');
const ARTIFACTS = path.join(repoRoot, 'test-results/follow-up');

interface Truth {
  study: { studyDate: string };
  vertebrae: { level: string; ha: number; expected: { grade: number; type: string | null } }[];
}
const truth = (id: string): Truth => JSON.parse(readFileSync(path.join(SAMPLES, id, 'truth.json'), 'utf8'));
const before = truth('lateral-baseline').vertebrae.find((v) => v.level === 'T11')!;
const after = truth('lateral-followup').vertebrae.find((v) => v.level === 'T11')!;
const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
const PRIOR_DATE = iso(truth('lateral-baseline').study.studyDate);
const CURRENT_DATE = iso(truth('lateral-followup').study.studyDate);

let session: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let dir: string;
let baselineSr: string;

const row = (level: string) => page.locator(`.follow-up-table tbody tr[data-level="${level}"]`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-follow-up-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  // The prior's reading as a PACS or a colleague would hand it over: a Kypho SR beside its images.
  baselineSr = path.join(dir, 'baseline-sr.dcm');
  const made = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/kypho.js'), 'sr', 'export', path.join(SAMPLES, 'lateral-baseline/reference.json'), '--images', path.join(SAMPLES, 'lateral-baseline'), '-o', baselineSr],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`kypho sr export failed: ${made.stderr}`);
  session = await openBrowser();
  page = session.page;
  await page.setViewportSize({ width: 2000, height: 1200 });
  await page.goto(appUrl());
  await clearSavedReadings(page);
  await page.goto(appUrl());
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Compare with prior (files)', () => {
  it('finds the baseline, hangs it left with its date, and reads its reading from its SR', async () => {
    await page.getByTestId('file-input').setInputFiles([BASELINE_DX, FOLLOWUP_DX, baselineSr]);
    await waitForImage(page);
    await page.getByTestId('import-input').setInputFiles(FOLLOWUP_READING);
    await expect.poll(() => page.locator('.persistence-message').innerText()).toContain('Imported 13 vertebrae');

    await page.getByRole('button', { name: 'Compare with prior…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Compare with prior' });
    const prior = chooser.getByRole('button', { name: new RegExp(`^${PRIOR_DATE} .* open here`) });
    await prior.click();

    await waitForImage(page, 'viewport-1');
    await waitForImage(page, 'viewport-2');
    const labels = await page.locator('[data-field="follow-up-label"]').allInnerTexts();
    expect(labels).toEqual([`Prior · ${PRIOR_DATE}`, `Current · ${CURRENT_DATE}`]);
    await expect.poll(() => page.getByLabel('Follow-up').locator('.persistence-message').innerText()).toMatch(/^Prior reading imported from its Kypho SR \(/);
    expect(await page.locator('[data-field="follow-up-pair"]').innerText()).toBe(`Prior ${PRIOR_DATE} → current ${CURRENT_DATE} (364 days)`);
  });

  it('shows T11 as a new, incident fracture with the change the truth files give; the others stable', async () => {
    await expect.poll(() => row('T11').getAttribute('data-status')).toBe('new');
    // The answer first: a narrow column scrolls the numbers behind it sideways, not the grades and the status.
    expect((await page.locator('.follow-up-table thead th').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))).toEqual([
      'Level', 'Grade', 'Status', 'ΔHa mm (%)', 'ΔHm mm (%)', 'ΔHp mm (%)', 'Prior Ha/Hm/Hp', 'Current Ha/Hm/Hp', 'Incident',
    ]);
    expect(await row('T11').getAttribute('data-incident')).toBe('true');
    expect(await row('T11').getAttribute('class')).toContain('highlight');
    const dHa = after.ha - before.ha;
    const change = await row('T11').locator('[data-field="dHa"]').innerText();
    expect(change).toBe(`−${Math.abs(dHa).toFixed(1)} (−${((Math.abs(dHa) / before.ha) * 100).toFixed(1)}%)`); // −5.0 (−25.0%)
    expect(await row('T11').locator('[data-field="grades"]').innerText()).toBe(`G${before.expected.grade} → G${after.expected.grade} ${after.expected.type}`);
    expect(await row('T11').locator('[data-field="status"]').innerText()).toBe('new fracture');
    expect(await row('T11').locator('[data-field="incident"]').innerText()).toBe('incident');
    for (const level of ['T6', 'T8', 'L1', 'T12']) {
      expect(await row(level).getAttribute('data-status'), level).toBe('stable');
      expect(await row(level).getAttribute('data-incident'), level).toBe('false');
    }
    const sentences = await page.getByLabel('Follow-up report sentences').innerText();
    expect(sentences).toContain(`T11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since ${PRIOR_DATE}: incident (>= 20% and >= 4 mm)`);
    expect(sentences).toContain('SDI 6 -> 8');
    const chart = page.locator('.follow-up-chart g[data-level="T11"]');
    expect(await chart.getAttribute('class')).toContain('flagged');
    expect(await chart.locator('.chart-grade').textContent()).toBe('G0 → G2 wedge incident');
    await page.screenshot({ path: path.join(ARTIFACTS, 'follow-up.png') });
  });

  it('selecting a level selects it in both studies', async () => {
    await row('T11').click();
    expect(await row('T11').getAttribute('aria-selected')).toBe('true');
    // The current study's results panel has T11 selected ...
    expect(await page.locator('.results-table:not(.follow-up-table) tbody tr[aria-selected="true"]').getAttribute('data-level')).toBe('T11');
    // ... and so has the prior's, shown when its viewport is made the active one.
    await page.locator('[data-viewport-id="viewport-1"]').click({ position: { x: 20, y: 20 } });
    await expect.poll(() => page.locator('.results-table:not(.follow-up-table) tbody tr[aria-selected="true"]').getAttribute('data-level')).toBe('T11');
    expect(await page.locator('[data-field="summary"]').innerText()).toMatch(/^SDI 6 /);
    await page.locator('[data-viewport-id="viewport-2"]').click({ position: { x: 20, y: 20 } });
    await expect.poll(() => page.locator('[data-field="summary"]').innerText()).toMatch(/^SDI 8 /);
  });

  it('the report has the comparison paragraph: prior date, interval, T11, SDI', async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.waitFor();
    const paragraph = report.getByRole('region', { name: 'Comparison with prior' });
    expect(await paragraph.locator('[data-field="report-follow-up-intro"]').innerText()).toBe(
      `Compared with the prior study of ${PRIOR_DATE} (364 days earlier).`,
    );
    expect(await paragraph.locator('li').allInnerTexts()).toEqual([
      'T6: stable (Genant 1 wedge)',
      'T8: stable (Genant 3 crush)',
      `T11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since ${PRIOR_DATE}: incident (>= 20% and >= 4 mm)`,
      'L1: stable (Genant 2 biconcave)',
      'SDI 6 -> 8',
    ]);
    await report.screenshot({ path: path.join(ARTIFACTS, 'report.png') });
    await report.getByRole('button', { name: 'Close' }).click();
  });

  it('the CSV export carries the change columns', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^CSV/ }).click();
      })(),
    ]);
    const file = path.join(dir, 'reading.csv');
    await download.saveAs(file);
    const [header, ...rows] = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((r) => r.split(','));
    const t11 = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[2] === 'T11')![i]]));
    expect(t11).toMatchObject({ priorStudyDate: '20250310', intervalDays: '364', followUpStatus: 'new', incident: 'true', gradeChange: '2' });
    expect(Number(t11.dHa)).toBeCloseTo(after.ha - before.ha, 4);
  });

  it('the SR export references the prior study and carries T11 as new and incident, and stays valid', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByRole('menuitem', { name: /^DICOM SR/ }).click();
      })(),
    ]);
    const file = path.join(dir, 'follow-up-sr.dcm');
    await download.saveAs(file);
    expect(await dciodvfyErrors(file)).toEqual([]);
    const dump = await toolOutput('dsrdump', ['+Pl', file]);
    const baselineUid = JSON.parse(readFileSync(path.join(SAMPLES, 'lateral-baseline/reference.json'), 'utf8')).study.studyInstanceUid;
    expect(dump).toContain(`<contains UIDREF:(,,"Prior study compared with")="${baselineUid}">`);
    const t11 = dump.slice(dump.lastIndexOf('"T11 vertebra"'));
    expect(t11).toContain('<contains CODE:(,,"Follow-up status")=(NEWFRACTURE,99KYPHO,"New fracture")>');
    expect(t11).toContain('<contains CODE:(,,"Incident fracture (>= 20% and >= 4 mm height loss)")=(373066001,SCT,"Yes")>');
    const evidence = (await toolOutput('dcmdump', ['+P', '0040,a385', '+P', '0020,000d', file])).split('\n').filter((l) => l.includes('StudyInstanceUID'));
    expect(evidence.some((l) => l.includes(baselineUid))).toBe(true);
    const back = readSr(readFileSync(file));
    expect(back.ok && back.document.vertebrae.length).toBe(13);
  });
});
