// The steps of the PACS browser tests: the PACS screen, the server settings, a search, a series.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD, USER } from '../pacs/fixtures';
import { waitForImage } from './browser';

/** Opens the app on a clean slate (no saved servers) and shows the PACS screen. */
export async function openPacs(page: Page, base: string): Promise<void> {
  await page.goto(base);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(base);
  await page.getByRole('button', { name: 'Open from PACS…' }).click();
  await page.getByRole('region', { name: 'PACS' }).waitFor();
}

/** Sets the selected server's URL and credentials through the settings dialog. */
export async function configureServer(page: Page, { url = '/dicom-web', password = PASSWORD }: { url?: string; password?: string | null } = {}): Promise<void> {
  await page.getByRole('button', { name: 'Servers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'DICOMweb servers' });
  await dialog.getByLabel('DICOMweb root URL').fill(url);
  if (password === null) await dialog.getByLabel('None').check();
  else {
    await dialog.getByLabel('User name and password (Basic)').check();
    await dialog.getByLabel('User name', { exact: true }).fill(USER);
    await dialog.getByRole('textbox', { name: 'Password' }).fill(password);
  }
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText('Saved.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

export async function search(page: Page, fields: Partial<Record<'Patient name' | 'Patient ID' | 'Accession' | 'Study date from' | 'to', string>> & { Modality?: string } = {}) {
  const form = page.getByRole('search', { name: 'Study search' });
  await form.getByRole('button', { name: 'Clear' }).click();
  for (const [label, value] of Object.entries(fields)) {
    if (label === 'Modality') await form.getByLabel('Modality').selectOption(value);
    else await form.getByLabel(label, { exact: true }).fill(value);
  }
  await form.getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => page.locator('.pacs-status, .pacs-results > .error').first().innerText(), { timeout: 30_000 }).not.toMatch(/Searching|Search the server/);
}

export const rows = (page: Page) => page.locator('.study-table tbody tr');
export const column = (page: Page, index: number) => rows(page).evaluateAll((trs, i) => trs.map((tr) => (tr as HTMLTableRowElement).cells[i].innerText.trim()), index);

/** Waits until the progress bar of the series in the study browser shows every image loaded. */
export async function waitForAllImages(page: Page, description: string): Promise<{ loaded: number; total: number }> {
  const bar = page.locator('.study-browser .series', { hasText: description }).getByRole('progressbar');
  await expect.poll(async () => (await bar.getAttribute('aria-valuenow')) === (await bar.getAttribute('aria-valuemax')), { timeout: 120_000 }).toBe(true);
  return { loaded: Number(await bar.getAttribute('aria-valuenow')), total: Number(await bar.getAttribute('aria-valuemax')) };
}

/** Opens a study of the list on one of its series (by description). */
export async function openSeries(page: Page, studyText: string, series: string): Promise<void> {
  await rows(page).filter({ hasText: studyText }).click();
  await page.locator('.series-card', { hasText: series }).click();
  await waitForImage(page, 'viewport-1', 120_000);
}

