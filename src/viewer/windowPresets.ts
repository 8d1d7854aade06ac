/** Window/level presets; `auto` returns to the image's own VOI LUT or, without one, its pixel range. */
export interface WindowPreset {
  id: string;
  label: string;
  window?: { width: number; center: number };
}

export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'auto', label: 'Auto' },
  { id: 'ct-bone', label: 'CT bone', window: { width: 2000, center: 500 } },
  { id: 'ct-soft-tissue', label: 'CT soft tissue', window: { width: 400, center: 40 } },
];
