/**
 * The studies a follow-up can be compared with: the patient's other studies (same Patient ID), those loaded from
 * files and those the PACS lists, each once. Pure: the QIDO answer is passed in.
 */
import type { StudyCollection } from '../dicom';
import type { StudySummary } from '../dicom/dicomweb';

export interface PriorCandidate {
  studyInstanceUid: string;
  studyDate: string | undefined;
  description: string | undefined;
  modalities: readonly string[];
  /** Loaded already (files, or opened from the PACS), or only listed by the PACS. */
  where: 'loaded' | 'pacs';
  /** Dated after the current study: not a prior, listed so that the reader sees why it is not offered. */
  later: boolean;
  /** The PACS's summary, for opening a study that is not loaded yet. */
  summary?: StudySummary;
}

export interface CurrentStudy {
  studyInstanceUid: string;
  patientId: string | undefined;
  studyDate: string | undefined;
}

/** The current study as the collection knows it, or null when it is not loaded. */
export function currentStudyOf<S>(collection: StudyCollection<S>, studyInstanceUid: string): CurrentStudy | null {
  for (const patient of collection.patients) {
    const study = patient.studies.find((s) => s.studyInstanceUid === studyInstanceUid);
    if (study) return { studyInstanceUid, patientId: patient.patientId, studyDate: study.studyDate };
  }
  return null;
}

/** Newest first; undated studies last. A study without a Patient ID has no candidates: the patient is unknown. */
export function priorCandidates<S>(collection: StudyCollection<S>, current: CurrentStudy, pacs: readonly StudySummary[] = []): PriorCandidate[] {
  if (!current.patientId) return [];
  const later = (date: string | undefined) => !!date && !!current.studyDate && date > current.studyDate;
  const found = new Map<string, PriorCandidate>();
  for (const patient of collection.patients) {
    if (patient.patientId !== current.patientId) continue;
    for (const study of patient.studies) {
      if (study.studyInstanceUid === current.studyInstanceUid) continue;
      const modalities = [...new Set(study.series.map((s) => s.modality).filter((m): m is string => !!m))];
      found.set(study.studyInstanceUid, {
        studyInstanceUid: study.studyInstanceUid,
        studyDate: study.studyDate,
        description: study.description,
        modalities,
        where: 'loaded',
        later: later(study.studyDate),
      });
    }
  }
  for (const study of pacs) {
    // A PACS answers a Patient ID query with what it has; only exact matches are the same patient.
    if (study.patientId !== current.patientId || study.studyInstanceUid === current.studyInstanceUid || found.has(study.studyInstanceUid)) continue;
    found.set(study.studyInstanceUid, {
      studyInstanceUid: study.studyInstanceUid,
      studyDate: study.studyDate,
      description: study.description,
      modalities: study.modalities,
      where: 'pacs',
      later: later(study.studyDate),
      summary: study,
    });
  }
  return [...found.values()].sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? ''));
}
