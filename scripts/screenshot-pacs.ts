// Screenshots of the PACS screens against a fresh Orthanc holding the samples: `npx tsx scripts/screenshot-pacs.ts OUT_DIR`.
// Writes pacs-search.png (the study list with a study selected), pacs-settings.png (a wrong password tested) and
// pacs-opened.png (a study opened from the server, one frame made to fail). Needs the production build (npm run build).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInstance } from '../src/dicom';
import { startOrthanc } from './orthanc';
import { launchChromium, startPreview } from './headless';

const out = process.argv[2];
if (!out) throw new Error('usage: screenshot-pacs.ts OUT_DIR');
mkdirSync(out, { recursive: true });
const root = path.resolve(import.meta.dirname, '..');
const files = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : n.endsWith('.dcm') ? [path.join(dir, n)] : []));
})(path.join(root, 'sample-data'));

// The last image of SAG T1 (instance 11) is made to fail in the opened study.
const broken = await readInstance('IM0011', readFileSync(path.join(root, 'sample-data/mri-fracture-age/SAG_T1/IM0011.dcm')), null);
if (broken.kind !== 'image') throw new Error('the MR sample is not an image');
const brokenSop = broken.instance.sopInstanceUid;
const storage = mkdtempSync(path.join(os.tmpdir(), 'kypho-shot-orthanc-'));
const orthanc = await startOrthanc({ storageDir: storage, users: { reader: 'kypho' } });
await orthanc.upload(files);
process.env.KYPHO_DICOMWEB_TARGET = orthanc.url;
const server = await startPreview();
const browser = await launchChromium({ width: 1400, height: 900 });
try {
  const { page } = browser;
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Open from PACS…' }).click();
  await page.getByRole('button', { name: 'Servers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'DICOMweb servers' });
  await dialog.getByLabel('User name and password (Basic)').check();
  await dialog.getByLabel('User name', { exact: true }).fill('reader');
  await dialog.getByRole('textbox', { name: 'Password' }).fill('wrong');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await dialog.getByRole('alert').waitFor();
  await page.screenshot({ path: path.join(out, 'pacs-settings.png') });
  await dialog.getByRole('textbox', { name: 'Password' }).fill('kypho');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.study-table tbody tr').first().waitFor();
  await page.locator('.study-table tbody tr', { hasText: 'MR THORACOLUMBAR' }).click();
  await page.locator('.series-card img').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, 'pacs-search.png') });

  // One frame of the series keeps failing: it must be listed, never shown silently wrong.
  await page.route('**/frames/**', (route) => (route.request().url().includes(`/instances/${brokenSop}/frames/`) ? route.fulfill({ status: 500 }) : route.continue()));
  await page.getByRole('button', { name: 'Open study' }).click();
  await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[role=progressbar]')].some((b) => Number(b.getAttribute('aria-valuenow')) + 1 === Number(b.getAttribute('aria-valuemax'))), null, { timeout: 120_000 });
  await page.getByRole('region', { name: 'Problems' }).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(out, 'pacs-opened.png') });
  console.log(`wrote ${out}/pacs-search.png, pacs-settings.png, pacs-opened.png`);
} finally {
  await browser.close();
  await server.close();
  await orthanc.stop();
  rmSync(storage, { recursive: true, force: true });
}
