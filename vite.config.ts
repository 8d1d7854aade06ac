import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cornerstone's decode worker and WASM codecs must be pre-bundled, or the dev server's worker
// hangs silently (see ../shared/design/STACK.md).
export default defineConfig({
  plugins: [react()],
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
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
