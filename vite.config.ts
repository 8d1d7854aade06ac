import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serveSampleData } from './scripts/serveSampleData.ts';

// Cornerstone's decode worker and WASM codecs must be pre-bundled, or the dev server's worker
// hangs silently (see ../shared/design/STACK.md).
export default defineConfig({
  plugins: [react(), serveSampleData()],
  optimizeDeps: {
    include: [
      '@cornerstonejs/metadata',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
    ],
  },
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 5000 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
