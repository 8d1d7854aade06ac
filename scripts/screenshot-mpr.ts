// Screenshot of the phantom CT as reformats, its ten vertebrae measured on the sagittal view from their truth
// points (patient mm) with Snap off (so that the points are the truth, as clicked), for looking at the MPR layout
// and for the docs:
// `npx tsx scripts/screenshot-mpr.ts OUT.png [WIDTHxHEIGHT] [spine|planes] [thin|mip|average]` after
// "npx vite build" and "npm run samples".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, startPreview } from './headless';

const [out, size = '1400x900', preset = 'spine', slab = 'thin'] = process.argv.slice(2);
if (!out) throw new Error('usage: screenshot-mpr.ts OUT.png [WIDTHxHEIGHT] [spine|planes] [thin|mip|average]');
const [width, height] = size.split('x').map(Number) as [number, number];
const root = path.resolve(import.meta.dirname, '..');
const truth = JSON.parse(readFileSync(path.join(root, 'sample-data/ct-thoracolumbar/truth.json'), 'utf8')) as {
  vertebrae: { level: string; points: Record<string, number[]> }[];
};
const server = await startPreview();
const browser = await launchChromium({ width, height });
try {
  const { page } = browser;
  await page.context().addInitScript(() => localStorage.setItem('kypho.snap', 'off'));
  await page.goto(`${server.url}?sample=ct-thoracolumbar`);
  await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'MPR', exact: true }).click();
  await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 180_000 });
  const onScreen = async (point: number[]) => {
    const p = await page.evaluate((pt) => window.kyphoAutomation!.worldToClient('mpr-sagittal', pt), point);
    return [p![0] + 0.5, p![1] + 0.5] as const;
  };
  // Zoom the sagittal view onto the spine (right drag down) so that the six points of a body are well apart.
  const [cx, cy] = await onScreen([0, 9, 26]);
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(cx, cy + Math.round(height / 10), { steps: 4 });
  await page.mouse.up({ button: 'right' });
  await page.keyboard.press('v');
  await page.getByLabel('Level', { exact: true }).selectOption(truth.vertebrae[0]!.level);
  for (const v of truth.vertebrae) {
    for (const key of ['as', 'ms', 'ps', 'ai', 'mi', 'pi']) {
      const [x, y] = await onScreen(v.points[key]!);
      await page.mouse.click(x, y);
    }
    await page.mouse.move(40, 40);
    await page.locator(`.results-table tr[data-level="${v.level}"]`).waitFor();
  }
  await page.keyboard.press('w');
  if (preset === 'planes') await page.getByRole('button', { name: '3 planes' }).click();
  if (slab !== 'thin') {
    await page.getByLabel('Slab mode').selectOption(slab);
    await page.getByLabel('Slab thickness (mm)').fill('15');
  }
  await page.mouse.move(width - 20, height - 20);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
