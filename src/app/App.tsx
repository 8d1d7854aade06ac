import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Series } from '../dicom';
import type { Level } from '../morphometry';
import { isDicomWebSource, type SeriesSummary, type StudySummary } from '../dicom/dicomweb';
import { createReadingStore, imageKey, judgedItems, outcomeMessage, type ReformatPlane } from '../reading';
import { NonImageObjects } from '../ui/NonImageObjects';
import { CalibrationDialog } from '../ui/CalibrationDialog';
import { ChoiceDialog } from '../ui/ChoiceDialog';
import { FractureAgePanel } from '../ui/FractureAgePanel';
import { LinkBar } from '../ui/LinkBar';
import { ReportSentences } from '../ui/ReportSentences';
import { SequenceSelect } from '../ui/SequenceSelect';
import { SliceLocation } from '../ui/SliceLocation';
import { HelpDialog } from '../ui/HelpDialog';
import { ProblemsPanel } from '../ui/ProblemsPanel';
import { SeriesProgress } from '../ui/SeriesProgress';
import { StartScreen, type CatalogStudy } from '../ui/StartScreen';
import { ResultsPanel } from '../ui/ResultsPanel';
import { SpineChart } from '../ui/SpineChart';
import { StudyBrowser } from '../ui/StudyBrowser';
import { describeViewport, ViewportOverlay } from '../ui/ViewportOverlay';
import { SIGNAL_RATIO_CAVEAT } from '../viewer/signalRatioBridge';
import { connectMorphometry } from '../viewer/morphometryBridge';
import { connectCanal } from '../viewer/canalBridge';
import { MPR_VIEWPORT_IDS } from '../viewer/mpr/mprTools';
import type { PrimaryTool } from '../viewer/toolGroup';
import { Thumbnail } from '../viewer/Thumbnail';
import { useRenderingEngine } from '../viewer/useRenderingEngine';
import { ViewportPane } from '../viewer/ViewportPane';
import type { ViewState } from '../viewer/viewState';
import { MprLayout, PacsView, TeacherPackView, TeachingView } from './lazyScreens';
import { createCommands, type Layout } from './commands';
import { fromDataTransfer, type NamedFile } from './gatherFiles';
import { seriesLabel, volumeCheckOf } from './mprSeries';
import { commandForKey, focusOwnsKey, HOTKEYS, MOUSE_BINDINGS } from './hotkeys';
import { ConflictPrompt, type Prompt } from './prompts';
import { fetchCatalog, fetchSampleFiles, sampleUrl } from './samples';
import { allSeries, describeImage, framesByImageId, imageCalibrationIn, imageRefOf, overlayInfo, seriesImageIds, shownCalibration, type ImageSource } from './seriesImages';
import { StoreSrToPacs } from './StoreSrToPacs';
import { Toolbar } from './Toolbar';
import { studyOfSeries, useReadingSessions } from './useReadingSessions';
import { useReadingPersistence } from './useReadingPersistence';
import { usePacs, type StudyOpening } from './usePacs';
import { useDeepLink } from './useDeepLink';
import { useSeriesRetrieval } from './useSeriesRetrieval';
import { useSpineMri } from './useSpineMri';
import { FollowUpLabel, FollowUpView } from './FollowUpView';
import { useFollowUp } from './useFollowUp';
import { useStudies } from './useStudies';
import { useStudyReports } from './useStudyReports';
import { useWindowPreset } from './useWindowPreset';
import { caseNotOnServer, readReferenceSr, reportsOf, studyKnownByUid } from './teachingServer';
import { useTeaching } from './useTeaching';
import { TeachingStart, type PackChoice } from '../ui/TeachingStart';
import { CaseOpenProblem } from '../ui/TeachingPanel';
import type { StartRequest } from '../start/startRequest';

const VIEWPORT_IDS = ['viewport-1', 'viewport-2'] as const;

/** What the toolbar and panels show before any study is open. */
const NO_READING = createReadingStore();

interface Props {
  /** What the reader asked for on the start page before the viewer had loaded (start/Entry.tsx), done once. */
  start?: StartRequest;
  /** The sample catalog the start page has read already. */
  initialCatalog?: CatalogStudy[] | null;
}

export function App({ start, initialCatalog = null }: Props = {}) {
  const { engine, error: engineError } = useRenderingEngine();
  const { collection, loading, addFiles, addParsed, addProblem, clearProblems, closeAll } = useStudies();
  const pacs = usePacs();
  const [pacsOpen, setPacsOpen] = useState(false);
  const openPacsButton = useRef<HTMLButtonElement>(null);
  const [openingFromPacs, setOpeningFromPacs] = useState(0);
  const [layout, setLayout] = useState<Layout>('1x1');
  const [shown, setShown] = useState<(string | null)[]>([null, null]);
  const [active, setActive] = useState(0);
  const [views, setViews] = useState<(ViewState | null)[]>([null, null]);
  const [tool, setTool] = useState<PrimaryTool>('windowLevel');
  /** The series shown as reformats while the layout is 'mpr', and a recorded plane to show again. */
  const [mpr, setMpr] = useState<{ seriesUid: string; focus: { plane: ReformatPlane } | null } | null>(null);
  const [mprActive, setMprActive] = useState<string>(MPR_VIEWPORT_IDS.sagittal);
  const teaching = useTeaching({
    openCaseFiles: async (files) => {
      const added = await addFiles(files);
      showAll(allSeries(added));
      return added.patients.flatMap((p) => p.studies.map((s) => s.studyInstanceUid));
    },
    openFromServer: async (packCase) => {
      if ('error' in pacs.active) throw caseNotOnServer(pacs.active);
      const error = await openFromPacs(studyKnownByUid(packCase.studyInstanceUid), { skip: reportsOf(packCase) });
      if (error) throw caseNotOnServer(pacs.active.server, error);
    },
    readServerReference: async (studyInstanceUid, reference) => {
      if ('error' in pacs.active) throw new Error(pacs.active.error);
      return readReferenceSr(pacs.active.server, studyInstanceUid, reference, (image) => imageCalibrationIn(later.current.collection, image));
    },
    showStudy: (uid) => {
      const list = seriesOfStudy(uid);
      if (studyOfSeries(later.current.collection, later.current.shown[active]) !== uid) showAll(list);
      return list.length > 0;
    },
    imageCalibration: (image) => imageCalibrationIn(later.current.collection, image),
    report: (where, problem) => addProblem(where, problem),
  });
  // One reading per study, autosaved; the one in use is that of the series in the active viewport. A trainee's
  // readings are kept apart from the reader's own, and a submitted case shows its reading as submitted, locked.
  const { sessions, snapshot: studySessions } = useReadingSessions(collection, teaching.namespace);
  const activeStudy = studyOfSeries(collection, shown[active]) ?? collection.patients[0]?.studies[0]?.studyInstanceUid ?? null;
  const session = activeStudy ? studySessions.get(activeStudy) : undefined;
  const reading = (activeStudy && teaching.lockedStores.get(activeStudy)) || (session?.store ?? NO_READING);
  const snapshot = useSyncExternalStore(reading.subscribe, reading.getSnapshot);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [notice, showNotice] = useState<string | null>(null);
  /** The image each viewport is to show (a vertebra selected; in a follow-up, the level in both studies). */
  const [focus, setFocus] = useState<{ viewport: number; imageId: string }[]>([]);
  const [help, setHelp] = useState(false);
  const latestReading = useRef(reading);
  latestReading.current = reading;
  /**
   * The reading a notice was given at: the next edit makes it stale (a refusal), while the edit that gave it (a
   * deletion that kept a judgement) does not clear it.
   */
  const noticeOfReading = useRef<unknown>(null);
  const setNotice = useCallback((message: string | null) => {
    noticeOfReading.current = latestReading.current.getSnapshot().reading;
    showNotice(message);
  }, []);
  const deleteFinding = useCallback(
    (id: string) => {
      const message = outcomeMessage(reading.remove(id));
      if (message) setNotice(message);
    },
    [reading, setNotice],
  );
  const [catalog, setCatalog] = useState<CatalogStudy[] | null>(initialCatalog);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [teachingProblem, setTeachingProblem] = useState<string | null>(null);
  const windowPreset = useWindowPreset();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const series = useMemo(() => allSeries(collection), [collection]);
  const seriesByUid = useMemo(() => new Map(series.map((s) => [s.seriesInstanceUid, s])), [series]);
  const viewportCount = layout === '1x2' ? 2 : 1;
  const retrieval = useSeriesRetrieval(shown.slice(0, viewportCount).map((uid) => (uid ? seriesByUid.get(uid) : undefined)));
  const mri = useSpineMri({
    engine,
    series,
    seriesByUid,
    viewportIds: VIEWPORT_IDS,
    layout,
    setLayout,
    shown,
    setShown,
    active,
    imageIndices: views.map((v) => v?.imageIndex ?? null),
    reading,
    snapshot,
    report: setNotice,
  });
  const later = useRef({ mri, shown, collection });
  later.current = { mri, shown, collection };
  const mprSeries = layout === 'mpr' && mpr ? seriesByUid.get(mpr.seriesUid) : undefined;
  const activeSeries = shown[active] ? seriesByUid.get(shown[active]!) : undefined;
  const activeCheck = activeSeries ? volumeCheckOf(activeSeries) : null;

  /**
   * Shows a series as reformats, or says why it cannot be and leaves it a stack. A recorded plane (a vertebra
   * measured on a reformat) is shown again.
   */
  const openMpr = useCallback(
    (uid: string, plane: ReformatPlane | null = null): boolean => {
      const series = seriesByUid.get(uid);
      if (!series) return false;
      const check = volumeCheckOf(series);
      if (!check.ok) {
        setNotice(`MPR is not available for ${seriesLabel(series)}: ${check.reason}. It is shown as a stack.`);
        return false;
      }
      setMpr({ seriesUid: uid, focus: plane ? { plane } : null });
      setLayout('mpr');
      if (plane) setMprActive(MPR_VIEWPORT_IDS.sagittal);
      return true;
    },
    [seriesByUid],
  );

  /**
   * Shows newly added series in the empty viewports, so that opening a study shows it at once: by its hanging
   * protocol if one fits (T1 | STIR), else the first two series.
   */
  const open = useCallback(
    async (files: readonly NamedFile[]) => {
      const addedSeries = allSeries(await addFiles(files));
      if (!later.current.shown[0] && later.current.mri.hang(addedSeries)) return;
      const added = addedSeries.map((s) => s.seriesInstanceUid);
      if (added.length === 0) return;
      setShown((current) => {
        const next = [...current];
        if (!next[0]) next[0] = added[0];
        if (!next[1]) next[1] = added[1] ?? added[0];
        return next;
      });
    },
    [addFiles],
  );

  /** Shows a study's series at once, whatever is on screen (a teaching case): by its hanging protocol, else 1x1. */
  const showAll = (list: readonly Series<ImageSource>[]) => {
    if (list.length === 0) return;
    setActive(0);
    if (later.current.mri.hang(list)) return;
    setLayout('1x1');
    setShown([list[0]!.seriesInstanceUid, list[1]?.seriesInstanceUid ?? list[0]!.seriesInstanceUid]);
  };

  const seriesOfStudy = (studyInstanceUid: string) => {
    const { collection: loaded } = later.current;
    return allSeries(loaded).filter((s) => studyOfSeries(loaded, s.seriesInstanceUid) === studyInstanceUid);
  };

  /** Shows a loaded study (its first series) in the active viewport, unless it is on screen; false when it is not loaded. */
  const showStudy = (studyInstanceUid: string): boolean => {
    const first = seriesOfStudy(studyInstanceUid)[0];
    if (!first) return false;
    if (studyOfSeries(later.current.collection, later.current.shown[active]) !== studyInstanceUid) showSeries(active, first.seriesInstanceUid);
    return true;
  };

  /** Ends a teaching session and closes its cases: the start screen again, with what was submitted kept. */
  const endTeaching = () => {
    teaching.end();
    closeAll();
    setShown([null, null]);
    setViews([null, null]);
    setActive(0);
    setLayout('1x1');
    setMpr(null);
  };

  const startTeaching = async (trainee: string, choice: PackChoice) => {
    setTeachingProblem(null);
    const problems = await teaching.start(trainee, choice);
    if (problems) setTeachingProblem(`The case pack could not be opened:\n${problems.join('\n')}`);
  };

  const openSample = useCallback(
    async (id: string) => {
      const study = catalog?.find((s) => s.id === id);
      if (!study) {
        addProblem(`sample "${id}"`, 'no such sample study in the catalog');
        return;
      }
      try {
        await open(await fetchSampleFiles(study));
      } catch (e) {
        addProblem(`sample "${id}"`, e instanceof Error ? e.message : String(e));
      }
    },
    [catalog, open, addProblem],
  );

  /**
   * Opens a study of the PACS series by series; the series asked for (else the first) shows as soon as it arrives,
   * unless `show` is false (a link's further studies only join the study browser). Returns why the study could not
   * be opened, or null.
   */
  const openFromPacs = async (study: StudySummary, { wanted, show = true, ...opening }: { wanted?: SeriesSummary; show?: boolean } & StudyOpening = {}) => {
    setPacsOpen(false);
    const viewport = active;
    let shownFirst = !show;
    let firstLoaded: string | undefined;
    setOpeningFromPacs((n) => n + 1);
    const error = await pacs.openStudy(study, (parsed) => {
      const added = allSeries(addParsed(parsed));
      firstLoaded ??= added[0]?.seriesInstanceUid;
      const target = added.find((s) => s.seriesInstanceUid === wanted?.seriesInstanceUid) ?? (wanted ? undefined : added[0]);
      if (!shownFirst && target) {
        shownFirst = true;
        showSeries(viewport, target.seriesInstanceUid);
      }
    }, { ...opening, shown: show ? (wanted?.seriesInstanceUid ?? 'first') : undefined });
    setOpeningFromPacs((n) => n - 1);
    if (!error && !shownFirst && firstLoaded) showSeries(viewport, firstLoaded);
    return error;
  };

  /** A study chosen in the PACS browser: what stops it is listed with the other problems. */
  const openStudyFromPacs = async (study: StudySummary, wanted?: SeriesSummary) => {
    const error = await openFromPacs(study, { wanted });
    if (error) addProblem(`PACS study ${study.description ?? study.studyInstanceUid}`, error);
  };

  // ?StudyInstanceUIDs=… (a worklist's or PACS's launch link) opens studies of a DICOMweb server straight away.
  const linkOpening = useDeepLink({ servers: pacs.servers, activeId: pacs.activeId, selectServer: pacs.selectServer, openStudy: openFromPacs, report: addProblem });

  // Not while a link opens a study: the start screen is not shown then, and its previews would compete with the open.
  useEffect(() => {
    if (catalog || catalogError || linkOpening) return;
    fetchCatalog().then(setCatalog, (e: unknown) => setCatalogError(e instanceof Error ? e.message : String(e)));
  }, [linkOpening]);

  // What the reader chose on the start page while the viewer loaded (a link needs nothing here).
  const started = useRef(false);
  useEffect(() => {
    // Once per page, also under StrictMode's second mount.
    if (!start || started.current) return;
    started.current = true;
    if (start.kind === 'files') void open(start.files);
    if (start.kind === 'sample') void openSample(start.id);
    if (start.kind === 'teaching') void startTeaching(start.trainee, start.choice);
    // The start page's button is gone: closing the PACS screen gives the focus to this one, in the same place.
    if (start.kind === 'pacs') {
      openPacsButton.current?.focus();
      setPacsOpen(true);
    }
  }, []);

  // ?pack=<folder>/ offers a case pack served beside the app (a teacher's link for a session).
  const packParam = useMemo(() => new URLSearchParams(window.location.search).get('pack'), []);
  // ?sample=<id> opens a bundled study directly (links from the catalog, teaching material).
  const sampleParam = useMemo(() => new URLSearchParams(window.location.search).get('sample'), []);
  useEffect(() => {
    if (sampleParam && catalog) void openSample(sampleParam);
  }, [sampleParam, catalog, openSample]);

  const commands = useMemo(
    () =>
      createCommands({
        activeViewportId: () => (layout === 'mpr' ? mprActive : VIEWPORT_IDS[active]),
        setLayout: (l) => {
          // The MPR button (or key) again returns to the stack.
          if (l === 'mpr' && layout !== 'mpr') {
            if (shown[active]) openMpr(shown[active]!);
            return;
          }
          setLayout(l === 'mpr' ? '1x1' : l);
          if (l !== '1x2') setActive(0);
        },
        nextViewport: () => {
          if (layout !== 'mpr') setActive((a) => (a + 1) % viewportCount);
          else
            setMprActive((id) => {
              const ids = Object.values(MPR_VIEWPORT_IDS);
              return ids[(ids.indexOf(id) + 1) % ids.length]!;
            });
        },
        openFiles: () => fileInput.current?.click(),
        showHelp: () => setHelp(true),
        setPrimaryTool: setTool,
        reading,
        deleteFinding,
        toggleEdema: () => later.current.mri.toggleEdema(),
        hang: () => later.current.mri.hang(),
        onWindowPreset: windowPreset.choose,
      }),
    [active, viewportCount, reading, deleteFinding, layout, mprActive, shown, openMpr, windowPreset.choose],
  );

  // A series put in a viewport opens in its own window.
  const { choose: chooseWindow } = windowPreset;
  useEffect(() => chooseWindow(VIEWPORT_IDS[0], 'auto'), [shown[0], chooseWindow]);
  useEffect(() => chooseWindow(VIEWPORT_IDS[1], 'auto'), [shown[1], chooseWindow]);

  // The reading follows the annotations, and the annotations follow the reading (undo, redo, relabel).
  useEffect(() => {
    if (!engine) return;
    return connectMorphometry({
      store: reading,
      describeImage,
      resolveConflict: (existing, proposed) =>
        new Promise((resolve) => setPrompt({ kind: 'conflict', existing, proposed, resolve })),
      askCalibrationLength: (check) =>
        new Promise((resolve) => {
          setPrompt({ kind: 'calibrate', check, resolve });
        }),
      report: setNotice,
    });
  }, [engine, reading]);

  // A canal line drawn with the Canal tool becomes the canal diameter of its level.
  useEffect(() => (engine ? connectCanal({ store: reading, describeImage, report: setNotice }) : undefined), [engine, reading]);

  // A successful edit makes an earlier refusal stale; what an edit itself said (deleteFinding) stays.
  useEffect(() => {
    if (snapshot.reading !== noticeOfReading.current) showNotice(null);
  }, [snapshot.reading]);

  /** What the relabel dialog says stays of the level replaced (its MRI judgement), if anything. */
  const relabelKept = (id: string, level: Level) => {
    const existing = snapshot.reading.findings.find((f) => f.level === level);
    const moved = reading.findingById(id);
    const kept = existing && moved && judgedItems(moved).length === 0 ? judgedItems(existing).join(', ') : '';
    return kept ? ` What was judged of ${level} (${kept}) stays.` : '';
  };

  const relabel = (id: string, level: Level) => {
    const outcome = reading.relabel(id, level);
    if (outcome.status === 'conflict') setPrompt({ kind: 'relabel', id, level });
    // A locked reading (signed, or a submitted case) says why nothing changed.
    if (outcome.status === 'rejected') setNotice(outcome.reason);
  };

  /** A click on a row or in the spine chart: select the vertebra and show the image it was measured on. */
  const selectFinding = (id: string) => {
    reading.select(id);
    const measurement = reading.findingById(id)?.measurement;
    const series = measurement && seriesByUid.get(measurement.seriesInstanceUid);
    if (!measurement || !series) return;
    if (measurement.space === 'patient') {
      openMpr(series.seriesInstanceUid, measurement.plane);
      return;
    }
    const ids = seriesImageIds(series);
    const imageId = ids.find((candidate) => {
      const ref = framesByImageId.get(candidate);
      return ref && imageKey(imageRefOf(ref)) === imageKey(measurement);
    });
    if (!imageId) return;
    // Measured on an image: leave the reformats for that image's stack.
    if (layout === 'mpr') {
      setLayout('1x1');
      if (shown[0] !== series.seriesInstanceUid) setShown((current) => [series.seriesInstanceUid, ...current.slice(1)]);
      setActive(0);
      setFocus([{ viewport: 0, imageId }]);
      return;
    }
    let viewport = shown.slice(0, viewportCount).indexOf(series.seriesInstanceUid);
    if (viewport < 0) {
      viewport = active;
      showSeries(active, series.seriesInstanceUid);
    }
    setActive(viewport);
    setFocus([{ viewport, imageId }]);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (help || prompt || pacsOpen || focusOwnsKey(event.target, event.key)) return;
      const command = commandForKey(event);
      // Before a study is open, only opening files and the help apply.
      if (!command || (!later.current.collection.patients.length && command !== 'openFiles' && command !== 'help')) return;
      event.preventDefault();
      commands[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, help, prompt, pacsOpen]);

  const showSeries = (viewport: number, uid: string) => {
    setShown((current) => current.map((s, i) => (i === viewport ? uid : s)));
    setActive(viewport);
    // Another series chosen while reformatting: back to its stack (MPR again reformats it).
    if (layout === 'mpr') setLayout('1x1');
  };

  const followUp = useFollowUp({
    collection,
    sessions,
    activeStudy,
    server: 'server' in pacs.active ? pacs.active.server : null,
    openFromPacs: (study) => openFromPacs(study),
    hangPair: (prior, current) => {
      setMpr(null);
      setLayout('1x2');
      setShown([prior, current]);
      setActive(1);
    },
    focusImages: setFocus,
  });

  const reports = useStudyReports(collection.nonImage, engine !== null, describeImage);

  const persistence = useReadingPersistence({
    signable: !teaching.session,
    collection,
    sessions,
    session,
    rows: snapshot.results.rows,
    showStudy: (uid) => void showStudy(uid),
    followUpOf: (uid) => {
      const prior = followUp.pair?.currentUid === uid ? sessions.document(followUp.pair.priorUid) : null;
      return prior && followUp.comparison ? { comparison: followUp.comparison, prior } : null;
    },
  });

  const onDrop = async (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    await open(await fromDataTransfer(event.dataTransfer));
  };

  const hasStudies = series.length > 0;
  // The server the series in the active viewport came from: where its reading is stored back.
  const activeInstance = shown[active] ? seriesByUid.get(shown[active]!)?.instances[0] : undefined;
  const activeServer = isDicomWebSource(activeInstance?.source) ? activeInstance.source.server : null;

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}${hasStudies ? ' with-results' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <Toolbar
        tool={tool}
        layout={layout}
        loading={loading}
        commands={commands}
        mprUnavailable={activeCheck && !activeCheck.ok ? activeCheck.reason : null}
        reading={snapshot}
        hasStudy={hasStudies}
        windowPreset={windowPreset.presetOf(layout === 'mpr' ? mprActive : VIEWPORT_IDS[active])}
        onNextLevel={(level) => reading.setNextLevel(level)}
        onOpen={(files) => void open(files)}
        fileInput={fileInput}
        folderInput={folderInput}
      />

      <aside className="sidebar" aria-label="Studies and files">
        <button type="button" className="open-pacs" ref={openPacsButton} onClick={() => setPacsOpen(true)} title="Search a PACS (DICOMweb) and open studies from it">
          Open from PACS…
        </button>
        {openingFromPacs > 0 && (
          <p className="muted" role="status">
            Opening {openingFromPacs === 1 ? 'a study' : `${openingFromPacs} studies`} from the PACS…
          </p>
        )}
        <StudyBrowser
          patients={collection.patients}
          selectedSeriesUid={shown[active]}
          onSelectSeries={(s) => showSeries(active, s.seriesInstanceUid)}
          renderStatus={(s) => {
            const progress = retrieval.progress.get(s.seriesInstanceUid);
            return progress && <SeriesProgress {...progress} />;
          }}
          renderThumbnail={(s) => {
            const ids = seriesImageIds(s);
            return <Thumbnail imageId={engine ? ids[Math.floor((ids.length - 1) / 2)] : null} label={`${s.description ?? ''} thumbnail`} />;
          }}
        />
        {/* A trainee does not see the study's other objects: one of them may be the reference SR. */}
        {!teaching.session && (
          <NonImageObjects
            objects={collection.nonImage}
            describe={reports.describe}
            isShown={reports.isShown}
            onImport={(object) => object.source instanceof File && void persistence.importFile(object.source)}
            onToggleShown={reports.toggleShown}
          />
        )}
        <ProblemsPanel problems={collection.problems} onClear={clearProblems} failureGroups={retrieval.failureGroups} onRetry={retrieval.retry} />
      </aside>

      <main className="viewports" data-layout={layout}>
        {/* The active viewport's image, read out when it changes (scrolling, another series). */}
        <p className="visually-hidden" aria-live="polite" data-testid="viewport-announcement">
          {layout !== 'mpr' && activeSeries ? describeViewport(overlayInfo(activeSeries), views[active]) : ''}
        </p>
        {engineError && <p className="warning">{engineError}</p>}
        {hasStudies && layout === '1x2' && (
          <LinkBar
            protocolName={mri.hanging?.protocol.name ?? null}
            canHang={mri.canHang && !mri.hanging}
            onHang={() => mri.hang()}
            link={mri.link}
            onLinkChange={mri.setLink}
            problem={mri.linkProblem}
          />
        )}
        {!hasStudies && linkOpening && (
          <p className="muted" role="status">
            Opening the linked study…
          </p>
        )}
        {!hasStudies && !linkOpening && (
          <StartScreen
            studies={catalog}
            catalogError={catalogError}
            onOpenSample={(id) => void openSample(id)}
            onOpenPacs={() => setPacsOpen(true)}
            teaching={
              teaching.session ? (
                // Until a case is open; if it cannot be, why (naming the case) and what to do.
                teaching.opening || !teaching.openProblem ? (
                  <p role="status">Opening the first case…</p>
                ) : (
                  <section className="teaching-start" aria-label="Teaching session">
                    <CaseOpenProblem
                      pack={teaching.session.opened.pack}
                      problem={teaching.openProblem}
                      onRetry={(c) => void teaching.openCase(c)}
                      onEnd={endTeaching}
                    />
                  </section>
                )
              ) : (
                <TeachingStart bundledAvailable={catalog !== null} linkedPack={packParam} problem={teachingProblem} onStart={(trainee, choice) => void startTeaching(trainee, choice)} />
              )
            }
            previewUrl={(study) => sampleUrl(study.preview)}
          />
        )}
        {engine && hasStudies && mprSeries && (
          <MprLayout
            key={mprSeries.seriesInstanceUid}
            engine={engine}
            seriesInstanceUid={mprSeries.seriesInstanceUid}
            seriesLabel={seriesLabel(mprSeries)}
            imageIds={seriesImageIds(mprSeries)}
            focus={mpr?.focus ?? null}
            activeViewportId={mprActive}
            onActivate={setMprActive}
            onProblem={addProblem}
          />
        )}
        {engine &&
          hasStudies &&
          !mprSeries &&
          VIEWPORT_IDS.slice(0, viewportCount).map((viewportId, index) => {
            const current = shown[index] ? seriesByUid.get(shown[index]!) : undefined;
            const sequence = mri.sequenceOf(index);
            const location = mri.sliceLocation(index);
            return (
              <div key={viewportId} className="viewport-cell">
                <FollowUpLabel text={followUp.labelFor(index, current?.seriesInstanceUid)} />
                {viewportCount > 1 && (
                  <select
                    aria-label={`Series in viewport ${index + 1}`}
                    value={current?.seriesInstanceUid ?? ''}
                    onChange={(e) => showSeries(index, e.currentTarget.value)}
                  >
                    {series.map((s) => (
                      <option key={s.seriesInstanceUid} value={s.seriesInstanceUid}>
                        {s.modality} {s.description || '(no description)'} ({s.frames.length})
                      </option>
                    ))}
                  </select>
                )}
                {viewportCount > 1 && sequence && (
                  <SequenceSelect viewport={index + 1} recognised={sequence} onChange={(value) => mri.setSequenceOverride(sequence.seriesInstanceUid, value)} />
                )}
                <ViewportPane
                  engine={engine}
                  viewportId={viewportId}
                  imageIds={current ? seriesImageIds(current) : []}
                  focus={focus.find((f) => f.viewport === index) ?? null}
                  active={index === active && viewportCount > 1}
                  label={`Viewport ${index + 1}: ${current ? describeViewport(overlayInfo(current), views[index]) : 'empty'}`}
                  onActivate={() => setActive(index)}
                  onViewState={(state) => {
                    setViews((v) => v.map((old, i) => (i === index ? state : old)));
                    windowPreset.observe(viewportId, state);
                  }}
                  onImageLoadFailed={addProblem}
                >
                  {current && (
                    <ViewportOverlay
                      info={{ ...overlayInfo(current), calibration: shownCalibration(current, views[index]?.imageIndex ?? 0, snapshot.reading) }}
                      view={views[index]}
                    />
                  )}
                  {current && location && <SliceLocation location={location.location} offsetMm={location.offsetMm} />}
                </ViewportPane>
              </div>
            );
          })}
      </main>

      {pacsOpen && <PacsView pacs={pacs} onOpenStudy={(study, series) => void openStudyFromPacs(study, series)} onClose={() => setPacsOpen(false)} />}

      {hasStudies && (
        <aside className="results-column" aria-label="Reading">
          {teaching.session && <TeachingView teaching={teaching} activeStudy={activeStudy} sessions={sessions} onEnd={endTeaching} />}
          {persistence.bar}
          {!teaching.session && (
            <TeacherPackView
              collection={collection}
              sessions={sessions}
              activeStudy={activeStudy}
              measured={snapshot.results.rows.length}
              server={'server' in pacs.active ? pacs.active.server : null}
            />
          )}
          {/* A trainee's reading goes to the session CSV, not into the teaching study on the PACS beside the reference. */}
          {activeServer && !teaching.session && (
            <StoreSrToPacs
              key={activeInstance?.studyInstanceUid}
              server={activeServer}
              exportSr={persistence.srBytes}
              unavailable={persistence.srUnavailable}
              onStored={(bytes) => void open([{ name: `${activeServer.name}: stored SR`, file: new File([bytes as Uint8Array<ArrayBuffer>], 'reading-sr.dcm') }])}
            />
          )}
          {notice && (
            <p className="notice" role="alert">
              {notice}
            </p>
          )}
          {!teaching.session && <FollowUpView followUp={followUp} activeStudy={activeStudy} />}
          <ResultsPanel
            results={snapshot.results}
            selectedId={snapshot.selectedId}
            onSelect={selectFinding}
            onRelabel={relabel}
            onDelete={deleteFinding}
            onMethodChange={(m) => reading.setMethod(m)}
            onRelabelInOrder={(id) => reading.relabelInOrder(id)}
          />
          <FractureAgePanel
            rows={mri.rows}
            selectedId={snapshot.selectedId}
            onSelect={selectFinding}
            onAssess={mri.assess}
            signalRatioCaveat={SIGNAL_RATIO_CAVEAT}
            signalRatioActive={tool === 'signalRatio'}
            onSignalRatio={commands.toolSignalRatio}
            fluidSensitive={mri.fluidSensitive}
          />
          <ReportSentences sentences={mri.sentences} empty={mri.rows.length === 0} measuredLevels={snapshot.results.rows.map((r) => r.level)} />
          <SpineChart rows={snapshot.results.rows} selectedId={snapshot.selectedId} onSelect={selectFinding} />
        </aside>
      )}

      {persistence.overlays}
      {help && <HelpDialog hotkeys={HOTKEYS} mouse={MOUSE_BINDINGS} onClose={() => setHelp(false)} />}
      {prompt?.kind === 'conflict' && <ConflictPrompt prompt={prompt} reading={snapshot.reading} onDone={() => setPrompt(null)} />}
      {prompt?.kind === 'relabel' && (
        <ChoiceDialog
          title="Level already measured"
          message={`${prompt.level} is already measured. Replace that measurement with this vertebra?${relabelKept(prompt.id, prompt.level)}`}
          choices={[
            {
              label: `Replace ${prompt.level}`,
              onChoose: () => {
                reading.relabel(prompt.id, prompt.level, { replace: true });
                setPrompt(null);
              },
            },
            { label: 'Cancel', onChoose: () => setPrompt(null) },
          ]}
          onCancel={() => setPrompt(null)}
        />
      )}
      {prompt?.kind === 'calibrate' && (
        <CalibrationDialog
          check={prompt.check}
          onSubmit={(mm) => {
            prompt.resolve(mm);
            setPrompt(null);
            commands.toolWindowLevel();
          }}
          onCancel={() => {
            prompt.resolve(null);
            setPrompt(null);
          }}
        />
      )}
    </div>
  );
}
