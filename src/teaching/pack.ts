/**
 * A teaching case pack: `pack.json` (this file's types) beside the studies' DICOM files and a reference reading
 * per case. Paths are relative to the pack's root and use '/'. A case without `files` is on the DICOMweb server
 * (by its Study Instance UID); a reference given as an SR's UIDs is the Kypho SR stored with it there.
 * Pure: JSON in, a checked pack or named problems out.
 */
import type { Level } from '../morphometry';

export const PACK_SCHEMA = 'kypho.teaching-pack/v1';
export const PACK_FILE = 'pack.json';

/** A reference reading stored on the DICOMweb server: the Kypho SR in the case's study. */
export interface ServerReference {
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

export interface PackCase {
  /** Unique in the pack; letters, digits, '.', '_' and '-' (it names files and CSV rows). */
  id: string;
  title: string;
  /** What the trainee is asked, shown while measuring. */
  question: string;
  studyInstanceUid: string;
  /** The study's DICOM files in the pack; absent when the study is on the server. */
  files?: string[];
  /** A `kypho.reading/v1` JSON or a Kypho SR file in the pack, or the reference SR on the server. */
  reference: string | ServerReference;
  /** Shown with the feedback, after submitting; never before. */
  teachingPoints: string[];
  /** Levels the trainee is expected to read, cranial to caudal (shown with the question); all if absent. */
  levels?: Level[];
}

export interface Pack {
  schema: typeof PACK_SCHEMA;
  title: string;
  description?: string;
  author?: string;
  cases: PackCase[];
}

export type PackCheck = { ok: true; pack: Pack } | { ok: false; problems: string[] };

/** Checks a parsed pack.json; every problem names its field (`cases[1].studyInstanceUid: ...`). */
export function checkPack(json: unknown): PackCheck {
  void json;
  throw new Error('not implemented');
}
