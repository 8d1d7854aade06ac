/**
 * An on/off preference of the reader's, kept across sessions in localStorage and on unless they turned it off,
 * with listeners for the toolbar. Without Cornerstone, so that the start screen can show it (issue 19).
 */
export interface ToggleSetting {
  enabled(): boolean;
  set(on: boolean): void;
  onChange(listener: (on: boolean) => void): () => void;
}

export function toggleSetting(preferenceKey: string): ToggleSetting {
  let enabled = readPreference(preferenceKey);
  const listeners = new Set<(on: boolean) => void>();
  return {
    enabled: () => enabled,
    set(on) {
      enabled = on;
      try {
        localStorage.setItem(preferenceKey, on ? 'on' : 'off');
      } catch {
        // Storage refused (private mode, quota): the setting holds for this session.
      }
      for (const listener of listeners) listener(on);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function readPreference(preferenceKey: string): boolean {
  try {
    return localStorage.getItem(preferenceKey) !== 'off';
  } catch {
    return true;
  }
}
