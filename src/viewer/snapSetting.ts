/**
 * The Snap setting (issue 17) alone, without Cornerstone: the start screen's toolbar shows and changes it before the
 * viewer is loaded (issue 19). A reader's preference, kept across sessions: Snap is on unless they turned it off.
 */
const PREFERENCE_KEY = 'kypho.snap';
let enabled = readPreference();
const listeners = new Set<(on: boolean) => void>();

export function snapEnabled(): boolean {
  return enabled;
}

export function setSnapEnabled(on: boolean): void {
  enabled = on;
  try {
    localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (private mode, quota): the setting holds for this session.
  }
  for (const listener of listeners) listener(on);
}

export function onSnapChange(listener: (on: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function readPreference(): boolean {
  try {
    return localStorage.getItem(PREFERENCE_KEY) !== 'off';
  } catch {
    return true;
  }
}

