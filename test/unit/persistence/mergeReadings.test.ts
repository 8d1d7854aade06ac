import { describe, expect, it } from 'vitest';
import type { Finding, ReadingState } from '../../../src/reading';
import { applyMerge, describeVertebra, mergeByLevel } from '../../../src/persistence/mergeReadings';
import { radiographReading } from './fixtures';

const base = radiographReading(); // T11 T12 L1 L2 L4 S1
const levels = (r: ReadingState) => r.findings.map((f) => f.level);
const without = (r: ReadingState, level: string): ReadingState => ({ ...r, findings: r.findings.filter((f) => f.level !== level) });
const only = (r: ReadingState, kept: string[]): ReadingState => ({ ...r, findings: r.findings.filter((f) => kept.includes(f.level)) });
/** The vertebra at `level` with its anterior-superior point moved `dy` pixels (a re-placed point), under a new id. */
function moved(r: ReadingState, level: string, dy: number): ReadingState {
  return {
    ...r,
    findings: r.findings.map((f): Finding => {
      if (f.level !== level || !f.measurement) return f;
      const [x, y] = f.measurement.points.as;
      return { ...f, id: `${f.id}-moved`, measurement: { ...f.measurement, points: { ...f.measurement.points, as: [x!, y! + dy] } } };
    }),
  };
}
/** The same findings under other ids, as a reading restored in another tab has them. */
const reIded = (r: ReadingState): ReadingState => ({ ...r, findings: r.findings.map((f) => ({ ...f, id: `other-${f.id}` })) });

describe('two tabs merged level by level', () => {
  it('keeps the vertebrae that only one tab added, and needs no question', () => {
    const start = only(base, ['T11', 'L2']);
    const mine = only(base, ['T11', 'T12', 'L2']);
    const theirs = reIded(only(base, ['T11', 'L1', 'L2']));
    const merge = mergeByLevel(start, mine, theirs);
    expect(merge.conflicts).toEqual([]);
    const merged = applyMerge(merge, mine, theirs);
    expect(levels(merged)).toEqual(['T11', 'T12', 'L1', 'L2']);
    expect(merged.findings.find((f) => f.level === 'L1')!.id).toMatch(/^other-/);
  });

  it("takes the other tab's change of a level this tab left alone, and this tab's change of one the other left alone", () => {
    const mine = moved(base, 'T12', 5);
    const theirs = reIded(moved(base, 'L1', -4));
    const merge = mergeByLevel(base, mine, theirs);
    expect(merge.conflicts).toEqual([]);
    const merged = applyMerge(merge, mine, theirs);
    expect(merged.findings.find((f) => f.level === 'T12')!.measurement!.points.as[1]).toBe(mine.findings[1]!.measurement!.points.as[1]);
    expect(merged.findings.find((f) => f.level === 'L1')!.measurement!.points.as[1]).toBe(theirs.findings[2]!.measurement!.points.as[1]);
    expect(levels(merged)).toEqual(levels(base));
  });

  it('lets a level go that one tab deleted and the other left alone', () => {
    const merge = mergeByLevel(base, without(base, 'L4'), reIded(without(base, 'T11')));
    expect(merge.conflicts).toEqual([]);
    expect(levels(applyMerge(merge, without(base, 'L4'), reIded(without(base, 'T11'))))).toEqual(['T12', 'L1', 'L2', 'S1']);
  });

  it('asks for a level both tabs changed differently (and only for it), and takes the side chosen', () => {
    const mine = moved(moved(base, 'L1', 3), 'T12', 5);
    const theirs = reIded(moved(base, 'L1', -3));
    const merge = mergeByLevel(base, mine, theirs);
    expect(merge.conflicts.map((c) => c.level)).toEqual(['L1']);
    expect(describeVertebra(merge.conflicts[0]!.mine)).toMatch(/^measured, grade \d \(Ha \d+\.\d, Hm \d+\.\d, Hp \d+\.\d (mm|px)\), edema present 25-74%, note "Retropulsion\? /);
    const theirsChosen = applyMerge(merge, mine, theirs, { L1: 'theirs' });
    expect(theirsChosen.findings.find((f) => f.level === 'L1')!.id).toMatch(/^other-/);
    expect(theirsChosen.findings.find((f) => f.level === 'T12')!.measurement!.points.as[1]).toBe(mine.findings[1]!.measurement!.points.as[1]);
    expect(applyMerge(merge, mine, theirs, { L1: 'mine' }).findings.find((f) => f.level === 'L1')!.id).not.toMatch(/^other-/);
  });

  it('asks when one tab changed a level the other deleted', () => {
    const merge = mergeByLevel(base, moved(base, 'L2', 2), reIded(without(base, 'L2')));
    expect(merge.conflicts).toEqual([expect.objectContaining({ level: 'L2', theirs: null })]);
    expect(describeVertebra(merge.conflicts[0]!.theirs)).toBe('not in this reading');
  });

  it('without a common start, keeps what only one has and what both have alike, and asks for what differs', () => {
    const mine = moved(only(base, ['T11', 'T12']), 'T12', 6);
    const theirs = reIded(only(base, ['T12', 'L1']));
    const merge = mergeByLevel(null, mine, theirs);
    expect(merge.conflicts.map((c) => c.level)).toEqual(['T12']);
    expect([...merge.decided]).toEqual([['T11', 'mine'], ['L1', 'theirs']]);
    expect(mergeByLevel(null, only(base, ['T11']), reIded(only(base, ['T11']))).conflicts).toEqual([]);
  });
});
