import { describe, expect, it } from 'vitest';
import { imageKey, type Finding, type ReadingState } from '../../../src/reading';
import { applyMerge, describeCalibration, describeVertebra, mergeByLevel, takenFromOther } from '../../../src/persistence/mergeReadings';
import { toReadingDocument } from '../../../src/persistence/readingDocument';
import { ERMF, IMAGE, radiographReading, STUDY } from './fixtures';

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
    const theirsChosen = applyMerge(merge, mine, theirs, { levels: { L1: 'theirs' } });
    expect(theirsChosen.findings.find((f) => f.level === 'L1')!.id).toMatch(/^other-/);
    expect(theirsChosen.findings.find((f) => f.level === 'T12')!.measurement!.points.as[1]).toBe(mine.findings[1]!.measurement!.points.as[1]);
    expect(applyMerge(merge, mine, theirs, { levels: { L1: 'mine' } }).findings.find((f) => f.level === 'L1')!.id).not.toMatch(/^other-/);
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

/** The radiograph's image (T11-L2 are measured on it) calibrated by the reader at `mmPerPixel`, or not (null). */
const IMAGE_KEY = imageKey(IMAGE);
function calibrated(r: ReadingState, mmPerPixel: number | null): ReadingState {
  const { [IMAGE_KEY]: _old, ...others } = r.userCalibrations;
  return { ...r, userCalibrations: mmPerPixel === null ? others : { ...others, [IMAGE_KEY]: { label: 'mm (user)', pixelSpacing: [mmPerPixel, mmPerPixel], warning: null } } };
}
/**
 * T11's anterior height in the reading's unit. Its anterior points are 119.88 image pixels apart (120 rows less
 * the 0.12 row offset of the upper corner, 1.1 columns across): 23.98 mm at the image's own 0.2 mm per pixel
 * (ERMF), 29.97 mm at 0.25.
 */
const t11Ha = (r: ReadingState) => toReadingDocument(r, { study: STUDY }).vertebrae.find((v) => v.level === 'T11')!.ha;

describe('two tabs merged: the user calibration of each image, and the method', () => {
  it("takes the other tab's new calibration of an image this tab did not recalibrate, so its vertebrae keep the other tab's heights", () => {
    const start = calibrated(base, 0.2);
    const mine = moved(start, 'T12', 5);
    const theirs = reIded(calibrated(start, 0.25));
    expect(t11Ha(theirs)).toBeCloseTo(29.97, 2);
    const merge = mergeByLevel(start, mine, theirs);
    const merged = applyMerge(merge, mine, theirs);
    expect(t11Ha(merged)).toBeCloseTo(29.97, 2);
    expect(merged.userCalibrations[IMAGE_KEY]!.pixelSpacing).toEqual([0.25, 0.25]);
    // Neither a calibration nor a vertebra on the image is a question: only the other tab calibrated, only this tab moved T12.
    expect(merge.calibrationConflicts).toEqual([]);
    expect(merge.conflicts).toEqual([]);
    expect(merged.findings.find((f) => f.level === 'T12')!.measurement!.points.as[1]).toBe(mine.findings[1]!.measurement!.points.as[1]);
    expect(takenFromOther(merge)).toBe('0 levels and the calibration of 1 image');
  });

  it('takes a calibration only the other tab made or removed, and keeps one only this tab changed', () => {
    const made = mergeByLevel(base, base, reIded(calibrated(base, 0.25)));
    expect(t11Ha(applyMerge(made, base, reIded(calibrated(base, 0.25))))).toBeCloseTo(29.97, 2);

    const start = calibrated(base, 0.25);
    const removed = mergeByLevel(start, start, reIded(calibrated(start, null)));
    const merged = applyMerge(removed, start, reIded(calibrated(start, null)));
    expect(merged.userCalibrations).toEqual({});
    // Back to the image's own 0.2 mm per pixel.
    expect(t11Ha(merged)).toBeCloseTo(23.98, 2);

    const mine = calibrated(start, 0.3);
    expect(applyMerge(mergeByLevel(start, mine, reIded(start)), mine, reIded(start)).userCalibrations[IMAGE_KEY]!.pixelSpacing).toEqual([0.3, 0.3]);
  });

  it('asks about an image both tabs calibrated differently (not about the vertebrae on it), and applies the choice', () => {
    const mine = calibrated(base, 0.2);
    const theirs = reIded(calibrated(base, 0.25));
    const merge = mergeByLevel(base, mine, theirs);
    expect(merge.conflicts).toEqual([]);
    expect(merge.calibrationConflicts).toEqual([
      { image: IMAGE_KEY, mine: mine.userCalibrations[IMAGE_KEY], theirs: theirs.userCalibrations[IMAGE_KEY], levels: ['T11', 'T12', 'L1', 'L2'], imageCalibration: ERMF },
    ]);
    const [question] = merge.calibrationConflicts;
    expect(describeCalibration(question!.mine, question!.imageCalibration)).toBe('calibrated, 0.200 mm/px');
    expect(describeCalibration(question!.theirs, question!.imageCalibration)).toBe('calibrated, 0.250 mm/px');
    expect(t11Ha(applyMerge(merge, mine, theirs, { calibrations: { [IMAGE_KEY]: 'theirs' } }))).toBeCloseTo(29.97, 2);
    expect(t11Ha(applyMerge(merge, mine, theirs, { calibrations: { [IMAGE_KEY]: 'mine' } }))).toBeCloseTo(23.98, 2);
    // Unanswered: this tab's.
    expect(t11Ha(applyMerge(merge, mine, theirs))).toBeCloseTo(23.98, 2);

    // One tab removed the calibration the other changed: a question too.
    const start = calibrated(base, 0.25);
    const removedHere = mergeByLevel(start, calibrated(start, null), reIded(calibrated(start, 0.3)));
    expect(removedHere.calibrationConflicts.map((c) => [c.mine, c.theirs?.pixelSpacing])).toEqual([[null, [0.3, 0.3]]]);
    expect(describeCalibration(null, ERMF)).toBe('not calibrated (heights in mm (ERMF))');
  });

  it("takes the other tab's method when only it changed the method, and keeps this tab's when only this tab did", () => {
    const mine = moved(base, 'T12', 5);
    const theirs: ReadingState = { ...reIded(base), method: 'adjacent' };
    const merge = mergeByLevel(base, mine, theirs);
    expect(applyMerge(merge, mine, theirs).method).toBe('adjacent');
    expect(merge.method).toBe('theirs');
    expect(merge.conflicts).toEqual([]);
    expect(takenFromOther(merge)).toBe('0 levels and the method');
    const mineChanged: ReadingState = { ...mine, method: 'adjacent' };
    expect(applyMerge(mergeByLevel(base, mineChanged, reIded(base)), mineChanged, reIded(base)).method).toBe('adjacent');
  });

  it('asks about the method when the two tabs differ without a common start, and applies the choice', () => {
    const theirs: ReadingState = { ...reIded(base), method: 'adjacent' };
    const merge = mergeByLevel(null, base, theirs);
    expect(merge.method).toEqual({ mine: 'own-posterior', theirs: 'adjacent' });
    expect(merge.conflicts).toEqual([]);
    expect(applyMerge(merge, base, theirs, { method: 'theirs' }).method).toBe('adjacent');
    expect(applyMerge(merge, base, theirs).method).toBe('own-posterior');
  });
});
