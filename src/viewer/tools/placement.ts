/**
 * The input rules of the vertebra tool, without Cornerstone: which mouse releases place a point, when a
 * vertebra is complete, what undo and Esc do while placing, and how a handle drag ends. The tool class
 * feeds events in and draws what these say.
 */
import { POINT_KEYS, POINT_NAMES, type PointKey } from '../../morphometry';

export const POINTS_PER_VERTEBRA = POINT_KEYS.length;

export type ReleaseOutcome = 'ignored' | 'placed' | 'complete';

/** One vertebra being clicked, point by point, in the order of morphometry.md section 2. */
export class Placement<P> {
  readonly points: P[];
  /** Where each point was clicked, for the points that snapped somewhere else (issue 17); null where it did not. */
  readonly clicked: (P | null)[] = [];
  /** The press that started the vertebra placed its first point; its own release places nothing. */
  private awaitingFirstRelease = true;

  constructor(first: P) {
    this.points = [first];
  }

  /** A mouse button went up at `point`. Only the primary button places: a right or middle drag zooms or pans. */
  release(point: P, primaryButton: boolean): ReleaseOutcome {
    if (!primaryButton || this.complete) return 'ignored';
    if (this.awaitingFirstRelease) {
      this.awaitingFirstRelease = false;
      return 'ignored';
    }
    this.points.push(point);
    return this.complete ? 'complete' : 'placed';
  }

  /** The last point placed moves to where the image's edges put it; the click is kept so that undo can go back. */
  snapLast(snapped: P): void {
    const last = this.points.length - 1;
    this.clicked[last] = this.points[last]!;
    this.points[last] = snapped;
  }

  /**
   * Undo while placing: a snapped last point goes back to where it was clicked (one step), else the last point is
   * taken back; 'empty' means nothing is left and the vertebra is dropped.
   */
  takeBack(): 'unsnapped' | 'removed' | 'empty' {
    const last = this.points.length - 1;
    const clicked = this.clicked[last];
    if (clicked != null) {
      this.points[last] = clicked;
      this.clicked[last] = null;
      return 'unsnapped';
    }
    if (this.points.length <= 1) return 'empty';
    this.points.pop();
    this.clicked.length = Math.min(this.clicked.length, this.points.length);
    return 'removed';
  }

  get complete(): boolean {
    return this.points.length >= POINTS_PER_VERTEBRA;
  }

  /** The point the next click places, or null when complete. */
  get next(): PointKey | null {
    return POINT_KEYS[this.points.length] ?? null;
  }
}

/** The words of the cursor hint: "anterior-superior corner" for the first point, and so on. */
export function pointHint(next: PointKey | null): string | null {
  return next ? POINT_NAMES[next] : null;
}

/** One handle being dragged: where all six points were, so that Esc can put them back. */
export class HandleDrag<P> {
  moved = false;

  constructor(
    readonly handleIndex: number,
    readonly before: readonly P[],
  ) {}

  move(): void {
    this.moved = true;
  }

  /** Dropped with the primary button: commit if anything moved. Other buttons do not end a drag. */
  release(primaryButton: boolean): 'ignored' | 'commit' | 'unchanged' {
    if (!primaryButton) return 'ignored';
    return this.moved ? 'commit' : 'unchanged';
  }
}
