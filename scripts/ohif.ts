// OHIF Viewer, the reference web viewer, as a peer for interoperability checks and side-by-side benchmarks.
// It is never a dependency of Kypho: the npm package @ohif/app (its dist/ is the built viewer) is fetched with
// `npm pack` into a cache folder on first use, and served here with an app-config.js that points OHIF at one
// DICOMweb server through a same-origin proxy (Orthanc sends no CORS headers). STACK.md has the settings.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const OHIF_VERSION = '3.13.2';

/** ~/.cache/kypho unless KYPHO_CACHE_DIR says otherwise; the package is ~50 MB packed, ~200 MB unpacked. */
export const CACHE_DIR = process.env.KYPHO_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'kypho');

/** The built viewer's folder, fetched and unpacked on first use. */
export function ensureOhif(version = OHIF_VERSION): string {
  const dist = path.join(CACHE_DIR, `ohif-app-${version}`, 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  mkdirSync(CACHE_DIR, { recursive: true });
  const work = path.join(CACHE_DIR, `.ohif-app-${version}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    const tarball = execFileSync('npm', ['pack', `@ohif/app@${version}`, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim();
    execFileSync('tar', ['xzf', path.join(work, tarball.split('\n').pop()!), '-C', work]);
    if (!existsSync(path.join(work, 'package', 'dist', 'index.html'))) throw new Error(`@ohif/app@${version} has no dist/index.html`);
    // Renamed into place whole, so an interrupted fetch never leaves a half viewer that looks complete.
    rmSync(path.dirname(dist), { recursive: true, force: true });
    renameSync(path.join(work, 'package'), path.dirname(dist));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dist;
}

export interface OhifOptions {
  /** The DICOMweb root OHIF should read, e.g. http://127.0.0.1:8042/dicom-web (Orthanc's). */
  dicomWebRoot: string;
  /** An Authorization header value added to every proxied request (e.g. `Basic ...` for a test Orthanc). */
  authorization?: string;
  /** 0 (default) picks a free loopback port. */
  port?: number;
  version?: string;
}

export interface OhifServer {
  /** http://127.0.0.1:PORT, OHIF's origin; `/viewer?StudyInstanceUIDs=<uid>` opens a study. */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** One DICOMweb data source, named `kypho-peer`, at this server's own /dicom-web. */
function appConfig(): string {
  const root = "window.location.origin + '/dicom-web'";
  return `window.config = {
  routerBasename: '/',
  extensions: [],
  modes: [],
  showStudyList: true,
  maxNumberOfWebWorkers: 3,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  showErrorDetails: 'always',
  // The peer is checked, not used: no "investigational use" banner over what the checks look at.
  investigationalUseDialog: { option: 'never' },
  defaultDataSourceName: 'kypho-peer',
  dataSources: [{
    namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
    sourceName: 'kypho-peer',
    configuration: {
      friendlyName: 'Kypho peer check',
      name: 'kypho-peer',
      wadoUriRoot: ${root},
      qidoRoot: ${root},
      wadoRoot: ${root},
      qidoSupportsIncludeField: false,
      imageRendering: 'wadors',
      thumbnailRendering: 'wadors',
      enableStudyLazyLoad: true,
      supportsFuzzyMatching: false,
      supportsWildcard: true,
      omitQuotationForMultipartRequest: true,
      bulkDataURI: { enabled: true },
    },
  }],
};
`;
}

/** Serves the built OHIF with its app-config.js and a /dicom-web proxy that keeps the Host header. */
export async function startOhif(options: OhifOptions): Promise<OhifServer> {
  const dist = ensureOhif(options.version);
  const target = new URL(options.dicomWebRoot.replace(/\/+$/, ''));
  const config = appConfig();

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/dicom-web' || url.pathname.startsWith('/dicom-web/')) {
      proxy(request, response, target, url, options.authorization);
      return;
    }
    if (url.pathname === '/app-config.js') {
      response.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' });
      response.end(config);
      return;
    }
    // Everything that is not a file of dist/ is one of OHIF's routes (/viewer, /): its index.html.
    let file = path.join(dist, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dist, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** /dicom-web/... here -> the same path under the target's root; Host stays ours, so Orthanc's BulkDataURIs point back here. */
function proxy(request: http.IncomingMessage, response: http.ServerResponse, target: URL, url: URL, authorization?: string) {
  const headers = { ...request.headers };
  if (authorization) headers.authorization = authorization;
  const upstream = http.request(
    {
      hostname: target.hostname,
      port: target.port || 80,
      method: request.method,
      path: target.pathname + url.pathname.slice('/dicom-web'.length) + url.search,
      headers,
    },
    (answer) => {
      const { 'www-authenticate': _dropped, ...rest } = answer.headers;
      response.writeHead(answer.statusCode ?? 502, rest);
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`DICOMweb server not reachable: ${error.message}`);
  });
  request.pipe(upstream);
}

// `tsx scripts/ohif.ts [DICOMWEB_ROOT]`: fetches the viewer if needed and serves it until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'http://127.0.0.1:8042/dicom-web';
  startOhif({ dicomWebRoot: root }).then((ohif) => console.log(`OHIF ${OHIF_VERSION} on ${ohif.url} reading ${root} (Ctrl+C stops)`));
}
