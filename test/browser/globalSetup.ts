import { existsSync } from 'node:fs';
import path from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

const root = path.resolve(import.meta.dirname, '../..');
let server: PreviewServer | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Serves the production build (built by `npm test` before Vitest starts) on a free loopback port. */
export async function setup(project: TestProject) {
  if (!existsSync(path.join(root, 'dist', 'index.html'))) {
    throw new Error('No production build in dist/: run "npm run build" first (npm test does).');
  }
  server = await preview({ root, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its URL');
  project.provide('baseUrl', url);
}

export async function teardown() {
  await server?.close();
}
