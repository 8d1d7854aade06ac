import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { codecLoadOnce } from './scripts/codecLoadOnce.ts';
import { decodeTransfers } from './scripts/decodeTransfers.ts';
import { dicomWebProxy } from './scripts/dicomWebProxy.ts';
import { SECURITY_HEADERS } from './scripts/securityHeaders.ts';
import { serveSampleData } from './scripts/serveSampleData.ts';

// Cornerstone's decode worker and WASM codecs must be pre-bundled, or the dev server's worker
// hangs silently (see ../shared/design/STACK.md).
export default defineConfig({
  // Frames move to and from the decode worker instead of being copied (scripts/decodeTransfers.ts).
  plugins: [react(), serveSampleData(), decodeTransfers()],
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
  // The decode worker's codecs are each fetched once per worker, however many frames arrive while they load.
  worker: { format: 'es', plugins: () => [codecLoadOnce(), decodeTransfers()] },
  build: {
    // No chunk over 2 MB: the libraries each get their own chunks (cached across releases of the app), and the
    // reformats, PACS and teaching screens are loaded when first shown (src/app/lazyScreens.tsx).
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's helper for dynamic imports goes with the entry; left alone it lands in a library's chunk (the
            // loader's), which the start screen would then download (issue 19: the start screen loads no viewer).
            { name: 'preload-helper', test: /preload-helper/, priority: 1 },
            // Whole packages only: cutting one package's modules apart breaks the order they initialise in.
            { name: 'vtk', test: /node_modules[\\/]@kitware[\\/]/ },
            { name: 'cornerstone-core', test: /node_modules[\\/]@cornerstonejs[\\/]core[\\/]/ },
            { name: 'cornerstone-tools', test: /node_modules[\\/]@cornerstonejs[\\/]tools[\\/]/ },
            { name: 'cornerstone-loader', test: /node_modules[\\/]@cornerstonejs[\\/]/ },
            { name: 'dicom', test: /node_modules[\\/](dcmjs|dicom-parser)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  // KYPHO_DICOMWEB_TARGET: the DICOMweb server behind /dicom-web (default: `npm run pacs` on 127.0.0.1:8042).
  server: { port: 5173, proxy: dicomWebProxy() },
  // The built app is served as a deployment serves it: with its security headers (scripts/securityHeaders.ts).
  preview: { port: 4173, proxy: dicomWebProxy(), headers: SECURITY_HEADERS },
});
