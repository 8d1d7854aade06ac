/**
 * The built app under its own security headers (scripts/securityHeaders.ts, sent by vite preview): the
 * headers are there, the policy allows no 'unsafe-eval' (and the browser enforces it), and opening a sample,
 * rendering, measuring, importing and exporting a reading (JSON and DICOM SR) and a reformat (MPR) raise no
 * Content-Security-Policy violation.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_KEYS, type SixPoints } from '../../src/morphometry';
import { CONTENT_SECURITY_POLICY } from '../../scripts/securityHeaders';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';

const truth = JSON.parse(readFileSync(path.join(repoRoot, 'sample-data/lateral-baseline/truth.json'), 'utf8')) as { vertebrae: { level: string; points: SixPoints }[] };

let session: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  session = await openBrowser();
});
afterAll(async () => {
  await session?.close();
});

describe('the Content-Security-Policy', () => {
  it('is sent with nosniff, no framing and no referrer, and the app works under it without a violation', async () => {
    const { page } = session;
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
      );
    });
    await clearSavedReadings(page);
    const response = await page.goto(appUrl('?sample=lateral-baseline'));
    const headers = response!.headers();
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    await waitForImage(page);

    // Measure one vertebra (the reading is validated and saved), then export and import it back.
    await page.keyboard.press('v');
    const points = truth.vertebrae.find((v) => v.level === 'L1')!.points;
    await page.getByLabel('Level', { exact: true }).selectOption('L1');
    for (const key of POINT_KEYS) {
      const client = await page.evaluate((p) => window.kyphoAutomation?.imageToClient('viewport-1', p) ?? null, [...points[key]]);
      await page.mouse.click(client![0] + 0.5, client![1] + 0.5);
    }
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(1);
    await page.getByTestId('import-input').setInputFiles(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'));
    await page.getByRole('dialog').getByRole('button', { name: /Replace/ }).click();
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBeGreaterThan(1);
    for (const choice of [/^Reading JSON/, /^DICOM SR/]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        (async () => {
          await page.getByRole('button', { name: 'Export', exact: true }).click();
          await page.getByRole('menuitem', { name: choice }).click();
        })(),
      ]);
      expect(await download.failure()).toBeNull();
    }

    // A reformat of the MRI (11 slices): workers, WebGL and the volume loader.
    await page.goto(appUrl('?sample=mri-fracture-age'));
    await waitForImage(page);
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(violations).toEqual([]);

    // The policy is enforced, not just sent: code compiled from a string is refused (and reported).
    // (Run from a timer: code run by the DevTools protocol itself is exempt from the page's policy.)
    const compiled = await page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          setTimeout(() => {
            try {
              resolve(new Function('return "compiled"')() as string);
            } catch (error) {
              resolve((error as Error).name);
            }
          }, 0),
        ),
    );
    expect(compiled).toBe('EvalError');
    await expect.poll(() => violations.some((v) => v.startsWith('script-src'))).toBe(true);
  }, 180_000);
});
