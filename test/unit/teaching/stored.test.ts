import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, withCase, type PackDraft } from '../../../src/teaching/draft';
import type { PackCase } from '../../../src/teaching/pack';
import { PROGRESS_SCHEMA, withSubmission, type StoredProgress } from '../../../src/teaching/progress';
import { DRAFT_KEY, progressKey, storedTeaching, type KeyValueStorage } from '../../../src/teaching/stored';
import { mri, radiograph } from './fixtures';

/** localStorage as the app leaves it: the values are the strings it writes. */
function storage(entries: Record<string, string>): KeyValueStorage {
  const keys = Object.keys(entries);
  return { length: keys.length, key: (i) => keys[i] ?? null, getItem: (key) => entries[key] ?? null };
}

/** The teacher's draft after two "Save as reference", as useTeacherPack stores it. */
const draft: PackDraft = [radiograph.reference, mri.reference].reduce(
  (d, reference, i) => withCase(d, { title: `Case ${i + 1}`, question: 'Grade every vertebra.', teachingPoints: [], studyInstanceUid: `2.25.${i + 1}`, reference }).draft,
  EMPTY_DRAFT,
);

const packCase = (id: string, studyInstanceUid: string): PackCase => ({ id, title: id, question: 'Grade every vertebra.', studyInstanceUid, reference: 'reference.json', teachingPoints: [] });

/** A trainee's progress after submitting `cases` one by one, as useTeaching stores it. */
function submitted(...cases: PackCase[]): string {
  let progress: StoredProgress = { schema: PROGRESS_SCHEMA, submitted: {} };
  for (const c of cases) progress = withSubmission(progress.submitted, c, { document: radiograph.trainee, at: '2026-12-02T10:00:00.000Z' });
  return JSON.stringify(progress);
}

/** What the reader keeps that is not a reading: who reads and how. */
const settings = {
  'kypho.reader': JSON.stringify({ name: 'READER^ANNA' }),
  'kypho.trainee': 'Dr Test, Trainee',
  'kypho.dicomweb.servers': '[]',
  'kypho.dicomweb.active': 'local',
  'kypho.snap': 'off',
  'kypho.loupe': 'on',
};

describe('the teaching readings this browser keeps, for Forget readings', () => {
  it("finds the teacher's draft with its cases and every trainee's submitted cases, and no setting", () => {
    const found = storedTeaching(
      storage({
        ...settings,
        [DRAFT_KEY]: JSON.stringify(draft),
        [progressKey('Vertebral fracture cases', 'Dr Test, Trainee')]: submitted(packCase('baseline', '2.25.1'), packCase('mri', '2.25.2'), packCase('followup', '2.25.3')),
        [progressKey('Week 3', 'Another Trainee')]: submitted(packCase('baseline', '2.25.1')),
      }),
    );
    expect(found.draftCases).toBe(2);
    expect(found.submittedCases).toBe(4);
    expect(found.keys.sort()).toEqual([DRAFT_KEY, 'kypho.teaching/Vertebral fracture cases/Dr Test, Trainee', 'kypho.teaching/Week 3/Another Trainee']);
  });

  it('finds nothing in a browser that keeps only settings', () => {
    expect(storedTeaching(storage(settings))).toEqual({ keys: [], draftCases: 0, submittedCases: 0 });
  });

  it('keeps a draft without cases (a title, no reading) and what the app would not read as progress', () => {
    const found = storedTeaching(
      storage({
        [DRAFT_KEY]: JSON.stringify({ title: 'Week 3', cases: [] }),
        [progressKey('Week 3', 'A')]: '{not json',
        [progressKey('Week 3', 'B')]: JSON.stringify({ schema: 'other', submitted: { x: {} } }),
      }),
    );
    expect(found).toEqual({ keys: [], draftCases: 0, submittedCases: 0 });
  });
});
