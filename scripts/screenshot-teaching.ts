// Screenshot of a trainee's feedback on the phantom MRI case of the bundled teaching pack, for looking at the
// feedback and for the docs: `npx tsx scripts/screenshot-teaching.ts OUT.png [WIDTHxHEIGHT]` after "npx vite build".
// T10..L2 measured on the T1 from the truth points with T12's anterior-superior corner 8 px low, edema flagged on
// T11 (right) and L1 judged with edema (wrong: it is chronic), then submitted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startPreview } from './headless';

const [out, size = '2000x1400'] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot-teaching.ts OUT.png [WIDTHxHEIGHT]');
const [width, height] = size.split('x').map(Number) as [number, number];
const root = path.resolve(import.meta.dirname, '..');
type Points = Record<'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi', [number, number]>;
const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/mri-fracture-age/truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: Points }[];
};
const points = (level: string) => truth.vertebrae.find((v) => v.level === level)!.points;

async function client(page: Page, point: readonly number[]): Promise<[number, number]> {
  const p = await page.evaluate((pt) => window.kyphoAutomation!.imageToClient('viewport-1', pt), [...point]);
  return [Math.round(p![0]), Math.round(p![1])];
}

const server = await startPreview();
const browser = await launchChromium({ width, height });
try {
  const { page } = browser;
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  await page.getByLabel('Your name').fill('A. Trainee');
  await page.getByRole('button', { name: 'Start the phantom cases' }).click();
  await page.locator('[data-field="image"]').first().waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: '3', exact: true }).click();
  await page.getByText('Case 3 of 4').waitFor();
  for (const id of ['viewport-1', 'viewport-2']) await page.locator(`[data-viewport-id="${id}"] [data-field="image"]`).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('v');
  await page.getByLabel('Level', { exact: true }).selectOption('T10');
  for (const level of ['T10', 'T11', 'T12', 'L1', 'L2']) {
    const p = points(level);
    const placed = level === 'T12' ? { ...p, as: [p.as[0], p.as[1] + 8] } : p;
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi'] as const) await page.mouse.click(...(await client(page, placed[key])));
    await page.mouse.move(20, height - 20);
    await page.locator(`.results-table tr[data-level="${level}"]`).waitFor({ timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: "/tmp/teach-debug.png" });
      throw e;
    });
  }
  await page.locator('[aria-label="Edema of T11"] label', { hasText: 'present' }).click();
  await page.locator('[aria-label="Edema of L1"] label', { hasText: 'present' }).click();
  await page.getByRole('button', { name: 'Submit case 3' }).click();
  await page.getByRole('dialog', { name: 'Submit this case' }).getByRole('button', { name: 'Submit' }).click();
  await page.locator('.feedback-table').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
