/** How the teaching numbers are written: mm to 1 decimal, shares as whole percent, kappa to 2 decimals. */
export function formatMm(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} mm`;
}

export function formatShare(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function formatKappa(value: number | null): string {
  return value === null ? 'undefined (all grades the same)' : value.toFixed(2);
}
