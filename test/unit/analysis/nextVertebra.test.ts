/**
 * The next vertebra proposed (issue 17), on the phantom's own geometry: the truth points of the lateral radiograph
 * (sample-data/lateral-baseline/truth.json, made by src/phantom/), in mm.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SnapKey, Vec2 } from '../../../src/analysis/endplateSnap';
import { proposeNextVertebra, snapProposal, type Six, type Travel } from '../../../src/analysis/nextVertebra';

const KEYS: SnapKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];
const truth = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../sample-data/lateral-baseline/truth.json'), 'utf8')) as {
  calibration: { pixelSpacing: [number, number] };
  vertebrae: { level: string; points: Six; ha: number; hm: number; hp: number }[];
};
const MM = truth.calibration.pixelSpacing[0];
const bodies = truth.vertebrae.map((v) => ({ ...v, mm: Object.fromEntries(KEYS.map((k) => [k, [v.points[k][0] * MM, v.points[k][1] * MM]])) as unknown as Six }));
const at = (level: string) => bodies.findIndex((b) => b.level === level);

/** The measured neighbours of `level` on the side we come from, nearest first (up to three, or `count`). */
function neighbours(level: string, travel: Travel, count = 3): Six[] {
  const i = at(level);
  const side = travel === 'caudal' ? bodies.slice(0, i).reverse() : bodies.slice(i + 1);
  return side.slice(0, count).map((b) => b.mm);
}

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const worst = (a: Six, b: Six) => Math.max(...KEYS.map((k) => distance(a[k], b[k])));
const heights = (p: Six) => ({ ha: distance(p.as, p.ai), hm: distance(p.ms, p.mi), hp: distance(p.ps, p.pi) });

describe('proposeNextVertebra on the phantom spine', () => {
  // Targets that are intact, with intact nearest neighbours: the proposal must land within the snap's reach (3 mm).
  const cases: [string, Travel][] = [
    ['T7', 'caudal'],
    ['T10', 'caudal'],
    ['T11', 'caudal'],
    ['T12', 'caudal'],
    ['L3', 'caudal'],
    ['L4', 'caudal'],
    ['T4', 'cranial'],
    ['T5', 'cranial'],
    ['T9', 'cranial'],
    ['T10', 'cranial'],
    ['L2', 'cranial'],
  ];
  it.each(cases)('%s proposed travelling %s: every point within 3 mm of the truth, heights within 10%%', (level, travel) => {
    const proposal = proposeNextVertebra(neighbours(level, travel), travel)!;
    const target = bodies[at(level)]!;
    expect(worst(proposal, target.mm)).toBeLessThanOrEqual(3);
    const h = heights(proposal);
    for (const k of ['ha', 'hm', 'hp'] as const) expect(Math.abs(h[k] - target[k]) / target[k]).toBeLessThanOrEqual(0.1);
  });

  it('after a crushed body (T8, 10.5 mm) the next one is proposed at the size of the intact ones (T9 is 19.7 mm)', () => {
    const proposal = proposeNextVertebra(neighbours('T9', 'caudal'), 'caudal')!;
    expect(heights(proposal).hp).toBeGreaterThan(17.5);
    expect(heights(proposal).hp).toBeLessThan(21);
  });

  // The viewer passes up to five neighbours: the crushed T8 then neither shrinks nor widens T9 (it needed drags).
  it('T9, just after the crushed T8, proposed from five neighbours: every point within 3 mm of the truth (the snap reach)', () => {
    const proposal = proposeNextVertebra(neighbours('T9', 'caudal', 5), 'caudal')!;
    expect(worst(proposal, bodies[at('T9')]!.mm)).toBeLessThanOrEqual(3);
  });

  it('after a wedge fracture (T6) the next one is not wedged: its anterior height is near its posterior one', () => {
    const proposal = proposeNextVertebra(neighbours('T7', 'caudal'), 'caudal')!;
    const h = heights(proposal);
    expect(h.ha / h.hp).toBeGreaterThan(0.88);
  });

  it('needs two neighbours', () => {
    expect(proposeNextVertebra([bodies[0]!.mm], 'caudal')).toBeNull();
  });

  it('turns, moves and mirrors with the image: the proposal of a rotated, shifted, mirrored spine is the same proposal so transformed', () => {
    const a = (20 * Math.PI) / 180;
    const move = (p: Vec2): Vec2 => [-(Math.cos(a) * p[0] - Math.sin(a) * p[1]) + 40, Math.sin(a) * p[0] + Math.cos(a) * p[1] - 15];
    const transform = (s: Six) => Object.fromEntries(KEYS.map((k) => [k, move(s[k])])) as Six;
    const plain = proposeNextVertebra(neighbours('T11', 'caudal'), 'caudal')!;
    const moved = proposeNextVertebra(neighbours('T11', 'caudal').map(transform), 'caudal')!;
    expect(worst(moved, transform(plain))).toBeLessThan(1e-9);
  });
});

describe('snapProposal', () => {
  const proposal = bodies[at('T10')]!.mm;

  it('snaps the endplate next to the measured neighbour first, and moves the far one by as much before snapping it', () => {
    const calls: { key: SnapKey; point: Vec2; placed: SnapKey[] }[] = [];
    // The image says the body is 2 mm lower than proposed; the far endplate's snap finds nothing.
    const result = snapProposal(proposal, 'caudal', (point, key, placed) => {
      calls.push({ key, point, placed: Object.keys(placed) as SnapKey[] });
      return key.endsWith('s') ? [point[0], point[1] + 2] : null;
    });
    expect(calls.map((c) => c.key)).toEqual(['as', 'ms', 'ps', 'ai', 'mi', 'pi']);
    expect(calls[3]!.placed).toEqual(['as', 'ms', 'ps']);
    expect(result.snapped).toBe(3);
    for (const k of KEYS) expect(distance(result.points[k], [proposal[k][0], proposal[k][1] + 2])).toBeLessThan(1e-9);
  });

  it('travelling cranially the inferior endplate comes first, and what does not snap stays as proposed', () => {
    const order: SnapKey[] = [];
    const result = snapProposal(proposal, 'cranial', (_point, key) => {
      order.push(key);
      return null;
    });
    expect(order).toEqual(['ai', 'mi', 'pi', 'as', 'ms', 'ps']);
    expect(result.snapped).toBe(0);
    expect(result.points).toEqual(proposal);
  });
});
