/**
 * What the viewport draws when the file is odd: a header window of width 0 (which windows every pixel to
 * black) shows the image in its own pixel range instead, and Auto brings that back after another preset.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, openBrowser, overlayText, repoRoot, viewportPixels, waitForImage } from './browser';

const PHANTOM_DX = path.join(repoRoot, 'sample-data/lateral-baseline/DX/IM0001.dcm');

let session: Awaited<ReturnType<typeof openBrowser>>;
let dir: string;
beforeAll(async () => {
  session = await openBrowser({ snap: false });
  dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-rendering-'));
});
afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The phantom radiograph with its header window set to `width`, and the range of its stored pixels. */
function withWindowWidth(width: string): { file: string; min: number; max: number } {
  const bytes = readFileSync(PHANTOM_DX);
  const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  dataset.dict['00281051'] = { vr: 'DS', Value: [width] };
  expect(dataset.dict['00280103']!.Value![0]).toBe(0); // unsigned pixels
  expect(dataset.dict['00281053']?.Value?.[0] ?? 1).toBe(1); // no rescale: stored values are what is windowed
  const pixels = new Uint16Array(dataset.dict['7FE00010']!.Value![0] as ArrayBuffer);
  let min = Infinity;
  let max = -Infinity;
  for (const v of pixels) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const file = path.join(dir, `ww-${width}.dcm`);
  writeFileSync(file, Buffer.from(dataset.write()));
  return { file, min, max };
}

describe('a header window width of 0', () => {
  it('shows the radiograph windowed to its pixel range, and Auto returns to that window after CT bone', async () => {
    const { page } = session;
    const { file, min, max } = withWindowWidth('0');
    await page.goto(appUrl());
    await page.getByTestId('file-input').setInputFiles(file);
    await waitForImage(page);
    // The phantom's pixels span most of 12 bits; windowed to that range the spine and soft tissue show in greys.
    expect(max - min).toBeGreaterThan(1000);
    // DICOM's linear window: a width of W spans W stored values, so min..max is a width of max - min + 1.
    const window = `W ${max - min + 1} L ${Math.round((max + min) / 2)}`;
    expect(await overlayText(page, 'window')).toBe(window);
    const shown = await viewportPixels(page);
    expect(shown.nonBlack).toBeGreaterThan(0.3);
    expect(shown.std).toBeGreaterThan(10);

    await page.getByLabel('Window preset').selectOption({ label: 'CT bone' });
    await expect.poll(() => overlayText(page, 'window')).toBe('W 2000 L 500');
    await page.getByLabel('Window preset').selectOption({ label: 'Auto' });
    await expect.poll(() => overlayText(page, 'window')).toBe(window);
    expect((await viewportPixels(page)).nonBlack).toBeGreaterThan(0.3);
  });
});
