import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';

const ROOT = fileURLToPath(new URL('../sample-data', import.meta.url));
const PREFIX = '/sample-data/';

// The sample studies are generated (some are large), so they are served from sample-data/ by the
// dev and preview servers instead of being copied into every build.
function middleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    if (!url.startsWith(PREFIX)) return next();
    const file = path.resolve(ROOT, decodeURIComponent(url.slice(PREFIX.length)));
    if (!file.startsWith(ROOT + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/dicom');
    res.setHeader('Content-Length', statSync(file).size);
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
}

export function serveSampleData(): Plugin {
  return {
    name: 'kypho-sample-data',
    configureServer(server) {
      server.middlewares.use(middleware());
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware());
    },
  };
}
