/**
 * Kypho with the keyboard only, as a reader who cannot use a mouse (or a screen-reader user) works: Tab and
 * Shift+Tab move the focus, hotkeys stay out of text fields, the Export menu follows the WAI-ARIA menu button, and
 * a reading is made and exported. The mouse is used for the six points of the vertebra only, which have no keyboard
 * path yet.
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS } from '../../src/morphometry';
import { parseReadingJson } from '../../src/persistence/validateReading';
import { appUrl, clearSavedReadings, openBrowser, overlayText, repoRoot, waitForImage } from './browser';
import { truthOf, WINDOW } from './teachingSteps';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const L1 = truthOf('lateral-baseline').vertebrae.find((v) => v.level === 'L1')!;
const REFERENCE = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'), 'utf8')) as {
  vertebrae: { level: string; ha: number; hm: number; hp: number }[];
};
const L1_REFERENCE = REFERENCE.vertebrae.find((v) => v.level === 'L1')!;

/** The focused element as a reader would name it: its role-ish tag, its accessible name, and a few markers. */
interface Focused {
  tag: string;
  role: string | null;
  name: string;
  sampleId: string | null;
  viewportId: string | null;
  /** The start of its markup, which tells two unnamed elements apart. */
  html: string;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    const labelled = e && 'labels' in e ? (e as HTMLInputElement).labels?.[0]?.innerText : undefined;
    // Its text as a screen reader reads it: without what is hidden from it (the menu button's arrow).
    const copy = e?.cloneNode(true) as HTMLElement | undefined;
    copy?.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return {
      tag: e?.tagName.toLowerCase() ?? 'none',
      role: e?.getAttribute('role') ?? null,
      name: (e?.getAttribute('aria-label') ?? labelled ?? copy?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      sampleId: e?.getAttribute('data-sample-id') ?? null,
      viewportId: e?.getAttribute('data-viewport-id') ?? null,
      html: e?.outerHTML.slice(0, 120) ?? '',
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on what `wanted` accepts; every press must move the focus to a
 * control of the page (Tab is not taken by a hotkey, and the focus never lands on the page itself).
 */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, { back = false, max = 80 } = {}): Promise<Focused> {
  let before = await focused(page);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    expect(now.tag, `Tab left the focus on ${now.tag}`).not.toBe('body');
    expect(now, `Tab did not move the focus from ${before.html}`).not.toEqual(before);
    if (wanted(now)) return now;
    before = now;
  }
  throw new Error(`no control found with ${max} presses of Tab`);
}

describe('keyboard only', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await page.setViewportSize(WINDOW);
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  });
  afterAll(() => session.close());

  it('types into a text field without setting off a hotkey, then opens a sample with Tab and Enter', async () => {
    let fileChooser = false;
    page.on('filechooser', () => (fileChooser = true));
    await page.locator('[data-sample-id="lateral-baseline"]').waitFor();
    await tabTo(page, (f) => f.name === 'Your name');
    // "o" opens files, "?" the help: here they are just letters of a name.
    await page.keyboard.type('Dr Otto?');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Dr Otto?');
    expect(fileChooser).toBe(false);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    // Back to the catalog: Shift+Tab moves the focus backwards just as well.
    await tabTo(page, (f) => f.sampleId === 'lateral-baseline', { back: true });
    await page.keyboard.press('Enter');
    await waitForImage(page);
  });

  it('offers only what applies to a radiograph: no hint to flag edema on a STIR', async () => {
    const panel = page.getByRole('region', { name: 'Fracture age' });
    expect(await panel.innerText()).toContain('Every measured vertebra gets a row here');
    expect(await panel.innerText()).not.toContain('STIR');
  });

  it('names the viewport and reads the image out when it changes', async () => {
    const pane = await tabTo(page, (f) => f.viewportId === 'viewport-1');
    expect(pane.role).toBe('img');
    // As the overlay shows them: the patient, the series (modality and description), the image.
    const said = `${await overlayText(page, 'patient')}, ${await overlayText(page, 'series')}, image 1 of 1`;
    expect(said).toBe('PHANTOM, KYPHO SPINE, DX LAT T-L SPINE, image 1 of 1');
    expect(pane.name).toBe(`Viewport 1: ${said}`);
    expect(await page.getByTestId('viewport-announcement').innerText()).toBe(said);
  });

  it('shows every hotkey in the help, opened with ? and closed with Escape, the focus back where it was', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect((await focused(page)).name).toBe('Close');
    expect(await help.getByRole('row', { name: 'N Next viewport' }).count()).toBe(1);
    expect(await help.innerText()).not.toContain('Tab');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    expect((await focused(page)).viewportId).toBe('viewport-1');
  });

  it('moves to the next viewport with N', async () => {
    // From the viewport (the keys are ignored where a field, select or dialog keeps the focus).
    await page.locator('.viewport-pane[data-viewport-id="viewport-1"]').focus();
    await page.keyboard.press('2');
    await page.locator('[data-viewport-id="viewport-2"]').waitFor();
    expect(await page.locator('.viewport-pane.active').getAttribute('data-viewport-id')).toBe('viewport-1');
    await page.keyboard.press('n');
    expect(await page.locator('.viewport-pane.active').getAttribute('data-viewport-id')).toBe('viewport-2');
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('[data-viewport-id="viewport-2"]').count()).toBe(0);
  });

  it('shows the window preset in use in the Window select: B for CT bone, A back to the image window', async () => {
    const preset = page.getByLabel('Window preset');
    expect(await preset.inputValue()).toBe('auto');
    await page.keyboard.press('b');
    await expect.poll(() => overlayText(page, 'window')).toBe('W 2000 L 500');
    expect(await preset.inputValue()).toBe('ct-bone');
    await page.keyboard.press('a');
    await expect.poll(() => preset.inputValue()).toBe('auto');
    expect(await overlayText(page, 'window')).not.toBe('W 2000 L 500');
  });

  it('measures L1: V, the level typed into the Level select, then the six points', async () => {
    await page.keyboard.press('v');
    expect(await page.getByRole('button', { name: 'Vertebra' }).getAttribute('aria-pressed')).toBe('true');
    await tabTo(page, (f) => f.tag === 'select' && f.name.startsWith('Level'), { back: true });
    await page.keyboard.type('L1');
    expect(await page.getByLabel('Level', { exact: true }).inputValue()).toBe('L1');
    for (const key of POINT_KEYS) {
      const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...L1.points[key]]);
      await page.mouse.click(client![0] + 0.5, client![1] + 0.5);
    }
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(1);
  });

  it('works the Export menu with the arrows, Home, End, Escape and Tab, and exports the reading JSON', async () => {
    const button = await tabTo(page, (f) => f.name === 'Export');
    expect(button.tag).toBe('button');
    const exportButton = page.getByRole('button', { name: 'Export', exact: true });
    expect(await exportButton.getAttribute('aria-haspopup')).toBe('menu');
    expect(await exportButton.getAttribute('aria-expanded')).toBe('false');

    /** The focused menu item's label (its text begins with it, the hint follows). */
    const item = async () => {
      const f = await focused(page);
      return f.role === 'menuitem' ? ['Reading JSON', 'DICOM SR', 'CSV', 'Report'].find((label) => f.name.startsWith(label)) : `${f.tag} ${f.name}`;
    };
    await page.keyboard.press('Enter');
    expect(await exportButton.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(item).toBe('Reading JSON');
    await page.keyboard.press('End');
    await expect.poll(item).toBe('Report');
    await page.keyboard.press('ArrowDown');
    await expect.poll(item).toBe('Reading JSON');
    await page.keyboard.press('ArrowUp');
    await expect.poll(item).toBe('Report');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect.poll(item).toBe('DICOM SR');
    // Escape closes the menu and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect((await focused(page)).name).toBe('Export');
    // The up arrow opens it on its last item; Tab closes it and moves on.
    await page.keyboard.press('ArrowUp');
    await expect.poll(item).toBe('Report');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect((await focused(page)).name).not.toBe('Export');
    await tabTo(page, (f) => f.name === 'Export', { back: true });

    await page.keyboard.press('ArrowDown');
    await expect.poll(item).toBe('Reading JSON');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await expect.poll(async () => (await focused(page)).name).toBe('Export');
    const file = path.join(os.tmpdir(), `kypho-keyboard-${process.pid}.json`);
    await download.saveAs(file);
    const parsed = parseReadingJson(readFileSync(file, 'utf8'));
    rmSync(file);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [l1] = parsed.document.vertebrae;
    expect(parsed.document.vertebrae.map((v) => v.level)).toEqual(['L1']);
    // Clicked on the phantom's corners at about 0.2 mm per screen pixel: within 0.3 mm of the drawn heights.
    for (const h of ['ha', 'hm', 'hp'] as const) expect(Math.abs(l1![h]! - L1_REFERENCE[h]), h).toBeLessThanOrEqual(0.3);
    expect(l1!.grade).toBe(L1.expected.grade);
  });

  it('opens the report from the menu as a modal: Tab stays inside it, Escape closes it and the focus goes back', async () => {
    // The up arrow opens the menu on its last item, Report.
    await page.keyboard.press('ArrowUp');
    await page.getByRole('menuitem', { name: /^Report/ }).waitFor();
    await page.keyboard.press('Enter');
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.waitFor();
    expect(await report.getAttribute('aria-modal')).toBe('true');
    await expect.poll(async () => (await focused(page)).name).toBe('Print / save as PDF');
    const inside = () => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      expect(await inside()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => report.count()).toBe(0);
    expect((await focused(page)).name).toBe('Export');
  });

  it('closes the menu on a click elsewhere', async () => {
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor({ timeout: 5000 });
    await page.locator('.results-column h2').first().click();
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export', exact: true }).getAttribute('aria-expanded')).toBe('false');
  });
});
