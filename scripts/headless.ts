// Debian's Chromium, headless, and the built app on a loopback port: shared by the browser tests, the
// benchmarks and the screenshot scripts, so that every one of them starts Chromium the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview } from 'vite';

/** Without the background-networking flags Chromium keeps calling out, and this machine refuses it (STACK.md). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Headless {
  context: BrowserContext;
  page: Page;
  /** The fresh profile folder, removed by close(); it names the browser's processes. */
  profile: string;
  close: () => Promise<void>;
}

/** WebGL2 through SwiftShader, or with cpuOnly no WebGL at all (Cornerstone then renders on the CPU). */
export async function launchChromium(
  options: { width?: number; height?: number; cpuOnly?: boolean; extraArgs?: readonly string[] } = {},
): Promise<Headless> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kypho-chromium-'));
  const args = [...CHROMIUM_ARGS, options.cpuOnly ? '--disable-3d-apis' : '--enable-unsafe-swiftshader', ...(options.extraArgs ?? [])];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
    ...(options.width && options.height ? { viewport: { width: options.width, height: options.height } } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profile,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The production build (dist/) served by `vite preview` on a loopback port (0: a free one). */
export async function startPreview(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const server = await preview({ root, logLevel: 'warn', preview: { port, host: '127.0.0.1', strictPort: port !== 0 } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its URL');
  return { url, close: () => server.close() };
}
