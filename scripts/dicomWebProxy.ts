import type { ServerResponse } from 'node:http';
import type { ProxyOptions } from 'vite';

/** Where the dev and preview servers send /dicom-web: `npm run pacs` listens there by default. */
export const DEFAULT_DICOMWEB_TARGET = 'http://127.0.0.1:8042';

/** A proxied request whose server sends nothing for this long is closed (the browser gives up after 10 s itself). */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * The same-origin route to a DICOMweb server for `vite` and `vite preview` (Orthanc sends no CORS
 * headers). Without changeOrigin, the Host header stays this site's, so the URLs Orthanc writes in its
 * answers (RetrieveURL, BulkDataURI) point back through the proxy. The server's WWW-Authenticate is
 * dropped: the browser would otherwise show its own password prompt, and Kypho says what is wrong itself.
 *
 * Faults are passed on, not held: an answer the server cuts off is cut off for the browser too (the
 * proxy would otherwise keep the browser's connection open, waiting for bytes that never come), and a
 * server that goes silent is closed after IDLE_TIMEOUT_MS.
 */
export function dicomWebProxy(target = process.env.KYPHO_DICOMWEB_TARGET || DEFAULT_DICOMWEB_TARGET): Record<string, ProxyOptions> {
  return {
    '/dicom-web': {
      target,
      proxyTimeout: IDLE_TIMEOUT_MS,
      configure: (proxy) => {
        proxy.on('proxyRes', (response, _request, reply) => {
          delete response.headers['www-authenticate'];
          response.on('close', () => {
            if (!response.complete) reply.destroy();
          });
        });
        // Vite answers 502 to a failure before the answer started; after, only closing tells the browser.
        proxy.on('error', (_error, _request, reply) => {
          const http = reply as ServerResponse;
          if ('headersSent' in http && http.headersSent) http.destroy();
        });
      },
    },
  };
}
