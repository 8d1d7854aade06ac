import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, canvasRange, openBrowser, overlayText, sharedDicom, viewportPixels, waitForImage } from './browser';

const TCIA = path.join(sharedDicom, 'tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');
const EMRI = path.join(sharedDicom, 'pydicom/emri_small.dcm');

type Session = Awaited<ReturnType<typeof openBrowser>>;

async function openFiles(session: Session, files: string[]) {
  await session.page.goto(appUrl());
  await session.page.getByTestId('file-input').setInputFiles(files);
}

describe('opening a TCIA sagittal CT through the file input', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await openFiles(session, [TCIA]);
    await waitForImage(session.page);
  });
  afterAll(() => session.close());

  it('shows the image on the canvas, not just a canvas', async () => {
    const stats = await viewportPixels(session.page);
    // A sagittal chest/abdomen CT fills much of a fitted viewport with body, bone and air.
    expect(stats.nonBlack).toBeGreaterThan(0.2);
    expect(stats.std).toBeGreaterThan(20);
  });

  it('lists the study and series in the study browser', async () => {
    const browser = session.page.getByRole('navigation', { name: 'Studies' });
    await expect.poll(() => browser.innerText()).toContain('CHEST SAGITTAL');
    expect(await browser.innerText()).toContain('A002304');
    expect(await browser.innerText()).toContain('1900-12-31');
  });

  it('shows patient, image counter, window and CT calibration in the overlay', async () => {
    const { page } = session;
    expect(await overlayText(page, 'patient-id')).toBe('ID A002304');
    expect(await overlayText(page, 'study-date')).toBe('1900-12-31');
    expect(await overlayText(page, 'image')).toBe('Image 1/1');
    expect(await overlayText(page, 'window')).toMatch(/^W \d+ L -?\d+$/);
    expect(await overlayText(page, 'calibration')).toBe('Spacing: mm');
  });

  it('changes the pixels and the overlay when the window changes, by preset and by drag', async () => {
    const { page } = session;
    const before = await viewportPixels(page);
    await page.getByLabel('Window preset').selectOption('ct-bone');
    await expect.poll(() => overlayText(page, 'window')).toBe('W 2000 L 500');
    const bone = await viewportPixels(page);
    expect(bone.grey).not.toEqual(before.grey);

    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => overlayText(page, 'window')).not.toBe('W 2000 L 500');
    expect((await viewportPixels(page)).grey).not.toEqual(bone.grey);
  });

  it('zooms with the hotkey tool and resets to the fitted image', async () => {
    const { page } = session;
    const fitted = await overlayText(page, 'zoom');
    await page.keyboard.press('z');
    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 150, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => overlayText(page, 'zoom')).not.toBe(fitted);
    await page.keyboard.press('r');
    await expect.poll(() => overlayText(page, 'zoom')).toBe(fitted);
    await page.keyboard.press('w');
  });
});

describe('a multi-frame MR becomes one stack that scrolls', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    await openFiles(session, [EMRI]);
    await waitForImage(session.page);
  });
  afterAll(() => session.close());

  it('opens on the middle frame of the ten', async () => {
    expect(await overlayText(session.page, 'image')).toBe('Image 5/10');
  });

  it('scrolls with the arrow keys, Page keys, End and the wheel, and the pixels change', async () => {
    const { page } = session;
    const first = await viewportPixels(page);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 6/10');
    expect((await viewportPixels(page)).grey).not.toEqual(first.grey);
    await page.keyboard.press('PageDown');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 10/10');
    await page.keyboard.press('Home');
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 1/10');
    const box = (await page.getByTestId('viewport-viewport-1').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 120);
    await expect.poll(() => overlayText(page, 'image')).toBe('Image 2/10');
  });

  it('says that this MR, which has no Pixel Spacing, can only be measured in px', async () => {
    const calibration = session.page.locator('[data-viewport-id="viewport-1"] [data-field="calibration"]');
    expect((await calibration.innerText()).trim()).toBe('Spacing: px ⚠');
    expect(await calibration.getAttribute('class')).toBe('warning');
  });
});

describe('bad input in a folder', () => {
  let session: Session;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'kypho-folder-'));
    copyFileSync(TCIA, path.join(folder, 'good.dcm'));
    const bytes = readFileSync(TCIA);
    writeFileSync(path.join(folder, 'truncated.dcm'), bytes.subarray(0, 700));
    writeFileSync(path.join(folder, 'notes.txt'), 'not an image at all\n'.repeat(20));
    session = await openBrowser();
    await session.page.goto(appUrl());
    await session.page.getByTestId('folder-input').setInputFiles(folder);
    await waitForImage(session.page);
  });
  afterAll(async () => {
    await session.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists each bad file by name with its reason', async () => {
    const panel = session.page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => panel.innerText()).toMatch(/notes\.txt: not a DICOM file/);
    expect(await panel.innerText()).toMatch(/truncated\.dcm: .*(truncated|corrupt)/);
    expect(await panel.innerText()).toContain('2 files not shown');
  });

  it('still shows the good series', async () => {
    expect(await overlayText(session.page, 'patient-id')).toBe('ID A002304');
    expect((await viewportPixels(session.page)).nonBlack).toBeGreaterThan(0.2);
  });
});

describe('lossless encodings render the same pixels as the uncompressed reference', () => {
  const encodings = ['CT1_J2KR', 'CT1_JLSL', 'CT1_JPLL', 'CT1_RLE'];
  let session: Session;
  let reference: number[];

  async function render(name: string): Promise<number[]> {
    await openFiles(session, [path.join(sharedDicom, 'nema-wg04/CT1', name)]);
    await waitForImage(session.page);
    // A fixed window, so that only the decoded pixels can make a difference.
    await session.page.getByLabel('Window preset').selectOption('ct-soft-tissue');
    await session.page.locator('[data-viewport-id="viewport-1"] [data-field="window"]', { hasText: 'W 400 L 40' }).waitFor();
    return (await viewportPixels(session.page)).grey;
  }

  beforeAll(async () => {
    session = await openBrowser();
    reference = await render('CT1_UNC');
  });
  afterAll(() => session.close());

  it('has a reference with real content', () => {
    expect(new Set(reference).size).toBeGreaterThan(10);
  });

  for (const name of encodings) {
    it(name, async () => {
      expect(await render(name)).toEqual(reference);
    });
  }
});

describe('text from a DICOM file is never HTML', () => {
  it('shows a patient name with markup as plain text', async () => {
    const dcmjs = (await import('dcmjs')).default;
    const dataset = dcmjs.data.DicomMessage.readFile(readFileSync(TCIA).buffer);
    // No '=' inside: in a Person Name it starts the ideographic group, which the overlay leaves out.
    const hostile = '<script>window.__xss++</script>^<b>Bold</b>';
    dataset.dict['00100010'] = { vr: 'PN', Value: [{ Alphabetic: hostile }] };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kypho-xss-'));
    const file = path.join(dir, 'hostile.dcm');
    writeFileSync(file, Buffer.from(dataset.write()));
    const session = await openBrowser();
    try {
      await openFiles(session, [file]);
      await waitForImage(session.page);
      expect(await overlayText(session.page, 'patient')).toBe('<script>window.__xss++</script>, <b>Bold</b>');
      expect(await session.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await session.page.locator('.overlay script, .overlay b, .study-browser script, .study-browser b').count()).toBe(0);
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('without WebGL, Cornerstone falls back to CPU rendering', () => {
  it('still shows the CT image', async () => {
    const session = await openBrowser({ cpuOnly: true });
    try {
      await openFiles(session, [TCIA]);
      await waitForImage(session.page);
      const stats = await viewportPixels(session.page);
      expect(stats.nonBlack).toBeGreaterThan(0.2);
      expect(stats.std).toBeGreaterThan(20);
    } finally {
      await session.close();
    }
  });
});

describe('two series side by side', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openBrowser();
    const dir = path.join(sharedDicom, 'tcia-sagittal-ct/A002304');
    await openFiles(session, [path.join(dir, 'sagittal/19001231-080.dcm'), path.join(dir, 'axial/19001231-076.dcm')]);
    await waitForImage(session.page);
  });
  afterAll(() => session.close());

  it('renders a thumbnail of each series in the study browser', async () => {
    const { page } = session;
    const thumbnails = page.locator('.study-browser canvas');
    await expect.poll(() => thumbnails.count()).toBe(2);
    await expect.poll(() => canvasRange(thumbnails.first())).toBeGreaterThan(100);
    await expect.poll(() => canvasRange(thumbnails.last())).toBeGreaterThan(100);
  });

  it('shows a second viewport in the 1x2 layout, each choosing its series', async () => {
    const { page } = session;
    await page.keyboard.press('2');
    await waitForImage(page, 'viewport-2');
    const left = await overlayText(page, 'series', 'viewport-1');
    const right = await overlayText(page, 'series', 'viewport-2');
    expect(new Set([left, right])).toEqual(new Set(['CT CHEST SAGITTAL', 'CT CHEST 2.5 MM/ABD.PEL 2.5MM']));

    const select = page.getByLabel('Series in viewport 2');
    const leftUid = await page.getByLabel('Series in viewport 1').inputValue();
    await select.selectOption(leftUid);
    await expect.poll(() => overlayText(page, 'series', 'viewport-2')).toBe(left);
    expect((await viewportPixels(page, 'viewport-2')).nonBlack).toBeGreaterThan(0.2);

    await page.keyboard.press('1');
    await expect.poll(() => page.locator('[data-viewport-id="viewport-2"]').count()).toBe(0);
  });
});

describe('two radiographs side by side', () => {
  it('say nothing of slice linking: a single image without patient position has no slice to follow', async () => {
    const session = await openBrowser();
    try {
      const samples = path.resolve(import.meta.dirname, '../../sample-data');
      await openFiles(session, [path.join(samples, 'lateral-baseline/DX/IM0001.dcm'), path.join(samples, 'lateral-followup/DX/IM0001.dcm')]);
      await waitForImage(session.page);
      await session.page.keyboard.press('2');
      await waitForImage(session.page, 'viewport-2');
      // The two radiographs, one in each viewport.
      const second = session.page.getByLabel('Series in viewport 2');
      const first = await session.page.getByLabel('Series in viewport 1').inputValue();
      const options = await second.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      const other = options.find((v) => v !== first)!;
      await second.selectOption(other);
      await waitForImage(session.page, 'viewport-2');
      await expect.poll(() => session.page.locator('.link-bar').count()).toBe(1);
      expect(await session.page.locator('.link-bar .warning').allInnerTexts()).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('dropping files on the page', () => {
  it('opens them like the file picker', async () => {
    const session = await openBrowser();
    try {
      await session.page.goto(appUrl());
      const bytes = readFileSync(TCIA).toString('base64');
      await session.page.evaluate((b64) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], 'dropped.dcm'));
        const target = document.querySelector('.app')!;
        target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
        target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }, bytes);
      await waitForImage(session.page);
      expect(await overlayText(session.page, 'patient-id')).toBe('ID A002304');
    } finally {
      await session.close();
    }
  });
});
