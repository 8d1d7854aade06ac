/**
 * The truth is the geometry that was drawn: the corners and endplate midpoints measured from the
 * radiographs' pixels (edge profiles across each endplate and wall) lie within one pixel of truth.json.
 *
 * An edge is where the image rises most steeply going from outside the body (disc, soft tissue) into
 * its cortex, searched within 6 pixels of the truth. A corner is rounded, so it is measured from the
 * endplate and the wall just beside it (6-12% of their length away): the corner is where the two edges,
 * offset from the truth lines by what was measured, cross.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, lateralBaseline, lateralFollowup } from '../../../src/phantom/studies';
import type { StudyTruth, TruthVertebra } from '../../../src/phantom/truth';
import { readDicom, sample, type DicomImage } from './dicomFile';
import { generatedSamples, removeGenerated } from './samples';

type P = [number, number];

const add = (p: P, q: P, k = 1): P => [p[0] + k * q[0], p[1] + k * q[1]];
const sub = (p: readonly number[], q: readonly number[]): P => [(p[0] as number) - (q[0] as number), (p[1] as number) - (q[1] as number)];
const unit = (p: P): P => {
  const n = Math.hypot(p[0], p[1]);
  return [p[0] / n, p[1] / n];
};

/**
 * Position of the steepest rise along `inward` through `at` (pixels), as an offset from `at`, refined
 * to a fraction of a pixel; five parallel profiles one pixel apart are averaged to quieten the noise.
 */
function edgeOffset(img: DicomImage, at: P, inward: P): number {
  const side: P = [-inward[1], inward[0]];
  const step = 0.1;
  const n = Math.round(6 / step);
  const lag = 5;
  const profile: number[] = [];
  for (let i = -n - lag; i <= n + lag; i++) {
    let acc = 0;
    for (const k of [-2, -1, 0, 1, 2]) {
      const p = add(add(at, inward, i * step), side, k);
      acc += sample(img, p[0], p[1]);
    }
    profile.push(acc / 5);
  }
  const rise = (i: number): number => (profile[i + lag] as number) - (profile[i - lag] as number);
  let bestI = lag;
  for (let i = lag; i < profile.length - lag; i++) if (rise(i) > rise(bestI)) bestI = i;
  // Parabola through the peak and its neighbours.
  const y0 = rise(Math.max(lag, bestI - 1));
  const y1 = rise(bestI);
  const y2 = rise(Math.min(profile.length - lag - 1, bestI + 1));
  const denom = y0 - 2 * y1 + y2;
  const frac = denom === 0 ? 0 : (0.5 * (y0 - y2)) / denom;
  return (bestI + frac - n - lag) * step;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}

/** Where the edges near a corner are: the mean offset of each edge from the truth line, along its inward normal. */
function cornerFromEdges(img: DicomImage, corner: P, alongEndplate: P, endplateInward: P, alongWall: P, wallInward: P, reachEndplate: number, reachWall: number): P {
  const offEndplate = mean(FRACTIONS.map((f) => edgeOffset(img, add(corner, alongEndplate, f * reachEndplate), endplateInward)));
  const offWall = mean(FRACTIONS.map((f) => edgeOffset(img, add(corner, alongWall, f * reachWall), wallInward)));
  // Solve (p - corner) . endplateInward = offEndplate and (p - corner) . wallInward = offWall.
  const [a, b] = endplateInward;
  const [c, d] = wallInward;
  const det = a * d - b * c;
  return add(corner, [(offEndplate * d - offWall * b) / det, (a * offWall - c * offEndplate) / det]);
}

const FRACTIONS = [0.06, 0.08, 0.1, 0.12];

/** The six points as measured from the pixels, looking for each edge near where the truth puts it. */
function measurePoints(img: DicomImage, v: TruthVertebra): Record<string, P> {
  const { as, ms, ps, ai, mi, pi } = v.points as Record<string, [number, number]>;
  const normal = (from: P, to: P, towardBody: P): P => {
    const d = unit(sub(to, from));
    const n: P = [-d[1], d[0]];
    return n[0] * towardBody[0] + n[1] * towardBody[1] > 0 ? n : [-n[0], -n[1]];
  };
  const centre: P = [(as[0] + ps[0] + ai[0] + pi[0]) / 4, (as[1] + ps[1] + ai[1] + pi[1]) / 4];
  const corner = (c: P, endplateEnd: P, wallEnd: P): P =>
    cornerFromEdges(
      img,
      c,
      unit(sub(endplateEnd, c)),
      normal(c, endplateEnd, sub(centre, c)),
      unit(sub(wallEnd, c)),
      normal(c, wallEnd, sub(centre, c)),
      Math.hypot(...sub(endplateEnd, c)),
      Math.hypot(...sub(wallEnd, c)),
    );
  const superiorInward = normal(as, ps, sub(centre, ms));
  const inferiorInward = normal(ai, pi, sub(centre, mi));
  return {
    as: corner(as, ps, ai),
    ps: corner(ps, as, pi),
    ai: corner(ai, pi, as),
    pi: corner(pi, ai, ps),
    ms: add(ms, superiorInward, edgeOffset(img, ms, superiorInward)),
    mi: add(mi, inferiorInward, edgeOffset(img, mi, inferiorInward)),
  };
}

describe.each([
  ['lateral-baseline', lateralBaseline],
  ['lateral-followup', lateralFollowup],
] as const)('drawn corners of %s', (id, study) => {
  const truth: StudyTruth = study.describe(DEFAULT_SEED).truth;
  let img: DicomImage;
  let dir = '';
  beforeAll(() => {
    dir = generatedSamples([id]);
    img = readDicom(join(dir, truth.series[0]?.files[0] as string));
  }, 60_000);
  afterAll(() => removeGenerated(dir));

  it.each(truth.vertebrae.map((v) => [v.level, v] as const))('%s: each point within one pixel of the truth', (_level, v) => {
    const measured = measurePoints(img, v);
    const errors = Object.fromEntries(
      Object.entries(measured).map(([key, p]) => [key, Math.hypot(...sub(p, (v.points as Record<string, number[]>)[key] as number[]))]),
    );
    for (const [key, error] of Object.entries(errors)) {
      expect(error, `${v.level} ${key} is ${error.toFixed(2)} px from the truth`).toBeLessThanOrEqual(1);
    }
  });
});
