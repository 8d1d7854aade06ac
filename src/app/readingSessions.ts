/**
 * One reading per study: a reading store per Study Instance UID, each restored from its autosave when the
 * study is opened and saved again after every change (coalesced while a save is in flight). The save state
 * of each study is what the viewer shows beside the results ("Saved", "Saving…", "Not saved: why").
 *
 * No React here: the app reads it through useSyncExternalStore (useReadingSessions.ts).
 */
import type { Calibration } from '../morphometry';
import { fromReadingDocument, toReadingDocument, type ReadingDocument, type StudyInfo } from '../persistence/readingDocument';
import { storageFailure, type SavedReading, type SaveOutcome } from '../persistence/autosave';
import { applyMerge, mergeByLevel, takenFromOther, type MergeChoices, type MergeQuestions } from '../persistence/mergeReadings';
import { lockedReason, type SignedReading, type SignOff } from '../persistence/signOff';
import { formatPersonName } from '../dicom';
import { createReadingStore, type ImageRef, type ReadingState, type ReadingStore } from '../reading';

export type SaveState =
  | { kind: 'loading' }
  /** Nothing measured and nothing stored: nothing to lose. */
  | { kind: 'empty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string; restored: boolean }
  | { kind: 'failed'; reason: string }
  /** Another tab saved this study: autosave stops until the reader chooses which reading to keep. */
  | { kind: 'conflict'; reason: string };

export interface StudySession {
  studyInstanceUid: string;
  store: ReadingStore;
  save: SaveState;
  /** Signed (the store is then locked), or amending a signed reading. */
  signOff: SignOff;
}

export interface Storage {
  load(studyInstanceUid: string): Promise<SavedReading | null>;
  save(record: Omit<SavedReading, 'revision' | 'savedAt'>, basedOn: number): Promise<SaveOutcome>;
  announce(studyInstanceUid: string, revision: number): void;
  tabId: string;
}

export interface SessionOptions {
  storage: Storage;
  /** Patient and study of a loaded study, for the saved document. */
  studyInfo: (studyInstanceUid: string) => StudyInfo;
  /** The calibration of a loaded image, for a restored measurement under a user calibration. */
  imageCalibration?: (image: ImageRef) => Calibration | null;
  now?: () => Date;
}

interface Internal extends StudySession {
  unsubscribe: () => void;
  /** The stored revision this tab's reading is based on (0: nothing stored). */
  revision: number;
  /** The reading as last saved or restored: a save is due when the store's reading is another object. */
  saved: ReadingState | null;
  created: string | null;
  inFlight: boolean;
  pending: boolean;
}


export class ReadingSessions {
  private readonly sessions = new Map<string, Internal>();
  private readonly listeners = new Set<() => void>();
  private snapshot: ReadonlyMap<string, StudySession> = new Map();

  constructor(private readonly options: SessionOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReadonlyMap<string, StudySession> => this.snapshot;

  /** True while some reading is not safely stored: being saved, due to be saved, not saved, or in conflict. */
  unsafe(): boolean {
    return [...this.sessions.values()].some((s) => s.inFlight || s.pending || s.save.kind === 'failed' || s.save.kind === 'conflict');
  }

  get(studyInstanceUid: string): StudySession | undefined {
    return this.snapshot.get(studyInstanceUid);
  }

  /** Starts a study's session (once): an empty reading at once, the saved one as soon as it is read. */
  open(studyInstanceUid: string): void {
    if (this.sessions.has(studyInstanceUid)) return;
    const session = this.attach({
      studyInstanceUid,
      store: createReadingStore(),
      save: { kind: 'loading' },
      signOff: {},
      unsubscribe: () => {},
      revision: 0,
      saved: null,
      created: null,
      inFlight: false,
      pending: false,
    });
    this.sessions.set(studyInstanceUid, session);
    this.publish();
    this.options.storage.load(studyInstanceUid).then(
      (record) => {
        if (!record) {
          session.save = { kind: 'empty' };
          this.publish();
          // Measured while the lookup ran: save it now.
          this.onChange(session);
          return;
        }
        if (!pristine(session.store)) {
          // Measured in the moment the saved reading was being read: keep nothing silently.
          session.revision = record.revision;
          this.conflict(session, `A reading of this study was saved at ${time(record.savedAt)}; you measured before it was restored.`);
          return;
        }
        this.restore(session, record);
      },
      (error: unknown) => {
        session.save = { kind: 'failed', reason: `saved readings cannot be read (${reason(error)})` };
        this.publish();
      },
    );
  }

  /** Another tab saved a study this tab has open. */
  savedElsewhere(studyInstanceUid: string, revision: number): void {
    const session = this.sessions.get(studyInstanceUid);
    if (!session || session.save.kind === 'loading' || revision <= session.revision) return;
    this.conflict(session, 'This reading was changed in another tab.');
  }

  /** Conflict resolved for the stored reading: this tab shows what is saved. */
  async takeSaved(studyInstanceUid: string): Promise<void> {
    const session = this.sessions.get(studyInstanceUid);
    if (!session) return;
    const record = await this.options.storage.load(studyInstanceUid);
    if (record) this.restore(session, record);
    else {
      session.revision = 0;
      session.signOff = {};
      this.replaceStore(session, createReadingStore());
      session.save = { kind: 'empty' };
      this.publish();
    }
  }

  /**
   * Conflict resolved by merging this tab's reading with the stored one (persistence/mergeReadings): the levels,
   * image calibrations and method both tabs changed come back as questions; `finish` with the answers saves the
   * merged reading. `fromOther` says what was taken from the other tab without asking.
   * A signed reading is not merged (it is locked as it was signed).
   */
  async mergeWithSaved(
    studyInstanceUid: string,
  ): Promise<{ questions: MergeQuestions; fromOther: string; finish: (choices: MergeChoices) => void } | { unavailable: string }> {
    const session = this.sessions.get(studyInstanceUid);
    if (!session) return { unavailable: 'this study is not open' };
    const record = await this.options.storage.load(studyInstanceUid);
    if (session.signOff.signed || record?.signOff?.signed) {
      return { unavailable: 'a signed reading is not merged: load the saved reading, or keep this tab\'s.' };
    }
    const mine = session.store.getSnapshot().reading;
    const theirs = record ? this.readingOf(record) : { ...mine, findings: [], userCalibrations: {} };
    const merge = mergeByLevel(session.saved, mine, theirs);
    return {
      questions: merge,
      fromOther: takenFromOther(merge),
      finish: (choices) => {
        this.replaceStore(session, createReadingStore({ reading: applyMerge(merge, mine, theirs, choices) }));
        session.revision = record?.revision ?? 0;
        session.saved = null;
        session.save = { kind: 'saving' };
        this.run(session);
      },
    };
  }

  /** Conflict resolved for this tab's reading: it replaces what is saved. */
  async keepMine(studyInstanceUid: string): Promise<void> {
    const session = this.sessions.get(studyInstanceUid);
    if (!session) return;
    const record = await this.options.storage.load(studyInstanceUid);
    session.revision = record?.revision ?? 0;
    session.save = { kind: 'saving' };
    this.run(session);
  }

  /**
   * An imported reading replaces the study's reading (the caller has asked the reader) and is saved at once.
   * A signed reading is not replaced: it has to be amended first (the caller says so). An imported signed SR
   * comes with its sign-off and is locked as it was signed; an imported amendment names the SR it amends.
   */
  replace(studyInstanceUid: string, reading: ReadingState, created?: string, signOff: SignOff = {}): void {
    this.open(studyInstanceUid);
    const session = this.sessions.get(studyInstanceUid) as Internal;
    if (session.signOff.signed) throw new Error('the reading of this study is signed: amend it before replacing it');
    // An amendment's SR names only the signed SR: who signed it is kept when this tab knows that SR.
    const known = session.signOff.amends?.sr.sopInstanceUid === signOff.amends?.sr.sopInstanceUid;
    if (signOff.signed || (signOff.amends && !known)) session.signOff = signOff;
    this.replaceStore(session, signOff.signed ? lockedStore(reading, signOff.signed) : createReadingStore({ reading }));
    session.created = created ?? session.created;
    session.saved = null;
    if (session.save.kind !== 'loading' && session.save.kind !== 'conflict') this.onChange(session);
    this.publish();
  }

  /**
   * The reader signed the reading as it is now: it is locked (every edit refused with the reason) and saved
   * with the signed SR, until the reader amends it.
   */
  sign(studyInstanceUid: string, signed: SignedReading): void {
    const session = this.sessions.get(studyInstanceUid);
    if (!session) throw new Error(`study ${studyInstanceUid} is not open`);
    session.signOff = { signed };
    this.replaceStore(session, lockedStore(session.store.getSnapshot().reading, signed));
    this.saveNow(session);
  }

  /**
   * The reader chose to change a signed reading (the caller has asked): the lock goes, the signed SR stays as
   * it was written, and the reading is now an unsigned amendment of it.
   */
  amend(studyInstanceUid: string): void {
    const session = this.sessions.get(studyInstanceUid);
    const signed = session?.signOff.signed;
    if (!session || !signed) return;
    const { bytes: _kept, ...predecessor } = signed;
    session.signOff = { amends: predecessor };
    this.replaceStore(session, createReadingStore({ reading: session.store.getSnapshot().reading }));
    this.saveNow(session);
  }

  /** The study's reading as a `kypho.reading/v1` document, as it would be saved now. */
  document(studyInstanceUid: string): ReadingDocument | null {
    const session = this.sessions.get(studyInstanceUid);
    if (!session) return null;
    const now = this.now();
    return toReadingDocument(session.store.getSnapshot().reading, {
      study: this.options.studyInfo(studyInstanceUid),
      created: session.created ?? now,
      modified: now,
    });
  }

  private attach(session: Internal): Internal {
    session.unsubscribe = session.store.subscribe(() => this.onChange(session));
    return session;
  }

  private replaceStore(session: Internal, store: ReadingStore): void {
    session.unsubscribe();
    session.store = store;
    this.attach(session);
  }

  private saveNow(session: Internal): void {
    session.saved = null;
    this.publish();
    this.onChange(session);
  }

  /**
   * The stored readings were deleted ("Forget readings on this computer"): what is on screen is now stored
   * nowhere. A reading with something in it says so (and the page asks before closing); an empty one is empty.
   * The next change saves it again, as a first save.
   */
  forgotten(): void {
    for (const session of this.sessions.values()) {
      if (session.save.kind === 'loading') continue;
      session.revision = 0;
      session.saved = null;
      const { findings, userCalibrations } = session.store.getSnapshot().reading;
      session.save =
        findings.length === 0 && Object.keys(userCalibrations).length === 0
          ? { kind: 'empty' }
          : { kind: 'failed', reason: 'the stored readings were forgotten on this computer; this one is only on screen now. A change saves it again; export it (Export ▸ Reading JSON) to keep it.' };
    }
    this.publish();
  }

  /** A stored reading as this tab's store holds it, its user calibrations included. */
  private readingOf(record: SavedReading): ReadingState {
    // Every stored reading can be shown, patient-space (reformat) measurements included.
    const { reading: read } = fromReadingDocument(record.document, { imageCalibration: this.options.imageCalibration });
    return { ...read, userCalibrations: { ...read.userCalibrations, ...record.userCalibrations } };
  }

  private restore(session: Internal, record: SavedReading): void {
    const reading = this.readingOf(record);
    session.signOff = record.signOff ?? {};
    const signed = session.signOff.signed;
    this.replaceStore(session, signed ? lockedStore(reading, signed) : createReadingStore({ reading }));
    session.revision = record.revision;
    session.saved = session.store.getSnapshot().reading;
    session.created = record.document.created ?? null;
    session.save = { kind: 'saved', at: record.savedAt, restored: true };
    this.publish();
  }

  private onChange(session: Internal): void {
    if (session.save.kind === 'loading' || session.save.kind === 'conflict') return;
    const reading = session.store.getSnapshot().reading;
    if (reading === session.saved) return;
    if (session.saved === null && session.revision === 0 && reading.findings.length === 0 && Object.keys(reading.userCalibrations).length === 0) {
      if (session.save.kind !== 'empty') {
        session.save = { kind: 'empty' };
        this.publish();
      }
      return;
    }
    if (session.inFlight) {
      session.pending = true;
      return;
    }
    this.run(session);
  }

  private run(session: Internal): void {
    const reading = session.store.getSnapshot().reading;
    const now = this.now();
    session.created ??= now;
    session.inFlight = true;
    session.pending = false;
    session.save = { kind: 'saving' };
    this.publish();
    const document = toReadingDocument(reading, { study: this.options.studyInfo(session.studyInstanceUid), created: session.created, modified: now });
    this.options.storage
      .save(
        {
          studyInstanceUid: session.studyInstanceUid,
          document,
          userCalibrations: { ...reading.userCalibrations },
          ...((session.signOff.signed || session.signOff.amends) && { signOff: session.signOff }),
          savedBy: this.options.storage.tabId,
        },
        session.revision,
      )
      .then(
        (outcome) => {
          session.inFlight = false;
          if (outcome.status === 'conflict') {
            this.conflict(session, `Another tab saved this reading at ${time(outcome.current.savedAt)}.`);
            return;
          }
          session.revision = outcome.record.revision;
          session.saved = reading;
          this.options.storage.announce(session.studyInstanceUid, outcome.record.revision);
          if (session.pending || session.store.getSnapshot().reading !== reading) this.run(session);
          else {
            session.save = { kind: 'saved', at: outcome.record.savedAt, restored: false };
            this.publish();
          }
        },
        (error: unknown) => {
          session.inFlight = false;
          // The next change tries again; until then the reader sees that this one is not stored.
          session.save = { kind: 'failed', reason: storageFailure(error) };
          this.publish();
        },
      );
  }

  private conflict(session: Internal, message: string): void {
    session.save = { kind: 'conflict', reason: message };
    this.publish();
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private publish(): void {
    this.snapshot = new Map(
      [...this.sessions].map(([uid, s]) => [uid, { studyInstanceUid: uid, store: s.store, save: s.save, signOff: s.signOff } satisfies StudySession]),
    );
    for (const listener of [...this.listeners]) listener();
  }
}

function lockedStore(reading: Partial<ReadingState>, signed: SignedReading): ReadingStore {
  return createReadingStore({ reading, locked: lockedReason(signed, formatPersonName) });
}

function pristine(store: ReadingStore): boolean {
  const snapshot = store.getSnapshot();
  return snapshot.undoKind === null && snapshot.reading.findings.length === 0;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}
