import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureVertebrae, type Method, type SixPoints, type VertebraInput } from '../../../src/morphometry';
import { box, boxPoints } from './fixtures';

const length = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const heights = fc.record({ ha: length(1, 60), hm: length(1, 60), hp: length(1, 60) });
const method = fc.constantFrom<Method>('own-posterior', 'adjacent');
/** hp of a measured T12 and L2 around L1, or null where that neighbour is not measured. */
const neighbours = fc.tuple(fc.option(length(5, 50)), fc.option(length(5, 50)));

const closeTo = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

function gradeL1(l1: VertebraInput, [above, below]: [number | null, number | null], m: Method) {
  const vertebrae = [l1];
  if (above !== null) vertebrae.push(box('T12', above));
  if (below !== null) vertebrae.push(box('L2', below));
  return measureVertebrae(vertebrae, { method: m }).vertebrae.find((v) => v.level === 'L1')!;
}

describe('property: grades never decrease as the anterior height shrinks', () => {
  it('holds for either method, with or without neighbours', () => {
    fc.assert(
      fc.property(heights, fc.double({ min: 0.01, max: 1, noNaN: true }), neighbours, method, (h, shrink, around, m) => {
        const before = gradeL1(box('L1', h), around, m);
        const after = gradeL1(box('L1', { ...h, ha: h.ha * shrink }), around, m);
        expect(after.grade).toBeGreaterThanOrEqual(before.grade);
        expect(after.heightLoss).toBeGreaterThanOrEqual(before.heightLoss);
      }),
    );
  });
});

/** Rotates by `angle` and shifts by `shift`, in the plane. */
function rigid2d(p: number[], angle: number, shift: [number, number]): number[] {
  const [x, y] = p as [number, number];
  return [x * Math.cos(angle) - y * Math.sin(angle) + shift[0], x * Math.sin(angle) + y * Math.cos(angle) + shift[1]];
}

function mapPoints(points: SixPoints, f: (p: number[]) => number[]): SixPoints {
  return Object.fromEntries(Object.entries(points).map(([key, p]) => [key, f(p)])) as SixPoints;
}

function expectSameGeometry(actual: ReturnType<typeof measureVertebrae>, expected: ReturnType<typeof measureVertebrae>) {
  const [a, e] = [actual.vertebrae[0]!, expected.vertebrae[0]!];
  for (const key of ['ha', 'hm', 'hp'] as const) {
    if (!closeTo(a[key], e[key])) throw new Error(`${key} ${a[key]} != ${e[key]}`);
  }
  if (Math.abs(a.wedgeAngle - e.wedgeAngle) > 1e-7) throw new Error(`wedgeAngle ${a.wedgeAngle} != ${e.wedgeAngle}`);
}

describe('property: moving a vertebra rigidly does not change its heights', () => {
  it('holds in image space with anisotropic spacing (the motion happens in mm)', () => {
    fc.assert(
      fc.property(
        heights,
        length(10, 50),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.tuple(length(-500, 500), length(-500, 500)),
        fc.tuple(length(0.05, 2), length(0.05, 2)),
        (h, depth, angle, shift, [rowSpacing, columnSpacing]) => {
          const mm = boxPoints(h, { x: 0, y: 0, depth });
          const toPixels = ([x, y]: number[]) => [(x as number) / columnSpacing, (y as number) / rowSpacing];
          const measure = (points: SixPoints) =>
            measureVertebrae([{ level: 'L1', points }], { pixelSpacing: [rowSpacing, columnSpacing] });
          expectSameGeometry(
            measure(mapPoints(mm, (p) => toPixels(rigid2d(p, angle, shift)))),
            measure(mapPoints(mm, toPixels)),
          );
        },
      ),
    );
  });

  it('holds in patient space under any 3-D rotation and translation', () => {
    const unit = length(-1, 1);
    fc.assert(
      fc.property(
        heights,
        length(10, 50),
        fc.tuple(unit, unit, unit, unit).filter((q) => Math.hypot(...q) > 0.1),
        fc.tuple(length(-500, 500), length(-500, 500), length(-500, 500)),
        (h, depth, q, shift) => {
          const n = Math.hypot(...q);
          const [w, x, y, z] = q.map((c) => c / n) as [number, number, number, number];
          // Rotation matrix of the unit quaternion (w, x, y, z).
          const r = [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
          ];
          const in3d = mapPoints(boxPoints(h, { x: 0, y: 0, depth }), ([px, py]) => [px as number, py as number, 0]);
          const moved = mapPoints(in3d, (p) => r.map((row, i) => row.reduce((s, rij, j) => s + rij * (p[j] as number), 0) + shift[i]!));
          const measure = (points: SixPoints) => measureVertebrae([{ level: 'L1', space: 'patient', points }]);
          expectSameGeometry(measure(moved), measure(in3d));
        },
      ),
    );
  });
});
