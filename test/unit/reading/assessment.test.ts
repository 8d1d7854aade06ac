import { describe, expect, it } from 'vitest';
import type { Level, SixPoints } from '../../../src/morphometry';
import { assessmentRows, createReadingStore, NOT_ASSESSED, toggledEdema, type Finding, type ReadingStore } from '../../../src/reading';

function points(ha: number, hm: number, hp: number): SixPoints {
  return { as: [100, 100], ms: [115, 100], ps: [130, 100], ai: [100, 100 + ha], mi: [115, 100 + hm], pi: [130, 100 + hp] };
}

function measured(level: Level, heights: [number, number, number], id = `id-${level}`): Finding {
  return {
    id,
    level,
    measurement: {
      seriesInstanceUid: '1.2',
      sopInstanceUid: '1.2.3',
      frameNumber: 1,
      space: 'image',
      points: points(...heights),
      imageCalibration: { label: 'mm', pixelSpacing: [0.5, 0.5], warning: null },
    },
    ...NOT_ASSESSED,
  };
}

const rowsOf = (store: ReadingStore) => {
  const { reading, results } = store.getSnapshot();
  return assessmentRows(reading, results);
};
const rowOf = (store: ReadingStore, level: Level) => rowsOf(store).find((r) => r.level === level);
const findings = (store: ReadingStore) => store.getSnapshot().reading.findings;

function counter(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

describe('§7 fracture age per vertebra, in the reading', () => {
  it('edema present makes a level acute, whatever its grade', () => {
    const store = createReadingStore();
    store.place(measured('T11', [35, 40, 50]));
    expect(rowOf(store, 'T11')).toMatchObject({ grade: 2, edema: 'not-assessed', age: 'indeterminate' });
    store.assess('T11', { edema: 'present', sequence: 'STIR' });
    expect(rowOf(store, 'T11')).toMatchObject({ grade: 2, type: 'wedge', edema: 'present', age: 'acute', derivedAge: 'acute', ageOverridden: false });
  });

  it('edema absent makes a fractured level chronic and a normal one indeterminate', () => {
    const store = createReadingStore();
    store.place(measured('L1', [50, 33, 50]));
    store.place(measured('L2', [50, 50, 50]));
    store.assess('L1', { edema: 'absent' });
    store.assess('L2', { edema: 'absent' });
    expect(rowOf(store, 'L1')).toMatchObject({ grade: 2, type: 'biconcave', age: 'chronic' });
    expect(rowOf(store, 'L2')).toMatchObject({ grade: 0, type: null, age: 'indeterminate' });
  });

  it('the reader can override the derived age, and take the override back', () => {
    const store = createReadingStore();
    store.place(measured('L1', [50, 33, 50]));
    store.assess('L1', { edema: 'absent', ageOverride: 'acute' });
    expect(rowOf(store, 'L1')).toMatchObject({ derivedAge: 'chronic', age: 'acute', ageOverridden: true });
    store.assess('L1', { ageOverride: null });
    expect(rowOf(store, 'L1')).toMatchObject({ age: 'chronic', ageOverridden: false });
  });
});

describe('store.assess: one reading per study, keyed by level', () => {
  it('creates a finding without measurement for a level not measured yet, with an id of its own', () => {
    const store = createReadingStore({ newId: counter() });
    expect(store.assess('T11', { edema: 'present', edemaExtent: '25-74%', sequence: 'STIR' })).toEqual({ status: 'done' });
    expect(findings(store)).toEqual([
      { id: 'new-1', level: 'T11', measurement: null, ...NOT_ASSESSED, edema: 'present', edemaExtent: '25-74%', sequence: 'STIR' },
    ]);
    expect(rowOf(store, 'T11')).toMatchObject({ measured: false, grade: null, age: 'acute' });
    expect(store.getSnapshot().results.rows).toEqual([]);
  });

  it('a measurement of the same level, on another series, joins that row', () => {
    const store = createReadingStore({ newId: counter() });
    store.assess('T11', { edema: 'present', sequence: 'STIR' });
    expect(store.place(measured('T11', [35, 40, 50], 'annotation-7')).status).toBe('done');
    expect(findings(store)).toHaveLength(1);
    expect(findings(store)[0]).toMatchObject({ id: 'annotation-7', level: 'T11', edema: 'present', sequence: 'STIR' });
    expect(rowOf(store, 'T11')).toMatchObject({ measured: true, grade: 2, age: 'acute' });
  });

  it('is undoable like every other edit, and redo repeats it', () => {
    const store = createReadingStore({ newId: counter() });
    store.place(measured('L1', [50, 33, 50]));
    store.assess('L1', { edema: 'absent', sequence: 'STIR' });
    store.assess('T11', { edema: 'present', sequence: 'STIR' });
    expect(store.getSnapshot().undoKind).toBe('assess');
    store.undo();
    expect(findings(store).map((f) => f.level)).toEqual(['L1']);
    store.undo();
    expect(findings(store)[0]).toMatchObject({ edema: 'not-assessed', sequence: null });
    expect(store.getSnapshot().undoKind).toBe('place');
    store.redo();
    store.redo();
    expect(rowsOf(store).map((r) => [r.level, r.age])).toEqual([
      ['T11', 'acute'],
      ['L1', 'chronic'],
    ]);
  });

  it('drops a finding without measurement once nothing is judged of it; a measured one stays', () => {
    const store = createReadingStore({ newId: counter() });
    store.place(measured('L1', [50, 33, 50]));
    store.assess('T11', { edema: 'present', sequence: 'STIR' });
    store.assess('L1', { edema: 'present', sequence: 'STIR' });
    store.assess('T11', { edema: 'not-assessed' });
    store.assess('L1', { edema: 'not-assessed' });
    expect(findings(store).map((f) => [f.level, f.edema])).toEqual([['L1', 'not-assessed']]);
    store.undo();
    store.undo();
    expect(findings(store).map((f) => [f.level, f.edema])).toEqual([
      ['T11', 'present'],
      ['L1', 'present'],
    ]);
  });

  it('records nothing when nothing changes', () => {
    const store = createReadingStore();
    expect(store.assess('T9', { edema: 'not-assessed' })).toEqual({ status: 'done' });
    store.place(measured('L1', [50, 33, 50]));
    expect(store.assess('L1', { edema: 'not-assessed', note: '' })).toEqual({ status: 'done' });
    expect(findings(store).map((f) => f.level)).toEqual(['L1']);
    expect(store.getSnapshot().undoKind).toBe('place');
  });

  it('keeps the extent consistent with the edema: an extent means edema, and no edema clears the extent', () => {
    const store = createReadingStore();
    store.assess('T11', { edemaExtent: '>=75%' });
    expect(findings(store)[0]).toMatchObject({ edema: 'present', edemaExtent: '>=75%' });
    store.assess('T11', { edema: 'absent' });
    expect(findings(store)[0]).toMatchObject({ edema: 'absent', edemaExtent: null });
  });

  it('records a descriptive signal ratio, and refuses one that is not a positive number', () => {
    const store = createReadingStore();
    store.assess('T11', { signalRatio: 4.2 });
    expect(findings(store)[0]).toMatchObject({ level: 'T11', signalRatio: 4.2, edema: 'not-assessed' });
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, 0, -1]) {
      expect(store.assess('T11', { signalRatio: bad }).status).toBe('rejected');
    }
    expect(findings(store)[0]?.signalRatio).toBe(4.2);
  });

  it('notifies subscribers of every assessment', () => {
    const store = createReadingStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.assess('T11', { suspiciousForMalignancy: true });
    store.assess('T11', { note: 'convex posterior wall' });
    expect(calls).toBe(2);
    expect(findings(store)[0]).toMatchObject({ suspiciousForMalignancy: true, note: 'convex posterior wall' });
  });
});

describe('the E key', () => {
  it('toggles edema present <-> not assessed, and flags a level judged free of edema', () => {
    expect(toggledEdema('not-assessed')).toBe('present');
    expect(toggledEdema('present')).toBe('not-assessed');
    expect(toggledEdema('absent')).toBe('present');
  });
});
