// `npm run interop:ohif`: does the reference web viewer show Kypho's SR? The phantom radiograph and Kypho's SR of
// its reference reading go into a real Orthanc; OHIF 3.13 (scripts/ohif.ts) opens the study, the SR is opened in its
// SR viewport by a double click on its thumbnail, and the check fails on a page error, an error boundary, a blank
// viewport or a height line that is not labelled with its level and height. A screenshot is kept in test-results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './headless';
import { startOhif } from './ohif';
import { startOrthanc } from './orthanc';

const root = path.resolve(import.meta.dirname, '..');
const study = path.join(root, 'sample-data', 'lateral-baseline');
const LEVELS = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4'];

export interface OhifCheck {
  /** What went wrong, in words; empty when OHIF showed the SR as it should. */
  problems: string[];
  /** The texts OHIF drew over the image. */
  labels: string[];
}

export async function checkOhifShowsKyphoSr(): Promise<OhifCheck> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'kypho-interop-'));
  const problems: string[] = [];
  let labels: string[] = [];
  const orthanc = await startOrthanc({ storageDir: path.join(work, 'orthanc') });
  try {
    const sr = path.join(work, 'reading-sr.dcm');
    execFileSync(process.execPath, [path.join(root, 'bin', 'kypho.js'), 'sr', 'export', path.join(study, 'reference.json'),
      '--images', path.join(study, 'DX'), '-o', sr, '--observer', 'DOE^JANE'], { stdio: 'inherit' });
    await orthanc.upload([path.join(study, 'DX', 'IM0001.dcm'), sr]);
    const [answer] = (await (await orthanc.rest('/dicom-web/studies')).json()) as { '0020000D': { Value: [string] } }[];
    const studyUid = answer!['0020000D'].Value[0];

    const ohif = await startOhif({ dicomWebRoot: orthanc.dicomWebRoot });
    const browser = await launchChromium({ width: 1600, height: 1000 });
    try {
      const { page } = browser;
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // OHIF 3.13's own IMAGE_LOAD_ERROR listener sometimes throws "handler is not a function" while a frame load is
      // cancelled as the viewport switches: its bug, whatever the SR. Every other script error counts (the SR crash
      // this check guards against was a TypeError in _checkIfCanAddMeasurementsToDisplaySet).
      const text = message.text();
      if (message.type() === 'error' && /TypeError|ReferenceError/.test(text) && !/IMAGE_LOAD_ERROR TypeError: handler is not a function/.test(text)) {
        problems.push(`console: ${text.slice(0, 300)}`);
      }
      });
      await page.goto(`${ohif.url}/viewer?StudyInstanceUIDs=${studyUid}`);
      // OHIF's onboarding tour (shepherd) may come up at any moment over the viewer and take the clicks: hidden.
      await page.addStyleTag({ content: '.shepherd-modal-overlay-container, .shepherd-element { display: none !important; }' });
      const thumbnail = page.getByText(/^Kypho reading/).first();
      await thumbnail.waitFor({ timeout: 120_000 });
      const opened = Date.now();
      await thumbnail.dblclick();
      // Every height line is drawn with its label: "<level> Ha|Hm|Hp <value> mm".
      await page
        .waitForFunction((n) => [...document.querySelectorAll('svg text')].filter((t) => /^[TL]\d+ H[amp] /.test(t.textContent ?? '')).length >= n, LEVELS.length * 3, { timeout: 60_000 })
        .catch(() => problems.push('the SR viewport drew fewer than 3 labelled height lines per vertebra within 60 s'));
      const shown = Date.now() - opened;
      labels = await page.$$eval('svg text', (texts) => texts.map((t) => t.textContent ?? ''));
      for (const level of LEVELS) {
        for (const height of ['Ha', 'Hm', 'Hp']) {
          if (!labels.some((label) => label.startsWith(`${level} ${height} `))) problems.push(`no label "${level} ${height} ..." in the SR viewport`);
        }
      }
      if (await page.getByText(/Something went wrong/i).count()) problems.push('OHIF shows its error boundary');
      const lit = await page.$$eval('canvas', (canvases) =>
        Math.max(0, ...canvases.map((canvas) => {
          const context = canvas.getContext('2d');
          if (!context || !canvas.width || !canvas.height) return 0;
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          let bright = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 30) bright++;
          return bright / (canvas.width * canvas.height);
        })),
      );
      if (lit < 0.05) problems.push(`the viewport is blank (${(lit * 100).toFixed(1)}% of its pixels lit)`);
      mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-results', 'ohif-sr.png') });
      console.log(`OHIF drew Kypho's SR in ${shown} ms after the double click; ${labels.filter((l) => / H[amp] /.test(l)).length} labelled height lines; ${(lit * 100).toFixed(0)}% of the image lit`);
    } finally {
      await browser.close();
      await ohif.close();
    }
  } finally {
    await orthanc.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { problems, labels };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const { problems } = await checkOhifShowsKyphoSr();
  console.log(`interop:ohif took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('OHIF opens Kypho\'s SR without an error and shows every height with its level (screenshot: test-results/ohif-sr.png)');
}
