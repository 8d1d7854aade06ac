/**
 * A trainee's teaching session: the open pack, who is measuring, which cases are submitted, the reference
 * readings (loaded only once a case is submitted: blinded until then), and the feedback and summary they give.
 *
 * The trainee's readings are the viewer's usual autosaved readings, kept apart under `namespace` (one per pack and
 * trainee), so a reload loses nothing and the reader's own readings of the same studies are neither shown nor
 * touched. What was submitted is kept in localStorage with the session; a submitted case is shown locked.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Calibration } from '../morphometry';
import { fromReadingDocument, type ReadingDocument } from '../persistence/readingDocument';
import { createReadingStore, type ImageRef, type ReadingState, type ReadingStore } from '../reading';
import { compareCase, type CaseFeedback } from '../teaching/feedback';
import type { PackCase, ServerReference } from '../teaching/pack';
import { caseFiles, openPack, packFromFiles, packFromUrl, packFromZip, readReference, type OpenedPack, type PackSource } from '../teaching/packSource';
import type { PackChoice } from '../ui/TeachingStart';
import { packProgress, storedSubmissions, withSubmission, type SubmittedCase } from '../teaching/progress';
import { progressKey } from '../teaching/stored';
import { summarizeSession, type CaseResult, type SessionSummary } from '../teaching/summary';
import type { NamedFile } from './gatherFiles';

export type { SubmittedCase };

export type ReferenceState =
  | { status: 'loading' }
  | { status: 'ready'; document: ReadingDocument; reading: ReadingState }
  | { status: 'failed'; error: string };

export interface TeachingSession {
  opened: OpenedPack;
  trainee: string;
}

const LOCKED_REASON = 'This case is submitted: your reading is locked, and the feedback is for what you submitted.';

const progressKeyOf = ({ opened, trainee }: TeachingSession) => progressKey(opened.pack.title, trainee);

/** Everything stored under the session's key: other packs of the same title share it (progress.ts). */
function loadStored(session: TeachingSession): Record<string, SubmittedCase> {
  try {
    return storedSubmissions(JSON.parse(localStorage.getItem(progressKeyOf(session)) ?? 'null'));
  } catch {
    return {};
  }
}

interface Options {
  /** Adds a case's files to the viewer and shows them; returns the Study Instance UIDs of the images added. */
  openCaseFiles: (files: readonly NamedFile[]) => Promise<string[]>;
  /**
   * Opens a case's study from the DICOMweb server (a pack without its studies' files), without its reports;
   * rejects with what the trainee should know (the server's answer, what to set up).
   */
  openFromServer: (packCase: PackCase) => Promise<void>;
  /** A reference SR stored on the DICOMweb server, as a reading document. */
  readServerReference: (studyInstanceUid: string, reference: ServerReference) => Promise<ReadingDocument>;
  /** Shows a study already loaded; false if it is not. */
  showStudy: (studyInstanceUid: string) => boolean;
  imageCalibration: (image: ImageRef) => Calibration | null;
  report: (where: string, problem: string) => void;
}

export function useTeaching({ openCaseFiles, openFromServer, readServerReference, showStudy, imageCalibration, report }: Options) {
  const [session, setSession] = useState<TeachingSession | null>(null);
  const [submitted, setSubmitted] = useState<Record<string, SubmittedCase>>({});
  const [references, setReferences] = useState<Record<string, ReferenceState>>({});
  const [opening, setOpening] = useState<string | null>(null);
  /** The last case that could not be opened, and why: shown where the trainee is looking, with a way to retry. */
  const [openProblem, setOpenProblem] = useState<{ caseId: string; message: string } | null>(null);
  const current = useRef<TeachingSession | null>(null);
  current.current = session;
  const pack = session?.opened.pack ?? null;
  const namespace = session ? `teaching/${session.opened.pack.title}/${session.trainee}/` : '';

  const end = useCallback(() => {
    setSession(null);
    setSubmitted({});
    setReferences({});
    setOpenProblem(null);
  }, []);

  const caseOfStudy = useCallback(
    (studyInstanceUid: string | null): PackCase | undefined => pack?.cases.find((c) => c.studyInstanceUid === studyInstanceUid),
    [pack],
  );

  const openCase = useCallback(
    async (packCase: PackCase) => {
      const open = current.current;
      if (!open) return;
      setOpenProblem(null);
      if (showStudy(packCase.studyInstanceUid)) return;
      setOpening(packCase.id);
      try {
        if (packCase.files) {
          const files = await caseFiles(open.opened.source, packCase);
          const studies = await openCaseFiles(files);
          if (studies.length === 0) throw new Error(`none of its ${files.length} files is an image Kypho can show (each is named under Problems)`);
          if (!studies.includes(packCase.studyInstanceUid)) {
            throw new Error(`its files are of study ${studies.join(', ')}, not of study ${packCase.studyInstanceUid} that pack.json names`);
          }
        } else await openFromServer(packCase);
      } catch (e) {
        setOpenProblem({ caseId: packCase.id, message: e instanceof Error ? e.message : String(e) });
      } finally {
        setOpening(null);
      }
    },
    [showStudy, openCaseFiles, openFromServer],
  );

  /** Opens the chosen pack for a trainee; the problems that stop it, or null once it is open. */
  const start = useCallback(async (trainee: string, choice: PackChoice): Promise<string[] | null> => {
    let source: PackSource;
    try {
      if (choice.kind === 'bundled') source = packFromUrl(new URL(`${import.meta.env.BASE_URL}sample-data/`, window.location.href).href);
      else if (choice.kind === 'url') source = packFromUrl(new URL(choice.url.endsWith('/') ? choice.url : `${choice.url}/`, window.location.href).href);
      else if (choice.kind === 'zip') source = await packFromZip(choice.file.name, new Uint8Array(await choice.file.arrayBuffer()));
      else source = packFromFiles(choice.files);
    } catch (e) {
      return [e instanceof Error ? e.message : String(e)];
    }
    const result = await openPack(source);
    if (!result.ok) return result.problems;
    const next = { opened: result.opened, trainee };
    current.current = next;
    setSession(next);
    setReferences({});
    setOpenProblem(null);
    const progress = packProgress(loadStored(next), next.opened.pack);
    setSubmitted(progress);
    // Straight to work: the first case not yet submitted.
    const first = next.opened.pack.cases.find((c) => !progress[c.id]) ?? next.opened.pack.cases[0];
    if (first) void openCase(first);
    return null;
  }, [openCase]);

  // The reference of a submitted case, read once (never before the case is submitted).
  useEffect(() => {
    if (!session) return;
    for (const packCase of session.opened.pack.cases) {
      if (!submitted[packCase.id] || references[packCase.id]) continue;
      setReferences((r) => ({ ...r, [packCase.id]: { status: 'loading' } }));
      const { reference } = packCase;
      (typeof reference === 'string' ? readReference(session.opened.source, packCase) : readServerReference(packCase.studyInstanceUid, reference)).then(
        (document) => {
          const { reading } = fromReadingDocument(document, { imageCalibration });
          setReferences((r) => ({ ...r, [packCase.id]: { status: 'ready', document, reading } }));
        },
        (e: unknown) => setReferences((r) => ({ ...r, [packCase.id]: { status: 'failed', error: e instanceof Error ? e.message : String(e) } })),
      );
    }
  }, [session, submitted, references, imageCalibration, readServerReference]);

  const submit = useCallback(
    (packCase: PackCase, document: ReadingDocument) => {
      if (!session) return;
      const submission = { document, at: new Date().toISOString() };
      setSubmitted({ ...submitted, [packCase.id]: submission });
      try {
        localStorage.setItem(progressKeyOf(session), JSON.stringify(withSubmission(loadStored(session), packCase, submission)));
      } catch (e) {
        report(`case "${packCase.title}"`, `the submission is shown but not stored in this browser (${e instanceof Error ? e.message : String(e)})`);
      }
    },
    [session, submitted, report],
  );

  /** A submitted case's reading as submitted, locked. */
  const lockedStores = useMemo(() => {
    const stores = new Map<string, ReadingStore>();
    for (const packCase of pack?.cases ?? []) {
      const done = submitted[packCase.id];
      if (!done) continue;
      const { reading } = fromReadingDocument(done.document, { imageCalibration });
      stores.set(packCase.studyInstanceUid, createReadingStore({ reading, locked: LOCKED_REASON }));
    }
    return stores;
    // imageCalibration is only needed for user calibrations, which the document keeps; not a reason to rebuild.
  }, [pack, submitted]);

  const feedback = useMemo(() => {
    const byCase = new Map<string, CaseFeedback>();
    for (const packCase of pack?.cases ?? []) {
      const done = submitted[packCase.id];
      const reference = references[packCase.id];
      if (done && reference?.status === 'ready') byCase.set(packCase.id, compareCase(reference.document, done.document));
    }
    return byCase;
  }, [pack, submitted, references]);

  /** The submitted cases with feedback, in pack order: what the session summary and its CSV are made of. */
  const results: CaseResult[] = useMemo(
    () => (pack?.cases ?? []).flatMap((c) => (feedback.has(c.id) ? [{ caseId: c.id, levels: feedback.get(c.id)!.levels }] : [])),
    [pack, feedback],
  );
  const summary: SessionSummary | null = useMemo(() => (results.length ? summarizeSession(results) : null), [results]);

  return {
    session,
    namespace,
    start,
    end,
    caseOfStudy,
    openCase,
    opening,
    openProblem,
    submitted,
    submit,
    references,
    lockedStores,
    feedback,
    summary,
    results,
  };
}

export type Teaching = ReturnType<typeof useTeaching>;
