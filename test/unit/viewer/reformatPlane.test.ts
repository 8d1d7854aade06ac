import { describe, expect, it } from 'vitest';
import {
  cameraOnPlane,
  DEFAULT_VIEWS,
  directionLetters,
  edgeLetters,
  fittedView,
  measuredPlane,
  obliquity,
  planeForNormal,
  slicePosition,
} from '../../../src/viewer/mpr/reformatPlane';

const rotateAboutZ = (degrees: number): [number, number, number] => {
  const t = (degrees * Math.PI) / 180;
  return [Math.cos(t), Math.sin(t), 0];
};

describe('what a reformatted view shows', () => {
  it('names the patient directions at the edges of the three default views (radiological convention)', () => {
    expect(edgeLetters(DEFAULT_VIEWS.sagittal)).toEqual({ top: 'S', right: 'P', bottom: 'I', left: 'A' });
    expect(edgeLetters(DEFAULT_VIEWS.axial)).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
    expect(edgeLetters(DEFAULT_VIEWS.coronal)).toEqual({ top: 'S', right: 'L', bottom: 'I', left: 'R' });
  });

  it('gives an oblique direction two letters, the larger component first', () => {
    expect(directionLetters([0, -1, 0])).toBe('A');
    expect(directionLetters([0.2, -1, 0])).toBe('A');
    expect(directionLetters([0.6, -0.8, 0])).toBe('AL');
    expect(directionLetters([-0.8, 0, -0.6])).toBe('RI');
  });

  it('measures how far a plane is turned from its default orientation', () => {
    expect(obliquity('sagittal', [1, 0, 0])).toBe(0);
    expect(obliquity('sagittal', [-1, 0, 0])).toBe(0);
    expect(obliquity('sagittal', rotateAboutZ(20))).toBeCloseTo(20, 9);
    expect(obliquity('axial', [0, 0, -1])).toBe(0);
  });

  it('says where a plane crosses its axis', () => {
    expect(slicePosition('sagittal', [0.35, -20, 26.25])).toEqual({ axis: 'x', mm: 0.35 });
    expect(slicePosition('coronal', [0.35, -20, 26.25])).toEqual({ axis: 'y', mm: -20 });
    expect(slicePosition('axial', [0.35, -20, 26.25])).toEqual({ axis: 'z', mm: 26.25 });
  });
});

describe('the plane a vertebra was measured on, and showing it again', () => {
  const points = [
    [0.35, 0, 80],
    [0.35, 15, 81],
    [0.35, 30, 80],
    [0.35, 0, 70],
    [0.35, 15, 71],
    [0.35, 30, 70],
  ];

  it('is the view plane through the centre of the six points', () => {
    const plane = measuredPlane(points, { focalPoint: [0.35, -20, 26.25], viewPlaneNormal: [1, 0, 0] });
    expect(plane.normal).toEqual([1, 0, 0]);
    expect(plane.point[0]).toBeCloseTo(0.35, 12);
    expect(plane.point[1]).toBeCloseTo(15, 12);
    expect(plane.point[2]).toBeCloseTo(75.333333, 5);
  });

  it('lies on the view plane even when the points are a fraction of a slice off it', () => {
    const plane = measuredPlane(
      points.map(([x, y, z]) => [x! + 0.2, y!, z!]),
      { focalPoint: [0.35, -20, 26.25], viewPlaneNormal: [2, 0, 0] },
    );
    expect(plane.point[0]).toBeCloseTo(0.35, 12);
    expect(plane.normal).toEqual([1, 0, 0]);
  });

  it('is shown again facing the way the viewport faces, centred on its point, up kept upright', () => {
    const current = { focalPoint: [10, -20, 26], position: [510, -20, 26], viewPlaneNormal: [1, 0, 0], viewUp: [0, 0, 1] };
    // Recorded facing the other way (an oblique plane turned 20 degrees): not mirrored on screen.
    const normal = rotateAboutZ(200);
    const camera = cameraOnPlane({ point: [0.35, 15, 75], normal }, current);
    expect(camera.focalPoint).toEqual([0.35, 15, 75]);
    expect(camera.viewPlaneNormal[0]).toBeCloseTo(Math.cos((20 * Math.PI) / 180), 12);
    expect(camera.viewPlaneNormal[1]).toBeCloseTo(Math.sin((20 * Math.PI) / 180), 12);
    expect(camera.viewUp).toEqual([0, 0, 1]);
    // The camera stays as far from its focal point as it was, along the new normal.
    const away = camera.position.map((p, i) => p - camera.focalPoint[i]!);
    expect(Math.hypot(...away)).toBeCloseTo(500, 9);
    expect(away[0]! / 500).toBeCloseTo(camera.viewPlaneNormal[0], 12);
  });

  it('belongs in the viewport whose default plane is nearest', () => {
    expect(planeForNormal([1, 0, 0])).toBe('sagittal');
    expect(planeForNormal(rotateAboutZ(30))).toBe('sagittal');
    expect(planeForNormal([0, 1, 0.2])).toBe('coronal');
    expect(planeForNormal([0.1, 0.1, -1])).toBe('axial');
  });
});

describe('fitting the volume to a view', () => {
  // The phantom CT: 358 mm across in x and y, 262.5 mm from head to foot.
  const bounds = [-178.85, 178.85, -198.85, 158.85, -105, 157.5];

  it('fits the wider extent to a tall sagittal pane, and centres the volume without leaving the plane', () => {
    const view = fittedView(bounds, { ...DEFAULT_VIEWS.sagittal, focalPoint: [0.35, 9, 26], position: [500.35, 9, 26] }, { width: 480, height: 1280 }, 1);
    // 357.7 mm wide over 480 px: the visible height is 357.7 * 1280 / 480 mm, half of it the parallel scale.
    expect(view.parallelScale).toBeCloseTo((357.7 * 1280) / 480 / 2, 6);
    expect(view.focalPoint).toEqual([0.35, -20, 26.25]);
    expect(view.position[0]).toBeCloseTo(500.35, 9);
  });

  it('fits the taller extent to a wide pane', () => {
    const view = fittedView(bounds, { ...DEFAULT_VIEWS.coronal, focalPoint: [0, 0, 0], position: [0, -500, 0] }, { width: 2000, height: 400 }, 1);
    expect(view.parallelScale).toBeCloseTo(262.5 / 2, 9);
  });
});
