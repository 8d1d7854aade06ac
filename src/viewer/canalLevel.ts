/**
 * Which measured vertebra a canal line belongs to (morphometry.md section 11): the body whose cranio-caudal extent
 * holds the line's midpoint (the canal lies behind the body, so not inside its outline), the nearest one if several.
 * Pure: image points `[column, row]` or patient points `[x, y, z]`, the same for the line and the bodies.
 */
import type { Level, SixPoints } from '../morphometry';

export interface Body {
  level: Level;
  points: SixPoints;
}

export function canalLevelAt(line: readonly [readonly number[], readonly number[]], bodies: readonly Body[]): Level | null {
  const mid = line[0].map((c, i) => (c + (line[1][i] as number)) / 2);
  let best: { level: Level; distance: number } | null = null;
  for (const { level, points } of bodies) {
    const superior = points.as.map((c, i) => (c + (points.ps[i] as number)) / 2);
    const inferior = points.ai.map((c, i) => (c + (points.pi[i] as number)) / 2);
    const axis = inferior.map((c, i) => c - (superior[i] as number));
    const length2 = axis.reduce((s, a) => s + a * a, 0);
    if (length2 === 0) continue;
    const t = mid.reduce((s, c, i) => s + (c - (superior[i] as number)) * (axis[i] as number), 0) / length2;
    if (t < 0 || t > 1) continue;
    const foot = superior.map((c, i) => c + t * (axis[i] as number));
    const distance = Math.hypot(...mid.map((c, i) => c - (foot[i] as number)));
    if (!best || distance < best.distance) best = { level, distance };
  }
  return best?.level ?? null;
}
