/**
 * The teaching readings this browser keeps in localStorage, found and counted for "Forget readings on this
 * computer": the teacher's pack draft (each case carries its reference reading) and every trainee's submitted
 * cases (each the trainee's reading). Readings carry the patient's name and ID, so forgetting readings on a shared
 * workstation has to forget these too. Pure: the storage to read is passed in.
 *
 * Not found here, so kept: the reader's name (`kypho.reader`) and the trainee's name (`kypho.trainee`) say who
 * reads, not what of a patient; the DICOMweb servers and the Snap and Loupe toggles are settings. None of them
 * holds a reading, and the reader who forgets the readings of a session still needs them for the next.
 */
import type { PackDraft } from './draft';
import { storedSubmissions } from './progress';

/** The teacher's pack draft: one per browser. */
export const DRAFT_KEY = 'kypho.teaching-draft';

const PROGRESS_PREFIX = 'kypho.teaching/';

/** Where a trainee's submitted cases of a pack are kept: one key per pack title and trainee. */
export const progressKey = (packTitle: string, trainee: string) => `${PROGRESS_PREFIX}${packTitle}/${trainee}`;

/** What is read of the storage: localStorage in the app. */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}

/** A stored draft as parsed JSON (anything): the draft, or null when it is not one. */
export function storedDraft(json: unknown): PackDraft | null {
  const draft = json as Partial<PackDraft> | null;
  return draft && typeof draft.title === 'string' && Array.isArray(draft.cases) ? (draft as PackDraft) : null;
}

export interface StoredTeaching {
  /** The keys that hold them, to delete. */
  keys: string[];
  /** Cases in the teacher's draft. A draft without cases holds no reading (only a title) and is not counted. */
  draftCases: number;
  /** Submitted cases, over every pack and trainee. */
  submittedCases: number;
}

function parsed(text: string | null): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
}

/** The teaching readings in `storage`: only keys that hold at least one reading, as the app reads them. */
export function storedTeaching(storage: KeyValueStorage): StoredTeaching {
  const found: StoredTeaching = { keys: [], draftCases: 0, submittedCases: 0 };
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === DRAFT_KEY) {
      found.draftCases = storedDraft(parsed(storage.getItem(key)))?.cases.length ?? 0;
      if (found.draftCases) found.keys.push(key);
    } else if (key?.startsWith(PROGRESS_PREFIX)) {
      const submitted = Object.keys(storedSubmissions(parsed(storage.getItem(key)))).length;
      found.submittedCases += submitted;
      if (submitted) found.keys.push(key);
    }
  }
  return found;
}
