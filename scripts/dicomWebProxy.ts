import type { ProxyOptions } from 'vite';

/** Where the dev and preview servers send /dicom-web: `npm run pacs` listens there by default. */
export const DEFAULT_DICOMWEB_TARGET = 'http://127.0.0.1:8042';

/**
 * The same-origin route to a DICOMweb server for `vite` and `vite preview` (Orthanc sends no CORS
 * headers). Without changeOrigin, the Host header stays this site's, so the URLs Orthanc writes in its
 * answers (RetrieveURL, BulkDataURI) point back through the proxy. The server's WWW-Authenticate is
 * dropped: the browser would otherwise show its own password prompt, and Kypho says what is wrong itself.
 */
export function dicomWebProxy(target = process.env.KYPHO_DICOMWEB_TARGET || DEFAULT_DICOMWEB_TARGET): Record<string, ProxyOptions> {
  return {
    '/dicom-web': {
      target,
      configure: (proxy) => {
        proxy.on('proxyRes', (response) => {
          delete response.headers['www-authenticate'];
        });
      },
    },
  };
}
