import { describe, expect, it } from 'vitest';
import { LOCAL_SERVER, loadServers, resolveServer, saveServers, type SavedServer } from '../../../src/app/serverStore';

/** Storage over a Map: what localStorage and sessionStorage offer. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const hospital: SavedServer = {
  id: 'h',
  name: 'Hospital PACS',
  url: 'https://pacs.example.org/dicom-web',
  auth: { kind: 'basic', username: 'reader', password: 'secret' },
  rememberSecret: false,
};
const cloud: SavedServer = { id: 'c', name: 'Cloud', url: 'https://cloud.example.org/dicomweb', auth: { kind: 'bearer', token: 'tok' }, rememberSecret: true };

describe('saved DICOMweb servers', () => {
  it('start with the local Orthanc behind the same-origin proxy', () => {
    expect(loadServers(memoryStorage(), memoryStorage())).toEqual({ servers: [LOCAL_SERVER], activeId: LOCAL_SERVER.id });
  });

  it('come back as saved, with the active one', () => {
    const local = memoryStorage();
    const session = memoryStorage();
    saveServers(local, session, [hospital, cloud], 'c');
    expect(loadServers(local, session)).toEqual({ servers: [hospital, cloud], activeId: 'c' });
  });

  it('keep a password only for the tab unless the reader asked to remember it', () => {
    const local = memoryStorage();
    const session = memoryStorage();
    saveServers(local, session, [hospital, cloud], 'h');
    const everything = [...Array(local.length).keys()].map((i) => local.getItem(local.key(i)!)).join(' ');
    expect(everything).not.toContain('secret');
    expect(everything).toContain('tok');
    // A new tab: the session storage is empty; the remembered token is there, the password is not.
    const { servers } = loadServers(local, memoryStorage());
    expect(servers[0].auth).toEqual({ kind: 'basic', username: 'reader', password: '' });
    expect(servers[1].auth).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('fall back to the defaults when the storage holds something else', () => {
    const local = memoryStorage();
    local.setItem('kypho.dicomweb.servers', '{not json');
    expect(loadServers(local, memoryStorage()).servers).toEqual([LOCAL_SERVER]);
    local.setItem('kypho.dicomweb.servers', JSON.stringify([{ name: 'no id' }]));
    expect(loadServers(local, memoryStorage()).servers).toEqual([LOCAL_SERVER]);
  });

  it('resolve a relative root against the page, and name the server when its URL is wrong', () => {
    expect(resolveServer(LOCAL_SERVER, 'http://127.0.0.1:4173/?sample=x')).toEqual({
      server: { id: LOCAL_SERVER.id, name: 'Local Orthanc', root: 'http://127.0.0.1:4173/dicom-web', auth: { kind: 'none' } },
    });
    expect(resolveServer({ ...hospital, url: 'ftp://x' }, 'http://127.0.0.1/')).toEqual({ error: 'Server "Hospital PACS": "ftp://x" is not an http or https URL.' });
  });
});
