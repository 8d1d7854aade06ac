/**
 * The teacher's pack in the making: each case a study the teacher measured ("save as reference"), its question
 * and teaching points, and the reference reading as it was saved. Pure: the viewer adds the files when it exports.
 */
import type { ReadingDocument } from '../persistence/readingDocument';
import { PACK_SCHEMA, type Pack, type PackCase, type ServerReference } from './pack';

export interface DraftCase {
  id: string;
  title: string;
  question: string;
  teachingPoints: string[];
  studyInstanceUid: string;
  reference: ReadingDocument;
}

export interface PackDraft {
  title: string;
  cases: DraftCase[];
}

export const EMPTY_DRAFT: PackDraft = { title: 'Vertebral fracture cases', cases: [] };

/** A case id from its title, unique in the draft: "Lateral radiograph (baseline)" -> "lateral-radiograph-baseline". */
function caseIdFor(title: string, taken: readonly string[]): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'case';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Adds a case, or replaces the case of the same study (one reference per study); says which. */
export function withCase(draft: PackDraft, added: Omit<DraftCase, 'id'>): { draft: PackDraft; replaced: boolean } {
  const existing = draft.cases.find((c) => c.studyInstanceUid === added.studyInstanceUid);
  if (existing) {
    return { draft: { ...draft, cases: draft.cases.map((c) => (c === existing ? { ...added, id: existing.id } : c)) }, replaced: true };
  }
  const id = caseIdFor(added.title, draft.cases.map((c) => c.id));
  return { draft: { ...draft, cases: [...draft.cases, { ...added, id }] }, replaced: false };
}

export function withoutCase(draft: PackDraft, id: string): PackDraft {
  return { ...draft, cases: draft.cases.filter((c) => c.id !== id) };
}

/** Where a case's study and reference are in the exported pack. */
export interface CasePlacement {
  /** DICOM paths in the pack; absent when the study stays on the DICOMweb server. */
  files?: string[];
  reference: string | ServerReference;
}

export function packOf(draft: PackDraft, placements: ReadonlyMap<string, CasePlacement>): Pack {
  return {
    schema: PACK_SCHEMA,
    title: draft.title,
    cases: draft.cases.map((c): PackCase => {
      const placement = placements.get(c.id);
      if (!placement) throw new Error(`case ${c.id}: nowhere to put its study and reference`);
      return {
        id: c.id,
        title: c.title,
        question: c.question,
        studyInstanceUid: c.studyInstanceUid,
        ...(placement.files && { files: placement.files }),
        reference: placement.reference,
        teachingPoints: c.teachingPoints,
      };
    }),
  };
}
