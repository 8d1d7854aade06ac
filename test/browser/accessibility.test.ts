/**
 * axe-core (the engine behind most accessibility checkers) on every kind of screen a reader meets: the start
 * screen, a measured radiograph, the MRI hanging, the MPR, the PACS screen and its server dialog, a teaching case's
 * feedback, the report and a follow-up comparison. No serious or critical violation is allowed; the moderate and
 * minor ones are printed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, clearSavedReadings, openBrowser, repoRoot, waitForImage } from './browser';
import { submit } from './teachingSteps';

type Session = Awaited<ReturnType<typeof openBrowser>>;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe on the page as it is. The source is evaluated through the DevTools protocol, which a Content Security
 * Policy does not block (a script tag would be).
 */
async function axe(page: Page, screen: string): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  for (const v of violations.filter((v) => v.impact === 'moderate' || v.impact === 'minor'))
    console.log(`axe ${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return violations;
}

/** The serious and critical violations, each as one readable line (rule, where, why). */
function serious(violations: readonly Violation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`));
}

describe('axe-core on every screen', () => {
  let session: Session;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await page.goto(appUrl());
    await clearSavedReadings(page);
    await page.evaluate(() => localStorage.clear());
  });
  afterAll(() => session.close());

  it('the start screen', async () => {
    await page.goto(appUrl());
    await page.locator('[data-sample-id="lateral-baseline"]').waitFor();
    expect(serious(await axe(page, 'start screen'))).toEqual([]);
  });

  it('a measured radiograph', async () => {
    await page.goto(appUrl('?sample=lateral-baseline'));
    await waitForImage(page);
    await page.getByTestId('import-input').setInputFiles(path.join(repoRoot, 'sample-data/lateral-baseline/reference.json'));
    await expect.poll(() => page.locator('.results-table tbody tr').count()).toBe(13);
    expect(serious(await axe(page, 'measured radiograph'))).toEqual([]);
  });

  it('the report', async () => {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Report/ }).click();
    const report = page.getByRole('dialog', { name: 'Report' });
    await report.locator('img').first().waitFor({ timeout: 30_000 });
    expect(serious(await axe(page, 'report'))).toEqual([]);
    await report.getByRole('button', { name: 'Close' }).click();
  });

  it('the MRI hanging, and its MPR', async () => {
    await page.goto(appUrl('?sample=mri-fracture-age'));
    await waitForImage(page, 'viewport-2');
    await expect.poll(() => page.locator('.viewports').getAttribute('data-layout')).toBe('1x2');
    // The STIR is there: the edema hint applies (on the radiograph it is not shown, see keyboard.test.ts).
    expect(await page.getByRole('region', { name: 'Fracture age' }).innerText()).toContain('on the STIR to flag marrow edema');
    expect(serious(await axe(page, 'MRI hanging'))).toEqual([]);
    await page.getByRole('button', { name: '1x1', exact: true }).click();
    await page.getByRole('button', { name: 'MPR', exact: true }).click();
    await page.locator('.mpr[data-state="ready"]').waitFor({ timeout: 120_000 });
    expect(serious(await axe(page, 'MPR'))).toEqual([]);
  });

  it('the PACS screen and its server settings', async () => {
    await page.goto(appUrl());
    await page.getByRole('button', { name: 'Open from PACS…' }).first().click();
    await page.getByRole('region', { name: 'PACS' }).waitFor();
    expect(serious(await axe(page, 'PACS'))).toEqual([]);
    await page.getByRole('button', { name: /servers/i }).first().click();
    await page.locator('dialog[open]').waitFor();
    expect(serious(await axe(page, 'PACS server settings'))).toEqual([]);
    // Closing the dialog, then the PACS screen, gives the focus back to what opened each.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Servers…');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('region', { name: 'PACS' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Open from PACS…');
  });

  it("a teaching case's feedback", async () => {
    await page.goto(appUrl());
    await page.getByLabel('Your name').fill('Axe, Trainee');
    await page.getByRole('button', { name: 'Start the phantom cases' }).click();
    await waitForImage(page);
    await submit(page, 1);
    expect(serious(await axe(page, 'teaching feedback'))).toEqual([]);
  });

  it('the comparison with a prior: its chooser, then the follow-up', async () => {
    await page.goto(appUrl());
    const samples = path.join(repoRoot, 'sample-data');
    await page.getByTestId('file-input').setInputFiles([path.join(samples, 'lateral-baseline/DX/IM0001.dcm'), path.join(samples, 'lateral-followup/DX/IM0001.dcm')]);
    await waitForImage(page);
    await page.getByTestId('import-input').setInputFiles(path.join(samples, 'lateral-followup/reference.json'));
    await page.getByRole('button', { name: 'Compare with prior…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Compare with prior' });
    await chooser.waitFor();
    expect(serious(await axe(page, 'prior chooser'))).toEqual([]);
    await chooser.getByRole('button', { name: / open here/ }).first().click();
    await waitForImage(page, 'viewport-2');
    expect(serious(await axe(page, 'follow-up'))).toEqual([]);
  });
});
