import { normalizeRoot, type DicomWebAuth, type DicomWebServer } from '../dicom/dicomweb';

/** A DICOMweb server as the reader entered it in the settings. */
export interface SavedServer {
  readonly id: string;
  readonly name: string;
  /** As typed: absolute, or relative to this page (`/dicom-web`, through the same-origin proxy). */
  readonly url: string;
  readonly auth: DicomWebAuth;
  /**
   * Keep the password or token on this computer (localStorage). Otherwise it lasts as long as the
   * browser tab (sessionStorage), and the reader types it again in a new tab.
   */
  readonly rememberSecret: boolean;
}

/**
 * The server the dev and preview servers proxy to (vite.config.ts): same origin, so no CORS, and
 * the URLs Orthanc writes in its answers point back through the proxy.
 */
export const LOCAL_SERVER: SavedServer = {
  id: 'local-orthanc',
  name: 'Local Orthanc',
  url: '/dicom-web',
  auth: { kind: 'none' },
  rememberSecret: false,
};

const SERVERS_KEY = 'kypho.dicomweb.servers';
const ACTIVE_KEY = 'kypho.dicomweb.active';
const SECRETS_KEY = 'kypho.dicomweb.secrets';

type Secrets = Record<string, string>;

interface StoredServer {
  id: string;
  name: string;
  url: string;
  authKind: DicomWebAuth['kind'];
  username?: string;
  rememberSecret: boolean;
}

/** The saved servers, with their secrets from wherever each was kept; the local server when none was saved. */
export function loadServers(local: Storage, session: Storage): { servers: SavedServer[]; activeId: string } {
  const stored = readJson<StoredServer[]>(local, SERVERS_KEY);
  const remembered = readJson<Secrets>(local, SECRETS_KEY) ?? {};
  const forSession = readJson<Secrets>(session, SECRETS_KEY) ?? {};
  const servers = Array.isArray(stored) && stored.length > 0 ? stored.flatMap((s) => toSaved(s, remembered, forSession)) : [];
  const list = servers.length > 0 ? servers : [LOCAL_SERVER];
  const active = local.getItem(ACTIVE_KEY);
  return { servers: list, activeId: list.some((s) => s.id === active) ? active! : list[0].id };
}

export function saveServers(local: Storage, session: Storage, servers: readonly SavedServer[], activeId: string): void {
  const remembered: Secrets = {};
  const forSession: Secrets = {};
  const stored = servers.map((server): StoredServer => {
    const secret = secretOf(server.auth);
    if (secret !== undefined) (server.rememberSecret ? remembered : forSession)[server.id] = secret;
    return {
      id: server.id,
      name: server.name,
      url: server.url,
      authKind: server.auth.kind,
      ...(server.auth.kind === 'basic' ? { username: server.auth.username } : {}),
      rememberSecret: server.rememberSecret,
    };
  });
  local.setItem(SERVERS_KEY, JSON.stringify(stored));
  local.setItem(SECRETS_KEY, JSON.stringify(remembered));
  session.setItem(SECRETS_KEY, JSON.stringify(forSession));
  local.setItem(ACTIVE_KEY, activeId);
}

/** The server ready for requests (absolute root), or why its URL cannot be used. */
export function resolveServer(server: SavedServer, pageUrl: string): { server: DicomWebServer } | { error: string } {
  const root = normalizeRoot(server.url, pageUrl);
  if ('error' in root) return { error: `Server "${server.name}": ${root.error}.` };
  return { server: { id: server.id, name: server.name, root: root.root, auth: server.auth } };
}

function toSaved(stored: StoredServer, remembered: Secrets, forSession: Secrets): SavedServer[] {
  if (typeof stored?.id !== 'string' || typeof stored.url !== 'string') return [];
  const secret = remembered[stored.id] ?? forSession[stored.id] ?? '';
  const auth: DicomWebAuth =
    stored.authKind === 'basic'
      ? { kind: 'basic', username: stored.username ?? '', password: secret }
      : stored.authKind === 'bearer'
        ? { kind: 'bearer', token: secret }
        : { kind: 'none' };
  return [{ id: stored.id, name: String(stored.name ?? stored.url), url: stored.url, auth, rememberSecret: stored.rememberSecret === true }];
}

function secretOf(auth: DicomWebAuth): string | undefined {
  return auth.kind === 'basic' ? auth.password : auth.kind === 'bearer' ? auth.token : undefined;
}

function readJson<T>(storage: Storage, key: string): T | undefined {
  try {
    const text = storage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    // Storage edited by hand or by an older version: start again from the defaults.
    return undefined;
  }
}
