/** How the teaching numbers are written: mean errors in mm to 2 decimals, shares as whole percent, kappa to 2 decimals. */
export function formatMm(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)} mm`;
}

export function formatShare(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function formatKappa(value: number | null): string {
  return value === null ? 'undefined (all grades the same)' : value.toFixed(2);
}
