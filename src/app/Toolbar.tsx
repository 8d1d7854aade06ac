import { useRef, useSyncExternalStore, type RefObject } from 'react';
import { LEVELS, type Level } from '../morphometry';
import type { Snapshot } from '../reading';
import { loupeEnabled, onLoupeChange } from '../viewer/loupeSetting';
import { onSnapChange, snapEnabled } from '../viewer/snapSetting';
import type { PrimaryTool } from '../viewer/toolGroup';
import { WINDOW_PRESETS } from '../viewer/windowPresets';
import type { Commands, Layout } from './commands';
import { fromFileList, type NamedFile } from './gatherFiles';

interface Props {
  tool: PrimaryTool;
  layout: Layout;
  /** Files still being read. */
  loading: number;
  commands: Commands;
  /** Why the series in the active viewport cannot be reformatted, or null when it can. */
  mprUnavailable: string | null;
  reading: Snapshot;
  /** Nothing to view or measure before a study is open: those tools are disabled. */
  hasStudy: boolean;
  /** The window preset the active viewport shows, '' when windowed by hand. */
  windowPreset: string;
  onNextLevel: (level: Level) => void;
  onOpen: (files: NamedFile[]) => void;
  fileInput: RefObject<HTMLInputElement | null>;
  folderInput: RefObject<HTMLInputElement | null>;
}

/** The focus back on the active viewport (a named, tabbable pane), so that the hotkeys reach it. */
function backToViewport(): void {
  // With one viewport no pane is marked active: it is the only one.
  (document.querySelector<HTMLElement>('.viewport-pane.active') ?? document.querySelector<HTMLElement>('.viewport-pane'))?.focus();
}

/** The toolbar: every button calls the same command as its hotkey. */
export function Toolbar({ tool, layout, loading, commands, mprUnavailable, reading, hasStudy, windowPreset, onNextLevel, onOpen, fileInput, folderInput }: Props) {
  const off = !hasStudy;
  const snap = useSyncExternalStore(onSnapChange, snapEnabled);
  const loupe = useSyncExternalStore(onLoupeChange, loupeEnabled);
  /** Whether the Level being chosen was opened with the mouse. */
  const levelByPointer = useRef(false);
  return (
    <header className="toolbar">
      <h1 className="brand">Kypho</h1>
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
          onOpen(fromFileList(e.currentTarget.files));
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
          onOpen(fromFileList(e.currentTarget.files));
          e.currentTarget.value = '';
        }}
      />
      <span className="separator" />
      {(['windowLevel', 'pan', 'zoom'] as const).map((t) => (
        <button
          key={t}
          type="button"
          aria-pressed={tool === t}
          disabled={off}
          onClick={commands[t === 'windowLevel' ? 'toolWindowLevel' : t === 'pan' ? 'toolPan' : 'toolZoom']}
        >
          {t === 'windowLevel' ? 'W/L' : t === 'pan' ? 'Pan' : 'Zoom'}
        </button>
      ))}
      <label>
        Window{' '}
        <select
          aria-label="Window preset"
          value={hasStudy ? windowPreset : ''}
          disabled={off}
          onChange={(e) => {
            const id = e.currentTarget.value;
            if (id === 'auto') commands.windowAuto();
            if (id === 'ct-bone') commands.windowCtBone();
            if (id === 'ct-soft-tissue') commands.windowCtSoftTissue();
          }}
        >
          <option value="" disabled>
            {hasStudy ? 'by hand' : 'preset…'}
          </option>
          {WINDOW_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={off} onClick={commands.invert}>
        Invert
      </button>
      <button type="button" disabled={off} onClick={commands.resetView}>
        Reset
      </button>
      <span className="separator" />
      <button type="button" aria-pressed={tool === 'vertebra'} disabled={off} onClick={commands.toolVertebra} title="Place six points per vertebra (V)">
        Vertebra
      </button>
      <button
        type="button"
        aria-pressed={snap}
        disabled={off}
        onClick={commands.toggleSnap}
        title="Clicked points move onto the nearest endplate corner or edge, within 3 mm (S)"
      >
        Snap
      </button>
      <button
        type="button"
        aria-pressed={loupe}
        disabled={off}
        onClick={commands.toggleLoupe}
        title="While a vertebra point is placed or dragged, the image 4x around the cursor (L)"
      >
        Loupe
      </button>
      <label>
        Level{' '}
        <select
          aria-label="Level"
          disabled={off}
          value={reading.nextLevel}
          onPointerDown={() => (levelByPointer.current = true)}
          onChange={(e) => {
            onNextLevel(e.currentTarget.value as Level);
            // Chosen with the mouse: the keys ([, ], the arrows, Ctrl+Z, Enter) go back to the image at once.
            if (levelByPointer.current) backToViewport();
            levelByPointer.current = false;
          }}
          onKeyDown={(e) => {
            // From the keyboard the arrows and typing choose; Enter then hands the keys back to the image.
            levelByPointer.current = false;
            if (e.key === 'Enter') {
              e.preventDefault();
              backToViewport();
            }
          }}
        >
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
              {reading.reading.findings.some((f) => f.level === level) ? ' ✓' : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-pressed={tool === 'calibrate'} disabled={off} onClick={commands.toolCalibrate} title="Draw a line of known length (C)">
        Calibrate
      </button>
      <button
        type="button"
        aria-pressed={tool === 'canal'}
        disabled={off}
        onClick={commands.toolCanal}
        title="Draw the canal's antero-posterior diameter at the middle of a body (Shift+C)"
      >
        Canal
      </button>
      <button
        type="button"
        aria-label="Undo"
        title={`Undo ${reading.undoKind ?? ''} (Ctrl+Z)`}
        disabled={!reading.undoKind}
        onClick={commands.undo}
      >
        ↶
      </button>
      <button
        type="button"
        aria-label="Redo"
        title={`Redo ${reading.redoKind ?? ''} (Ctrl+Shift+Z)`}
        disabled={!reading.redoKind}
        onClick={commands.redo}
      >
        ↷
      </button>
      <span className="separator" />
      <button type="button" aria-pressed={layout === '1x1'} disabled={off} onClick={commands.layout1x1}>
        1x1
      </button>
      <button type="button" aria-pressed={layout === '1x2'} disabled={off} onClick={commands.layout1x2}>
        1x2
      </button>
      <button
        type="button"
        aria-pressed={layout === 'mpr'}
        disabled={off}
        onClick={commands.layoutMpr}
        className={mprUnavailable ? 'unavailable' : undefined}
        title={mprUnavailable ? `MPR not available: ${mprUnavailable}` : 'Axial, sagittal and coronal reformats of this series (M)'}
      >
        MPR
      </button>
      <span className="spacer" />
      {loading > 0 && <span className="muted">Reading {loading} files…</span>}
      <button type="button" onClick={commands.help} aria-label="Keyboard shortcuts">
        ?
      </button>
    </header>
  );
}
