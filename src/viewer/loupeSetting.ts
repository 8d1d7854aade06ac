/**
 * The Loupe setting (issue 17) alone, without Cornerstone, like snapSetting.ts: the toolbar shows and changes it before
 * the viewer is loaded (issue 19). On unless the reader turned it off, kept across sessions.
 */
const PREFERENCE_KEY = 'kypho.loupe';
let enabled = readPreference();
const listeners = new Set<(on: boolean) => void>();

export function loupeEnabled(): boolean {
  return enabled;
}

export function setLoupeEnabled(on: boolean): void {
  enabled = on;
  try {
    localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused: the setting holds for this session.
  }
  for (const listener of listeners) listener(on);
}

export function onLoupeChange(listener: (on: boolean) => void): () => void {
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
