/**
 * Compare with prior against a real Orthanc: the phantom follow-up is opened from the PACS; its prior, the baseline,
 * is not open, so it is found by QIDO on the Patient ID, opened from the PACS, and its reading is taken from the
 * Kypho SR stored with it. T11 is then the new, incident fracture the truth files give.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, sampleFiles, startTestPacs, USER, type TestPacs } from '../pacs/fixtures';
import { openBrowser, previewWithDicomWeb, repoRoot, waitForImage } from './browser';

const SAMPLES = path.join(repoRoot, 'sample-data');
const FOLLOWUP_READING = path.join(SAMPLES, 'lateral-followup/reference.json');
const truth = (id: string) =>
  JSON.parse(readFileSync(path.join(SAMPLES, id, 'truth.json'), 'utf8')) as { vertebrae: { level: string; ha: number }[] };
const before = truth('lateral-baseline').vertebrae.find((v) => v.level === 'T11')!;
const after = truth('lateral-followup').vertebrae.find((v) => v.level === 'T11')!;

let pacs: TestPacs;
let app: PreviewServer;
let session: Awaited<ReturnType<typeof openBrowser>>;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-follow-up-pacs-'));
  const sr = path.join(dir, 'baseline-sr.dcm');
  const made = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/kypho.js'), 'sr', 'export', path.join(SAMPLES, 'lateral-baseline/reference.json'), '--images', path.join(SAMPLES, 'lateral-baseline'), '-o', sr],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`kypho sr export failed: ${made.stderr}`);
  pacs = await startTestPacs([...sampleFiles('lateral-baseline/DX'), ...sampleFiles('lateral-followup/DX'), sr]);
  app = await previewWithDicomWeb(pacs.orthanc.url);
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await app?.close();
  await pacs?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openFollowUpFromPacs(page: Page): Promise<void> {
  const base = app.resolvedUrls!.local[0]!;
  await page.goto(base);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(base);
  page.on('request', (r) => requests.push(decodeURIComponent(r.url())));
  await page.getByRole('button', { name: 'Open from PACS…' }).click();
  await page.getByRole('region', { name: 'PACS' }).waitFor();
  await page.getByRole('button', { name: 'Servers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'DICOMweb servers' });
  await dialog.getByLabel('DICOMweb root URL').fill('/dicom-web');
  await dialog.getByLabel('User name and password (Basic)').check();
  await dialog.getByLabel('User name', { exact: true }).fill(USER);
  await dialog.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText('Saved.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  const form = page.getByRole('search', { name: 'Study search' });
  await form.getByLabel('Patient ID', { exact: true }).fill('KYPHO-PHANTOM-01');
  await form.getByRole('button', { name: 'Search' }).click();
  await page.locator('.study-table tbody tr', { hasText: 'PH26030901' }).click();
  await page.locator('.series-card', { hasText: 'LAT T-L SPINE' }).click();
  await waitForImage(page, 'viewport-1', 120_000);
}

describe('Compare with prior (PACS)', () => {
  it('finds the prior by QIDO on the Patient ID, opens it from the PACS and takes its reading from its SR', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 2000, height: 1200 });
    await openFollowUpFromPacs(page);
    // Only the follow-up is open: the baseline is on the server alone.
    expect(await page.locator('.study-browser').innerText()).not.toContain('2025-03-10');
    await page.getByTestId('import-input').setInputFiles(FOLLOWUP_READING);
    await expect.poll(() => page.locator('.persistence-message').first().innerText()).toContain('Imported 13 vertebrae');

    requests.length = 0;
    await page.getByRole('button', { name: 'Compare with prior…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Compare with prior' });
    const prior = chooser.getByRole('button', { name: /^2025-03-10 .* on the PACS$/ });
    await prior.waitFor({ timeout: 30_000 });
    expect(requests.some((url) => /\/dicom-web\/studies\?.*PatientID=KYPHO-PHANTOM-01/.test(url))).toBe(true);
    await prior.click();

    await waitForImage(page, 'viewport-1', 120_000);
    await waitForImage(page, 'viewport-2', 120_000);
    expect(await page.locator('[data-field="follow-up-label"]').allInnerTexts()).toEqual(['Prior · 2025-03-10', 'Current · 2026-03-09']);
    await expect
      .poll(() => page.getByLabel('Follow-up').locator('.persistence-message').innerText(), { timeout: 60_000 })
      .toMatch(/^Prior reading imported from its Kypho SR/);

    const t11 = page.locator('.follow-up-table tbody tr[data-level="T11"]');
    await expect.poll(() => t11.getAttribute('data-status')).toBe('new');
    expect(await t11.getAttribute('data-incident')).toBe('true');
    const dHa = after.ha - before.ha;
    expect(await t11.locator('[data-field="dHa"]').innerText()).toBe(`−${Math.abs(dHa).toFixed(1)} (−${((-dHa / before.ha) * 100).toFixed(1)}%)`);
    expect(await page.getByLabel('Follow-up report sentences').innerText()).toContain(
      'T11: new fracture (Genant 0 -> 2 wedge), Ha -5.0 mm (-25.0%) since 2025-03-10: incident (>= 20% and >= 4 mm)',
    );
  });
});
