/**
 * Two tabs in conflict merged level by level (issue 16): what only one tab changed is kept from it (here a
 * deletion in each), and a level both changed is asked about, with each tab's version described.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

let session: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  session = await openBrowser();
});
afterAll(async () => {
  await session?.close();
});

const saveState = (page: Page) => page.locator('.save-state').getAttribute('data-state');
const levels = (page: Page) => page.$$eval('.results-table tbody tr select', (selects) => selects.map((s) => (s as HTMLSelectElement).value));
const edemaOf = (page: Page, level: string) => page.getByRole('group', { name: `Edema of ${level}` }).locator('input:checked').getAttribute('value');
const setEdema = (page: Page, level: string, value: string) => page.getByRole('group', { name: `Edema of ${level}` }).getByText(value, { exact: true }).click();

describe('two tabs on one study, in conflict', () => {
  it('merge per level: each tab keeps its own deletion, and the level both changed is the reader\'s choice', async () => {
    const a = session.page;
    await a.goto(appUrl());
    await clearSavedReadings(a);
    await a.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(a);
    await a.getByTestId('import-input').setInputFiles(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'));
    await expect.poll(() => saveState(a)).toBe('saved');
    const all = await levels(a);
    expect(all).toEqual(['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4']);

    const b = await session.context.newPage();
    await b.setViewportSize({ width: 1400, height: 900 });
    await b.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(b);
    await expect.poll(() => levels(b)).toEqual(all);
    // The other tab deletes T10 and says L1 has edema; this tab hears of it.
    await b.getByLabel('Delete T10').click();
    await setEdema(b, 'L1', 'present');
    await expect.poll(() => saveState(b)).toBe('saved');
    await expect.poll(() => saveState(a)).toBe('conflict');
    // Meanwhile this tab deletes T7 and says L1 has no edema.
    await a.getByLabel('Delete T7').click();
    await setEdema(a, 'L1', 'absent');

    await a.getByRole('button', { name: 'Merge by level' }).click();
    const dialog = a.getByRole('dialog', { name: "Merge the two tabs' readings" });
    await dialog.waitFor();
    const l1 = dialog.getByRole('group', { name: 'L1' });
    expect(await dialog.locator('fieldset legend').allInnerTexts()).toEqual(['L1']);
    expect(await l1.innerText()).toMatch(/This tab's: measured, grade 2 \(Ha [\d.]+, Hm [\d.]+, Hp [\d.]+ mm\), edema absent/);
    expect(await l1.innerText()).toMatch(/The other tab's: measured, grade 2 \(Ha [\d.]+, Hm [\d.]+, Hp [\d.]+ mm\), edema present/);
    const merge = dialog.getByRole('button', { name: 'Merge', exact: true });
    expect(await merge.isDisabled()).toBe(true);
    await l1.getByLabel(/^The other tab's/).check();
    await merge.click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => saveState(a)).toBe('saved');
    const merged = all.filter((l) => l !== 'T7' && l !== 'T10');
    expect(await levels(a)).toEqual(merged);
    expect(await edemaOf(a, 'L1')).toBe('present');
    expect(await a.locator('.persistence-message p').innerText()).toContain("Merged the two tabs' readings");

    // The other tab is now in conflict with the merge; merging there asks nothing (it changed nothing since).
    await expect.poll(() => saveState(b)).toBe('conflict');
    await b.getByRole('button', { name: 'Merge by level' }).click();
    await expect.poll(() => saveState(b)).toBe('saved');
    expect(await b.getByRole('dialog').count()).toBe(0);
    expect(await levels(b)).toEqual(merged);
    expect(await edemaOf(b, 'L1')).toBe('present');
    await b.close();
  }, 120_000);
});
