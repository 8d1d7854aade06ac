import { describe, expect, it, vi } from 'vitest';
import { directionsFromPatientOrientation, NO_SPACING_WARNING, userCalibration, type Calibration, type Level, type SixPoints } from '../../../src/morphometry';
import { createReadingStore, inAnatomicalOrder, NOT_ASSESSED, type Finding, type ReadingStore, type ResultRow } from '../../../src/reading';

/**
 * An upright vertebra: superior endplate along row `y` from column 100 (anterior) to 130 (posterior),
 * each height hanging straight down, in pixels. With 0.5 mm pixels a height of 50 px is 25.0 mm.
 */
function points({ ha, hm, hp }: { ha: number; hm: number; hp: number }, y = 100): SixPoints {
  return { as: [100, y], ms: [115, y], ps: [130, y], ai: [100, y + ha], mi: [115, y + hm], pi: [130, y + hp] };
}

const HALF_MM: Calibration = { label: 'mm (ERMF)', pixelSpacing: [0.5, 0.5], warning: null };
const NO_SPACING: Calibration = { label: 'px', pixelSpacing: null, warning: NO_SPACING_WARNING };
const IMAGE = { seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.1', frameNumber: 1 };
const OTHER_IMAGE = { seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.2', frameNumber: 1 };

function finding(
  level: Level,
  heights: number | { ha: number; hm: number; hp: number },
  { id = `id-${level}`, calibration = HALF_MM, image = IMAGE } = {},
): Finding {
  const h = typeof heights === 'number' ? { ha: heights, hm: heights, hp: heights } : heights;
  return { id, level, measurement: { ...image, space: 'image', points: points(h), imageCalibration: calibration }, ...NOT_ASSESSED };
}

const rows = (store: ReadingStore) => store.getSnapshot().results.rows;
const row = (store: ReadingStore, level: Level) => rows(store).find((r) => r.level === level) as ResultRow;
const levels = (store: ReadingStore) => rows(store).map((r) => r.level);

describe('placing a vertebra', () => {
  it('adds its heights in calibrated mm and advances the level selector caudally', () => {
    const store = createReadingStore({ nextLevel: 'T12' });
    // 0.72 wedge: ha 36 px = 18.0 mm, hp 50 px = 25.0 mm.
    expect(store.place(finding('T12', { ha: 36, hm: 44, hp: 50 }))).toEqual({ status: 'done' });
    const t12 = row(store, 'T12');
    expect(t12.result).toMatchObject({ unit: 'mm', ha: 18, hm: 22, hp: 25, grade: 2, type: 'wedge' });
    expect(t12.result.wedgeRatio).toBeCloseTo(0.72, 12);
    expect(t12.calibration.label).toBe('mm (ERMF)');
    expect(store.getSnapshot().nextLevel).toBe('L1');
  });

  it('keeps the findings cranial to caudal whatever the order of placement', () => {
    const store = createReadingStore();
    store.place(finding('L2', 50));
    store.place(finding('T12', 50));
    store.place(finding('L1', 50));
    expect(levels(store)).toEqual(['T12', 'L1', 'L2']);
  });

  it('refuses points that make a height zero, and changes nothing', () => {
    const store = createReadingStore();
    const flat = finding('L1', { ha: 50, hm: 50, hp: 0 });
    expect(store.place(flat)).toEqual({ status: 'rejected', reason: 'The posterior height is zero: its two points coincide.' });
    expect(rows(store)).toEqual([]);
    expect(store.getSnapshot().undoKind).toBeNull();
  });

  it('grades a crushed vertebra only once a neighbour is measured (morphometry.md section 4)', () => {
    const store = createReadingStore();
    // Uniformly flattened: every own ratio is 1, so alone it looks normal.
    store.place(finding('T8', 28));
    expect(row(store, 'T8').result).toMatchObject({ grade: 0, type: null, hpAdjacent: null, crushRatio: null });
    store.place(finding('T7', 50));
    // hp 14 mm against T7's 25 mm: crushRatio 0.56, loss 44% -> grade 3 crush.
    expect(row(store, 'T8').result).toMatchObject({ hpAdjacent: 25, grade: 3, type: 'crush' });
    expect(row(store, 'T8').result.crushRatio).toBeCloseTo(0.56, 12);
    store.place(finding('T9', 54));
    // Now the mean of T7 and T9: (25 + 27) / 2 = 26 mm.
    expect(row(store, 'T8').result.hpAdjacent).toBeCloseTo(26, 12);
  });

  it('sums the SDI over T4..L4 and counts the measured levels of that range', () => {
    const store = createReadingStore();
    store.place(finding('T8', { ha: 36, hm: 50, hp: 50 })); // grade 2 wedge
    store.place(finding('L5', { ha: 20, hm: 50, hp: 50 })); // grade 3, outside the range
    const { sdi, levelsMeasured, levelsInRange } = store.getSnapshot().results;
    expect({ sdi, levelsMeasured, levelsInRange }).toEqual({ sdi: 2, levelsMeasured: 1, levelsInRange: 13 });
  });
});

describe('a second vertebra at a level already measured', () => {
  it('is a conflict until the reader confirms the replacement', () => {
    const store = createReadingStore();
    const first = finding('L1', 50, { id: 'a' });
    store.place(first);
    const second = finding('L1', { ha: 36, hm: 50, hp: 50 }, { id: 'b' });
    expect(store.place(second)).toEqual({ status: 'conflict', existing: first });
    expect(row(store, 'L1').id).toBe('a');
    expect(store.place(second, { replace: true })).toEqual({ status: 'done' });
    expect(rows(store).map((r) => r.id)).toEqual(['b']);
    store.undo();
    expect(rows(store).map((r) => [r.id, r.result.ha])).toEqual([['a', 25]]);
  });

  it('replaced, the heights are the new ones and what was judged of the level (edema, note) stays', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50, { id: 'a' }));
    store.assess('L1', { edema: 'present', sequence: 'STIR', note: 'acute' });
    expect(store.place(finding('L1', { ha: 36, hm: 50, hp: 50 }, { id: 'b' }), { replace: true })).toEqual({ status: 'done' });
    const [l1] = store.getSnapshot().reading.findings;
    expect([l1!.id, l1!.edema, l1!.sequence, l1!.note]).toEqual(['b', 'present', 'STIR', 'acute']);
    expect(row(store, 'L1').result.ha).toBe(18);
  });
});

describe('relabelling onto a level judged on MRI', () => {
  it('joins the judgement-only level without asking, keeping its edema; undo splits them again', () => {
    let n = 0;
    const store = createReadingStore({ newId: () => `judged-${++n}` });
    store.assess('T11', { edema: 'present', sequence: 'STIR', edemaExtent: '25-74%' });
    store.place(finding('T12', { ha: 36, hm: 44, hp: 50 }, { id: 'placed' }));
    expect(store.relabel('placed', 'T11')).toEqual({ status: 'done' });
    const findings = store.getSnapshot().reading.findings;
    expect(findings.map((f) => [f.id, f.level, f.edema, f.edemaExtent, f.measurement !== null])).toEqual([['placed', 'T11', 'present', '25-74%', true]]);
    expect(row(store, 'T11').result.grade).toBe(2);
    store.undo();
    expect(store.getSnapshot().reading.findings.map((f) => [f.level, f.edema, f.measurement !== null])).toEqual([
      ['T11', 'present', false],
      ['T12', 'not-assessed', true],
    ]);
  });

  it('replacing a measured and judged level keeps its judgement when the relabelled vertebra has none', () => {
    const store = createReadingStore();
    store.place(finding('T11', 50, { id: 'a' }));
    store.assess('T11', { edema: 'present', note: 'acute' });
    store.place(finding('T12', { ha: 36, hm: 44, hp: 50 }, { id: 'b' }));
    expect(store.relabel('b', 'T11')).toMatchObject({ status: 'conflict' });
    expect(store.relabel('b', 'T11', { replace: true })).toEqual({ status: 'done' });
    expect(store.getSnapshot().reading.findings.map((f) => [f.id, f.level, f.edema, f.note])).toEqual([['b', 'T11', 'present', 'acute']]);
    expect(row(store, 'T11').result.ha).toBe(18);
  });
});

describe('moving a handle', () => {
  it('shows live values while dragging without touching the reading or the undo stack', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    const before = store.getSnapshot().reading;
    store.preview('id-L1', points({ ha: 40, hm: 50, hp: 50 }));
    expect(row(store, 'L1').result.ha).toBe(20);
    expect(store.getSnapshot().reading).toBe(before);
    expect(store.getSnapshot().undoKind).toBe('place');
  });

  it('commits the drop as one undoable move, and undo / redo restore each state', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.preview('id-L1', points({ ha: 45, hm: 50, hp: 50 }));
    store.preview('id-L1', points({ ha: 40, hm: 50, hp: 50 }));
    store.move('id-L1', points({ ha: 40, hm: 50, hp: 50 }));
    expect(row(store, 'L1').result).toMatchObject({ ha: 20, grade: 1, type: 'wedge' });
    expect(store.getSnapshot().undoKind).toBe('move');
    expect(store.undo()).toBe(true);
    expect(row(store, 'L1').result).toMatchObject({ ha: 25, grade: 0 });
    expect(store.getSnapshot().undoKind).toBe('place');
    expect(store.redo()).toBe(true);
    expect(row(store, 'L1').result.ha).toBe(20);
  });

  it('keeps the last valid live values when a handle is dragged onto its partner', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.preview('id-L1', points({ ha: 40, hm: 50, hp: 50 }));
    store.preview('id-L1', points({ ha: 0, hm: 50, hp: 50 }));
    expect(row(store, 'L1').result.ha).toBe(20);
    expect(store.move('id-L1', points({ ha: 0, hm: 50, hp: 50 })).status).toBe('rejected');
    expect(row(store, 'L1').result.ha).toBe(25);
  });

  it('does not record a move that puts every point back where it was', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.move('id-L1', points({ ha: 50, hm: 50, hp: 50 }));
    expect(store.getSnapshot().undoKind).toBe('place');
  });
});

describe('relabelling', () => {
  it('changes the level, re-sorts, and re-grades the neighbours', () => {
    const store = createReadingStore();
    store.place(finding('T7', 50));
    store.place(finding('T9', 28));
    // T9 has no neighbour (T8 is unmeasured): not graded as a crush.
    expect(row(store, 'T9').result.grade).toBe(0);
    expect(store.relabel('id-T9', 'T8')).toEqual({ status: 'done' });
    expect(levels(store)).toEqual(['T7', 'T8']);
    expect(row(store, 'T8').result).toMatchObject({ grade: 3, type: 'crush' });
    store.undo();
    expect(levels(store)).toEqual(['T7', 'T9']);
  });

  it('onto a measured level is a conflict; replacing removes the other, and undo brings it back', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.place(finding('L2', 48));
    expect(store.relabel('id-L2', 'L1')).toMatchObject({ status: 'conflict', existing: { id: 'id-L1' } });
    store.relabel('id-L2', 'L1', { replace: true });
    expect(rows(store).map((r) => [r.level, r.id])).toEqual([['L1', 'id-L2']]);
    store.undo();
    expect(rows(store).map((r) => [r.level, r.id])).toEqual([
      ['L1', 'id-L1'],
      ['L2', 'id-L2'],
    ]);
  });
});

describe('deleting', () => {
  it('removes the row and clears the selection; undo restores the same finding', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.select('id-L1');
    expect(store.getSnapshot().selectedId).toBe('id-L1');
    store.remove('id-L1');
    expect(rows(store)).toEqual([]);
    expect(store.getSnapshot().selectedId).toBeNull();
    store.undo();
    expect(rows(store).map((r) => r.id)).toEqual(['id-L1']);
  });

  it('deletes the heights of a level judged on MRI but keeps the judgement, says so, and undo brings the heights back', () => {
    let n = 0;
    const store = createReadingStore({ newId: () => `new-${++n}` });
    store.place(finding('T11', 50));
    store.assess('T11', { edema: 'present', sequence: 'STIR', note: 'band-like' });
    const outcome = store.remove('id-T11');
    expect(outcome).toEqual({
      status: 'done',
      notice: 'T11: heights deleted. What was judged of it (edema present, note) stays under Fracture age; clear it there to remove T11 from the reading.',
    });
    expect(rows(store)).toEqual([]);
    expect(store.getSnapshot().reading.findings).toEqual([
      { ...NOT_ASSESSED, id: 'new-1', level: 'T11', measurement: null, edema: 'present', sequence: 'STIR', note: 'band-like' },
    ]);
    // Measured again, the heights join the judgement: one finding for T11, no conflict.
    expect(store.place(finding('T11', 40, { id: 'again' }))).toEqual({ status: 'done' });
    expect(store.getSnapshot().reading.findings.map((f) => [f.id, f.edema, f.note])).toEqual([['again', 'present', 'band-like']]);
    store.undo();
    store.undo();
    expect(store.getSnapshot().reading.findings.map((f) => [f.id, f.edema, f.measurement !== null])).toEqual([['id-T11', 'present', true]]);
  });
});

describe('undo and redo', () => {
  it('a new edit after an undo drops the redo history', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.place(finding('L2', 50));
    store.undo();
    expect(store.getSnapshot().redoKind).toBe('place');
    store.place(finding('L3', 50));
    expect(store.getSnapshot().redoKind).toBeNull();
    expect(store.redo()).toBe(false);
    expect(levels(store)).toEqual(['L1', 'L3']);
  });

  it('undoing a place offers that level again in the level selector', () => {
    const store = createReadingStore({ nextLevel: 'L1' });
    store.place(finding('L1', 50));
    store.place(finding('L2', 50));
    expect(store.getSnapshot().nextLevel).toBe('L3');
    store.undo();
    expect(store.getSnapshot().nextLevel).toBe('L2');
    store.redo();
    expect(store.getSnapshot().nextLevel).toBe('L3');
  });

  it('returns false with nothing to undo', () => {
    expect(createReadingStore().undo()).toBe(false);
  });
});

describe('calibration (morphometry.md section 6)', () => {
  it('without spacing, heights are px with the warning; ratios and grades still hold', () => {
    const store = createReadingStore();
    store.place(finding('L1', { ha: 36, hm: 50, hp: 50 }, { calibration: NO_SPACING }));
    const l1 = row(store, 'L1');
    expect(l1.result).toMatchObject({ unit: 'px', ha: 36, hp: 50, grade: 2, type: 'wedge' });
    expect(l1.calibration).toEqual(NO_SPACING);
  });

  it('a user calibration overrides the image calibration for every vertebra on that image only, undoably', () => {
    const store = createReadingStore();
    store.place(finding('L1', 50));
    store.place(finding('L2', 50, { image: OTHER_IMAGE }));
    // A 100 px line said to be 40 mm long: 0.4 mm per pixel, so 50 px = 20.0 mm.
    const user = userCalibration({ from: [0, 0], to: [100, 0], lengthMm: 40 });
    store.calibrate(IMAGE, user);
    expect(row(store, 'L1').calibration.label).toBe('mm (user)');
    expect(row(store, 'L1').result.hp).toBeCloseTo(20, 12);
    expect(row(store, 'L2').calibration.label).toBe('mm (ERMF)');
    expect(row(store, 'L2').result.hp).toBe(25);
    // A vertebra placed later on the calibrated image is measured with it too.
    store.place(finding('L3', 50));
    expect(row(store, 'L3').calibration.label).toBe('mm (user)');
    store.undo();
    store.undo();
    expect(row(store, 'L1').calibration.label).toBe('mm (ERMF)');
    expect(row(store, 'L1').result.hp).toBe(25);
  });

  it('px and mm heights are never mixed into one adjacent reference', () => {
    const store = createReadingStore();
    store.place(finding('T7', 50, { calibration: NO_SPACING }));
    store.place(finding('T8', 28));
    expect(row(store, 'T8').result.hpAdjacent).toBeNull();
  });
});

describe('the method switch', () => {
  it('recomputes every result and states the method', () => {
    const store = createReadingStore();
    // T12 ha 25 and L2 ha 27 mm around an L1 with ha 20, hm 24, hp 24 mm:
    // own posterior sees 20/24 (loss 16.7%, grade 0); adjacent sees 1 - 20/26 = 23.1% (grade 1 wedge).
    store.place(finding('T12', 50));
    store.place(finding('L1', { ha: 40, hm: 48, hp: 48 }));
    store.place(finding('L2', 54));
    expect(row(store, 'L1').result).toMatchObject({ grade: 0 });
    store.setMethod('adjacent');
    expect(store.getSnapshot().results.method).toBe('adjacent');
    expect(row(store, 'L1').result).toMatchObject({ grade: 1, type: 'wedge', method: 'adjacent' });
    expect(row(store, 'L1').result.heightLoss).toBeCloseTo(1 - 20 / 26, 12);
  });
});

describe('subscribers', () => {
  it('are told of every change, and the snapshot is the same object until something changes', () => {
    const store = createReadingStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.place(finding('L1', 50));
    store.select('id-L1');
    store.select('id-L1');
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot()).not.toBe(first);
    unsubscribe();
    store.undo();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('a vertebra judged without heights (morphometry.md section 7)', () => {
  const edemaOnly = (level: Level): Finding => ({
    id: `edema-${level}`,
    level,
    measurement: null,
    ...NOT_ASSESSED,
    edema: 'present',
    edemaExtent: '25-74%',
    sequence: 'STIR',
  });

  it('is in the reading but has no row of heights, and no grade counts for it in the SDI', () => {
    const store = createReadingStore();
    expect(store.place(edemaOnly('T11')).status).toBe('done');
    expect(store.getSnapshot().reading.findings.map((f) => f.level)).toEqual(['T11']);
    expect(rows(store)).toEqual([]);
    expect(store.getSnapshot().results.sdi).toBe(0);
  });

  it('joins the measurement of the same level without asking: one row per level, the edema kept', () => {
    const store = createReadingStore();
    store.place(edemaOnly('T11'));
    expect(store.place(finding('T11', 20)).status).toBe('done');
    const [joined] = store.getSnapshot().reading.findings;
    expect(joined).toMatchObject({ level: 'T11', edema: 'present', edemaExtent: '25-74%', sequence: 'STIR' });
    expect(joined.measurement?.points).toEqual(finding('T11', 20).measurement?.points);
    expect(levels(store)).toEqual(['T11']);
    store.undo();
    expect(store.getSnapshot().reading.findings).toEqual([edemaOnly('T11')]);
  });

  it('cannot be moved, since it has no points', () => {
    const store = createReadingStore();
    store.place(edemaOnly('L1'));
    expect(store.move('edema-L1', finding('L1', 20).measurement!.points).status).toBe('rejected');
  });
});

describe('a vertebra measured on a reformat: points in patient space (morphometry.md section 2)', () => {
  const SAGITTAL_PLANE = { point: [0, 10, 40] as [number, number, number], normal: [1, 0, 0] as [number, number, number] };

  /** On the mid-sagittal plane x = 0: anterior toward -y, the superior endplate at z = `top`, heights toward the feet. */
  function onReformat(level: Level, { ha, hm, hp }: { ha: number; hm: number; hp: number }, top = 40): Finding {
    const points: SixPoints = {
      as: [0, 0, top],
      ms: [0, 15, top],
      ps: [0, 30, top],
      ai: [0, 0, top - ha],
      mi: [0, 15, top - hm],
      pi: [0, 30, top - hp],
    };
    return { id: `p-${level}`, level, measurement: { space: 'patient', seriesInstanceUid: '9.8.7', points, plane: SAGITTAL_PLANE }, ...NOT_ASSESSED };
  }

  it('measures heights as 3-D distances in mm, with no image and no pixel spacing', () => {
    const store = createReadingStore();
    store.place(onReformat('L1', { ha: 18, hm: 22, hp: 25 }));
    const l1 = row(store, 'L1');
    expect(l1.result).toMatchObject({ unit: 'mm', ha: 18, hm: 22, hp: 25, grade: 2, type: 'wedge' });
    expect(l1.image).toBeNull();
    expect(l1.calibration).toEqual({ label: 'mm', pixelSpacing: null, warning: null });
  });

  it('a slanted height counts all three coordinates (an oblique plane)', () => {
    const store = createReadingStore();
    const finding = onReformat('L2', { ha: 20, hm: 20, hp: 20 });
    // The anterior-inferior corner 3 mm off to the left and 4 mm forward: sqrt(3^2 + 4^2 + 20^2).
    finding.measurement!.points.ai = [3, -4, 20];
    store.place(finding);
    expect(row(store, 'L2').result.ha).toBeCloseTo(Math.hypot(3, 4, 20), 12);
  });

  it('refuses a zero height only when all three coordinates coincide', () => {
    const store = createReadingStore();
    const apart = onReformat('T12', { ha: 20, hm: 20, hp: 20 });
    // Same y and z, 2 mm apart in x: not degenerate in patient space.
    apart.measurement!.points.pi = [2, 30, 40];
    expect(store.place(apart).status).toBe('done');
    const together = onReformat('L3', { ha: 20, hm: 20, hp: 0 });
    expect(store.place(together)).toEqual({ status: 'rejected', reason: 'The posterior height is zero: its two points coincide.' });
  });

  it('moves keep the space and the plane, and undo restores the points', () => {
    const store = createReadingStore();
    const placed = onReformat('L1', { ha: 25, hm: 25, hp: 25 });
    store.place(placed);
    const moved = { ...placed.measurement!.points, as: [0, 0, 35] };
    expect(store.move('p-L1', moved)).toEqual({ status: 'done' });
    expect(store.findingById('p-L1')!.measurement).toEqual({ space: 'patient', seriesInstanceUid: '9.8.7', points: moved, plane: SAGITTAL_PLANE });
    expect(row(store, 'L1').result.ha).toBeCloseTo(20, 12);
    store.undo();
    expect(store.findingById('p-L1')!.measurement!.points).toEqual(placed.measurement!.points);
  });

  it('mixes with image-space neighbours: both in mm, so they are each other\'s adjacent reference', () => {
    const store = createReadingStore();
    // T12 on a radiograph, 25.0 mm; L1 crushed on the reformat, hp 14 mm.
    store.place(finding('T12', 50));
    store.place(onReformat('L1', { ha: 14, hm: 14, hp: 14 }));
    expect(row(store, 'L1').result).toMatchObject({ hpAdjacent: 25, grade: 3, type: 'crush' });
  });

  it('a user calibration of an image never touches a reformat measurement', () => {
    const store = createReadingStore();
    store.place(onReformat('L1', { ha: 20, hm: 20, hp: 20 }));
    store.calibrate(IMAGE, userCalibration({ from: [0, 0], to: [0, 100], lengthMm: 10, pixelSpacing: [0.5, 0.5] }));
    expect(row(store, 'L1').result.ha).toBe(20);
    expect(row(store, 'L1').calibration.label).toBe('mm');
  });
});

describe('a locked reading (a submitted teaching case)', () => {
  const reason = 'This case is submitted: your reading is locked.';
  const locked = () => createReadingStore({ reading: { findings: [finding('T12', { ha: 36, hm: 44, hp: 50 })] }, locked: reason });

  it('shows its results but refuses every edit with the reason, changing nothing', () => {
    const store = locked();
    const before = store.getSnapshot().reading;
    const moved = points({ ha: 50, hm: 50, hp: 50 });
    expect(store.place(finding('L1', 50))).toEqual({ status: 'rejected', reason });
    expect(store.place(finding('T12', 50), { replace: true })).toEqual({ status: 'rejected', reason });
    expect(store.move('id-T12', moved)).toEqual({ status: 'rejected', reason });
    expect(store.relabel('id-T12', 'L1')).toEqual({ status: 'rejected', reason });
    expect(store.remove('id-T12')).toEqual({ status: 'rejected', reason });
    expect(store.assess('T12', { edema: 'present' })).toEqual({ status: 'rejected', reason });
    expect(store.calibrate(IMAGE, null)).toEqual({ status: 'done' });
    store.setMethod('adjacent');
    store.preview('id-T12', moved);
    expect(store.getSnapshot().reading).toBe(before);
    expect(row(store, 'T12').result).toMatchObject({ ha: 18, grade: 2 });
    expect(store.undo()).toBe(false);
  });

  it('tells listeners after a refused edit, so that the viewer puts a dragged vertebra back', () => {
    const store = locked();
    const listener = vi.fn();
    store.subscribe(listener);
    store.move('id-T12', points({ ha: 50, hm: 50, hp: 50 }));
    expect(listener).toHaveBeenCalled();
  });
});

describe('placement checks in the reading (morphometry.md section 2a)', () => {
  /** The box of `points`, drawn `y` pixels down: with columns toward the feet, a larger y is more caudal. */
  const at = (level: Level, y: number, id = `id-${level}`): Finding => ({
    ...finding(level, 50, { id }),
    measurement: { ...IMAGE, space: 'image', points: points({ ha: 50, hm: 50, hp: 50 }, y), imageCalibration: HALF_MM, swapped: [] },
  });

  it('a vertebra placed posterior first on a P\\F image is swapped back: grade 1 wedge, and the row says so', () => {
    const wedge = points({ ha: 40, hm: 48, hp: 50 });
    const clicked: SixPoints = { as: wedge.ps, ms: wedge.ms, ps: wedge.as, ai: wedge.pi, mi: wedge.mi, pi: wedge.ai };
    const measurement = inAnatomicalOrder(
      { ...IMAGE, space: 'image' as const, points: clicked, imageCalibration: HALF_MM },
      directionsFromPatientOrientation('P\\F'),
    );
    const store = createReadingStore();
    store.place({ id: 'T6', level: 'T6', measurement, ...NOT_ASSESSED });
    expect(row(store, 'T6').result).toMatchObject({ wedgeRatio: 0.8, grade: 1, type: 'wedge', placement: 'ok' });
    expect(row(store, 'T6').placementNotes).toEqual(['points swapped: placed posterior first']);
    // A later drag keeps the note: it says how the vertebra was placed.
    expect(store.move('T6', points({ ha: 41, hm: 48, hp: 50 }), inAnatomicalOrder({ ...measurement, points: points({ ha: 41, hm: 48, hp: 50 }) }, directionsFromPatientOrientation('P\\F')).swapped)).toEqual({ status: 'done' });
    expect(row(store, 'T6').placementNotes).toEqual(['points swapped: placed posterior first']);
  });

  it('T5 and T6 exchanged are flagged on both rows; "Relabel in order" fixes them in one undoable edit', () => {
    const store = createReadingStore();
    store.place(at('T4', 0));
    store.place(at('T6', 60, 'body-2'));
    store.place(at('T5', 120, 'body-3'));
    store.place(at('T7', 180));
    expect(rows(store).map((r) => [r.level, r.result.levelOrder ?? []])).toEqual([
      ['T4', []],
      ['T5', ['T6 lies above T5']],
      ['T6', ['T6 lies above T5']],
      ['T7', []],
    ]);
    expect(store.relabelInOrder('body-2')).toEqual({ status: 'done' });
    expect(rows(store).map((r) => [r.level, r.id, r.result.levelOrder])).toEqual([
      ['T4', 'id-T4', undefined],
      ['T5', 'body-2', undefined],
      ['T6', 'body-3', undefined],
      ['T7', 'id-T7', undefined],
    ]);
    expect(store.getSnapshot().undoKind).toBe('relabel');
    store.undo();
    expect(row(store, 'T6').id).toBe('body-2');
  });

  it('vertebrae on different images are not compared', () => {
    const store = createReadingStore();
    store.place(at('T6', 0));
    store.place({ ...at('T5', 60), measurement: { ...at('T5', 60).measurement!, ...OTHER_IMAGE } as Finding['measurement'] });
    expect(rows(store).every((r) => r.result.levelOrder === undefined)).toBe(true);
  });
});

describe('posterior wall, augmentation and the canal line (morphometry.md section 11)', () => {
  const canal = (length: number) => ({ ...IMAGE, space: 'image' as const, points: [[200, 150], [200 + length, 150]] as [number[], number[]], imageCalibration: HALF_MM });

  it('are judged on a measured level as one undoable edit each, and keep its heights', () => {
    const store = createReadingStore();
    store.place(finding('T12', 50));
    expect(store.assess('T12', { augmentation: 'kyphoplasty' })).toEqual({ status: 'done' });
    expect(store.assess('T12', { posteriorWall: 'retropulsed' })).toEqual({ status: 'done' });
    const t12 = store.getSnapshot().reading.findings[0]!;
    expect(t12).toMatchObject({ augmentation: 'kyphoplasty', posteriorWall: 'retropulsed', measurement: { space: 'image' } });
    expect(row(store, 'T12').result.ha).toBe(25);
    store.undo();
    expect(store.getSnapshot().reading.findings[0]).toMatchObject({ augmentation: 'kyphoplasty' });
    expect(store.getSnapshot().reading.findings[0]?.posteriorWall).toBeUndefined();
  });

  it('give an unmeasured level a finding, which goes again when everything is back to its default', () => {
    const store = createReadingStore({ newId: () => 'new-1' });
    store.assess('L1', { canal: canal(30) });
    expect(store.getSnapshot().reading.findings).toMatchObject([{ id: 'new-1', level: 'L1', measurement: null, canal: { points: [[200, 150], [230, 150]] } }]);
    store.assess('L1', { canal: null });
    expect(store.getSnapshot().reading.findings).toEqual([]);
    store.assess('L1', { augmentation: 'vertebroplasty' });
    store.assess('L1', { augmentation: 'none' });
    expect(store.getSnapshot().reading.findings).toEqual([]);
  });

  it('refuses a canal line of zero length, and changes nothing', () => {
    const store = createReadingStore();
    store.place(finding('T12', 50));
    const before = store.getSnapshot().reading;
    expect(store.assess('T12', { canal: canal(0) })).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/canal diameter is zero/) });
    expect(store.getSnapshot().reading).toBe(before);
  });
});
