import { describe, expect, it } from 'vitest';
import type { SixPoints } from '../../../src/morphometry';
import { canalLevelAt } from '../../../src/viewer/canalLevel';

/** An upright body, anterior at column 100, posterior at 130, from row `top` down 25 rows. */
const body = (top: number): SixPoints => ({ as: [100, top], ms: [115, top], ps: [130, top], ai: [100, top + 25], mi: [115, top + 25], pi: [130, top + 25] });
const BODIES = [
  { level: 'T11' as const, points: body(100) },
  { level: 'T12' as const, points: body(135) },
  { level: 'L1' as const, points: body(170) },
];

describe('the level of a canal line', () => {
  it('is the body whose cranio-caudal extent holds the line, behind it (the canal is posterior to the body)', () => {
    expect(canalLevelAt([[132, 147], [150, 147]], BODIES)).toBe('T12');
    expect(canalLevelAt([[132, 182], [150, 184]], BODIES)).toBe('L1');
  });

  it('is none in a disc space or beyond the measured bodies: the caller falls back to the selected level', () => {
    expect(canalLevelAt([[132, 130], [150, 130]], BODIES)).toBeNull();
    expect(canalLevelAt([[132, 300], [150, 300]], BODIES)).toBeNull();
    expect(canalLevelAt([[132, 147], [150, 147]], [])).toBeNull();
  });

  it('works in patient space (3-D points)', () => {
    const to3 = (p: SixPoints): SixPoints => Object.fromEntries(Object.entries(p).map(([k, [c, r]]) => [k, [5, c as number, -(r as number)]])) as SixPoints;
    const bodies = BODIES.map((b) => ({ ...b, points: to3(b.points) }));
    expect(canalLevelAt([[5, 132, -150], [5, 150, -150]], bodies)).toBe('T12');
  });
});
