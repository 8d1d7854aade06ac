/**
 * The reading store: the one place a reader's decisions change. Every change that edits the reading is a
 * patch on an undo stack (place, move, relabel, delete, calibrate, assess); the session state beside it (the level
 * to measure next, the selection, a handle being dragged) is not part of the reading and is not undone.
 */
import {
  compareLevels,
  DEFAULT_METHOD,
  nextLevelCaudal,
  POINT_KEYS,
  relabelledInOrder,
  type Swap,
  type Calibration,
  type Level,
  type Method,
  type SixPoints,
} from '../morphometry';
import { changedAssessment, isUnassessed, judgedItems, sameAssessment } from './assessment';
import { effectiveCalibration, imageKey, isMeasured, measurementGroup, NOT_ASSESSED, type Finding, type FractureAssessment, type ImageRef, type ReadingState } from './model';
import { deriveResults, type Preview, type Results } from './results';

export type EditKind = 'place' | 'move' | 'relabel' | 'delete' | 'calibrate' | 'assess';

/**
 * One undoable edit: findings taken out (by id) and findings put in, and optionally one image's user
 * calibration before and after. Undo applies the inverse, which swaps both.
 */
export interface Patch {
  kind: EditKind;
  remove: readonly Finding[];
  add: readonly Finding[];
  calibration?: { image: string; before: Calibration<'mm (user)'> | null; after: Calibration<'mm (user)'> | null };
  /** The level selector before and after a place, so that undoing a place offers that level again. */
  nextLevel?: { before: Level; after: Level };
}

export interface Snapshot {
  reading: ReadingState;
  results: Results;
  nextLevel: Level;
  selectedId: string | null;
  /** The edit that undo / redo would revert / repeat, if any. */
  undoKind: EditKind | null;
  redoKind: EditKind | null;
}

export type EditOutcome =
  /** `notice`: what the reader should know of what the edit kept (e.g. a judgement that outlives deleted heights). */
  | { status: 'done'; notice?: string }
  /** The level is already measured by another finding; ask the reader, then call again with `replace`. */
  | { status: 'conflict'; existing: Finding }
  /** Nothing changed, and why (in the reader's words). */
  | { status: 'rejected'; reason: string };

/** What the reader is to be told of an edit: why it was refused, or what it kept; nothing for a plain success. */
export function outcomeMessage(outcome: EditOutcome): string | undefined {
  return outcome.status === 'rejected' ? outcome.reason : outcome.status === 'done' ? outcome.notice : undefined;
}

export interface ReadingStore {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  place(finding: Finding, options?: { replace?: boolean }): EditOutcome;
  /** `swapped`: what the viewer swapped to put the moved points in anatomical order (see inAnatomicalOrder). */
  move(id: string, points: SixPoints, swapped?: Swap[]): EditOutcome;
  relabel(id: string, level: Level, options?: { replace?: boolean }): EditOutcome;
  /**
   * Level order (morphometry.md section 2a): the vertebrae measured on the image (or volume) of this finding get
   * their labels in the order of their positions, cranial first. One undoable edit.
   */
  relabelInOrder(id: string): EditOutcome;
  remove(id: string): EditOutcome;
  /** Sets (or with null, clears) the user calibration of one image. */
  calibrate(image: ImageRef, calibration: Calibration<'mm (user)'> | null): EditOutcome;
  /**
   * Changes what the reader judged of a level's fracture age (edema, extent, sequence, signal ratio, age
   * override, malignancy flag, note), its posterior wall, augmentation or canal line (section 11). A level without a finding gets one without measurement; a finding
   * without measurement left with nothing judged is removed. One undoable edit either way.
   */
  assess(level: Level, changes: Partial<FractureAssessment>): EditOutcome;
  /** Live values while a handle is dragged; null ends the preview. Not an edit. */
  preview(id: string, points: SixPoints | null): void;
  setMethod(method: Method): void;
  setNextLevel(level: Level): void;
  select(id: string | null): void;
  undo(): boolean;
  redo(): boolean;
  findingById(id: string): Finding | undefined;
}

export interface StoreOptions {
  reading?: Partial<ReadingState>;
  /** The level offered first; a lateral thoracolumbar radiograph is usually read from T4 down. */
  nextLevel?: Level;
  /** Ids for findings the store creates itself (a level judged before it is measured). */
  newId?: () => string;
  /** A reading that can be looked at but not changed (a submitted teaching case): every edit is refused with this reason. */
  locked?: string;
}

let assessedCount = 0;
/** Unique within a page: the time of the page's first use and a counter (no secure context needed). */
const ASSESSED_PREFIX = `assessed-${Date.now().toString(36)}`;
function defaultNewId(): string {
  assessedCount += 1;
  return `${ASSESSED_PREFIX}-${assessedCount}`;
}

export function createReadingStore(options: StoreOptions = {}): ReadingStore {
  let reading: ReadingState = {
    findings: sortFindings(options.reading?.findings ?? []),
    userCalibrations: options.reading?.userCalibrations ?? {},
    method: options.reading?.method ?? DEFAULT_METHOD,
  };
  let nextLevel: Level = options.nextLevel ?? 'T4';
  let selectedId: string | null = null;
  let preview: Preview | null = null;
  const undoStack: Patch[] = [];
  const redoStack: Patch[] = [];
  const listeners = new Set<() => void>();
  let snapshot = buildSnapshot();

  function buildSnapshot(): Snapshot {
    return {
      reading,
      results: deriveResults(reading, preview),
      nextLevel,
      selectedId,
      undoKind: undoStack.at(-1)?.kind ?? null,
      redoKind: redoStack.at(-1)?.kind ?? null,
    };
  }

  function notify(): void {
    snapshot = buildSnapshot();
    for (const listener of [...listeners]) listener();
  }

  function apply(patch: Patch): void {
    const removed = new Set(patch.remove.map((f) => f.id));
    reading = { ...reading, findings: sortFindings([...reading.findings.filter((f) => !removed.has(f.id)), ...patch.add]) };
    if (patch.calibration) {
      const { image, after } = patch.calibration;
      const { [image]: _previous, ...others } = reading.userCalibrations;
      reading = { ...reading, userCalibrations: after ? { ...others, [image]: after } : others };
    }
    if (patch.nextLevel) nextLevel = patch.nextLevel.after;
    if (selectedId !== null && !reading.findings.some((f) => f.id === selectedId)) selectedId = null;
    if (preview && !reading.findings.some((f) => f.id === preview?.id)) preview = null;
  }

  const locked = options.locked;

  function commit(patch: Patch): EditOutcome {
    if (locked) {
      // Listeners put back whatever the viewer changed ahead of the store (a dragged handle, a placed vertebra).
      notify();
      return { status: 'rejected', reason: locked };
    }
    apply(patch);
    undoStack.push(patch);
    redoStack.length = 0;
    notify();
    return { status: 'done' };
  }

  const newId = options.newId ?? defaultNewId;
  const byId = (id: string) => reading.findings.find((f) => f.id === id);
  const byLevel = (level: Level) => reading.findings.find((f) => f.level === level);

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    findingById: byId,

    place(finding, { replace = false } = {}) {
      if (locked) return commit({ kind: 'place', remove: [], add: [] });
      if (byId(finding.id)) return { status: 'rejected', reason: `${finding.level} is already placed.` };
      const problem = finding.measurement && degenerate(finding.measurement.points);
      if (problem) return { status: 'rejected', reason: problem };
      const existing = byLevel(finding.level);
      // A level judged on MRI without heights joins the measurement of the same level: one row per level.
      if (existing && !existing.measurement && finding.measurement) {
        finding = { ...existing, id: finding.id, measurement: finding.measurement };
      } else if (existing && !replace) return { status: 'conflict', existing };
      else if (existing && isUnassessed(finding) && !isUnassessed(existing)) {
        // Replacing the heights keeps what was judged of the level (edema on STIR, a note...): the new points
        // measure the same vertebra again.
        finding = { ...existing, id: finding.id, measurement: finding.measurement };
      }
      const after = nextLevelCaudal(finding.level) ?? finding.level;
      return commit({
        kind: 'place',
        remove: existing ? [existing] : [],
        add: [copyFinding(finding)],
        nextLevel: { before: nextLevel, after },
      });
    },

    move(id, points, swapped) {
      const old = byId(id);
      if (!old) return { status: 'rejected', reason: 'That vertebra is no longer in the reading.' };
      preview = null;
      const problem = degenerate(points);
      if (problem) {
        notify();
        return { status: 'rejected', reason: problem };
      }
      if (!old.measurement) return { status: 'rejected', reason: `${old.level} has no measurement to move.` };
      const sameSwaps = swapped === undefined || swapped.join() === (old.measurement.swapped ?? []).join();
      if (samePoints(old.measurement.points, points) && sameSwaps) {
        notify();
        return { status: 'done' };
      }
      const measurement = { ...old.measurement, points: copyPoints(points), ...(swapped && { swapped: [...swapped] }) };
      return commit({ kind: 'move', remove: [old], add: [{ ...old, measurement }] });
    },

    relabelInOrder(id) {
      const finding = byId(id);
      if (!finding?.measurement) return { status: 'rejected', reason: 'That vertebra is no longer measured in the reading.' };
      const group = measurementGroup(finding.measurement);
      const members = reading.findings.filter(isMeasured).filter((f) => measurementGroup(f.measurement) === group);
      const changes = relabelledInOrder(
        members.map((f) => ({
          level: f.level,
          points: f.measurement.points,
          frame: { space: f.measurement.space, pixelSpacing: effectiveCalibration(reading, f).pixelSpacing },
          group,
          orientationKnown: f.measurement.swapped !== undefined,
        })),
      );
      const moved = members.filter((f) => changes.has(f.level));
      if (moved.length === 0) return { status: 'done' };
      return commit({ kind: 'relabel', remove: moved, add: moved.map((f) => ({ ...f, level: changes.get(f.level) as Level })) });
    },

    relabel(id, level, { replace = false } = {}) {
      const old = byId(id);
      if (!old) return { status: 'rejected', reason: 'That vertebra is no longer in the reading.' };
      if (old.level === level) return { status: 'done' };
      const existing = byLevel(level);
      // A level judged on MRI without heights takes the relabelled heights, as a placement there does; a replaced
      // level keeps what was judged of it unless the relabelled vertebra brings a judgement of its own.
      const judgedOnly = existing && !existing.measurement && old.measurement;
      if (existing && !replace && !judgedOnly) return { status: 'conflict', existing };
      const keepJudgement = existing && (judgedOnly || (isUnassessed(old) && !isUnassessed(existing)));
      const relabelled = keepJudgement ? { ...existing, id: old.id, measurement: old.measurement } : { ...old, level };
      return commit({ kind: 'relabel', remove: existing ? [old, existing] : [old], add: [relabelled] });
    },

    remove(id) {
      const old = byId(id);
      if (!old) return { status: 'rejected', reason: 'That vertebra is no longer in the reading.' };
      if (!old.measurement || isUnassessed(old)) return commit({ kind: 'delete', remove: [old], add: [] });
      // Deleting the heights does not delete what was judged of the level: it stays, without measurement (a
      // new id: the annotation of the deleted points goes), and the reader is told where to clear it.
      const outcome = commit({ kind: 'delete', remove: [old], add: [{ ...copyFinding(old), id: newId(), measurement: null }] });
      const kept = judgedItems(old).join(', ');
      return outcome.status === 'done'
        ? { status: 'done', notice: `${old.level}: heights deleted. What was judged of it (${kept}) stays under Fracture age; clear it there to remove ${old.level} from the reading.` }
        : outcome;
    },

    calibrate(image, calibration) {
      const key = imageKey(image);
      const before = reading.userCalibrations[key] ?? null;
      if (before === calibration) return { status: 'done' };
      return commit({ kind: 'calibrate', remove: [], add: [], calibration: { image: key, before, after: calibration } });
    },

    assess(level, changes) {
      const ratio = changes.signalRatio;
      if (ratio !== undefined && ratio !== null && !(Number.isFinite(ratio) && ratio > 0)) {
        return { status: 'rejected', reason: 'A signal ratio must be a positive number: the reference region has no signal.' };
      }
      if (changes.canal && samePoint(changes.canal.points[0], changes.canal.points[1])) {
        return { status: 'rejected', reason: 'The canal diameter is zero: its two points coincide.' };
      }
      const old = byLevel(level);
      const assessment = changedAssessment(old ?? NOT_ASSESSED, changes);
      if (old && sameAssessment(old, assessment)) return { status: 'done' };
      const unassessed = isUnassessed(assessment);
      if (!old) {
        if (unassessed) return { status: 'done' };
        return commit({ kind: 'assess', remove: [], add: [{ id: newId(), level, measurement: null, ...assessment }] });
      }
      const dropped = unassessed && !old.measurement;
      return commit({ kind: 'assess', remove: [old], add: dropped ? [] : [{ ...copyFinding(old), ...assessment }] });
    },

    preview(id, points) {
      if (locked) return;
      const next = points && byId(id) && !degenerate(points) ? { id, points: copyPoints(points) } : null;
      if (!next && !preview) return;
      // A dragged handle that makes a height zero keeps the last valid values on screen.
      if (points && !next && preview?.id === id) return;
      preview = next;
      notify();
    },

    setMethod(method) {
      if (locked || method === reading.method) return;
      reading = { ...reading, method };
      notify();
    },

    setNextLevel(level) {
      if (level === nextLevel) return;
      nextLevel = level;
      notify();
    },

    select(id) {
      const next = id !== null && byId(id) ? id : null;
      if (next === selectedId) return;
      selectedId = next;
      notify();
    },

    undo() {
      const patch = undoStack.pop();
      if (!patch) return false;
      preview = null;
      apply(invert(patch));
      redoStack.push(patch);
      notify();
      return true;
    },

    redo() {
      const patch = redoStack.pop();
      if (!patch) return false;
      preview = null;
      apply(patch);
      undoStack.push(patch);
      notify();
      return true;
    },
  };
}

function invert(patch: Patch): Patch {
  return {
    kind: patch.kind,
    remove: patch.add,
    add: patch.remove,
    ...(patch.calibration && {
      calibration: { image: patch.calibration.image, before: patch.calibration.after, after: patch.calibration.before },
    }),
    ...(patch.nextLevel && { nextLevel: { before: patch.nextLevel.after, after: patch.nextLevel.before } }),
  };
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => compareLevels(a.level, b.level));
}

/** A zero height makes every ratio meaningless (division by zero), so such points are never committed. */
function degenerate(points: SixPoints): string | null {
  const pairs = [
    ['as', 'ai', 'anterior'],
    ['ms', 'mi', 'middle'],
    ['ps', 'pi', 'posterior'],
  ] as const;
  for (const [top, bottom, name] of pairs) {
    // Two coordinates in image space, three in patient space.
    if (samePoint(points[top], points[bottom])) return `The ${name} height is zero: its two points coincide.`;
  }
  return null;
}

function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function samePoints(a: SixPoints, b: SixPoints): boolean {
  return POINT_KEYS.every((k) => samePoint(a[k], b[k]));
}

function copyPoints(points: SixPoints): SixPoints {
  return Object.fromEntries(POINT_KEYS.map((k) => [k, [...points[k]]])) as SixPoints;
}

function copyFinding(finding: Finding): Finding {
  if (!finding.measurement) return { ...finding };
  return { ...finding, measurement: { ...finding.measurement, points: copyPoints(finding.measurement.points) } };
}
