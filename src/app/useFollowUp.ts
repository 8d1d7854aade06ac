/**
 * Compare with prior (issue 18): the patient's other studies are offered (loaded ones and those the PACS lists for
 * the Patient ID), the chosen prior hangs left of the current study (1x2), its reading is the autosaved one or, if
 * there is none, the one in its Kypho SR, and the two readings are compared by the core (morphometry.md section 9).
 * Selecting a level in either study selects it in the other.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Series, StudyCollection } from '../dicom';
import { searchStudies, type DicomWebServer, type StudySummary } from '../dicom/dicomweb';
import { compareReadings, describeProblem, type ComparisonResult } from '../morphometry';
import { currentStudyOf, priorCandidates, type CurrentStudy, type PriorCandidate } from '../followup/candidates';
import { readingFromStudySr } from '../followup/priorReading';
import { createReadingStore, imageKey, isoDate, type ReadingStore } from '../reading';
import type { ReadingSessions } from './readingSessions';
import { allSeries, framesByImageId, imageCalibrationIn, imageRefOf, seriesImageIds, type ImageSource } from './seriesImages';
import { studyOfSeries } from './useReadingSessions';

interface Options {
  collection: StudyCollection<ImageSource>;
  sessions: ReadingSessions;
  /** The study of the active viewport: the one a follow-up starts from. */
  activeStudy: string | null;
  /** The PACS to ask for the patient's other studies, or why there is none. */
  server: DicomWebServer | null;
  /** Loads a study of the PACS into the collection; why it could not, or null. */
  openFromPacs: (study: StudySummary) => Promise<string | null>;
  /** Hangs the two series side by side: prior left, current right. */
  hangPair: (priorSeries: string, currentSeries: string) => void;
  /** Shows these images in these viewports (the level selected, in both studies). */
  focusImages: (focus: { viewport: number; imageId: string }[]) => void;
}

export interface Chooser {
  current: CurrentStudy;
  candidates: PriorCandidate[];
  searching: boolean;
  /** Why the PACS was not asked or did not answer. */
  pacsProblem: string | null;
}

export interface Pair {
  priorUid: string;
  currentUid: string;
  priorDate: string | undefined;
  currentDate: string | undefined;
}

const EMPTY_STORE = createReadingStore();

export function useFollowUp({ collection, sessions, activeStudy, server, openFromPacs, hangPair, focusImages }: Options) {
  const [chooser, setChooser] = useState<Chooser | null>(null);
  const [pair, setPair] = useState<Pair | null>(null);
  /** What happened to the prior's reading (restored, imported from its SR, none), or why a prior did not open. */
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const later = useRef({ collection });
  later.current = { collection };

  const studySessions = useSyncExternalStore(sessions.subscribe, sessions.getSnapshot);
  const priorStore: ReadingStore = (pair && studySessions.get(pair.priorUid)?.store) || EMPTY_STORE;
  const currentStore: ReadingStore = (pair && studySessions.get(pair.currentUid)?.store) || EMPTY_STORE;
  const priorSnapshot = useSyncExternalStore(priorStore.subscribe, priorStore.getSnapshot);
  const currentSnapshot = useSyncExternalStore(currentStore.subscribe, currentStore.getSnapshot);

  const current = activeStudy ? currentStudyOf(collection, activeStudy) : null;

  /** Lists the candidates at once from what is loaded, then adds those the PACS has. */
  const start = useCallback(async () => {
    if (!current) return;
    const loaded = priorCandidates(later.current.collection, current);
    const reason = !current.patientId
      ? 'This study has no Patient ID: its other studies cannot be found.'
      : server
        ? null
        : 'No PACS is set up: only the studies opened here are listed.';
    setChooser({ current, candidates: loaded, searching: !reason, pacsProblem: reason });
    if (reason || !server || !current.patientId) return;
    try {
      const found = await searchStudies(server, { patientId: current.patientId });
      setChooser((c) => c && c.current.studyInstanceUid === current.studyInstanceUid
        ? { ...c, searching: false, candidates: priorCandidates(later.current.collection, current, found.items) }
        : c);
    } catch (error) {
      setChooser((c) => c && { ...c, searching: false, pacsProblem: `The PACS was not asked: ${error instanceof Error ? error.message : String(error)}` });
    }
  }, [current, server]);

  const choose = async (candidate: PriorCandidate) => {
    if (!chooser) return;
    const currentUid = chooser.current.studyInstanceUid;
    setChooser(null);
    if (candidate.where === 'pacs' && candidate.summary) {
      setMessage({ text: `Opening the prior study of ${dateText(candidate.studyDate)} from the PACS…`, problem: false });
      const error = await openFromPacs(candidate.summary);
      if (error) {
        setMessage({ text: `The prior study did not open: ${error}`, problem: true });
        return;
      }
    }
    const priorSeries = firstImageSeries(later.current.collection, candidate.studyInstanceUid);
    const currentSeries = firstImageSeries(later.current.collection, currentUid);
    if (!priorSeries || !currentSeries) {
      setMessage({ text: 'The prior study holds no image to show.', problem: true });
      return;
    }
    setMessage(null);
    setPair({ priorUid: candidate.studyInstanceUid, currentUid, priorDate: candidate.studyDate, currentDate: chooser.current.studyDate });
    hangPair(priorSeries.seriesInstanceUid, currentSeries.seriesInstanceUid);
  };

  const stop = () => {
    setPair(null);
    setMessage(null);
  };

  // The prior's reading: its autosave if any (the session restores it), else its Kypho SR once it is loaded.
  const priorSession = pair ? studySessions.get(pair.priorUid) : undefined;
  const srCount = pair ? collection.nonImage.filter((o) => o.studyInstanceUid === pair.priorUid && o.category === 'structured-report').length : 0;
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (!pair || !priorSession || priorSession.save.kind === 'loading') return;
    const attempt = `${pair.priorUid}#${srCount}`;
    if (tried.current === attempt) return;
    tried.current = attempt;
    if (priorSession.store.getSnapshot().reading.findings.length > 0) {
      if (priorSession.save.kind === 'saved' && priorSession.save.restored) setMessage({ text: 'Prior reading restored from its autosave.', problem: false });
      return;
    }
    void readingFromStudySr(
      later.current.collection.nonImage,
      pair.priorUid,
      (object) => (object.source instanceof File ? object.source.arrayBuffer().then((b) => new Uint8Array(b)) : null),
      (image) => imageCalibrationIn(later.current.collection, image),
    ).then((read) => {
      if (read === null) {
        setMessage({ text: 'The prior study has no reading: click its viewport to measure it, or import its reading.', problem: true });
      } else if (!read.ok) {
        setMessage({ text: `The prior study's SR could not be read:\n${read.problems.join('\n')}`, problem: true });
      } else if (sessions.get(pair.priorUid)?.store.getSnapshot().reading.findings.length === 0) {
        sessions.replace(pair.priorUid, read.reading);
        setMessage({ text: [`Prior reading imported from its Kypho SR (${read.name}).`, ...read.warnings].join('\n'), problem: false });
      }
    });
  }, [pair, priorSession, srCount, sessions]);

  const comparison: ComparisonResult | null = useMemo(() => {
    if (!pair) return null;
    const prior = sessions.document(pair.priorUid);
    const currentDocument = sessions.document(pair.currentUid);
    if (!prior || !currentDocument) return null;
    return compareReadings(prior, currentDocument);
    // The snapshots are what the documents are made of: a change of either reading compares again.
  }, [pair, sessions, priorSnapshot.reading, currentSnapshot.reading]);

  const problems = comparison && !comparison.ok
    ? comparison.problems.map((p) => describeProblem(p, { prior: `the prior study (${dateText(pair?.priorDate)})`, current: `this study (${dateText(pair?.currentDate)})` }))
    : [];

  /** Selects a level in both readings and shows, in each viewport, the image it was measured on. */
  const selectLevel = useCallback(
    (level: string, except?: 'prior' | 'current') => {
      if (!pair) return;
      const next: { viewport: number; imageId: string }[] = [];
      for (const [viewport, side, store] of [[0, 'prior', priorStore], [1, 'current', currentStore]] as const) {
        const finding = store.getSnapshot().reading.findings.find((f) => f.level === level);
        if (side !== except && store.getSnapshot().selectedId !== (finding?.id ?? null)) store.select(finding?.id ?? null);
        const measurement = finding?.measurement;
        if (measurement?.space !== 'image') continue;
        const series = allSeries(later.current.collection).find((s) => s.seriesInstanceUid === measurement.seriesInstanceUid);
        const imageId = series && seriesImageIds(series).find((id) => {
          const ref = framesByImageId.get(id);
          return ref && imageKey(imageRefOf(ref)) === imageKey(measurement);
        });
        if (imageId) next.push({ viewport, imageId });
      }
      if (next.length > 0) focusImages(next);
    },
    [pair, priorStore, currentStore, focusImages],
  );

  // A level selected anywhere (image, results, spine chart) in one study is selected in the other too.
  const levelOf = (store: ReadingStore, id: string | null) => store.getSnapshot().reading.findings.find((f) => f.id === id)?.level ?? null;
  const priorSelected = levelOf(priorStore, priorSnapshot.selectedId);
  const currentSelected = levelOf(currentStore, currentSnapshot.selectedId);
  useEffect(() => {
    if (currentSelected && currentSelected !== priorSelected) selectLevel(currentSelected, 'current');
    // Only a change on the current side leads here.
  }, [currentSelected]);
  useEffect(() => {
    if (priorSelected && priorSelected !== currentSelected) selectLevel(priorSelected, 'prior');
  }, [priorSelected]);

  // The pair ends when either study is closed.
  const loaded = (uid: string) => collection.patients.some((p) => p.studies.some((s) => s.studyInstanceUid === uid));
  useEffect(() => {
    if (pair && (!loaded(pair.priorUid) || !loaded(pair.currentUid))) stop();
  });

  /** The label of a viewport in the pair: which study, of which date. */
  const labelFor = (viewport: number, seriesUid: string | null | undefined): string | null => {
    if (!pair) return null;
    const study = studyOfSeries(collection, seriesUid);
    if (study === pair.priorUid && viewport === 0) return `Prior · ${dateText(pair.priorDate)}`;
    if (study === pair.currentUid) return `Current · ${dateText(pair.currentDate)}`;
    return null;
  };

  return {
    /** A study with a Patient ID is open: the button can be offered. */
    available: current !== null,
    chooser,
    start,
    choose,
    cancel: () => setChooser(null),
    pair,
    stop,
    message,
    dismissMessage: () => setMessage(null),
    comparison: comparison?.ok ? comparison.comparison : null,
    problems,
    selectedLevel: currentSelected ?? priorSelected,
    selectLevel: (level: string) => selectLevel(level),
    labelFor,
    priorFindings: priorSnapshot.reading.findings,
    currentFindings: currentSnapshot.reading.findings,
  };
}

export type FollowUp = ReturnType<typeof useFollowUp>;

function firstImageSeries(collection: StudyCollection<ImageSource>, studyInstanceUid: string): Series<ImageSource> | undefined {
  return allSeries(collection).find((s) => studyOfSeries(collection, s.seriesInstanceUid) === studyInstanceUid);
}

export function dateText(dicomDate: string | undefined): string {
  return dicomDate ? isoDate(dicomDate) : 'date unknown';
}
