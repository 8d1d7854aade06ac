/**
 * What a trainee has submitted of a pack, as kept in the browser between visits. Pure: the stored JSON in, the
 * submissions of the pack's cases out, and back.
 *
 * A submission is kept under its case id and its study: packs can share a title (the teacher's default,
 * "Vertebral fracture cases") and case ids (made from the study description, the same for every lateral
 * radiograph of a site) while being of other studies. A submission of another study must not show as this
 * case's, locked and compared with this case's reference.
 */
import type { ReadingDocument } from '../persistence/readingDocument';
import type { Pack, PackCase } from './pack';

export const PROGRESS_SCHEMA = 'kypho.teaching-progress/v1';

export interface SubmittedCase {
  document: ReadingDocument;
  at: string;
}

export interface StoredProgress {
  schema: typeof PROGRESS_SCHEMA;
  /** By storedCaseKey. */
  submitted: Record<string, SubmittedCase>;
}

/** The key of a case's submission: its id and its study. */
function storedCaseKey(packCase: Pick<PackCase, 'id' | 'studyInstanceUid'>): string {
  return `${packCase.id} ${packCase.studyInstanceUid}`;
}

/** Stored progress as parsed JSON (anything): its submissions, or none when it is not progress. */
export function storedSubmissions(json: unknown): Record<string, SubmittedCase> {
  const stored = json as Partial<StoredProgress> | null;
  return stored?.schema === PROGRESS_SCHEMA && stored.submitted && typeof stored.submitted === 'object' ? stored.submitted : {};
}

function studyOf(submission: SubmittedCase | undefined): string | undefined {
  return (submission?.document as Partial<ReadingDocument> | undefined)?.study?.studyInstanceUid;
}

/** The pack's submitted cases by case id: only submissions of the case's own study. */
export function packProgress(stored: Record<string, SubmittedCase>, pack: Pack): Record<string, SubmittedCase> {
  const progress: Record<string, SubmittedCase> = {};
  for (const packCase of pack.cases) {
    const submission = stored[storedCaseKey(packCase)];
    if (submission && studyOf(submission) === packCase.studyInstanceUid) progress[packCase.id] = submission;
  }
  return progress;
}

/** The stored progress with a case's submission added; the other entries (other packs of the same title) kept. */
export function withSubmission(stored: Record<string, SubmittedCase>, packCase: PackCase, submission: SubmittedCase): StoredProgress {
  return { schema: PROGRESS_SCHEMA, submitted: { ...stored, [storedCaseKey(packCase)]: submission } };
}
