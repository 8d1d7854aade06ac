/**
 * What the viewport draws when the file is odd: a header window of width 0 (which windows every pixel to
 * black) shows the image in its own pixel range instead, and Auto brings that back after another preset; a
 * multi-frame image whose frame 4 cannot be decoded shows a placeholder for that frame, named in Problems,
 * never the pixels of frame 3.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, openBrowser, overlayText, repoRoot, sharedDicom, viewportPixels, waitForImage } from './browser';

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

/** The 10-frame JPEG-LS MR of pydicom's test files with the fragment of frame 4 cut to its first 40 bytes. */
function withBrokenFrame4(): string {
  const bytes = readFileSync(path.join(sharedDicom, 'pydicom/emri_small_jpeg_ls_lossless.dcm'));
  const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const frames = dataset.dict['7FE00010']!.Value as ArrayBuffer[];
  expect(frames).toHaveLength(10);
  frames[3] = frames[3]!.slice(0, 40);
  const file = path.join(dir, 'emri-broken-frame-4.dcm');
  writeFileSync(file, Buffer.from(dataset.write()));
  return file;
}

/** What the reader sees in the viewport (canvas and whatever covers it), as a 32x32 grid of [r, g, b] samples. */
async function seenInViewport(page: Session['page']): Promise<number[][]> {
  const png = await page.locator('[data-viewport-id="viewport-1"]').screenshot();
  return page.evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const samples: number[][] = [];
    for (let gy = 0; gy < 32; gy++)
      for (let gx = 0; gx < 32; gx++) {
        const d = ctx.getImageData(Math.floor(((gx + 0.5) * image.width) / 32), Math.floor(((gy + 0.5) * image.height) / 32), 1, 1).data;
        samples.push([d[0]!, d[1]!, d[2]!]);
      }
    return samples;
  }, `data:image/png;base64,${png.toString('base64')}`);
}
type Session = Awaited<ReturnType<typeof openBrowser>>;

/** The two stripes of the failed-image placeholder (styles.css: #3a3030 and #2a2424). */
const HATCH = [[0x3a, 0x30, 0x30], [0x2a, 0x24, 0x24]];
const hatched = (samples: number[][]) =>
  samples.filter((s) => HATCH.some((h) => h.every((c, i) => Math.abs(c - s[i]!) <= 3))).length / samples.length;

describe('a multi-frame image whose frame 4 cannot be decoded', () => {
  it('shows a placeholder for frame 4, not frame 3, named in plain words in Problems, with no page error; frame 5 shows again', async () => {
    const { page } = session;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(appUrl());
    await page.getByTestId('file-input').setInputFiles(withBrokenFrame4());
    await waitForImage(page);
    await page.keyboard.press('Home');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 1/10');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 3/10');
    const frame3 = await seenInViewport(page);
    expect(hatched(frame3)).toBeLessThan(0.05);

    await page.keyboard.press('ArrowDown');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 4/10');
    const placeholder = page.locator('[data-viewport-id="viewport-1"] .failed-image');
    await placeholder.waitFor();
    expect(await placeholder.innerText()).toContain('emri-broken-frame-4.dcm, frame 4');
    // What is seen is the placeholder's stripes (its text and the overlay cover the rest), none of frame 3.
    const frame4 = await seenInViewport(page);
    expect(hatched(frame4)).toBeGreaterThan(0.8);

    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.innerText()).toContain('1 image not shown');
    const text = await problems.innerText();
    expect(text).toContain('emri-broken-frame-4.dcm, frame 4: its pixel data could not be decoded (JPEG-LS Lossless)');
    expect(text).not.toMatch(/Invalid JPEG-LS stream|bit stream|DataView|RuntimeError/);

    await page.keyboard.press('ArrowDown');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 5/10');
    await placeholder.waitFor({ state: 'detached' });
    expect(hatched(await seenInViewport(page))).toBeLessThan(0.05);
    expect((await viewportPixels(page)).nonBlack).toBeGreaterThan(0.2);
    // Back onto frame 4 with the wheel (Cornerstone's own scroll): the placeholder again, still no page error.
    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -120);
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 4/10');
    await placeholder.waitFor();
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
  });
});
