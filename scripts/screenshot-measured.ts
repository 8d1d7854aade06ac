// Screenshot of the phantom radiograph measured at T4..L4 from its truth points, for looking at the tool and
// for the docs: `npx tsx scripts/screenshot-measured.ts OUT.png [WIDTHxHEIGHT]` after "npx vite build" and
// "npm run samples".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, startPreview } from './headless';

const [out, size = '1400x900'] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot-measured.ts OUT.png [WIDTHxHEIGHT]');
const [width, height] = size.split('x').map(Number) as [number, number];
const root = path.resolve(import.meta.dirname, '..');
const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: Record<string, number[]> }[];
};
const server = await startPreview();
const browser = await launchChromium({ width, height });
try {
  const { page } = browser;
  await page.goto(`${server.url}?sample=lateral-baseline`);
  await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor({ timeout: 120_000 });
  await page.keyboard.press('v');
  await page.getByLabel('Level', { exact: true }).selectOption(truth.vertebrae[0]!.level);
  for (const v of truth.vertebrae) {
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi']) {
      const p = await page.evaluate((pt) => window.kyphoAutomation!.imageToClient('viewport-1', pt), v.points[key]!);
      await page.mouse.click(p![0] + 0.5, p![1] + 0.5);
    }
    await page.mouse.move(40, 40);
    await page.locator(`.results-table tr[data-level="${v.level}"]`).waitFor();
  }
  // Select the grade 2 vertebra, as a reader reviewing it would, and leave the cursor off the image.
  await page.locator('.results-table tr[data-level="L1"]').click({ position: { x: 200, y: 8 } });
  await page.mouse.move(width - 20, height - 20);
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
