/**
 * Nothing lost on closing: the sixth click commits the vertebra at once (the stored reading has it when the
 * click returns), closing while a save is in flight or has failed asks first, and autosave recovers when the
 * browser closes its database under the app (site data cleared while the tab is open).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

const truth = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as { vertebrae: { level: string; points: SixPoints }[] };
const points = (level: string) => truth.vertebrae.find((v) => v.level === level)!.points;

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});
afterAll(async () => {
  await session?.close();
});

async function onScreen(page: Page, point: readonly number[]): Promise<[number, number]> {
  const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...point]);
  if (!client) throw new Error('the viewport shows no image');
  return [client[0] + 0.5, client[1] + 0.5];
}

/** Clicks the first five points of a level, each on its spot (no mouse move after the last). */
async function fivePoints(page: Page, level: string): Promise<void> {
  await page.getByLabel('Level', { exact: true }).selectOption(level);
  for (const key of POINT_KEYS.slice(0, 5)) {
    const [x, y] = await onScreen(page, points(level)[key]);
    await page.mouse.click(x, y);
  }
}

async function sixthPoint(page: Page, level: string): Promise<void> {
  const [x, y] = await onScreen(page, points(level)[POINT_KEYS[5]]);
  await page.mouse.click(x, y);
}

/** The levels of the study's reading as stored in IndexedDB, read by the page in a connection of its own. */
const storedLevels = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('kypho');
        // No database: nothing stored (and none is created by looking).
        open.onupgradeneeded = () => open.transaction!.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('readings')) return resolve([]);
          const all = db.transaction('readings').objectStore('readings').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { document: { vertebrae: { level: string }[] } }[]).flatMap((r) => r.document.vertebrae.map((v) => v.level)));
          };
        };
      }),
  );

async function freshPage(): Promise<Page> {
  const page = await session.context.newPage();
  await clearSavedReadings(page);
  await page.goto(appUrl('?sample=lateral-baseline'));
  await waitForImage(page);
  await page.keyboard.press('v');
  return page;
}

/** Closing asks first (the beforeunload prompt), and the reader stays: the page is still open. */
async function closingAsks(page: Page): Promise<void> {
  const asked = page.waitForEvent('dialog', { timeout: 5000 });
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);
}

describe('closing the tab', () => {
  it('the sixth click commits the vertebra at once: it is stored when the click returns, without waiting for a double click', async () => {
    const page = await freshPage();
    await fivePoints(page, 'T12');
    await sixthPoint(page, 'T12');
    // Read at once: the stored reading's own transaction was queued by the click itself.
    expect(await storedLevels(page)).toEqual(['T12']);
    await page.close();
  });

  it('asks before closing while a vertebra is half placed, and not once it is cancelled', async () => {
    const page = await freshPage();
    await fivePoints(page, 'T12');
    await closingAsks(page);
    // Esc drops the half-placed vertebra (as the reader chose): nothing is left to lose.
    await page.keyboard.press('Escape');
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
  });

  it('asks before closing while a save is in flight, and not once it is saved', async () => {
    const page = await freshPage();
    // Holds the readings store with a transaction of the page's own, as a slow disk would: the app's save waits.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('kypho');
          open.onsuccess = () => {
            const tx = open.result.transaction('readings', 'readwrite');
            const store = tx.objectStore('readings');
            const w = window as unknown as { releaseStore?: boolean };
            const spin = () => {
              if (!w.releaseStore) store.get('nothing').onsuccess = spin;
            };
            spin();
            resolve();
          };
        }),
    );
    await fivePoints(page, 'L1');
    await sixthPoint(page, 'L1');
    expect(await page.locator('.save-state').getAttribute('data-state')).toBe('saving');
    await closingAsks(page);
    await page.evaluate(() => ((window as unknown as { releaseStore?: boolean }).releaseStore = true));
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    // Saved: closing asks nothing.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
  });

  it('autosave reopens its database after the site data is cleared under it, at the next edit', async () => {
    const page = await freshPage();
    await fivePoints(page, 'T11');
    await sixthPoint(page, 'T11');
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    // The browser closes the app's connection and deletes the database (Storage.clearDataForOrigin).
    await clearSavedReadings(page);
    expect(await storedLevels(page)).toEqual([]);
    await fivePoints(page, 'T12');
    await sixthPoint(page, 'T12');
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    expect(new Set(await storedLevels(page))).toEqual(new Set(['T11', 'T12']));
    await page.close();
  });
});
