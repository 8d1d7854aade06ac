// `npm run pacs`: a local PACS for Kypho. Starts Debian's Orthanc with DICOMweb on loopback (settings in
// scripts/orthanc.json, storage in .orthanc/, ignored by git), stores the sample studies in it through
// Kypho's own STOW-RS client, prints the DICOMweb root URL, and stops cleanly on Ctrl+C.
//
//   npm run pacs -- [--port 8042] [--storage DIR] [--fresh] [--user NAME:PASSWORD]
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { storeInstances, type DicomWebServer } from '../src/dicom/dicomweb';
import { DEFAULT_DICOMWEB_TARGET } from './dicomWebProxy';
import { startOrthanc } from './orthanc';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: new URL(DEFAULT_DICOMWEB_TARGET).port },
    storage: { type: 'string', default: path.join(root, '.orthanc') },
    fresh: { type: 'boolean', default: false },
    user: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port ${values.port} is not a port number`);
const [user, password] = values.user ? [values.user.slice(0, values.user.indexOf(':')), values.user.slice(values.user.indexOf(':') + 1)] : [];
if (values.user && (!user || !values.user.includes(':'))) throw new Error('--user takes NAME:PASSWORD');
if (values.fresh) rmSync(values.storage, { recursive: true, force: true });

const orthanc = await startOrthanc({ storageDir: values.storage, port, users: user ? { [user]: password! } : undefined }).catch((error: Error) => {
  console.error(`${error.message}\nIs another Orthanc (or a previous "npm run pacs") still running on port ${port}? Try --port.`);
  process.exit(1);
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Orthanc…');
  await orthanc.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const server: DicomWebServer = {
  id: 'local',
  name: 'Local Orthanc',
  root: orthanc.dicomWebRoot,
  auth: user ? { kind: 'basic', username: user, password: password! } : { kind: 'none' },
};

const files = dicomFilesUnder(path.join(root, 'sample-data'));
if (files.length === 0) console.warn('No sample studies in sample-data/: run "npm run samples" first.');
// A few files per request keeps each request small; an object stored before is simply confirmed again.
const BATCH = 16;
let stored = 0;
const failures: string[] = [];
for (let i = 0; i < files.length; i += BATCH) {
  const batch = files.slice(i, i + BATCH);
  const result = await storeInstances(server, batch.map((file) => new Uint8Array(readFileSync(file))));
  stored += result.stored.length;
  failures.push(...result.failed.map((f) => `${f.sopInstanceUid}: ${f.reason}`));
  process.stdout.write(`\rStoring the sample studies: ${Math.min(i + BATCH, files.length)}/${files.length}`);
}
process.stdout.write('\n');
if (failures.length) console.warn(`Orthanc did not store ${failures.length} objects:\n  ${failures.join('\n  ')}`);

console.log(`
Orthanc is running with ${stored} sample objects.

  DICOMweb root URL:  ${orthanc.dicomWebRoot}
  Orthanc Explorer:   ${orthanc.url}/app/explorer.html
  Storage:            ${shownPath(values.storage)}${user ? `\n  User:               ${user} (HTTP Basic)` : ''}

In Kypho, "Open from PACS…" with the server "Local Orthanc" (/dicom-web) reaches it through the dev or
preview server's proxy${port === Number(new URL(DEFAULT_DICOMWEB_TARGET).port) ? '' : `: start Kypho with KYPHO_DICOMWEB_TARGET=${orthanc.url} npm start`}.
Press Ctrl+C to stop.`);

function shownPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}

function dicomFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? dicomFilesUnder(full) : name.endsWith('.dcm') ? [full] : [];
    });
}
