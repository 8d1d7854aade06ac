/**
 * "Forget readings on this computer" (issue 16): the readings autosaved in IndexedDB are deleted after a
 * question naming how many; Cancel keeps them; afterwards nothing is restored and the reading on screen says
 * it is stored nowhere.
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

/** The records in Kypho's IndexedDB store, counted by the browser itself. */
const storedReadings = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kypho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('readings')) return resolve(0);
          const count = db.transaction('readings').objectStore('readings').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
  );

const rowsShown = (page: Page) => page.locator('.results-table tbody tr').count();

async function openWithReference(page: Page, sample: string): Promise<void> {
  await page.goto(appUrl(`?sample=${sample}`));
  await waitForImage(page);
  await page.getByTestId('import-input').setInputFiles(path.join(repoRoot, `sample-data/${sample}/reference.json`));
  await expect.poll(() => rowsShown(page)).toBeGreaterThan(0);
  await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
}

describe('Forget readings on this computer', () => {
  it('names how many readings it deletes, keeps them on Cancel, and deletes them on confirmation', async () => {
    const { page } = session;
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await openWithReference(page, 'lateral-baseline');
    await openWithReference(page, 'lateral-followup');
    expect(await storedReadings(page)).toBe(2);

    const forget = page.getByRole('button', { name: 'Forget readings on this computer…' });
    await forget.click();
    const dialog = page.getByRole('dialog', { name: 'Forget readings on this computer' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Delete the 2 readings stored in this browser on this computer?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await storedReadings(page)).toBe(2);

    await forget.click();
    await dialog.getByRole('button', { name: 'Forget 2 readings' }).click();
    await expect.poll(() => page.locator('.persistence-message p').innerText()).toContain('2 readings forgotten on this computer.');
    expect(await storedReadings(page)).toBe(0);
    // The reading on screen stays, and says it is stored nowhere now (so closing the page asks first).
    expect(await rowsShown(page)).toBeGreaterThan(0);
    expect(await page.locator('.save-state').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('.save-state').innerText()).toContain('forgotten on this computer');

    // Opened again, neither study restores a reading.
    for (const sample of ['lateral-followup', 'lateral-baseline']) {
      page.once('dialog', (d) => void d.accept()); // the unload prompt for the reading only on screen
      await page.goto(appUrl(`?sample=${sample}`));
      await waitForImage(page);
      await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('empty');
      expect(await rowsShown(page)).toBe(0);
    }

    await forget.click();
    await expect.poll(() => page.locator('.persistence-message p').innerText()).toBe('No readings are stored on this computer.');
    expect(await page.getByRole('dialog').count()).toBe(0);
  }, 120_000);
});
