/**
 * The sign-off of a study's reading, kept with its autosave. A signed reading is locked: its SR was written
 * once, when the reader signed (VERIFIED, the reader as verifying observer), and is kept as those bytes, so
 * that every export and every store of it is that same object (same SOP Instance UID, same content). A change
 * after signing is an amendment: the reader asks for it, the lock goes, and the SRs written from then on are
 * new, preliminary documents that name the signed one as their predecessor (Predecessor Documents Sequence).
 */

/** Where a DICOM object is (the SOP Instance Reference hierarchy an SR's header uses). */
export interface SrReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface SignedReading {
  reader: { name: string; organization?: string };
  /** RFC 3339, UTC. */
  at: string;
  sr: SrReference;
  /** The signed SR as written at signing (DICOM Part 10). */
  bytes: Uint8Array;
}

export interface SignOff {
  /** Present while the reading is signed (and locked). */
  signed?: SignedReading;
  /**
   * The signed SR this reading amends: the predecessor of the SRs written from it. Who signed it and when are
   * not known when the reading was imported from an amendment's SR, which names only the signed SR.
   */
  amends?: Omit<SignedReading, 'bytes' | 'reader' | 'at'> & Partial<Pick<SignedReading, 'reader' | 'at'>>;
}

/** `2026-12-01 21:40 UTC`: one format beside the ISO study date. */
export function isoMinutes(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `DOE^JANE, Phantom Radiology, 2026-12-01 21:40 UTC` with the name as the reader typed it, formatted by the caller. */
export function signedBy(signed: Pick<SignedReading, 'reader' | 'at'>, formatName: (name: string) => string = (n) => n): string {
  return [formatName(signed.reader.name), signed.reader.organization, isoMinutes(signed.at)].filter(Boolean).join(', ');
}

/** What the report and the reading bar say of the sign-off. */
export function signOffLine(signOff: SignOff | null | undefined, formatName?: (name: string) => string): string {
  if (signOff?.signed) return `Signed by ${signedBy(signOff.signed, formatName)}`;
  const amends = signOff?.amends;
  if (amends?.reader && amends.at) return `Preliminary, not signed: amends the reading signed by ${signedBy({ reader: amends.reader, at: amends.at }, formatName)}`;
  if (amends) return 'Preliminary, not signed: amends an earlier signed reading of this study';
  return 'Preliminary, not signed';
}

/** Why an edit of a signed reading is refused, and what to do. */
export function lockedReason(signed: Pick<SignedReading, 'reader' | 'at'>, formatName?: (name: string) => string): string {
  return `This reading is signed (${signedBy(signed, formatName)}) and locked: choose Amend to change it; the signed SR stays as it is.`;
}
