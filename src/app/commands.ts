import { LEVELS } from '../morphometry';
import type { ReadingStore } from '../reading';
import { applyWindowPreset, invertView, resetView, scrollBy, scrollTo } from '../viewer/navigation';
import { loupeEnabled, setLoupeEnabled } from '../viewer/loupeSetting';
import { setSnapEnabled, snapEnabled } from '../viewer/snapping';
import { acceptProposal, cancelManipulations, setPrimaryTool, vertebraTool, vertebraTools, type PrimaryTool } from '../viewer/toolGroup';

/** The app-level actions a command needs; the viewer actions are called directly. */
export interface CommandContext {
  activeViewportId: () => string;
  setLayout: (layout: Layout) => void;
  nextViewport: () => void;
  openFiles: () => void;
  showHelp: () => void;
  setPrimaryTool: (tool: PrimaryTool) => void;
  reading: ReadingStore;
  /** Deletes a vertebra and tells the reader what was refused or kept. */
  deleteFinding: (id: string) => void;
  /** `E`: edema of the vertebra under the cursor (or the selected one) on or off. */
  toggleEdema: () => void;
  /** Applies the hanging protocol to the loaded series again. */
  hang: () => void;
  /** A window preset was applied to a viewport (reset applies `auto`), for the toolbar to show it. */
  onWindowPreset?: (viewportId: string, presetId: string) => void;
}

/** One or two stacks side by side, or the reformats (axial, sagittal, coronal) of one volume. */
export type Layout = '1x1' | '1x2' | 'mpr';

/** Shared by the toolbar and the hotkeys, so a button and its key always do the same thing. */
export function createCommands(ctx: CommandContext) {
  const vp = ctx.activeViewportId;
  const tool = (t: PrimaryTool) => () => {
    setPrimaryTool(t);
    ctx.setPrimaryTool(t);
  };
  /** An arrow key moves the selected vertebra point by whole image pixels, or else scrolls. */
  const nudgeOr = (right: number, down: number, images: number) => () => {
    // The grabbed handle may be on a stack or on a reformat: each group's tool knows only its own.
    if (!vertebraTools().some((tool) => tool.nudgeSelectedHandle(right, down))) scrollBy(vp(), images);
  };
  const stepLevel = (step: 1 | -1) => () => {
    const next = LEVELS[LEVELS.indexOf(ctx.reading.getSnapshot().nextLevel) + step];
    if (next) ctx.reading.setNextLevel(next);
  };
  const preset = (id: string) => {
    applyWindowPreset(vp(), id);
    ctx.onWindowPreset?.(vp(), id);
  };
  return {
    nextImage: nudgeOr(0, 1, 1),
    previousImage: nudgeOr(0, -1, -1),
    nudgeRight: nudgeOr(1, 0, 1),
    nudgeLeft: nudgeOr(-1, 0, -1),
    nudgeDown10: nudgeOr(0, 10, 1),
    nudgeUp10: nudgeOr(0, -10, -1),
    nudgeRight10: nudgeOr(10, 0, 1),
    nudgeLeft10: nudgeOr(-10, 0, -1),
    levelCranial: stepLevel(-1),
    levelCaudal: stepLevel(1),
    pageForward: () => scrollBy(vp(), 10),
    pageBack: () => scrollBy(vp(), -10),
    firstImage: () => scrollTo(vp(), 'first'),
    lastImage: () => scrollTo(vp(), 'last'),
    toolWindowLevel: tool('windowLevel'),
    toolPan: tool('pan'),
    toolZoom: tool('zoom'),
    toolVertebra: tool('vertebra'),
    toggleSnap: () => setSnapEnabled(!snapEnabled()),
    toggleLoupe: () => setLoupeEnabled(!loupeEnabled()),
    toolCalibrate: tool('calibrate'),
    toolSignalRatio: tool('signalRatio'),
    toolCanal: tool('canal'),
    toggleEdema: ctx.toggleEdema,
    hang: ctx.hang,
    windowAuto: () => preset('auto'),
    windowCtBone: () => preset('ct-bone'),
    windowCtSoftTissue: () => preset('ct-soft-tissue'),
    invert: () => invertView(vp()),
    resetView: () => {
      resetView(vp());
      ctx.onWindowPreset?.(vp(), 'auto');
    },
    layout1x1: () => ctx.setLayout('1x1'),
    layout1x2: () => ctx.setLayout('1x2'),
    layoutMpr: () => ctx.setLayout('mpr'),
    nextViewport: ctx.nextViewport,
    openFiles: ctx.openFiles,
    help: ctx.showHelp,
    cancel: () => {
      cancelManipulations();
    },
    acceptProposal: () => {
      acceptProposal();
    },
    deleteSelected: () => {
      const { selectedId } = ctx.reading.getSnapshot();
      if (selectedId) ctx.deleteFinding(selectedId);
    },
    // While a vertebra is half placed, undo takes back its last point; otherwise it undoes the last edit.
    undo: () => {
      if (!vertebraTool()?.takeBackPoint()) ctx.reading.undo();
    },
    redo: () => {
      ctx.reading.redo();
    },
  };
}

export type Commands = ReturnType<typeof createCommands>;
export type CommandId = keyof Commands;
