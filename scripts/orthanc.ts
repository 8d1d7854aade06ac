// Runs Debian's Orthanc with its DICOMweb plugin on loopback, for `npm run pacs`, the tests and the
// benchmarks. The settings shared by all live in scripts/orthanc.json; this adds the port, the storage
// folder and the users.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

const TEMPLATE = path.resolve(import.meta.dirname, 'orthanc.json');
// Debian installs it in /usr/sbin, which is not on every user's PATH.
const BINARY = process.env.ORTHANC_PATH ?? (existsSync('/usr/sbin/Orthanc') ? '/usr/sbin/Orthanc' : 'Orthanc');

export interface OrthancOptions {
  /** Where Orthanc keeps its files and index; created when missing. */
  storageDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** When given, every request needs one of these users (HTTP Basic). */
  users?: Record<string, string>;
}

export interface Orthanc {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/dicom-web */
  readonly dicomWebRoot: string;
  /** A request to Orthanc's own REST API, with the first user's credentials. */
  rest(pathname: string, init?: RequestInit): Promise<Response>;
  /** Uploads DICOM files through the REST API (POST /instances); returns how many Orthanc took. */
  upload(files: readonly string[]): Promise<number>;
  /** Stops Orthanc and waits for the process to end, so the storage can be opened again at once. */
  stop(): Promise<void>;
}

export async function startOrthanc(options: OrthancOptions): Promise<Orthanc> {
  const requested = options.port ?? 0;
  // A free port can be taken between the check and Orthanc's start: try again with another.
  for (let attempt = 1; ; attempt++) {
    const port = requested || (await freePort());
    try {
      return await launch({ ...options, port });
    } catch (error) {
      if (requested || attempt >= 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launch({ storageDir, port, users }: OrthancOptions & { port: number }): Promise<Orthanc> {
  // Checked first: an Orthanc that cannot bind exits, but another server on the port would answer for it.
  if (!(await portIsFree(port))) throw new PortTaken(`port ${port} is taken`);
  mkdirSync(storageDir, { recursive: true });
  const config = {
    ...(JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Record<string, unknown>),
    StorageDirectory: path.join(storageDir, 'db'),
    IndexDirectory: path.join(storageDir, 'db'),
    HttpPort: port,
    ...(users && Object.keys(users).length ? { AuthenticationEnabled: true, RegisteredUsers: users } : {}),
  };
  const configPath = path.join(storageDir, 'orthanc-config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const logPath = path.join(storageDir, 'orthanc.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  let child: ChildProcess;
  try {
    child = spawn(BINARY, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`Could not run ${BINARY}: ${String(error)}. Install Orthanc: sudo apt-get install -y orthanc orthanc-dicomweb orthanc-gdcm`);
  }
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`Could not run ${BINARY} (${error.message}). Install Orthanc: sudo apt-get install -y orthanc orthanc-dicomweb orthanc-gdcm`)),
    ),
  );

  const url = `http://127.0.0.1:${port}`;
  const firstUser = users ? Object.entries(users)[0] : undefined;
  const authorization = firstUser ? `Basic ${Buffer.from(`${firstUser[0]}:${firstUser[1]}`).toString('base64')}` : undefined;
  const rest = (pathname: string, init: RequestInit = {}) =>
    fetch(url + pathname, { ...init, headers: { ...(authorization ? { Authorization: authorization } : {}), ...(init.headers as Record<string, string>) } });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((resolve) => log.end(resolve));
  };

  // Ready when the REST API answers; the process ending first means it could not start.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await Promise.race([
      rest('/system').then(
        (response) => response.status,
        () => 0,
      ),
      exited.then(() => -1),
      spawnFailed,
    ]);
    if (status === 200) break;
    if (status === -1 || Date.now() > deadline) {
      await stop();
      const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new Error(`Orthanc did not start on port ${port} (${status === -1 ? 'it exited' : 'no answer in 60 s'}). Its log, ${logPath}:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const upload = async (files: readonly string[]) => {
    let taken = 0;
    let next = 0;
    // A few uploads at a time: Orthanc writes each file to disk before it answers.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < files.length) {
          const file = files[next++];
          const response = await rest('/instances', { method: 'POST', body: await readFile(file), headers: { 'Content-Type': 'application/dicom' } });
          if (!response.ok) throw new Error(`Orthanc refused ${file}: HTTP ${response.status} ${await response.text()}`);
          taken++;
        }
      }),
    );
    return taken;
  };

  return { port, url, dicomWebRoot: `${url}/dicom-web`, rest, upload, stop };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    // Orthanc listens on every interface (RemoteAccessAllowed only refuses remote clients).
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

