import type { CommandId } from './commands';

/** Every keyboard shortcut, as data: the help dialog lists this table and the key handler reads it. */
export interface Hotkey {
  keys: readonly string[];
  command: CommandId;
  description: string;
}

export const HOTKEYS: readonly Hotkey[] = [
  { keys: ['ArrowDown'], command: 'nextImage', description: 'Next image (with a vertebra point selected: move it 1 px down)' },
  { keys: ['ArrowUp'], command: 'previousImage', description: 'Previous image (with a vertebra point selected: 1 px up)' },
  { keys: ['ArrowRight'], command: 'nudgeRight', description: 'Next image (with a vertebra point selected: 1 px right)' },
  { keys: ['ArrowLeft'], command: 'nudgeLeft', description: 'Previous image (with a vertebra point selected: 1 px left)' },
  { keys: ['Shift+ArrowDown'], command: 'nudgeDown10', description: 'With a vertebra point selected: move it 10 px down' },
  { keys: ['Shift+ArrowUp'], command: 'nudgeUp10', description: 'With a vertebra point selected: 10 px up' },
  { keys: ['Shift+ArrowRight'], command: 'nudgeRight10', description: 'With a vertebra point selected: 10 px right' },
  { keys: ['Shift+ArrowLeft'], command: 'nudgeLeft10', description: 'With a vertebra point selected: 10 px left' },
  { keys: ['['], command: 'levelCranial', description: 'Level: one up (cranial)' },
  { keys: [']'], command: 'levelCaudal', description: 'Level: one down (caudal)' },
  { keys: ['PageDown'], command: 'pageForward', description: '10 images forward' },
  { keys: ['PageUp'], command: 'pageBack', description: '10 images back' },
  { keys: ['Home'], command: 'firstImage', description: 'First image' },
  { keys: ['End'], command: 'lastImage', description: 'Last image' },
  { keys: ['w'], command: 'toolWindowLevel', description: 'Left drag: window/level' },
  { keys: ['p'], command: 'toolPan', description: 'Left drag: pan' },
  { keys: ['z'], command: 'toolZoom', description: 'Left drag: zoom' },
  { keys: ['v'], command: 'toolVertebra', description: 'Left click: place a vertebra (six points)' },
  { keys: ['l'], command: 'toggleLoupe', description: 'Loupe on/off: the image 4x around the cursor while a vertebra point is placed or dragged' },
  { keys: ['s'], command: 'toggleSnap', description: 'Snap on/off: clicked vertebra points move onto the nearest endplate corner or edge' },
  { keys: ['c'], command: 'toolCalibrate', description: 'Left drag: calibration line of known length' },
  { keys: ['e'], command: 'toggleEdema', description: 'Edema on/off for the vertebra under the cursor (else the selected one)' },
  { keys: ['Shift+C'], command: 'toolCanal', description: 'Left drag: canal diameter of the vertebra beside the line (else the selected one)' },
  { keys: ['q'], command: 'toolSignalRatio', description: 'Left drag twice: signal ratio, vertebra then normal reference' },
  { keys: ['h'], command: 'hang', description: 'Hang T1 and STIR side by side, linked' },
  { keys: ['Enter'], command: 'acceptProposal', description: 'Accept the next vertebra proposed (dashed; drag its points to correct it first)' },
  { keys: ['Escape'], command: 'cancel', description: 'Cancel the vertebra or line being drawn, or dismiss the vertebra proposed' },
  { keys: ['Delete', 'Backspace'], command: 'deleteSelected', description: 'Delete the selected vertebra' },
  { keys: ['Ctrl+Z'], command: 'undo', description: 'Undo (while placing: take back the last point)' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], command: 'redo', description: 'Redo' },
  { keys: ['a'], command: 'windowAuto', description: 'Window: auto (image VOI or range)' },
  { keys: ['b'], command: 'windowCtBone', description: 'Window: CT bone' },
  { keys: ['t'], command: 'windowCtSoftTissue', description: 'Window: CT soft tissue' },
  { keys: ['i'], command: 'invert', description: 'Invert grey scale' },
  { keys: ['r'], command: 'resetView', description: 'Reset zoom, pan and window' },
  { keys: ['1'], command: 'layout1x1', description: 'Layout 1x1' },
  { keys: ['2'], command: 'layout1x2', description: 'Layout 1x2 (two series side by side)' },
  { keys: ['m'], command: 'layoutMpr', description: 'MPR: axial, sagittal and coronal reformats of the series (again: back to 1x1)' },
  // Not Tab: Tab moves the focus between controls, as everywhere else (keyboard-only use).
  { keys: ['n'], command: 'nextViewport', description: 'Next viewport' },
  { keys: ['o'], command: 'openFiles', description: 'Open files' },
  { keys: ['?'], command: 'help', description: 'Show this help' },
];

/** Mouse bindings are fixed; listed with the hotkeys so the help is complete. */
export const MOUSE_BINDINGS: readonly { input: string; description: string }[] = [
  { input: 'Left drag', description: 'The chosen tool (window/level at start)' },
  { input: 'Middle drag', description: 'Pan' },
  { input: 'Right drag', description: 'Zoom' },
  { input: 'Wheel', description: 'Scroll through the images' },
  { input: 'Drag a vertebra point', description: 'Move it, with any tool; the values follow live (then arrows nudge it)' },
  { input: 'Click a vertebra line', description: 'Select it (Del deletes it)' },
  { input: 'Drag a coloured line (MPR)', description: 'Move that plane; drag its end handle to rotate it (oblique)' },
];

/**
 * The table's name of a key press: `v`, `?`, `Escape`, or a chord such as `Ctrl+Shift+Z` (Cmd counts as
 * Ctrl). Alt combinations, and Ctrl with a non-character key, are left to the browser.
 */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string | null {
  if (event.altKey) return null;
  const single = event.key.length === 1;
  if (event.ctrlKey || event.metaKey) return single ? `Ctrl+${event.shiftKey ? 'Shift+' : ''}${event.key.toUpperCase()}` : null;
  // Shift+arrow moves a selected vertebra point by 10 px.
  if (event.shiftKey && event.key.startsWith('Arrow')) return `Shift+${event.key}`;
  return single ? event.key.toLowerCase() : event.key;
}

/**
 * Controls that own the keys pressed in them: text fields, selects, menus and dialogs (open ones block the
 * hotkeys through the app's own state, this covers the rest). A radio or checkbox just clicked (edema, malignancy)
 * keeps the hotkeys, except that in a radio group the arrows move the choice, as in any radio group.
 */
const OWNS_EVERY_KEY = 'input:not([type=radio]):not([type=checkbox]), select, textarea, [contenteditable=""], [contenteditable="true"], dialog, [role="dialog"], [role="menu"], [role="listbox"]';
const ARROWS = new Set(['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight']);
/** Enter and Space activate a focused button or link, so those keep them. */
const ACTIVATES = 'button, a[href], summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"], input, select';

/** Whether the focused element (the event's target) keeps this key from the hotkeys. */
export function focusOwnsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest(OWNS_EVERY_KEY)) return true;
  if ((key === 'Enter' || key === ' ') && target.closest(ACTIVATES)) return true;
  return ARROWS.has(key) && target.closest('input[type=radio]') !== null;
}

export function commandForKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): CommandId | null {
  const key = keyName(event);
  if (key === null) return null;
  // A shifted letter has its own binding where the table gives one (Shift+C, the canal, beside c, calibrate);
  // otherwise it is the letter, so that Caps Lock or Shift does not disable the hotkeys.
  const shifted = event.shiftKey && !event.ctrlKey && !event.metaKey && /^[a-z]$/i.test(event.key) ? `Shift+${event.key.toUpperCase()}` : null;
  const binding = (name: string) => HOTKEYS.find((h) => h.keys.includes(name))?.command ?? null;
  return (shifted ? binding(shifted) : null) ?? binding(key);
}
