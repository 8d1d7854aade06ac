/**
 * The phantom as a 3-D tissue map for the cross-sectional studies (MRI, CT): the spine drawn from the
 * same bodies as the radiograph, with discs, canal, cord, posterior elements, and a simple trunk around it.
 *
 * Patient coordinates are DICOM LPS mm (x to the patient's left, y posterior, z head). A placement maps
 * spine coordinates (u, v) to (y, -z).
 */
import { bodyDepth, bodyHalfWidth, inferiorEndplate, place, retropulsionAt, superiorEndplate, toGlobal, toLocal, unplace, type Placement, type Vec2, type Vertebra } from './spine';
import { smoothstep } from './image';

export enum Tissue {
  Air,
  Lung,
  Fat,
  Muscle,
  Organ,
  Liver,
  Blood,
  Cortex,
  Marrow,
  Edema,
  Sclerosis,
  Nucleus,
  DegeneratedNucleus,
  Annulus,
  Csf,
  Cord,
  EpiduralFat,
  Ligament,
  NerveRoot,
  ElementMarrow,
}

export interface Phantom3d {
  spine: readonly Vertebra[];
  placement: Placement;
  /** Patient y of the skin of the back at height z. */
  backAt(z: number): number;
  /** The tissue map of one axial plane: everything that depends on the height is worked out once. */
  atHeight(z: number): (x: number, y: number) => Tissue;
}

interface Capsule {
  a: readonly [number, number, number];
  b: readonly [number, number, number];
  r: number;
}

interface Level {
  v: Vertebra;
  /** Spine-coordinate box of everything drawn for this level, for a quick rejection. */
  box: readonly [number, number, number, number];
  below: Vertebra | null;
  elements: Capsule[];
  canalDepth: number;
  canalHalfWidth: number;
  /** Cord radius here (0 below the conus). */
  cord: number;
  /** Superior endplate depth (local s) below which marrow is edematous; null without edema. */
  edemaLimit: number | null;
}

/**
 * The antero-posterior depth of the canal behind a body (mm): from its posterior wall to the front of the laminae,
 * at the middle of the body. The phantom's canal diameter where the wall is not retropulsed.
 */
export function canalDepthOf(level: string): number {
  return level.startsWith('L') ? 16 : 14;
}

/** Lateral taper of the endplate concavity: full over the middle of the body, none at its sides. */
function dishAt(v: Vertebra, x: number): number {
  return 1 - smoothstep(0.35, 0.9, Math.abs(x) / (v.width / 2));
}

function capsuleDistance(c: Capsule, a: number, s: number, x: number): number {
  const [ax, ay, az] = c.a;
  const bx = c.b[0] - ax;
  const by = c.b[1] - ay;
  const bz = c.b[2] - az;
  const l2 = bx * bx + by * by + bz * bz;
  let t = l2 === 0 ? 0 : ((a - ax) * bx + (s - ay) * by + (x - az) * bz) / l2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = a - (ax + t * bx);
  const dy = s - (ay + t * by);
  const dz = x - (az + t * bz);
  return c.r - Math.sqrt(dx * dx + dy * dy + dz * dz);
}

function posteriorElements(v: Vertebra, canalDepth: number, canalHalf: number): Capsule[] {
  if (v.level.startsWith('S')) return [];
  const lumbar = v.level.startsWith('L');
  const h = v.hp;
  const back = v.depth / 2;
  const top = -h / 2;
  const pedLen = (lumbar ? 0.34 : 0.36) * v.depth;
  const pedR = lumbar ? 4.5 : 3.2;
  const sPed = top + 0.3 * h;
  const xPed = canalHalf + pedR - 0.5;
  const roof = back + canalDepth + 2.5;
  const [da] = v.discBelow;
  const caps: Capsule[] = [];
  for (const side of [-1, 1]) {
    caps.push(
      { a: [back - 2, sPed, side * xPed], b: [back + pedLen, sPed, side * xPed], r: pedR },
      // Lamina: from the pedicle back to the midline, as a plate of three rods.
      { a: [back + pedLen, sPed - 3, side * xPed], b: [roof, sPed - 1, 0], r: 2.6 },
      { a: [back + pedLen, sPed + 3, side * xPed], b: [roof, sPed + 5, 0], r: 2.6 },
      { a: [back + pedLen + 1, sPed + 9, side * (xPed - 1)], b: [roof, sPed + 11, 0], r: 2.4 },
      // Articular processes: superior rising above the body, inferior reaching behind the disc below.
      { a: [back + pedLen + 2, top - (lumbar ? 5 : 3.5), side * (xPed + 1)], b: [back + pedLen + 2, sPed, side * (xPed + 1)], r: lumbar ? 4.2 : 3.2 },
      { a: [back + pedLen + 5, sPed + 6, side * (xPed - 1)], b: [back + pedLen + 5, h / 2 + 0.7 * da, side * (xPed - 1)], r: lumbar ? 4 : 3 },
      // Transverse processes.
      lumbar
        ? { a: [back + pedLen, sPed, side * xPed], b: [back + pedLen + 6, sPed + 2, side * 45], r: 3.5 }
        : { a: [back + pedLen, sPed, side * xPed], b: [back + pedLen + 22, sPed - 1, side * 32], r: 4 },
    );
  }
  if (lumbar) {
    caps.push({ a: [roof, sPed + 5, 0], b: [roof + 24, sPed + 8, 0], r: 6 });
  } else {
    const level = Number(v.level.slice(1));
    const slope = 0.75 + 0.045 * Math.min(8, Math.max(0, level - 2));
    caps.push({ a: [roof, sPed + 3, 0], b: [roof + 30 * Math.cos(slope), sPed + 3 + 30 * Math.sin(slope), 0], r: 3.4 });
  }
  return caps;
}

/**
 * The edema's lower limit (local s) so that the marrow under the superior endplate down to it is the
 * requested fraction of the body's mid-sagittal area.
 */
export function edemaLimitFor(v: Vertebra, fraction: number): number {
  let lo = -v.hp;
  let hi = v.hp;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (edemaFraction(v, mid) < fraction) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Fraction of the body's mid-sagittal area that is edematous (for the truth). */
export function edemaFraction(v: Vertebra, limit: number): number {
  let inside = 0;
  let edema = 0;
  for (let a = -v.depth / 2; a <= v.depth / 2; a += 0.2) {
    for (let s = -v.hp; s <= v.hp; s += 0.2) {
      if (bodyDepth(v, a, s) <= 0) continue;
      inside++;
      if (s < limit + edemaWave(a)) edema++;
    }
  }
  return edema / inside;
}

/** The lower margin of fracture edema is irregular, not a straight line. */
function edemaWave(a: number): number {
  return 1.2 * Math.sin(a * 0.45) + 0.6 * Math.sin(a * 1.3 + 1);
}

export function createPhantom3d(spine: readonly Vertebra[], placement: Placement): Phantom3d {
  const levels: Level[] = spine.map((v, i) => {
    const lumbar = v.level.startsWith('L');
    const canalDepth = canalDepthOf(v.level);
    const canalHalfWidth = lumbar ? 11 : 8.5;
    const index = spine.indexOf(v);
    const l1 = spine.findIndex((x) => x.level === 'L1');
    const cord = index < l1 ? 4.3 : index === l1 ? 3 : 0;
    const corners: [number, number][] = [];
    for (const a of [-v.depth / 2 - 6, v.depth / 2 + 70]) {
      for (const s of [-v.hp / 2 - 14, v.hp / 2 + 22]) corners.push(toGlobal(v, a, s));
    }
    const us = corners.map((p) => p[0]);
    const ws = corners.map((p) => p[1]);
    return {
      v,
      box: [Math.min(...us), Math.max(...us), Math.min(...ws), Math.max(...ws)] as const,
      below: spine[i + 1] ?? null,
      elements: posteriorElements(v, canalDepth, canalHalfWidth),
      canalDepth,
      canalHalfWidth,
      cord,
      edemaLimit: v.edemaFraction ? edemaLimitFor(v, v.edemaFraction) : null,
    };
  });

  // Spine reference lines in patient (y, z), for the trunk around it.
  const posteriorWall: Vec2[] = spine.map((v) => {
    const p = place(placement, [(v.points.ps[0] + v.points.pi[0]) / 2, (v.points.ps[1] + v.points.pi[1]) / 2]);
    return [-p[1], p[0]];
  });
  posteriorWall.sort((p, q) => p[0] - q[0]);
  const wallAt = (z: number): number => {
    const first = posteriorWall[0] as Vec2;
    const last = posteriorWall[posteriorWall.length - 1] as Vec2;
    if (z <= first[0]) return first[1];
    if (z >= last[0]) return last[1];
    for (let i = 1; i < posteriorWall.length; i++) {
      const q = posteriorWall[i] as Vec2;
      if (q[0] >= z) {
        const p = posteriorWall[i - 1] as Vec2;
        return p[1] + ((z - p[0]) / (q[0] - p[0])) * (q[1] - p[1]);
      }
    }
    return last[1];
  };
  const diaphragm = (() => {
    const t11 = place(placement, spine.find((v) => v.level === 'T11')?.center ?? [0, 0]);
    return -t11[1];
  })();
  const backAt = (z: number): number => wallAt(z) + 80;

  const spineTissue = (x: number, u: number, w: number): Tissue | null => {
    for (const L of levels) {
      if (u < L.box[0] || u > L.box[1] || w < L.box[2] || w > L.box[3]) continue;
      const v = L.v;
      const [a, s] = toLocal(v, u, w);
      const reach = v.hp / 2 + 14;
      if (s < -reach || s > reach + 8 || a < -v.depth / 2 - 6 || a > v.depth / 2 + 70) continue;
      const ax = Math.abs(x);
      // Vertebral body; a retropulsed wall stretches the posterior half of the body into the canal.
      if (a <= v.depth / 2 + 1 + (v.retropulsion ?? 0) && ax <= v.width / 2 + 1) {
        const bulge = a > 0 ? retropulsionAt(v, s, x) : 0;
        const ab = bulge > 0 ? (a * (v.depth / 2)) / (v.depth / 2 + bulge) : a;
        const d = Math.min(bodyDepth(v, ab, s, dishAt(v, x)), bodyHalfWidth(v, ab) - ax);
        if (d > 0) {
          if (d < 0.8) return Tissue.Cortex;
          if (L.edemaLimit !== null && s < L.edemaLimit + edemaWave(a)) return Tissue.Edema;
          if (v.designed.grade > 0 && v.fractureAge === 'chronic' && d < 2.2) {
            const nearCollapse = s - superiorEndplate(v, a) < 2.2 || inferiorEndplate(v, a) - s < 2.2;
            if (nearCollapse) return Tissue.Sclerosis;
          }
          return Tissue.Marrow;
        }
      }
      // Disc below this body.
      const next = L.below;
      if (next && a > -v.depth / 2 - 1.5 && a < v.depth / 2 + 0.5 && s > 0) {
        const [a2, s2] = toLocal(next, u, w);
        const belowTop = s > inferiorEndplate(v, a, dishAt(v, x));
        const aboveNext = s2 < superiorEndplate(next, a2, dishAt(next, x));
        const half = Math.max(bodyHalfWidth(v, a), bodyHalfWidth(next, a2)) + 1;
        if (belowTop && aboveNext && ax < half) {
          if (next.level.startsWith('S') && v.level.startsWith('S')) return Tissue.Cortex;
          const t = (a + v.depth / 2) / v.depth;
          const central = Math.abs(t - 0.45) < 0.28 && ax < 0.32 * v.width;
          const gap = Math.min(s - inferiorEndplate(v, a), superiorEndplate(next, a2) - s2);
          if (central && gap > 0.9) {
            return ['L4', 'L5'].includes(v.level) ? Tissue.DegeneratedNucleus : Tissue.Nucleus;
          }
          return Tissue.Annulus;
        }
      }
      // Posterior elements.
      for (const c of L.elements) {
        const d = capsuleDistance(c, a, s, x);
        if (d > 0) return d < 1 ? Tissue.Cortex : Tissue.ElementMarrow;
      }
      // Canal, over this body and the disc below (s up to the next body).
      const back = v.depth / 2;
      if (s >= -v.hp / 2 - 1 && s <= v.hp / 2 + v.discBelow[1] + 1 && a > back && a < back + L.canalDepth && ax < L.canalHalfWidth) {
        if (a < back + 0.8) return Tissue.Ligament;
        const sacA = a - back - 1.5;
        const sacDepth = L.canalDepth - 4.5;
        const sacHalf = L.canalHalfWidth - 1.5;
        const e = ((sacA - sacDepth / 2) / (sacDepth / 2)) ** 2 + (x / sacHalf) ** 2;
        if (e < 1) {
          if (L.cord > 0) {
            const ca = sacA - sacDepth * 0.45;
            if (ca * ca + x * x < L.cord * L.cord) return Tissue.Cord;
          } else if (!v.level.startsWith('S')) {
            // Cauda equina: roots layered dorsally in the sac.
            const ca = sacA - sacDepth * 0.7;
            if (ca > -1.5 && ca < 1.5 && Math.abs(x) < 5 && Math.cos(x * 2.2) > 0.55) return Tissue.NerveRoot;
          }
          return Tissue.Csf;
        }
        return Tissue.EpiduralFat;
      }
      // Neural foramen: fat with the exiting root under the pedicle.
      if (!v.level.startsWith('S') && ax >= L.canalHalfWidth && ax < L.canalHalfWidth + 9 && a > back && a < back + 0.36 * v.depth) {
        if (s > -v.hp / 2 + 0.3 * v.hp + 3 && s < v.hp / 2 + v.discBelow[1]) {
          const ra = a - back - 0.18 * v.depth;
          const rs = s - (-v.hp / 2 + 0.3 * v.hp + 6.5);
          if (ra * ra + rs * rs < 7) return Tissue.NerveRoot;
          return Tissue.EpiduralFat;
        }
      }
    }
    return null;
  };

  /** Everything that depends on the height only, worked out once per row or slice. */
  const atHeight = (z: number): ((x: number, y: number) => Tissue) => {
    const back = backAt(z);
    const wall = wallAt(z);
    const chest = z > diaphragm - 30 ? 1 : 0;
    const depth = 215 + 20 * smoothstep(diaphragm - 60, diaphragm + 20, z);
    const front = back - depth;
    const cy = (back + front) / 2;
    const ry = depth / 2;
    const rx = 150 - 10 * (1 - chest);
    const lumbar = z < diaphragm - 40;
    const muscleY = wall + (lumbar ? 42 : 36);
    const muscleRx = lumbar ? 30 : 25;
    const muscleRy = lumbar ? 34 : 28;
    return (x: number, y: number): Tissue => {
      if (superEllipse(x / rx, (y - cy) / ry) >= 1) return Tissue.Air;
      if (Math.abs(x) < 60 && y > wall - 70 && y < back) {
        const [u, w] = unplace(placement, [y, -z]);
        const t = spineTissue(x, u, w);
        if (t !== null) return t;
      }
      // Subcutaneous fat.
      if (superEllipse(x / (rx - 16), (y - cy) / (ry - 18)) >= 1) return Tissue.Fat;
      // Paraspinal muscles either side of the spinous processes (multifidus reaching the midline).
      const mx = (Math.abs(x) - 14) / (muscleRx + 10);
      const my = (y - muscleY) / muscleRy;
      if (mx * mx + my * my < 1) return Tissue.Muscle;
      // Aorta, left-anterior of the spine.
      const ax = x - 18;
      const ay = y - (wall - 45);
      if (ax * ax + ay * ay < 121) return Tissue.Blood;
      // Chest above the diaphragm dome, abdomen below.
      const dome = diaphragm + 30 - 0.0025 * (y - (cy - 20)) ** 2 - 0.0008 * x * x;
      if (z > dome) {
        const heart = ((x - 25) / 60) ** 2 + ((y - (front + 70)) / 55) ** 2 + ((z - (dome + 45)) / 60) ** 2;
        if (heart < 1) return Tissue.Blood;
        const mediastinum = (x / 30) ** 2 + ((y - (wall - 45)) / 50) ** 2;
        if (mediastinum < 1) return Tissue.Organ;
        if ((x / (rx - 22)) ** 2 + ((y - cy) / (ry - 24)) ** 2 < 1) return Tissue.Lung;
        return Tissue.Muscle;
      }
      // Back muscles behind the spine below the diaphragm.
      if (y > wall + 8) return Tissue.Muscle;
      // Psoas beside the lumbar bodies.
      if (lumbar) {
        const px = (Math.abs(x) - 34) / 14;
        const py = (y - (wall - 16)) / 18;
        if (px * px + py * py < 1) return Tissue.Muscle;
      }
      if (x < 0 && z > dome - 120 && y < wall - 20) return Tissue.Liver;
      return Tissue.Organ;
    };
  };

  return { spine, placement, backAt, atHeight };
}

/** |x|^2.5 + |y|^2.5 without Math.pow: a trunk a little squarer than an ellipse. */
function superEllipse(x: number, y: number): number {
  const ax = x * x * Math.sqrt(Math.abs(x));
  const ay = y * y * Math.sqrt(Math.abs(y));
  return ax + ay;
}

/** The centre lines of both ribs of each thoracic level, in patient mm (for the CT). */
export function ribPaths(phantom: Phantom3d): (readonly [number, number, number])[][] {
  const paths: (readonly [number, number, number])[][] = [];
  for (const v of phantom.spine) {
    if (!v.level.startsWith('T')) continue;
    const n = Number(v.level.slice(1));
    const [, yh, zh] = patientOf(phantom.placement, toGlobal(v, v.depth / 2 - 3, -v.hp / 2 - 1));
    const back = phantom.backAt(zh);
    const depth = 235;
    const ry = depth / 2 - 14;
    const cy = back - 22 - ry;
    const rx = 150 - 16;
    const end = n >= 11 ? 1.45 : 2.5;
    const drop = 20 + 3.5 * n;
    for (const side of [-1, 1]) {
      const path: [number, number, number][] = [
        [side * (v.width / 2 + 2), yh, zh],
        [side * (v.width / 2 + 22), yh + 24, zh + 3],
      ];
      for (let k = 0; k <= 40; k++) {
        const theta = 0.7 + ((end - 0.7) * k) / 40;
        const f = (theta - 0.7) / (end - 0.7);
        path.push([side * rx * Math.sin(theta), cy + ry * Math.cos(theta), zh + 3 - drop * f * f - 8 * f]);
      }
      const dense: [number, number, number][] = [];
      for (let i = 0; i + 1 < path.length; i++) {
        const p = path[i] as [number, number, number];
        const q = path[i + 1] as [number, number, number];
        const steps = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]) / 0.5));
        for (let k = 0; k < steps; k++) {
          const t = k / steps;
          dense.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])]);
        }
      }
      paths.push(dense);
    }
  }
  return paths;
}

/** The patient point (LPS mm, in the mid-sagittal plane x = 0) of a point in spine coordinates. */
export function patientOf(placement: Placement, q: Vec2): [number, number, number] {
  const [y, down] = place(placement, q);
  return [0, y, -down];
}

