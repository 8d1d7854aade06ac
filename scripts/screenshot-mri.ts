// Screenshot of the phantom MRI read for fracture age, for looking at the workflow and for the docs:
// `npx tsx scripts/screenshot-mri.ts OUT.png [WIDTHxHEIGHT]` after "npx vite build" and "npm run samples".
// T10..L2 measured on the T1 from the truth points, edema flagged with E over T11 on the STIR, L1 judged free
// of edema, a signal ratio T11/T12 drawn on the STIR, and the mouse on the T1 (its crosshair on the STIR).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startPreview } from './headless';

const [out, size = '1400x900'] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot-mri.ts OUT.png [WIDTHxHEIGHT]');
const [width, height] = size.split('x').map(Number) as [number, number];
const root = path.resolve(import.meta.dirname, '..');
type Points = Record<'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi', [number, number]>;
const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/mri-fracture-age/truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: Points }[];
};
const points = (level: string) => truth.vertebrae.find((v) => v.level === level)!.points;
const along = (p: Points, t: number): [number, number] => [p.ms[0] + t * (p.mi[0] - p.ms[0]), p.ms[1] + t * (p.mi[1] - p.ms[1])];

async function client(page: Page, viewportId: string, point: readonly number[]): Promise<[number, number]> {
  const p = await page.evaluate(([id, pt]) => window.kyphoAutomation!.imageToClient(id as string, pt as number[]), [viewportId, point] as const);
  return [Math.round(p![0]), Math.round(p![1])];
}

async function drag(page: Page, viewportId: string, from: readonly number[], to: readonly number[]): Promise<void> {
  const a = await client(page, viewportId, from);
  const b = await client(page, viewportId, to);
  await page.mouse.move(...a);
  await page.mouse.down();
  await page.mouse.move(...b, { steps: 6 });
  await page.mouse.up();
}

const server = await startPreview();
const browser = await launchChromium({ width, height });
try {
  const { page } = browser;
  await page.goto(`${server.url}?sample=mri-fracture-age`);
  for (const id of ['viewport-1', 'viewport-2']) await page.locator(`[data-viewport-id="${id}"] [data-field="image"]`).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(500);
  // Zoom in on the thoracolumbar junction, both viewports together, as a reader would before clicking points.
  await page.getByLabel('Link zoom/pan').check();
  const [cx, cy] = await client(page, 'viewport-1', along(points('T12'), 0.5));
  await page.getByRole('button', { name: 'Zoom', exact: true }).click();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx, cy + 90, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Pan', exact: true }).click();
  const [px, py] = await client(page, 'viewport-1', along(points('T12'), 0.5));
  const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
  await page.mouse.move(px, py);
  await page.mouse.down();
  // The spine a little right of centre: the labels beside the vertebrae go left, on the anterior side.
  await page.mouse.move(box.x + box.width * 0.62, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.press('v');
  await page.getByLabel('Level', { exact: true }).selectOption('T10');
  for (const level of ['T10', 'T11', 'T12', 'L1', 'L2']) {
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi'] as const) await page.mouse.click(...(await client(page, 'viewport-1', points(level)[key])));
    await page.mouse.move(20, height - 20);
    await page.locator(`.results-table tr[data-level="${level}"]`).waitFor();
  }
  await page.keyboard.press('w');
  await page.mouse.move(...(await client(page, 'viewport-2', along(points('T11'), 0.5))));
  await page.keyboard.press('e');
  await page.locator('[aria-label="Fracture age of T11"] select[aria-label="Edema extent of T11"]').selectOption('25-74%');
  await page.locator('[aria-label="Edema of L1"] label', { hasText: 'absent' }).click();
  await page.keyboard.press('q');
  const t11 = along(points('T11'), 0.25);
  const t12 = along(points('T12'), 0.5);
  await drag(page, 'viewport-2', [t11[0] - 8, t11[1] - 3], [t11[0] + 8, t11[1] + 3]);
  await drag(page, 'viewport-2', [t12[0] - 8, t12[1] - 3], [t12[0] + 8, t12[1] + 3]);
  await page.locator('[data-field="signal-ratio"]').waitFor();
  await page.keyboard.press('w');
  await page.mouse.move(...(await client(page, 'viewport-1', along(points('L1'), 0.5))));
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} catch (error) {
  await browser.page.screenshot({ path: out.replace(/\.png$/, '-failed.png') });
  throw error;
} finally {
  await browser.close();
  await server.close();
}
