// Time from the sixth click of a vertebra to the updated results table, in headless Chromium against the
// production build (run "npx vite build" and "npm run samples" first): `npx tsx scripts/bench-measure-ui.ts`.
//
// The phantom radiograph's 13 levels T4..L4 are clicked from their truth points, three rounds each, in two
// ways: the mouse moves on right after the sixth click (as a reader's does), and the mouse stays still. The
// second includes Cornerstone's wait for a possible double click (400 ms), which ends early on any move.
// Each sample runs in the page from the native mouseup of the sixth click to the DOM mutation that adds the
// row (and to the next animation frame, when it can be painted).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startPreview } from './headless';

const root = path.resolve(import.meta.dirname, '..');
const truthFile = path.join(root, 'sample-data/lateral-baseline/truth.json');
if (!existsSync(path.join(root, 'sample-data/lateral-baseline/DX/IM0001.dcm'))) {
  throw new Error('The phantom radiograph is missing: run "npm run samples" first.');
}
const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { vertebrae: { level: string; points: Record<string, number[]> }[] };
const KEYS = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];
const ROUNDS = 3;

interface Sample {
  dom: number;
  frame: number;
}

async function onScreen(page: Page, point: number[]): Promise<[number, number]> {
  const p = await page.evaluate((pt) => window.kyphoAutomation!.imageToClient('viewport-1', pt), point);
  return [p![0] + 0.5, p![1] + 0.5];
}

async function measure(page: Page, level: string, points: Record<string, number[]>, moveOn: boolean): Promise<Sample> {
  for (const key of KEYS.slice(0, 5)) {
    const [x, y] = await onScreen(page, points[key]!);
    await page.mouse.click(x, y);
  }
  const [x, y] = await onScreen(page, points.pi!);
  await page.mouse.move(x, y);
  await page.evaluate((l) => {
    window.__bench = { level: l };
  }, level);
  await page.mouse.click(x, y);
  if (moveOn) await page.mouse.move(x + 40, y + 20);
  await page.waitForFunction(() => window.__bench?.frame !== undefined, undefined, { polling: 10, timeout: 10_000 });
  const bench = await page.evaluate(() => window.__bench!);
  // Leave the cursor away from the vertebra, so that the next round's first click is not a double click.
  await page.mouse.move(x + 80, y - 40);
  return { dom: bench.dom! - bench.up!, frame: bench.frame! - bench.up! };
}

declare global {
  interface Window {
    __bench?: { level: string; up?: number; dom?: number; frame?: number };
  }
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms (p10 ${at(0.1).toFixed(1)}, p90 ${at(0.9).toFixed(1)}, n=${sorted.length})`;
}

const server = await startPreview();
const browser = await launchChromium({ width: 1400, height: 900 });
try {
  const { page } = browser;
  await page.goto(`${server.url}?sample=lateral-baseline`);
  await page.locator('[data-viewport-id="viewport-1"] [data-field="image"]').waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    document.addEventListener(
      'mouseup',
      () => {
        if (window.__bench && window.__bench.up === undefined) window.__bench.up = performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      const bench = window.__bench;
      if (!bench || bench.up === undefined || bench.dom !== undefined) return;
      if (!document.querySelector(`.results-table tr[data-level="${bench.level}"]`)) return;
      bench.dom = performance.now();
      requestAnimationFrame(() => {
        bench.frame = performance.now();
      });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.keyboard.press('v');
  for (const moveOn of [true, false]) {
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await page.getByLabel('Level', { exact: true }).selectOption('T4');
      for (const v of truth.vertebrae) samples.push(await measure(page, v.level, v.points, moveOn));
      for (let i = 0; i < truth.vertebrae.length; i++) await page.keyboard.press('Control+z');
      await page.waitForFunction(() => document.querySelectorAll('.results-table tbody tr').length === 0);
    }
    const how = moveOn ? 'mouse moves on after the sixth click' : 'mouse stays still after the sixth click';
    console.log(`${how}:`);
    console.log(`  sixth click -> table row in the DOM: ${stats(samples.map((s) => s.dom))}`);
    console.log(`  sixth click -> next animation frame: ${stats(samples.map((s) => s.frame))}`);
  }
} finally {
  await browser.close();
  await server.close();
}
