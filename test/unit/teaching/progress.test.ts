import { describe, expect, it } from 'vitest';
import type { ReadingDocument } from '../../../src/persistence/readingDocument';
import { PACK_SCHEMA, type Pack, type PackCase } from '../../../src/teaching/pack';
import { packProgress, PROGRESS_SCHEMA, storedSubmissions, withSubmission, type SubmittedCase } from '../../../src/teaching/progress';
import { radiograph } from './fixtures';

const BASELINE = '2.25.1001';
const FOLLOWUP = '2.25.1002';

/** Two packs made with the teacher's defaults: the same title and case id (from the study description), other studies. */
const caseOf = (studyInstanceUid: string): PackCase => ({
  id: 'xr-thoracolumbar-spine-lateral',
  title: 'XR THORACOLUMBAR SPINE LATERAL',
  question: 'Grade every vertebra.',
  studyInstanceUid,
  reference: 'reference.json',
  teachingPoints: [],
});
const packOf = (packCase: PackCase): Pack => ({ schema: PACK_SCHEMA, title: 'Vertebral fracture cases', cases: [packCase] });
const first = caseOf(BASELINE);
const second = caseOf(FOLLOWUP);

function submissionOf(studyInstanceUid: string, at: string): SubmittedCase {
  const document: ReadingDocument = { ...radiograph.trainee, study: { ...radiograph.trainee.study, studyInstanceUid } };
  return { document, at };
}

describe('a trainee progress kept per case and study', () => {
  it('a submission shows only for the case of its own study, not for another pack case of the same id', () => {
    const stored = withSubmission({}, first, submissionOf(BASELINE, '2026-01-01T10:00:00.000Z')).submitted;
    expect(Object.keys(stored)).toEqual([`xr-thoracolumbar-spine-lateral ${BASELINE}`]);
    expect(Object.keys(packProgress(stored, packOf(first)))).toEqual(['xr-thoracolumbar-spine-lateral']);
    expect(packProgress(stored, packOf(second))).toEqual({});
  });

  it('submitting the second pack case keeps the first one', () => {
    const one = withSubmission({}, first, submissionOf(BASELINE, '2026-01-01T10:00:00.000Z')).submitted;
    const both = withSubmission(one, second, submissionOf(FOLLOWUP, '2026-01-02T10:00:00.000Z'));
    expect(both.schema).toBe(PROGRESS_SCHEMA);
    expect(packProgress(both.submitted, packOf(first))['xr-thoracolumbar-spine-lateral']!.at).toBe('2026-01-01T10:00:00.000Z');
    expect(packProgress(both.submitted, packOf(second))['xr-thoracolumbar-spine-lateral']!.at).toBe('2026-01-02T10:00:00.000Z');
  });

  it('ignores what is not progress', () => {
    for (const json of [null, 3, 'x', {}, { schema: 'other', submitted: {} }, { schema: PROGRESS_SCHEMA }]) expect(storedSubmissions(json)).toEqual({});
  });
});
