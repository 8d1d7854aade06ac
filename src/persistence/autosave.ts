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
import type { SignOff } from './signOff';

const DATABASE = 'kypho';
const STORE = 'readings';

export interface SavedReading {
  studyInstanceUid: string;
  document: ReadingDocument;
  userCalibrations: Record<string, Calibration<'mm (user)'>>;
  /** Signed (and locked), or amending a signed reading; absent: never signed. */
  signOff?: SignOff;
  /** 1 for the first save, +1 for every save after it. */
  revision: number;
  /** The tab that saved it (see tabs.ts). */
  savedBy: string;
  savedAt: string;
}

export type SaveOutcome = { status: 'saved'; record: SavedReading } | { status: 'conflict'; current: SavedReading };

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= openDatabase(1).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

function openDatabase(version: number): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'studyInstanceUid' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // A database of this name without the store (made by something else after the site data was
      // cleared): a version up creates it.
      if (!db.objectStoreNames.contains(STORE)) {
        db.close();
        openDatabase(db.version + 1).then(resolve, reject);
        return;
      }
      // Closed by the browser (site data cleared while the tab is open): the next use opens it again.
      db.onclose = () => {
        opening = null;
      };
      // Another tab upgrading or deleting the database: let it, and open again on the next use.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('the save was aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('the save failed'));
  });
}

/**
 * Runs `work` on the database; when the connection turns out closed under it (site data cleared, the
 * browser shutting a connection), opens the database again and runs it once more.
 */
async function withDatabase<T>(work: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await database();
  try {
    return await work(db);
  } catch (error) {
    if (!(error instanceof DOMException) || error.name !== 'InvalidStateError') throw error;
    if (opening) {
      db.close();
      opening = null;
    }
    return work(await database());
  }
}

export function loadSavedReading(studyInstanceUid: string): Promise<SavedReading | null> {
  return withDatabase((db) => load(db, studyInstanceUid));
}

async function load(db: IDBDatabase, studyInstanceUid: string): Promise<SavedReading | null> {
  const transaction = db.transaction(STORE, 'readonly');
  const request = transaction.objectStore(STORE).get(studyInstanceUid);
  await done(transaction);
  return (request.result as SavedReading | undefined) ?? null;
}

/**
 * Saves a reading if the stored revision is still `basedOn` (0: nothing stored yet). Rejects on storage
 * errors (quota, private mode), with the browser's reason.
 */
export function saveReading(record: Omit<SavedReading, 'revision' | 'savedAt'>, basedOn: number): Promise<SaveOutcome> {
  return withDatabase((db) => save(db, record, basedOn));
}

async function save(db: IDBDatabase, record: Omit<SavedReading, 'revision' | 'savedAt'>, basedOn: number): Promise<SaveOutcome> {
  const transaction = db.transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = transaction.objectStore(STORE);
  let outcome: SaveOutcome | null = null;
  const request = store.get(record.studyInstanceUid);
  request.onsuccess = () => {
    const current = request.result as SavedReading | undefined;
    // No record at all is no conflict: nothing of another tab would be overwritten (the site's data was
    // cleared, or the readings forgotten), and this tab's reading is then the only copy.
    if (current && current.revision !== basedOn) {
      outcome = { status: 'conflict', current: current as SavedReading };
      return;
    }
    const saved: SavedReading = { ...record, revision: (current?.revision ?? basedOn) + 1, savedAt: new Date().toISOString() };
    store.put(saved);
    outcome = { status: 'saved', record: saved };
  };
  await done(transaction);
  return outcome as unknown as SaveOutcome;
}

/**
 * Why a save failed, in words a reader can act on: what happened and what to do now. The browser's own
 * name of the error follows in brackets, for whoever supports the reader.
 */
export function storageFailure(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const detail = error instanceof Error && error.message ? `${name}: ${error.message}` : name || String(error);
  const what =
    name === 'QuotaExceededError'
      ? "this browser's storage for Kypho is full"
      : name === 'InvalidStateError' || name === 'UnknownError'
        ? "the browser's storage for Kypho was closed or cleared"
        : name === 'SecurityError' || /blocked|private|not allowed|denied/i.test(detail)
          ? 'this browser does not let Kypho store data (a private window, or site data blocked in the settings)'
          : "the browser's storage failed";
  return `${what}. Export the reading as JSON now (Export ▸ Reading JSON) to keep it; Kypho tries again at the next change (${detail}).`;
}

/** How many readings are stored in this browser (one per study). */
export function countSavedReadings(): Promise<number> {
  return withDatabase(async (db) => {
    const transaction = db.transaction(STORE, 'readonly');
    const request = transaction.objectStore(STORE).count();
    await done(transaction);
    return request.result;
  });
}

/**
 * Deletes every reading stored in this browser ("Forget readings on this computer") and says how many there
 * were; counted and cleared in one transaction, so a save of another tab lands wholly before or after it.
 */
export function forgetSavedReadings(): Promise<number> {
  return withDatabase(async (db) => {
    const transaction = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    const store = transaction.objectStore(STORE);
    const count = store.count();
    store.clear();
    await done(transaction);
    return count.result;
  });
}
