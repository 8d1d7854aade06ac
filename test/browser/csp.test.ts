/**
 * The built app under its own security headers (scripts/securityHeaders.ts, sent by vite preview): the
 * headers are there, and opening a sample, rendering, measuring, importing a reading and a reformat (MPR)
 * raise no Content-Security-Policy violation.
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

    // A reformat of the MRI (11 slices): workers, WebGL and the volume loader.
    await page.goto(appUrl('?sample=mri-fracture-age'));
    await waitForImage(page);
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(violations).toEqual([]);
  }, 180_000);
});
