import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { calibrationFromAttributes } from '../morphometry';
import { formatPersonName, type Instance, type Series, type StudyCollection } from '../dicom';
import { HelpDialog } from '../ui/HelpDialog';
import { ProblemsPanel } from '../ui/ProblemsPanel';
import { StartScreen, type CatalogStudy } from '../ui/StartScreen';
import { StudyBrowser } from '../ui/StudyBrowser';
import { ViewportOverlay, type OverlayInfo } from '../ui/ViewportOverlay';
import { imageIdFor } from '../viewer/imageIds';
import { Thumbnail } from '../viewer/Thumbnail';
import { useRenderingEngine } from '../viewer/useRenderingEngine';
import { ViewportPane } from '../viewer/ViewportPane';
import type { ViewState } from '../viewer/viewState';
import { WINDOW_PRESETS } from '../viewer/windowPresets';
import { createCommands, type Layout } from './commands';
import { fromDataTransfer, fromFileList, type NamedFile } from './gatherFiles';
import { commandForKey, HOTKEYS, MOUSE_BINDINGS } from './hotkeys';
import { fetchCatalog, fetchSampleFiles, sampleUrl } from './samples';
import { useStudies } from './useStudies';

const VIEWPORT_IDS = ['viewport-1', 'viewport-2'] as const;
type Tool = 'windowLevel' | 'pan' | 'zoom';

const part10Blobs = new WeakMap<Instance<File>, Blob>();
/** A raw data set (no Part 10 header) is loaded from the copy with a header added, made once. */
function loadableFile(instance: Instance<File>): Blob {
  if (!instance.part10Bytes) return instance.source;
  let blob = part10Blobs.get(instance);
  if (!blob) {
    blob = new Blob([instance.part10Bytes as Uint8Array<ArrayBuffer>]);
    part10Blobs.set(instance, blob);
  }
  return blob;
}

const imageIdsBySeries = new WeakMap<Series<File>, string[]>();
function seriesImageIds(series: Series<File>): string[] {
  let ids = imageIdsBySeries.get(series);
  if (!ids) {
    ids = series.frames.map(({ instance, frame }) =>
      imageIdFor({
        file: loadableFile(instance),
        fileName: instance.fileName,
        frame,
        numberOfFrames: instance.numberOfFrames,
      }),
    );
    imageIdsBySeries.set(series, ids);
  }
  return ids;
}

function allSeries(collection: StudyCollection<File>): Series<File>[] {
  return collection.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
}

function overlayInfo(series: Series<File>): OverlayInfo {
  const first = series.instances[0];
  return {
    patientName: formatPersonName(first.patientName),
    patientId: first.patientId ?? '',
    studyDate: first.studyDate ?? null,
    seriesDescription: series.description ?? '',
    modality: series.modality ?? '',
    calibration: calibrationFromAttributes({
      modality: first.modality ?? undefined,
      pixelSpacing: first.pixelSpacing ?? null,
      imagerPixelSpacing: first.imagerPixelSpacing ?? null,
      estimatedRadiographicMagnificationFactor: first.estimatedRadiographicMagnificationFactor ?? null,
    }),
  };
}

export function App() {
  const { engine, error: engineError } = useRenderingEngine();
  const { collection, loading, addFiles, addProblem, clearProblems } = useStudies();
  const [layout, setLayout] = useState<Layout>('1x1');
  const [shown, setShown] = useState<(string | null)[]>([null, null]);
  const [active, setActive] = useState(0);
  const [views, setViews] = useState<(ViewState | null)[]>([null, null]);
  const [tool, setTool] = useState<Tool>('windowLevel');
  const [help, setHelp] = useState(false);
  const [catalog, setCatalog] = useState<CatalogStudy[] | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const series = useMemo(() => allSeries(collection), [collection]);
  const seriesByUid = useMemo(() => new Map(series.map((s) => [s.seriesInstanceUid, s])), [series]);
  const viewportCount = layout === '1x1' ? 1 : 2;

  /** Shows newly added series in the empty viewports, so that opening a study shows it at once. */
  const open = useCallback(
    async (files: readonly NamedFile[]) => {
      const added = allSeries(await addFiles(files)).map((s) => s.seriesInstanceUid);
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

  useEffect(() => {
    fetchCatalog().then(setCatalog, (e: unknown) => setCatalogError(e instanceof Error ? e.message : String(e)));
  }, []);

  // ?sample=<id> opens a bundled study directly (links from the catalog, teaching material).
  const sampleParam = useMemo(() => new URLSearchParams(window.location.search).get('sample'), []);
  useEffect(() => {
    if (sampleParam && catalog) void openSample(sampleParam);
  }, [sampleParam, catalog, openSample]);

  const commands = useMemo(
    () =>
      createCommands({
        activeViewportId: () => VIEWPORT_IDS[active],
        setLayout: (l) => {
          setLayout(l);
          if (l === '1x1') setActive(0);
        },
        nextViewport: () => setActive((a) => (a + 1) % viewportCount),
        openFiles: () => fileInput.current?.click(),
        showHelp: () => setHelp(true),
        setPrimaryTool: setTool,
      }),
    [active, viewportCount],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (help || target.closest('input, select, textarea, dialog')) return;
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      commands[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, help]);

  const showSeries = (viewport: number, uid: string) => {
    setShown((current) => current.map((s, i) => (i === viewport ? uid : s)));
    setActive(viewport);
  };

  const onDrop = async (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    await open(await fromDataTransfer(event.dataTransfer));
  };

  const hasStudies = series.length > 0;

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="toolbar" role="toolbar" aria-label="Tools">
        <span className="brand">Kypho</span>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open files
        </button>
        <button type="button" onClick={() => folderInput.current?.click()}>
          Open folder
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="DICOM files"
          data-testid="file-input"
          onChange={(e) => {
            void open(fromFileList(e.currentTarget.files));
            e.currentTarget.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="DICOM folder"
          data-testid="folder-input"
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            void open(fromFileList(e.currentTarget.files));
            e.currentTarget.value = '';
          }}
        />
        <span className="separator" />
        {(['windowLevel', 'pan', 'zoom'] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tool === t}
            onClick={commands[t === 'windowLevel' ? 'toolWindowLevel' : t === 'pan' ? 'toolPan' : 'toolZoom']}
          >
            {t === 'windowLevel' ? 'W/L' : t === 'pan' ? 'Pan' : 'Zoom'}
          </button>
        ))}
        <label>
          Window{' '}
          <select
            aria-label="Window preset"
            value=""
            onChange={(e) => {
              const id = e.currentTarget.value;
              if (id === 'auto') commands.windowAuto();
              if (id === 'ct-bone') commands.windowCtBone();
              if (id === 'ct-soft-tissue') commands.windowCtSoftTissue();
            }}
          >
            <option value="" disabled>
              preset…
            </option>
            {WINDOW_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={commands.invert}>
          Invert
        </button>
        <button type="button" onClick={commands.resetView}>
          Reset
        </button>
        <span className="separator" />
        <button type="button" aria-pressed={layout === '1x1'} onClick={commands.layout1x1}>
          1x1
        </button>
        <button type="button" aria-pressed={layout === '1x2'} onClick={commands.layout1x2}>
          1x2
        </button>
        <span className="spacer" />
        {loading > 0 && <span className="muted">Reading {loading} files…</span>}
        <button type="button" onClick={commands.help} aria-label="Keyboard shortcuts">
          ?
        </button>
      </header>

      <aside className="sidebar">
        <StudyBrowser
          patients={collection.patients}
          selectedSeriesUid={shown[active]}
          onSelectSeries={(s) => showSeries(active, s.seriesInstanceUid)}
          renderThumbnail={(s) => {
            const ids = seriesImageIds(s);
            return <Thumbnail imageId={engine ? ids[Math.floor((ids.length - 1) / 2)] : null} label={`${s.description ?? ''} thumbnail`} />;
          }}
        />
        {collection.nonImage.length > 0 && (
          <p className="muted" aria-label="Non-image objects">
            {collection.nonImage.length} non-image {collection.nonImage.length === 1 ? 'object' : 'objects'} (reports,
            presentation states) kept aside.
          </p>
        )}
        <ProblemsPanel problems={collection.problems} onClear={clearProblems} />
      </aside>

      <main className="viewports" data-layout={layout}>
        {engineError && <p className="warning">{engineError}</p>}
        {!hasStudies && (
          <StartScreen
            studies={catalog}
            catalogError={catalogError}
            onOpenSample={(id) => void openSample(id)}
            renderThumbnail={(study) => (
              <Thumbnail
                imageId={engine && study.files.length ? `wadouri:${sampleUrl(study.files[Math.floor((study.files.length - 1) / 2)])}` : null}
                size={160}
                label={`${study.title} preview`}
              />
            )}
          />
        )}
        {engine &&
          hasStudies &&
          VIEWPORT_IDS.slice(0, viewportCount).map((viewportId, index) => {
            const current = shown[index] ? seriesByUid.get(shown[index]!) : undefined;
            return (
              <div key={viewportId} className="viewport-cell">
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
                <ViewportPane
                  engine={engine}
                  viewportId={viewportId}
                  imageIds={current ? seriesImageIds(current) : []}
                  active={index === active && viewportCount > 1}
                  onActivate={() => setActive(index)}
                  onViewState={(state) => setViews((v) => v.map((old, i) => (i === index ? state : old)))}
                  onImageLoadFailed={addProblem}
                >
                  {current && <ViewportOverlay info={overlayInfo(current)} view={views[index]} />}
                </ViewportPane>
              </div>
            );
          })}
      </main>

      {help && <HelpDialog hotkeys={HOTKEYS} mouse={MOUSE_BINDINGS} onClose={() => setHelp(false)} />}
    </div>
  );
}
