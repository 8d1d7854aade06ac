/**
 * "Forget readings on this computer" (issue 16): the readings autosaved in IndexedDB are deleted after a
 * question naming how many; Cancel keeps them; afterwards nothing is restored and the reading on screen says
 * it is stored nowhere. The teaching readings kept in localStorage (the teacher's pack draft, a trainee's
 * submitted cases) are named and deleted with them; the reader's name stays.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';
import { place, saveAsReference, submit, truthOf } from './teachingSteps';

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

  it("names and deletes the teacher's pack draft and a trainee's submitted case too, and keeps the reader's name", async () => {
    const { page } = session;
    page.removeAllListeners('dialog'); // an unload prompt the test before expected and did not get
    await page.goto(appUrl());
    await clearSavedReadings(page);
    const reader = JSON.stringify({ name: 'READER^ANNA' }); // as useReader stores the name typed under Reader
    await page.evaluate((value) => {
      localStorage.clear();
      localStorage.setItem('kypho.reader', value);
    }, reader);
    const teachingKeys = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('kypho.teaching')).sort());

    // The teacher saves two studies as the references of a pack draft.
    await openWithReference(page, 'lateral-baseline');
    await saveAsReference(page, { question: 'Grade T4 to L4.', teachingPoints: [] }, 1);
    await openWithReference(page, 'lateral-followup');
    await saveAsReference(page, { question: 'What changed since the baseline?', teachingPoints: [] }, 2);

    // A trainee measures T4 of the phantom pack's first case and submits it: a third reading, and a submitted case.
    await page.goto(appUrl());
    await page.getByLabel('Your name').fill('Dr Test, Trainee');
    await page.getByRole('button', { name: 'Start the phantom cases' }).click();
    await waitForImage(page);
    await page.keyboard.press('v');
    await place(page, 'T4', truthOf('lateral-baseline').vertebrae.find((v) => v.level === 'T4')!.points);
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    await submit(page, 1);
    expect(await storedReadings(page)).toBe(3);
    expect(await teachingKeys()).toEqual(['kypho.teaching-draft', 'kypho.teaching/Vertebral fractures: phantom cases/Dr Test, Trainee']);

    // The teacher's study again, with the draft's two cases beside it.
    await page.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(page);
    const pack = page.locator('details.teacher-pack summary');
    await expect.poll(() => pack.innerText()).toBe('Teaching pack (2 cases)');

    await page.getByRole('button', { name: 'Forget readings on this computer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forget readings on this computer' });
    await dialog.waitFor();
    const question = await dialog.innerText();
    expect(question).toContain('Delete the 3 readings, the teaching pack draft (2 cases) and the 1 submitted teaching case stored in this browser on this computer?');
    expect(question).toContain('Readings you exported (JSON, SR) or stored to a PACS are not affected');
    expect(question).toContain('The Teaching pack empties too');
    await dialog.getByRole('button', { name: 'Forget all of these' }).click();
    await expect
      .poll(() => page.locator('.reading-bar .persistence-message p').innerText())
      .toBe(
        '3 readings, the teaching pack draft (2 cases) and 1 submitted teaching case forgotten on this computer. The Teaching pack is empty now. Readings you exported (JSON, SR) or stored to a PACS are not affected.',
      );

    expect(await storedReadings(page)).toBe(0);
    expect(await teachingKeys()).toEqual([]);
    expect(await page.evaluate(() => [localStorage.getItem('kypho.reader'), localStorage.getItem('kypho.trainee')])).toEqual([reader, 'Dr Test, Trainee']);
    // The draft on screen is emptied, not written back: after a reload it is still gone.
    expect(await pack.innerText()).toBe('Teaching pack');
    page.once('dialog', (d) => void d.accept()); // the unload prompt for the reading only on screen
    await page.reload();
    await waitForImage(page);
    expect(await pack.innerText()).toBe('Teaching pack');
    expect(await teachingKeys()).toEqual([]);
  }, 180_000);
});
