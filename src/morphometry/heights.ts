/** Heights and the wedge angle of one vertebra (morphometry.md section 3). */
import { angleBetweenLines, delta, distance, unitOf, type Frame, type Unit } from './geometry';
import type { SixPoints } from './points';

export interface Heights {
  unit: Unit;
  /** Anterior height |as-ai|. */
  ha: number;
  /** Middle height |ms-mi|. */
  hm: number;
  /** Posterior height |ps-pi|. */
  hp: number;
  /** Degrees between the superior (ps->as) and inferior (pi->ai) endplate lines, in [0, 90]. */
  wedgeAngle: number;
}

export function measureHeights(points: SixPoints, frame: Frame): Heights {
  return {
    unit: unitOf(frame),
    ha: distance(points.as, points.ai, frame),
    hm: distance(points.ms, points.mi, frame),
    hp: distance(points.ps, points.pi, frame),
    // In mm, not pixels: anisotropic spacing changes angles too.
    wedgeAngle: angleBetweenLines(delta(points.ps, points.as, frame), delta(points.pi, points.ai, frame)),
  };
}
