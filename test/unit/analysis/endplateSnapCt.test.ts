import { describe, expect, it } from 'vitest';
import * as dicomParserModule from 'dicom-parser';
import { snapPoint, type SnapImage, type SnapKey, type Vec2 } from '../../../src/analysis/endplateSnap';
import { readShared } from '../dicom/dicomBytes';

const dicomParser = (dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule;
const KEYS: SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

/** A TCIA sagittal CT slice (1.32 mm pixels: the endplate cortex is a pixel or two thick) with its feet and front directions. */
function readCt(file: string): SnapImage & { caudal: Vec2; anterior: Vec2 } {
  const bytes = readShared(file);
  const ds = dicomParser.parseDicom(bytes);
  const pixels = ds.elements['x7fe00010']!;
  const o = ds.string('x00200037')!.split('\\').map(Number);
  const inImage = (d: number[]): Vec2 => [o.slice(0, 3).reduce((s, a, i) => s + a * d[i]!, 0), o.slice(3).reduce((s, a, i) => s + a * d[i]!, 0)];
  return {
    pixels: new Int16Array(bytes.buffer.slice(bytes.byteOffset + pixels.dataOffset, bytes.byteOffset + pixels.dataOffset + pixels.length)),
    width: ds.uint16('x00280011')!,
    height: ds.uint16('x00280010')!,
    spacing: ds.string('x00280030')!.split('\\').map(Number) as [number, number],
    caudal: inImage([0, 0, -1]),
    anterior: inImage([0, -1, 0]),
  };
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Ten placements of the six points, each click up to 1.5 mm off the outer boundary; the CV of Ha, Hm and Hp in %. */
function cvOfTen(image: ReturnType<typeof readCt>, points: Record<SnapKey, Vec2>, rand: () => number): number[] {
  const [rowMm, colMm] = image.spacing;
  const heights = Array.from({ length: 10 }, () => {
    const placed: Partial<Record<SnapKey, Vec2>> = {};
    for (const key of KEYS) {
      const angle = rand() * 2 * Math.PI;
      const r = (1.5 / colMm) * Math.sqrt(rand());
      const click: Vec2 = [points[key][0] + r * Math.cos(angle), points[key][1] + r * Math.sin(angle)];
      const result = snapPoint(image, { point: click, key, placed: { ...placed }, caudal: image.caudal, anterior: image.anterior });
      expect(Math.hypot((result.point[0] - click[0]) * colMm, (result.point[1] - click[1]) * rowMm)).toBeLessThanOrEqual(3);
      placed[key] = result.point;
    }
    const p = placed as Record<SnapKey, Vec2>;
    const d = (a: SnapKey, b: SnapKey) => Math.hypot((p[a][0] - p[b][0]) * colMm, (p[a][1] - p[b][1]) * rowMm);
    return [d('as', 'ai'), d('ms', 'mi'), d('ps', 'pi')];
  });
  return [0, 1, 2].map((h) => {
    const values = heights.map((v) => v[h]!);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return (100 * Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1))) / mean;
  });
}

/** A CV from ten placements is uncertain by about a quarter of itself: the median over eight draws of ten. */
function medianCv(image: ReturnType<typeof readCt>, points: Record<SnapKey, Vec2>): number[] {
  const draws = Array.from({ length: 8 }, (_, i) => cvOfTen(image, points, random(i + 1)));
  return [0, 1, 2].map((h) => {
    const sorted = draws.map((d) => d[h]!).sort((a, b) => a - b);
    return (sorted[3]! + sorted[4]!) / 2;
  });
}

describe('snap on a real CT with coarse pixels (TCIA A002304, sagittal, 1.32 mm pixels)', () => {
  const image = readCt('tcia-sagittal-ct/A002304/sagittal/19001231-080.dcm');
  // The corners and endplate midpoints on the outer cortical margin (scripts/bench-assist-reference.ts says how read).
  const upper: Record<SnapKey, Vec2> = { as: [305.3, 229.3], ms: [319.0, 232.0], ps: [334.9, 234.0], ai: [298.3, 248.9], mi: [310.9, 251.6], pi: [324.3, 254.0] };
  const lower: Record<SnapKey, Vec2> = { as: [297.3, 254.8], ms: [313.1, 257.5], ps: [321.5, 258.5], ai: [293.0, 276.1], mi: [305.9, 277.8], pi: [319.8, 279.6] };

  // Without the snap the same clicks give CVs of 3.5-5.7 %; the issue asks for at most 2 %.
  it('placements of the upper body give each height a CV within 2 % (median of 8 draws of 10), every snap within 3 mm of its click', () => {
    for (const c of medianCv(image, upper)) expect(c).toBeLessThanOrEqual(2);
  });

  it('and so do those of the lower body, whose posterior wall merges into the pedicle (ps goes onto its endplate)', () => {
    for (const c of medianCv(image, lower)) expect(c).toBeLessThanOrEqual(2);
  });
});
