/**
 * Two tabs in conflict merged level by level (issue 16): what only one tab changed is kept from it (here a
 * deletion in each), and a level both changed is asked about, with each tab's version described; so is an
 * image both tabs calibrated differently.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, clearSavedReadings, dragLine, openBrowser, repoRoot, resultRow, resultRows, waitForImage } from './browser';

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

const truth = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as {
  calibration: { pixelSpacing: [number, number] };
  vertebrae: { level: string; ha: number }[];
};
const truthOf = (level: string) => truth.vertebrae.find((v) => v.level === level)!;

/**
 * Calibrates the image on a line of 1400 pixel rows in front of the spine (away from the vertebrae's handles),
 * saying it is `factor` times its true length (280 mm at 0.2 mm per pixel): its heights are then `factor` times the truth.
 */
async function calibrate(page: Page, factor: number): Promise<void> {
  const [from, to] = [
    [200, 300],
    [200, 1700],
  ];
  const lengthMm = 1400 * truth.calibration.pixelSpacing[0] * factor;
  const onScreen = async (point: readonly number[]) => {
    const client = (await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]))!;
    return [client[0] + 0.5, client[1] + 0.5] as const;
  };
  await page.getByRole('button', { name: 'Calibrate', exact: true }).click();
  await dragLine(page, await onScreen(from), await onScreen(to));
  const dialog = page.getByRole('dialog', { name: 'Calibrate' });
  await dialog.getByLabel('Length in mm').fill(lengthMm.toFixed(2));
  await dialog.getByRole('button', { name: 'Calibrate' }).click();
  await expect.poll(() => page.locator('.results-notes').innerText()).toContain('Heights in mm (user)');
}

/** The phantom radiograph with nothing stored, its reference reading imported and saved. */
async function openWithReference(page: Page): Promise<Page> {
  await page.goto(appUrl());
  await clearSavedReadings(page);
  await page.goto(appUrl('?sample=lateral-baseline'));
  await waitForImage(page);
  await page.getByTestId('import-input').setInputFiles(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'));
  await expect.poll(() => saveState(page)).toBe('saved');
  return page;
}

describe('two tabs on one study, in conflict', () => {
  it('merge per level: each tab keeps its own deletion, and the level both changed is the reader\'s choice', async () => {
    const a = await openWithReference(session.page);
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

  it("an image both tabs calibrated differently is asked about, and the other tab's calibration chosen gives its heights", async () => {
    const a = await openWithReference(session.page);
    const b = await session.context.newPage();
    await b.setViewportSize({ width: 1400, height: 900 });
    await b.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(b);
    await expect.poll(async () => (await levels(b)).length).toBe(13);
    // The other tab says the image is 25% larger than its DICOM spacing does (0.25 mm per pixel), this tab 0.2.
    await calibrate(b, 1.25);
    await expect.poll(() => saveState(b)).toBe('saved');
    await expect.poll(() => saveState(a)).toBe('conflict');
    await calibrate(a, 1);
    const theirs = await resultRows(b);
    // L1's anterior height is 23.6 mm in the phantom: 29.6 mm under the other tab's calibration, 23.6 under this one's.
    expect(Math.abs(theirs.find((r) => r.level === 'L1')!.ha - truthOf('L1').ha * 1.25)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((await resultRow(a, 'L1')).ha - truthOf('L1').ha)).toBeLessThanOrEqual(0.5);

    await a.getByRole('button', { name: 'Merge by level' }).click();
    const dialog = a.getByRole('dialog', { name: "Merge the two tabs' readings" });
    await dialog.waitFor();
    // One question, the image's calibration: no vertebra was moved, so none is asked about.
    const legends = await dialog.locator('fieldset legend').allInnerTexts();
    expect(legends).toEqual([expect.stringMatching(/^Calibration of .+, image 1$/)]);
    const question = dialog.getByRole('group', { name: legends[0] });
    expect(await question.innerText()).toContain('The heights, and so the grades, of T4, T5, T6, T7, T8, T9, T10, T11, T12, L1, L2, L3, L4 measured on this image follow the calibration kept.');
    expect(await question.innerText()).toMatch(/This tab's: calibrated, 0\.(199|200|201) mm\/px/);
    expect(await question.innerText()).toMatch(/The other tab's: calibrated, 0\.(249|250|251) mm\/px/);
    await question.getByLabel(/^The other tab's/).check();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => saveState(a)).toBe('saved');
    expect(await resultRows(a)).toEqual(theirs);
    expect(await a.locator('.persistence-message p').innerText()).toContain('and 1 of the 1 changed in both');
    await b.close();
  }, 120_000);
});
