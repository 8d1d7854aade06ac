/**
 * The phantom spine: a chain of vertebral bodies and discs in the mid-sagittal plane, built from each
 * body's size and heights, so that kyphosis and lordosis come out of the wedged bodies and discs as in
 * a real spine. Every renderer (radiograph, MRI, CT) draws the bodies from the six points made here,
 * which is why the truth is the drawn geometry.
 *
 * Spine coordinates are mm in the sagittal plane: u toward posterior, v toward the feet; x is lateral
 * (toward the patient's left). A vertebra's local frame has a (toward posterior, along its AP axis) and
 * s (toward the feet, along its long axis), origin at the body's centre.
 */

export type PointKey = 'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi';
export const POINT_KEYS: readonly PointKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

export type Vec2 = readonly [number, number];
export type SixPoints2 = Record<PointKey, Vec2>;

export type DeformityType = 'wedge' | 'biconcave' | 'crush';

/** What the phantom was designed to show at a level; the tests check it against the spec's grading. */
export interface Deformity {
  grade: 0 | 1 | 2 | 3;
  type: DeformityType | null;
}

export interface VertebraSpec {
  level: string;
  /** AP depth of the body at the mid-sagittal plane, mm. */
  depth: number;
  /** Lateral width of the body, mm. */
  width: number;
  /** Anterior and posterior heights, corner to corner, mm. */
  ha: number;
  hp: number;
  /** Depth of the superior and inferior endplate concavity at ms and mi, mm (into the body). */
  concavitySuperior: number;
  concavityInferior: number;
  /** The disc below this body: anterior and posterior heights in mm (0 for a fused sacral segment). */
  discBelow: readonly [number, number];
  designed: Deformity;
  /** Marrow edema: the fraction of the body (mid-sagittal area) under the superior endplate, or none. */
  edemaFraction?: number;
  /** Whether the fracture (if any) is acute or chronic; null for an intact vertebra. */
  fractureAge: 'acute' | 'chronic' | null;
  /** Treated with cement (drawn bright in the body on the radiograph). */
  augmentation?: 'kyphoplasty';
  /** How far (mm) the posterior wall bulges into the canal at mid-height, centrally (a retropulsed wall). */
  retropulsion?: number;
}

export interface Vertebra extends VertebraSpec {
  /** Body centre in spine coordinates. */
  center: Vec2;
  /** Direction of the local a axis: angle from +u toward +v, radians. */
  angle: number;
  points: SixPoints2;
}

/** Radius of the rounded corners, mm: the truth corner is where the endplate and the wall lines meet. */
export const CORNER_RADIUS = 1.0;
/** Where the endplate concavity starts and ends, as a fraction of the endplate from anterior (ring apophysis). */
const RIM = 0.12;

/** A smooth bump on [0, 1]: 0 on the rims, 1 at the centre, zero slope at both ends and at the peak. */
export function bump(t: number, rim = RIM): number {
  if (t <= rim || t >= 1 - rim) return 0;
  const x = (t - rim) / (1 - 2 * rim);
  return Math.pow(Math.sin(Math.PI * x), 1.5);
}

export function toGlobal(v: Vertebra, a: number, s: number): [number, number] {
  const c = Math.cos(v.angle);
  const sn = Math.sin(v.angle);
  return [v.center[0] + a * c - s * sn, v.center[1] + a * sn + s * c];
}

/**
 * How far (mm) a retropulsed posterior wall stands behind the straight wall at local height s and lateral x:
 * a smooth bump, largest (`retropulsion`) at the middle of the wall in the mid-sagittal plane, none at the
 * corners (so the six points stay) nor beyond 7 mm either side of the midline.
 */
export function retropulsionAt(v: VertebraSpec, s: number, x = 0): number {
  if (!v.retropulsion) return 0;
  const top = superiorEndplate(v, v.depth / 2);
  const bottom = inferiorEndplate(v, v.depth / 2);
  const lateral = 1 - (x / FRAGMENT_HALF_WIDTH) ** 2;
  if (lateral <= 0) return 0;
  return v.retropulsion * bump((s - top) / (bottom - top), 0.15) * lateral;
}

/** Half-width of the retropulsed fragment, mm. */
const FRAGMENT_HALF_WIDTH = 7;

export function toLocal(v: Vertebra, u: number, w: number): [number, number] {
  const du = u - v.center[0];
  const dv = w - v.center[1];
  const c = Math.cos(v.angle);
  const sn = Math.sin(v.angle);
  return [du * c + dv * sn, -du * sn + dv * c];
}

/** The superior endplate in local coordinates (s at a), with the concavity scaled by `dish` (1 at mid-sagittal). */
export function superiorEndplate(v: VertebraSpec, a: number, dish = 1): number {
  const t = (a + v.depth / 2) / v.depth;
  return -(v.ha + (v.hp - v.ha) * t) / 2 + dish * v.concavitySuperior * bump(t);
}

export function inferiorEndplate(v: VertebraSpec, a: number, dish = 1): number {
  const t = (a + v.depth / 2) / v.depth;
  return (v.ha + (v.hp - v.ha) * t) / 2 - dish * v.concavityInferior * bump(t);
}

/** The slight waist of the anterior wall (mm inward at mid-height); zero near the corners. */
function anteriorWaist(v: VertebraSpec): number {
  return v.level.startsWith('S') ? 0 : Math.min(1.2, 0.035 * v.depth);
}

/**
 * Signed depth (mm) of a local point inside the body's sagittal outline: positive inside, negative outside,
 * about the distance to the outline near it. `dish` scales the endplate concavity (lateral slices).
 */
export function bodyDepth(v: VertebraSpec, a: number, s: number, dish = 1): number {
  const half = v.depth / 2;
  const top = superiorEndplate(v, a, dish);
  const bottom = inferiorEndplate(v, a, dish);
  const dTop = s - top;
  const dBottom = bottom - s;
  // Wall positions: the anterior wall has a waist between its corners.
  const aTop = superiorEndplate(v, -half, dish);
  const aBottom = inferiorEndplate(v, -half, dish);
  const tau = (s - aTop) / (aBottom - aTop);
  const waist = tau > 0 && tau < 1 ? anteriorWaist(v) * bump(tau, 0.15) : 0;
  const dAnterior = a + half - waist;
  const dPosterior = half - a;
  const r = CORNER_RADIUS;
  const dVertical = dTop < dBottom ? dTop : dBottom;
  const dHorizontal = dAnterior < dPosterior ? dAnterior : dPosterior;
  if (dVertical < r && dHorizontal < r) {
    const p = r - dVertical;
    const q = r - dHorizontal;
    return r - Math.sqrt(p * p + q * q);
  }
  return dVertical < dHorizontal ? dVertical : dHorizontal;
}

/** The lateral half-width of a body at AP coordinate a (mm): rounded in front, flatter behind. */
export function bodyHalfWidth(v: VertebraSpec, a: number, inset = 0): number {
  const half = v.depth / 2 - inset;
  if (half <= 0) return 0;
  const t = Math.abs(a) / half;
  if (t >= 1) return 0;
  const p = a < 0 ? 4 : 6;
  return (v.width / 2 - inset) * Math.pow(1 - Math.pow(t, p), 1 / p);
}

/** Six points of a body in local coordinates (ms and mi at the deepest point of each endplate). */
export function localPoints(v: VertebraSpec): Record<PointKey, [number, number]> {
  const half = v.depth / 2;
  return {
    as: [-half, superiorEndplate(v, -half)],
    ms: [0, superiorEndplate(v, 0)],
    ps: [half, superiorEndplate(v, half)],
    ai: [-half, inferiorEndplate(v, -half)],
    mi: [0, inferiorEndplate(v, 0)],
    pi: [half, inferiorEndplate(v, half)],
  };
}

/**
 * Stacks the bodies from the top down. Each body is placed below the one above so that its posterior
 * superior corner sits one posterior disc height below the posterior inferior corner above (a smooth
 * posterior vertebral line), turned by the disc's wedge angle.
 */
export function buildSpine(specs: readonly VertebraSpec[]): Vertebra[] {
  const placed: Vertebra[] = [];
  let angle = 0;
  let center: [number, number] = [0, 0];
  specs.forEach((spec, i) => {
    const beta = Math.atan2(spec.hp - spec.ha, 2 * spec.depth);
    if (i > 0) {
      const above = placed[i - 1] as Vertebra;
      const [da, dp] = above.discBelow;
      const meanDepth = (above.depth + spec.depth) / 2;
      const betaAbove = Math.atan2(above.hp - above.ha, 2 * above.depth);
      const inferiorChord = above.angle + betaAbove;
      const gamma = Math.atan2(dp - da, meanDepth);
      const superiorChord = inferiorChord + gamma;
      const mid = inferiorChord + gamma / 2;
      const pi = above.points.pi;
      const ps: [number, number] = [pi[0] - dp * Math.sin(mid), pi[1] + dp * Math.cos(mid)];
      angle = superiorChord + beta;
      // The posterior-superior corner in local coordinates is (depth/2, -hp/2).
      const c = Math.cos(angle);
      const sn = Math.sin(angle);
      const a0 = spec.depth / 2;
      const s0 = -spec.hp / 2;
      center = [ps[0] - (a0 * c - s0 * sn), ps[1] - (a0 * sn + s0 * c)];
    }
    const v: Vertebra = { ...spec, center, angle, points: {} as SixPoints2 };
    const local = localPoints(spec);
    const points = {} as Record<PointKey, Vec2>;
    for (const key of POINT_KEYS) points[key] = toGlobal(v, local[key][0], local[key][1]);
    v.points = points;
    placed.push(v);
  });
  return placed;
}

/** A rigid placement of the spine in a 2-D frame (image mm or patient y/z). */
export interface Placement {
  /** Rotation applied to spine coordinates, radians (positive turns +u toward +v). */
  rotation: number;
  /** Where the spine origin goes. */
  offset: Vec2;
}

export function place(p: Placement, q: Vec2): [number, number] {
  const c = Math.cos(p.rotation);
  const s = Math.sin(p.rotation);
  return [p.offset[0] + q[0] * c - q[1] * s, p.offset[1] + q[0] * s + q[1] * c];
}

export function unplace(p: Placement, q: Vec2): [number, number] {
  const du = q[0] - p.offset[0];
  const dv = q[1] - p.offset[1];
  const c = Math.cos(p.rotation);
  const s = Math.sin(p.rotation);
  return [du * c + dv * s, -du * s + dv * c];
}

/** Mid-point of a body's superior or inferior chord, in spine coordinates. */
export function endplateCentre(v: Vertebra, which: 'superior' | 'inferior'): [number, number] {
  const p = which === 'superior' ? [v.points.as, v.points.ps] : [v.points.ai, v.points.pi];
  const [a, b] = p as [Vec2, Vec2];
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * A placement that stands the segment from `top`'s superior endplate to `bottom`'s inferior endplate
 * upright (tilted by `tilt` radians) with its middle at `centre`.
 */
export function uprightPlacement(spine: readonly Vertebra[], top: string, bottom: string, centre: Vec2, tilt = 0): Placement {
  const t = byLevel(spine, top);
  const b = byLevel(spine, bottom);
  const p = endplateCentre(t, 'superior');
  const q = endplateCentre(b, 'inferior');
  // Rotate so that p -> q points along +v (rotated by tilt).
  const current = Math.atan2(q[1] - p[1], q[0] - p[0]);
  const rotation = Math.PI / 2 + tilt - current;
  const mid: Vec2 = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  const turned = place({ rotation, offset: [0, 0] }, mid);
  return { rotation, offset: [centre[0] - turned[0], centre[1] - turned[1]] };
}

export function byLevel(spine: readonly Vertebra[], level: string): Vertebra {
  const v = spine.find((x) => x.level === level);
  if (!v) throw new Error(`no vertebra ${level} in the phantom`);
  return v;
}

export function distance(p: Vec2, q: Vec2): number {
  return Math.hypot(q[0] - p[0], q[1] - p[1]);
}
