import { describe, expect, it } from 'vitest';
import { HandleDrag, Placement, pointHint } from '../../../src/viewer/tools/placement';

/** Places a vertebra by six clicks: the first press starts it, each later release places one point. */
function clickSix(): Placement<string> {
  const placement = new Placement('as');
  placement.release('as', true); // the release of the press that placed 'as'
  for (const p of ['ms', 'ps', 'ai', 'mi']) expect(placement.release(p, true)).toBe('placed');
  return placement;
}

describe('placing the six points of one vertebra (morphometry.md section 2)', () => {
  it('takes them in the order as, ms, ps, ai, mi, pi and is complete on the sixth click', () => {
    const placement = clickSix();
    expect(placement.next).toBe('pi');
    expect(placement.release('pi', true)).toBe('complete');
    expect(placement.points).toEqual(['as', 'ms', 'ps', 'ai', 'mi', 'pi']);
    expect(placement.next).toBeNull();
    // A stray release after completion adds nothing.
    expect(placement.release('extra', true)).toBe('ignored');
    expect(placement.points).toHaveLength(6);
  });

  it('does not place a second point on the release of the press that placed the first', () => {
    const placement = new Placement('as');
    expect(placement.release('as again', true)).toBe('ignored');
    expect(placement.points).toEqual(['as']);
    expect(placement.next).toBe('ms');
  });

  it('ignores releases of the right and middle buttons, so zooming and panning between clicks place nothing', () => {
    const placement = new Placement('as');
    placement.release('as', true);
    expect(placement.release('zoomed here', false)).toBe('ignored');
    expect(placement.points).toEqual(['as']);
  });

  it('names the next point for the cursor hint', () => {
    expect(pointHint('as')).toBe('anterior-superior corner');
    expect(pointHint('mi')).toBe('midpoint of the inferior endplate');
    expect(pointHint(null)).toBeNull();
  });

  it('takes back the last point on undo, and reports when nothing is left to take back', () => {
    const placement = clickSix();
    expect(placement.takeBack()).toBe('removed');
    expect(placement.next).toBe('mi');
    for (let i = 0; i < 3; i++) placement.takeBack();
    expect(placement.points).toEqual(['as']);
    expect(placement.takeBack()).toBe('empty');
  });
});

describe('snapped points (issue 17)', () => {
  it('keeps where a snapped point was clicked; undo first takes the snap back, then the point', () => {
    const placement = new Placement('as clicked');
    placement.snapLast('as snapped');
    placement.release('as', true);
    placement.release('ms clicked', true);
    placement.snapLast('ms snapped');
    expect(placement.points).toEqual(['as snapped', 'ms snapped']);
    expect(placement.clicked).toEqual(['as clicked', 'ms clicked']);
    expect(placement.takeBack()).toBe('unsnapped');
    expect(placement.points).toEqual(['as snapped', 'ms clicked']);
    expect(placement.takeBack()).toBe('removed');
    expect(placement.points).toEqual(['as snapped']);
    // A point placed again where one was taken back carries no old click.
    placement.release('ms again', true);
    expect(placement.clicked[1]).toBeUndefined();
    expect(placement.takeBack()).toBe('removed');
    expect(placement.takeBack()).toBe('unsnapped');
    expect(placement.takeBack()).toBe('empty');
  });
});

describe('dragging a handle', () => {
  it('commits on a primary release only when the handle moved', () => {
    const still = new HandleDrag(2, ['a']);
    expect(still.release(true)).toBe('unchanged');
    const moved = new HandleDrag(2, ['a']);
    moved.move();
    expect(moved.release(false)).toBe('ignored');
    expect(moved.release(true)).toBe('commit');
    expect(moved.before).toEqual(['a']);
  });
});
