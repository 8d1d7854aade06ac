/**
 * Autosave in IndexedDB: one record per study (keyed by Study Instance UID) holding the reading document and
 * the user calibrations it cannot hold. A save commits with `strict` durability before it reports success,
 * so what the viewer shows as saved survives a closed or crashed tab.
 *
 * Two tabs on one study must not overwrite each other: every record carries a revision, and a save names
 * the revision it was based on. If another tab saved since, the save is refused as a conflict (checked
 * inside the same read-write transaction, so it cannot race) and the caller says so.
 */
import type { Calibration } from '../morphometry';
import type { ReadingDocument } from './readingDocument';

const DATABASE = 'kypho';
const STORE = 'readings';

export interface SavedReading {
  studyInstanceUid: string;
  document: ReadingDocument;
  userCalibrations: Record<string, Calibration<'mm (user)'>>;
  /** 1 for the first save, +1 for every save after it. */
  revision: number;
  /** The tab that saved it (see tabs.ts). */
  savedBy: string;
  savedAt: string;
}

export type SaveOutcome = { status: 'saved'; record: SavedReading } | { status: 'conflict'; current: SavedReading };

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'studyInstanceUid' });
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading or deleting the database: let it, and open again on the next use.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('the save was aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('the save failed'));
  });
}

export async function loadSavedReading(studyInstanceUid: string): Promise<SavedReading | null> {
  const db = await database();
  const transaction = db.transaction(STORE, 'readonly');
  const request = transaction.objectStore(STORE).get(studyInstanceUid);
  await done(transaction);
  return (request.result as SavedReading | undefined) ?? null;
}

/**
 * Saves a reading if the stored revision is still `basedOn` (0: nothing stored yet). Rejects on storage
 * errors (quota, private mode), with the browser's reason.
 */
export async function saveReading(
  record: Omit<SavedReading, 'revision' | 'savedAt'>,
  basedOn: number,
): Promise<SaveOutcome> {
  const db = await database();
  const transaction = db.transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = transaction.objectStore(STORE);
  let outcome: SaveOutcome | null = null;
  const request = store.get(record.studyInstanceUid);
  request.onsuccess = () => {
    const current = request.result as SavedReading | undefined;
    if ((current?.revision ?? 0) !== basedOn) {
      outcome = { status: 'conflict', current: current as SavedReading };
      return;
    }
    const saved: SavedReading = { ...record, revision: basedOn + 1, savedAt: new Date().toISOString() };
    store.put(saved);
    outcome = { status: 'saved', record: saved };
  };
  await done(transaction);
  return outcome as unknown as SaveOutcome;
}
