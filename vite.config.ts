import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dicomWebProxy } from './scripts/dicomWebProxy.ts';
import { SECURITY_HEADERS } from './scripts/securityHeaders.ts';
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
  // KYPHO_DICOMWEB_TARGET: the DICOMweb server behind /dicom-web (default: `npm run pacs` on 127.0.0.1:8042).
  server: { port: 5173, proxy: dicomWebProxy() },
  // The built app is served as a deployment serves it: with its security headers (scripts/securityHeaders.ts).
  preview: { port: 4173, proxy: dicomWebProxy(), headers: SECURITY_HEADERS },
});
