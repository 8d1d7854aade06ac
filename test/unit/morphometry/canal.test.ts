import { describe, expect, it } from 'vitest';
import { measureCanal, type CanalInput, type Frame, type Level } from '../../../src/morphometry';

const MM: Frame = { space: 'image', pixelSpacing: [0.5, 0.5] };

/** A horizontal canal line of `d` mm on a 0.5 mm image. */
const canal = (level: Level, d: number, frame: Frame = MM): CanalInput => ({ level, points: [[100, 200], [100 + d / 0.5, 200]], frame });

function byLevel(canals: CanalInput[], levels?: Level[]) {
  return new Map(measureCanal(canals, levels).map((r) => [r.level, r]));
}

describe('§11 canal diameter and canal compromise = 1 - d / d_ref', () => {
  it('uses the mean of two adjacent levels', () => {
    // 12 mm between 16 and 14 mm: d_ref 15, compromise 1 - 12/15 = 20%.
    const r = byLevel([canal('T11', 16), canal('T12', 12), canal('L1', 14)]);
    expect(r.get('T12')).toMatchObject({ unit: 'mm', canalDiameter: 12, canalReference: 15 });
    expect(r.get('T12')?.canalCompromise).toBeCloseTo(0.2, 12);
    // The ends have one neighbour each: T11 against T12 alone is 1 - 16/12, a wider canal (negative).
    expect(r.get('T11')?.canalCompromise).toBeCloseTo(1 - 16 / 12, 12);
  });

  it('uses a single adjacent level when only one is measured', () => {
    const r = byLevel([canal('T12', 9), canal('L1', 15)]);
    expect(r.get('T12')?.canalReference).toBe(15);
    expect(r.get('T12')?.canalCompromise).toBeCloseTo(0.4, 12);
  });

  it('is null without an adjacent level that has a canal diameter', () => {
    expect(byLevel([canal('T12', 12)]).get('T12')).toMatchObject({ canalDiameter: 12, canalReference: null, canalCompromise: null });
    // L1 and L3 are not adjacent.
    expect(byLevel([canal('L1', 12), canal('L3', 15)]).get('L1')?.canalCompromise).toBeNull();
    // A T13 in the reading lies between T12 and L1, even without a canal line of its own.
    expect(byLevel([canal('T12', 12), canal('L1', 15)], ['T12', 'T13', 'L1']).get('T12')?.canalCompromise).toBeNull();
  });

  it('measures in mm with anisotropic spacing and in patient space', () => {
    // 40 columns of 0.25 mm and 30 rows of 0.4 mm: sqrt(10^2 + 12^2) mm.
    const [r] = measureCanal([{ level: 'L2', points: [[0, 0], [40, 30]], frame: { space: 'image', pixelSpacing: [0.4, 0.25] } }]);
    expect(r?.canalDiameter).toBeCloseTo(Math.hypot(10, 12), 12);
    const [p] = measureCanal([{ level: 'L2', points: [[1, 2, 3], [4, 6, 15]], frame: { space: 'patient', pixelSpacing: null } }]);
    expect(p).toMatchObject({ unit: 'mm', canalDiameter: 13 });
  });

  it('does not compare a diameter in px with one in mm', () => {
    const px: Frame = { space: 'image', pixelSpacing: null };
    const r = byLevel([canal('T11', 16), canal('T12', 24, px), canal('L1', 14)]);
    expect(r.get('T12')).toMatchObject({ unit: 'px', canalCompromise: null });
    expect(r.get('T11')?.canalCompromise).toBeNull();
  });
});
