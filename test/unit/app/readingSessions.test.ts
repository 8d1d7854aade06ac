/** Autosave and restore per study, with an in-memory storage standing in for IndexedDB (the browser test uses the real one). */
import { describe, expect, it } from 'vitest';
import type { SavedReading, SaveOutcome } from '../../../src/persistence/autosave';
import { ReadingSessions, type Storage } from '../../../src/app/readingSessions';
import { radiographReading, STUDY } from '../persistence/fixtures';
import type { Finding } from '../../../src/reading';

/** Storage that behaves as IndexedDB does (revision check), with saves that finish when the test says. */
function memoryStorage(tabId = 'tab-a', shared = new Map<string, SavedReading>()) {
  const waiting: (() => void)[] = [];
  const announced: number[] = [];
  let failNext: Error | null = null;
  const storage: Storage = {
    tabId,
    load: async (uid) => shared.get(uid) ?? null,
    save: (record, basedOn) =>
      new Promise<SaveOutcome>((resolve, reject) =>
        waiting.push(() => {
          if (failNext) {
            reject(failNext);
            failNext = null;
            return;
          }
          const current = shared.get(record.studyInstanceUid);
          if ((current?.revision ?? 0) !== basedOn) return resolve({ status: 'conflict', current: current! });
          const saved = { ...record, revision: basedOn + 1, savedAt: '2026-11-21T10:00:00.000Z' };
          shared.set(record.studyInstanceUid, saved);
          resolve({ status: 'saved', record: saved });
        }),
      ),
    announce: (_uid, revision) => announced.push(revision),
  };
  return {
    storage,
    shared,
    announced,
    pendingSaves: () => waiting.length,
    /** Lets the oldest save finish. */
    async finishSave() {
      waiting.shift()?.();
      await flush();
    },
    failNextSave(error: Error) {
      failNext = error;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const studyInfo = () => STUDY;
const finding = (level: Finding['level']) => radiographReading().findings.find((f) => f.level === level)!;

async function opened(storage: Storage) {
  const sessions = new ReadingSessions({ storage, studyInfo });
  sessions.open(STUDY.studyInstanceUid);
  await flush();
  return { sessions, session: () => sessions.get(STUDY.studyInstanceUid)! };
}

describe('autosave of a study reading', () => {
  it('has nothing to save before the first edit, then saves every change', async () => {
    const memory = memoryStorage();
    const { session } = await opened(memory.storage);
    expect(session().save).toEqual({ kind: 'empty' });
    session().store.place(finding('T11'));
    expect(session().save).toEqual({ kind: 'saving' });
    await memory.finishSave();
    expect(session().save).toMatchObject({ kind: 'saved', restored: false });
    expect(memory.shared.get(STUDY.studyInstanceUid)?.document.vertebrae.map((v) => v.level)).toEqual(['T11']);
    expect(memory.announced).toEqual([1]);
  });

  it('coalesces the changes made while a save is in flight into one more save of the latest reading', async () => {
    const memory = memoryStorage();
    const { session } = await opened(memory.storage);
    session().store.place(finding('T11'));
    session().store.place(finding('T12'));
    session().store.place(finding('L1'));
    expect(memory.pendingSaves()).toBe(1);
    await memory.finishSave();
    expect(session().save.kind).toBe('saving');
    expect(memory.pendingSaves()).toBe(1);
    await memory.finishSave();
    expect(session().save.kind).toBe('saved');
    expect(memory.shared.get(STUDY.studyInstanceUid)?.document.vertebrae.map((v) => v.level)).toEqual(['T11', 'T12', 'L1']);
    expect(memory.shared.get(STUDY.studyInstanceUid)?.revision).toBe(2);
  });

  it('says why a save failed, and tries again with the next change', async () => {
    const memory = memoryStorage();
    const { sessions, session } = await opened(memory.storage);
    memory.failNextSave(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    session().store.place(finding('T11'));
    await memory.finishSave();
    // In plain words, with what to do now; the browser's name of it last, for support.
    expect(session().save).toEqual({
      kind: 'failed',
      reason:
        "this browser's storage for Kypho is full. Export the reading as JSON now (Export ▸ Reading JSON) to keep it; " +
        'Kypho tries again at the next change (QuotaExceededError: The quota has been exceeded.).',
    });
    expect(session().store.getSnapshot().reading.findings).toHaveLength(1);
    // Closing the tab now would lose it: the app asks first.
    expect(sessions.unsafe()).toBe(true);
    session().store.place(finding('T12'));
    await memory.finishSave();
    expect(session().save.kind).toBe('saved');
    expect(sessions.unsafe()).toBe(false);
    expect(memory.shared.get(STUDY.studyInstanceUid)?.document.vertebrae).toHaveLength(2);
  });

  it('restores the saved reading when the study is opened again, calibrations included', async () => {
    const memory = memoryStorage();
    const first = await opened(memory.storage);
    for (const f of radiographReading().findings) first.session().store.place(f);
    first.session().store.calibrate({ seriesInstanceUid: '1', sopInstanceUid: 'other', frameNumber: 1 }, { label: 'mm (user)', pixelSpacing: [0.3, 0.3], warning: null });
    while (memory.pendingSaves() > 0) await memory.finishSave();
    const saved = first.session().store.getSnapshot().reading;

    const { session } = await opened(memoryStorage('tab-b', memory.shared).storage);
    expect(session().save).toMatchObject({ kind: 'saved', restored: true });
    const restored = session().store.getSnapshot().reading;
    expect(restored.findings.map(({ id: _id, ...f }) => f)).toEqual(saved.findings.map(({ id: _id, ...f }) => f));
    expect(restored.userCalibrations).toEqual(saved.userCalibrations);
  });
});

describe('two tabs on one study', () => {
  it('refuses to save over a reading another tab saved since, and says so', async () => {
    const shared = new Map<string, SavedReading>();
    const a = memoryStorage('tab-a', shared);
    const b = memoryStorage('tab-b', shared);
    const tabA = await opened(a.storage);
    const tabB = await opened(b.storage);
    tabB.session().store.place(finding('L2'));
    await b.finishSave();
    // Tab A did not hear of it (no broadcast here): its save is refused by the revision check all the same.
    tabA.session().store.place(finding('T11'));
    await a.finishSave();
    expect(tabA.session().save).toEqual({ kind: 'conflict', reason: expect.stringContaining('Another tab saved this reading') });
    expect(shared.get(STUDY.studyInstanceUid)?.document.vertebrae.map((v) => v.level)).toEqual(['L2']);
    // Further edits are not saved while the question stands.
    tabA.session().store.place(finding('T12'));
    expect(a.pendingSaves()).toBe(0);

    await tabA.sessions.keepMine(STUDY.studyInstanceUid);
    await a.finishSave();
    expect(tabA.session().save.kind).toBe('saved');
    expect(shared.get(STUDY.studyInstanceUid)?.document.vertebrae.map((v) => v.level)).toEqual(['T11', 'T12']);
  });

  it('is told of another tab save at once, and can take that reading', async () => {
    const shared = new Map<string, SavedReading>();
    const a = memoryStorage('tab-a', shared);
    const b = memoryStorage('tab-b', shared);
    const tabA = await opened(a.storage);
    const tabB = await opened(b.storage);
    tabB.session().store.place(finding('L2'));
    await b.finishSave();
    tabA.sessions.savedElsewhere(STUDY.studyInstanceUid, b.announced.at(-1)!);
    expect(tabA.session().save).toEqual({ kind: 'conflict', reason: 'This reading was changed in another tab.' });
    await tabA.sessions.takeSaved(STUDY.studyInstanceUid);
    expect(tabA.session().save).toMatchObject({ kind: 'saved', restored: true });
    expect(tabA.session().store.getSnapshot().reading.findings.map((f) => f.level)).toEqual(['L2']);
  });
});

describe('a signed reading', () => {
  const signed = {
    reader: { name: 'DOE^JANE', organization: 'Phantom Radiology' },
    at: '2026-12-02T06:00:00.000Z',
    sr: { studyInstanceUid: STUDY.studyInstanceUid, seriesInstanceUid: '2.25.1', sopInstanceUid: '2.25.2', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33' },
    bytes: new Uint8Array([1, 2, 3]),
  };

  it('is locked and saved with its signed SR; after a reload it is still locked', async () => {
    const memory = memoryStorage();
    const { sessions, session } = await opened(memory.storage);
    session().store.place(finding('T11'));
    await memory.finishSave();
    sessions.sign(STUDY.studyInstanceUid, signed);
    await memory.finishSave();
    expect(memory.shared.get(STUDY.studyInstanceUid)?.signOff).toEqual({ signed });
    const refused = session().store.place(finding('T12'));
    expect(refused).toEqual({ status: 'rejected', reason: expect.stringMatching(/^This reading is signed \(DOE, JANE, Phantom Radiology, 2026-12-02 06:00 UTC\) and locked: choose Amend/) });
    expect(session().store.remove(session().store.getSnapshot().reading.findings[0]!.id).status).toBe('rejected');
    expect(session().store.getSnapshot().reading.findings.map((f) => f.level)).toEqual(['T11']);
    expect(memory.pendingSaves()).toBe(0);
    expect(() => sessions.replace(STUDY.studyInstanceUid, radiographReading())).toThrow(/signed: amend it/);

    const { session: reloaded } = await opened(memory.storage);
    expect(reloaded().signOff.signed?.sr.sopInstanceUid).toBe('2.25.2');
    expect(reloaded().store.place(finding('T12')).status).toBe('rejected');
  });

  it('amended: unlocked, the signed SR named as what it amends, and edits saved again', async () => {
    const memory = memoryStorage();
    const { sessions, session } = await opened(memory.storage);
    session().store.place(finding('T11'));
    await memory.finishSave();
    sessions.sign(STUDY.studyInstanceUid, signed);
    await memory.finishSave();
    sessions.amend(STUDY.studyInstanceUid);
    await memory.finishSave();
    const { bytes: _bytes, ...predecessor } = signed;
    expect(session().signOff).toEqual({ amends: predecessor });
    expect(session().store.place(finding('T12')).status).toBe('done');
    await memory.finishSave();
    const saved = memory.shared.get(STUDY.studyInstanceUid)!;
    expect(saved.document.vertebrae.map((v) => v.level)).toEqual(['T11', 'T12']);
    expect(saved.signOff).toEqual({ amends: predecessor });
  });
});

describe('after the stored readings were forgotten', () => {
  it('a reading on screen says it is stored nowhere (unsafe), and its next change saves it as a first save', async () => {
    const memory = memoryStorage();
    const { sessions, session } = await opened(memory.storage);
    session().store.place(finding('T11'));
    await memory.finishSave();
    expect(sessions.unsafe()).toBe(false);
    memory.shared.clear(); // what forgetSavedReadings does to IndexedDB
    sessions.forgotten();
    expect(session().save).toMatchObject({ kind: 'failed', reason: expect.stringContaining('forgotten on this computer') });
    expect(sessions.unsafe()).toBe(true);
    session().store.place(finding('T12'));
    await memory.finishSave();
    expect(session().save).toMatchObject({ kind: 'saved' });
    const stored = memory.shared.get(STUDY.studyInstanceUid)!;
    expect(stored.revision).toBe(1);
    expect(stored.document.vertebrae.map((v) => v.level)).toEqual(['T11', 'T12']);
  });

  it('an empty reading is simply empty', async () => {
    const memory = memoryStorage();
    const { sessions, session } = await opened(memory.storage);
    sessions.forgotten();
    expect(session().save).toEqual({ kind: 'empty' });
    expect(sessions.unsafe()).toBe(false);
  });
});
