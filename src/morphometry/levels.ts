/** Vertebral levels (morphometry.md section 1). */

/** Every label, cranial to caudal. T13 and L6 are transitional: they exist only where a reader measures them. */
export const LEVELS = [
  'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7',
  'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'T13',
  'L1', 'L2', 'L3', 'L4', 'L5', 'L6',
  'S1',
] as const;

export type Level = (typeof LEVELS)[number];

export const TRANSITIONAL_LEVELS: readonly Level[] = ['T13', 'L6'];

const ORDER = new Map<string, number>(LEVELS.map((level, index) => [level, index]));

export function isLevel(s: unknown): s is Level {
  return typeof s === 'string' && ORDER.has(s);
}

export function isTransitional(level: Level): boolean {
  return TRANSITIONAL_LEVELS.includes(level);
}

/** Negative when `a` is cranial to `b`; usable as an `Array.prototype.sort` comparator. */
export function compareLevels(a: Level, b: Level): number {
  return levelIndex(a) - levelIndex(b);
}

function levelIndex(level: Level): number {
  return ORDER.get(level) as number;
}

/** The next standard level caudal to `level` (T12 -> L1, skipping the transitional T13 and L6), or null after S1. */
export function nextLevelCaudal(level: Level): Level | null {
  return nextStandard(level, +1);
}

/** The next standard level cranial to `level` (L1 -> T12), or null before C1. */
export function nextLevelCranial(level: Level): Level | null {
  return nextStandard(level, -1);
}

function nextStandard(level: Level, step: 1 | -1): Level | null {
  for (let i = levelIndex(level) + step; i >= 0 && i < LEVELS.length; i += step) {
    const candidate = LEVELS[i] as Level;
    if (!isTransitional(candidate)) return candidate;
  }
  return null;
}

/**
 * Two measured levels are adjacent when no label lies between them, where an unmeasured T13 or L6
 * does not count as a label (it does not exist in that spine). So T12 and L1 are adjacent unless T13
 * is measured, and L1 and L3 never are.
 */
export function areAdjacent(a: Level, b: Level, measured: ReadonlySet<Level>): boolean {
  const [from, to] = [levelIndex(a), levelIndex(b)].sort((x, y) => x - y) as [number, number];
  if (from === to) return false;
  for (let i = from + 1; i < to; i++) {
    const between = LEVELS[i] as Level;
    if (!isTransitional(between) || measured.has(between)) return false;
  }
  return true;
}

/** The measured levels adjacent to `level` (none, one or two), cranial first. */
export function adjacentLevels(level: Level, measured: ReadonlySet<Level>): Level[] {
  return [...measured]
    .filter((other) => areAdjacent(level, other, measured))
    .sort(compareLevels);
}
