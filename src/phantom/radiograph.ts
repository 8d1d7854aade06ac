/**
 * Lateral thoracolumbar radiograph: a parallel projection (along the patient's left-right axis) of the
 * phantom's attenuation, in mm of path length times attenuation per mm, then detector blur, quantum
 * noise and the usual "for presentation" processing (log, dynamic range compression, edge enhancement).
 * Anterior is to the viewer's left, head up. The vertebral bodies are drawn from their six points.
 */
import { boxBlur3, clamp, floatImage, gaussianBlur, sampleTile, smoothstep, streakTexture, type FloatImage } from './image';
import type { Rng } from './random';
import {
  bodyDepth,
  bodyHalfWidth,
  byLevel,
  place,
  toLocal,
  unplace,
  type Placement,
  type Vec2,
  type Vertebra,
} from './spine';

export interface RadiographGeometry {
  rows: number;
  columns: number;
  /** Imager Pixel Spacing (mm at the detector). */
  imagerPixelSpacing: number;
  /** Estimated Radiographic Magnification Factor: source-image over source-object distance. */
  magnification: number;
  /** Source to detector distance, mm. */
  sourceToDetector: number;
}

/** mm per pixel in the patient's mid-sagittal plane. */
export function patientPixelMm(g: RadiographGeometry): number {
  return g.imagerPixelSpacing / g.magnification;
}

/** Linear attenuation coefficients, per mm, at an effective energy of about 60 keV. */
const MU_SOFT = 0.02;
const MU_LUNG_EXCESS = 0.0035 - MU_SOFT;
const MU_CORTEX_EXCESS = 0.02;
/** Osteoporotic trabecular bone: only a little denser than soft tissue, so the cortical frame stands out. */
const MU_TRABECULAR_EXCESS = 0.0058;
const MU_POSTERIOR_ELEMENTS_EXCESS = 0.019;
const MU_CALCIUM_EXCESS = 0.05;
/** Bone cement (PMMA with barium sulphate): denser than cortex. */
const MU_CEMENT_EXCESS = 0.06;

const CORTEX = 0.7;

export interface RadiographImage {
  pixels: Uint16Array;
  windowCenter: number;
  windowWidth: number;
}

export function renderRadiograph(spine: readonly Vertebra[], placement: Placement, g: RadiographGeometry, rng: Rng): RadiographImage {
  const px = patientPixelMm(g);
  const attenuation = floatImage(g.columns, g.rows);
  const lines = spineLines(spine, placement);
  drawTrunk(attenuation, px, lines, spine, placement);
  drawBowelGas(attenuation, px, lines, rng);
  drawAorticCalcification(attenuation, px, lines, spine, placement, rng);
  const texture = streakTexture(rng, 256, 0.8, 3.2);
  for (const v of spine) {
    drawBody(attenuation, px, v, placement, texture, rng);
    if (!v.level.startsWith('S')) drawPosteriorElements(attenuation, px, v, placement, texture);
  }
  drawSacrum(attenuation, px, spine, placement, texture);
  drawRibs(attenuation, px, g, spine, placement, lines);
  return expose(attenuation, rng);
}

/** The spine's anterior and posterior walls as functions of the image row (image mm). */
interface SpineLines {
  anterior(y: number): number;
  posterior(y: number): number;
  top: number;
  diaphragmAnterior: number;
  diaphragmPosterior: number;
}

function spineLines(spine: readonly Vertebra[], placement: Placement): SpineLines {
  const ant: Vec2[] = [];
  const post: Vec2[] = [];
  for (const v of spine) {
    const [a1, a2] = [place(placement, v.points.as), place(placement, v.points.ai)];
    const [p1, p2] = [place(placement, v.points.ps), place(placement, v.points.pi)];
    ant.push([a1[1], a1[0]], [a2[1], a2[0]]);
    post.push([p1[1], p1[0]], [p2[1], p2[0]]);
  }
  const interp = (pts: Vec2[]) => {
    const sorted = [...pts].sort((p, q) => p[0] - q[0]);
    return (y: number): number => {
      // A little smoothing: average over +-10 mm.
      let acc = 0;
      for (let k = -2; k <= 2; k++) acc += lerpTable(sorted, y + 5 * k);
      return acc / 5;
    };
  };
  const t10 = place(placement, byLevel(spine, 'T10').center);
  const l1 = place(placement, byLevel(spine, 'L1').points.ps);
  return {
    anterior: interp(ant),
    posterior: interp(post),
    top: Math.min(...ant.map((p) => p[0])),
    diaphragmAnterior: t10[1] - 12,
    diaphragmPosterior: l1[1] + 4,
  };
}

function lerpTable(sorted: readonly Vec2[], y: number): number {
  const first = sorted[0] as Vec2;
  const last = sorted[sorted.length - 1] as Vec2;
  if (y <= first[0]) return first[1];
  if (y >= last[0]) return last[1];
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Vec2)[0] <= y) lo = mid;
    else hi = mid;
  }
  const p = sorted[lo] as Vec2;
  const q = sorted[hi] as Vec2;
  const t = q[0] === p[0] ? 0 : (y - p[0]) / (q[0] - p[0]);
  return p[1] + t * (q[1] - p[1]);
}

interface Trunk {
  back: number;
  front: number;
  halfWidth: number;
}

function trunkAt(lines: SpineLines, y: number): Trunk {
  const post = lines.posterior(y);
  const chest = 1 - smoothstep(lines.diaphragmPosterior - 40, lines.diaphragmPosterior + 40, y);
  const back = post + 82 - 10 * (1 - chest);
  const depth = 215 + 25 * chest;
  return { back, front: back - depth, halfWidth: 150 - 12 * (1 - chest) };
}

/** Height of the diaphragm at image column x (mm): a dome, high in front, low in the posterior sulcus. */
function diaphragmAt(lines: SpineLines, trunk: Trunk, x: number): number {
  const t = clamp((x - trunk.front) / (trunk.back - trunk.front), 0, 1);
  const dome = lines.diaphragmAnterior + 34 * Math.pow((t - 0.45) / 0.45, 2);
  const sulcus = lines.diaphragmPosterior;
  return t < 0.45 ? dome : dome + (sulcus - lines.diaphragmAnterior) * smoothstep(0.45, 0.9, t);
}

function drawTrunk(img: FloatImage, px: number, lines: SpineLines, spine: readonly Vertebra[], placement: Placement): void {
  const heartCentre = (() => {
    const t8 = place(placement, byLevel(spine, 'T8').center);
    return t8;
  })();
  for (let row = 0; row < img.height; row++) {
    const y = row * px;
    const trunk = trunkAt(lines, y);
    const xc = (trunk.back + trunk.front) / 2;
    const radius = (trunk.back - trunk.front) / 2;
    const ant = lines.anterior(y);
    const post = lines.posterior(y);
    for (let col = 0; col < img.width; col++) {
      const x = col * px;
      const e = Math.abs(x - xc) / radius;
      if (e >= 1) continue;
      const chord = 2 * trunk.halfWidth * Math.pow(1 - Math.pow(e, 2.4), 1 / 2.4);
      let mu = MU_SOFT * chord;
      // Lungs: inside the rib cage, above the diaphragm, around the mediastinum.
      const lungness = smoothstep(diaphragmAt(lines, trunk, x) + 5, diaphragmAt(lines, trunk, x) - 5, y);
      if (lungness > 0) {
        const ei = Math.abs(x - xc) / (radius - 14);
        if (ei < 1) {
          let inner = 2 * (trunk.halfWidth - 22) * Math.sqrt(1 - ei * ei);
          // Mediastinum: the spine and paraspinal muscles, the descending aorta, the heart.
          inner -= 60 * smoothstep(ant - 40, ant + 5, x) * (1 - smoothstep(post + 10, post + 50, x));
          const hx = (x - (heartCentre[0] - 100)) / 70;
          const hy = (y - (lines.diaphragmAnterior - 30)) / 75;
          inner -= 120 * (1 - smoothstep(0.45, 1.25, hx * hx + hy * hy));
          // The apices narrow.
          inner *= smoothstep(lines.top - 60, lines.top + 10, y) * 0.35 + 0.65;
          if (inner > 0) mu += MU_LUNG_EXCESS * inner * lungness;
        }
      }
      img.data[row * img.width + col] = mu;
    }
  }
}

function drawBowelGas(img: FloatImage, px: number, lines: SpineLines, rng: Rng): void {
  for (let i = 0; i < 14; i++) {
    const y = lines.diaphragmPosterior + rng.range(20, 170);
    const trunk = trunkAt(lines, y);
    const x = rng.range(trunk.front + 15, lines.anterior(y) - 45);
    const rx = rng.range(4, 12);
    const ry = rx * rng.range(0.5, 1.0);
    const depth = rng.range(4, 12);
    stamp(img, px, x, y, rx + 3, ry + 3, (dx, dy) => {
      const r = (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry);
      return -MU_SOFT * depth * (1 - smoothstep(0.3, 1.2, r));
    });
  }
}

function drawAorticCalcification(img: FloatImage, px: number, lines: SpineLines, spine: readonly Vertebra[], placement: Placement, rng: Rng): void {
  const top = place(placement, byLevel(spine, 'L1').center)[1];
  const bottom = place(placement, byLevel(spine, 'L4').center)[1];
  for (let i = 0; i < 16; i++) {
    const y = rng.range(top, bottom);
    const wall = rng.next() < 0.5 ? 4 : 26;
    const x = lines.anterior(y) - wall - rng.range(-1.5, 1.5);
    const len = rng.range(2, 7);
    const thick = rng.range(0.5, 1.0);
    stamp(img, px, x, y, thick + 2, len + 2, (dx, dy) => {
      const r = (dx * dx) / (thick * thick) + (dy * dy) / (len * len);
      return r < 1 ? MU_CALCIUM_EXCESS * 2.5 * Math.sqrt(1 - r) : 0;
    });
  }
}

/** Adds f(dx, dy) (mm offsets from the centre) over a box of half-sizes rx, ry (mm) around (x, y). */
function stamp(img: FloatImage, px: number, x: number, y: number, rx: number, ry: number, f: (dx: number, dy: number) => number): void {
  const c0 = Math.max(0, Math.floor((x - rx) / px));
  const c1 = Math.min(img.width - 1, Math.ceil((x + rx) / px));
  const r0 = Math.max(0, Math.floor((y - ry) / px));
  const r1 = Math.min(img.height - 1, Math.ceil((y + ry) / px));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const v = f(c * px - x, r * px - y);
      if (v !== 0) img.data[r * img.width + c] = (img.data[r * img.width + c] as number) + v;
    }
  }
}

/** Pixel box around points given in spine coordinates, with a margin in mm. */
function pixelBox(img: FloatImage, px: number, placement: Placement, pts: readonly Vec2[], margin: number) {
  const placed = pts.map((p) => place(placement, p));
  const xs = placed.map((p) => p[0]);
  const ys = placed.map((p) => p[1]);
  return {
    c0: Math.max(0, Math.floor((Math.min(...xs) - margin) / px)),
    c1: Math.min(img.width - 1, Math.ceil((Math.max(...xs) + margin) / px)),
    r0: Math.max(0, Math.floor((Math.min(...ys) - margin) / px)),
    r1: Math.min(img.height - 1, Math.ceil((Math.max(...ys) + margin) / px)),
  };
}

function drawBody(img: FloatImage, px: number, v: Vertebra, placement: Placement, texture: FloatImage, rng: Rng): void {
  const p = v.points;
  const box = pixelBox(img, px, placement, [p.as, p.ps, p.ai, p.pi], 2);
  const texOffset: Vec2 = [rng.range(0, 256), rng.range(0, 256)];
  const fractured = v.designed.grade > 0;
  const sacral = v.level.startsWith('S');
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) {
      const [u, w] = unplace(placement, [c * px, r * px]);
      const [a, s] = toLocal(v, u, w);
      const d = bodyDepth(v, a, s);
      if (d <= -px / 2) continue;
      const coverage = clamp(0.5 + d / px, 0, 1);
      const outer = bodyHalfWidth(v, a);
      const inner = bodyHalfWidth(v, a, CORTEX);
      const cortex = d < CORTEX ? 2 * outer : 2 * (outer - inner);
      const trabecular = d < CORTEX ? 0 : 2 * inner;
      const tex = sampleTile(texture, a / 0.22 + (texOffset[0] as number), s / 0.22 + (texOffset[1] as number));
      let density = MU_TRABECULAR_EXCESS * (1 + 0.45 * tex);
      if (fractured) density *= 1 + 0.8 * Math.exp(-(d * d) / 8);
      if (v.designed.type === 'crush') density *= 1.35;
      if (sacral) density *= 1.1;
      const cement = v.augmentation ? MU_CEMENT_EXCESS * cementChord(v, a, s, tex) : 0;
      img.data[r * img.width + c] = (img.data[r * img.width + c] as number) + coverage * (MU_CORTEX_EXCESS * cortex + density * trabecular + cement);
    }
  }
}

/**
 * Path length (mm) through the cement of a kyphoplasty at local (a, s): two balloon cavities side by side
 * (bipedicular), each an ellipsoid of 7 mm lateral radius, filling the middle of the body with an uneven
 * margin; they stay 3 mm or more inside the endplates and walls, so the six corners show as before.
 */
function cementChord(v: Vertebra, a: number, s: number, tex: number): number {
  const ra = 0.33 * v.depth;
  const rs = 0.5 * Math.min(v.ha, v.hp) - 3;
  const da = (a + 0.03 * v.depth) / ra;
  const ds = s / rs;
  const r2 = (da * da + ds * ds) * (1 + 0.12 * tex);
  return r2 < 1 ? 2 * 2 * 7 * Math.sqrt(1 - r2) : 0;
}

/** A stadium (segment a-b with radius rad) in the vertebra's local frame, seen side on: a plate of a given thickness. */
interface Stadium {
  a: Vec2;
  b: Vec2;
  radius: number;
  thickness: number;
}

function drawStadia(img: FloatImage, px: number, v: Vertebra, placement: Placement, parts: readonly Stadium[], mu: number, texture: FloatImage): void {
  for (const part of parts) {
    const ends = [part.a, part.b].map((q) => localToSpine(v, q));
    const box = pixelBox(img, px, placement, ends, part.radius + 1);
    const ax = part.a[0];
    const ay = part.a[1];
    const bx = part.b[0] - ax;
    const by = part.b[1] - ay;
    const len2 = bx * bx + by * by;
    for (let r = box.r0; r <= box.r1; r++) {
      for (let c = box.c0; c <= box.c1; c++) {
        const [u, w] = unplace(placement, [c * px, r * px]);
        const [la, ls] = toLocal(v, u, w);
        const t = len2 === 0 ? 0 : clamp(((la - ax) * bx + (ls - ay) * by) / len2, 0, 1);
        const dx = la - (ax + t * bx);
        const dy = ls - (ay + t * by);
        const inside = part.radius - Math.sqrt(dx * dx + dy * dy);
        if (inside <= -px) continue;
        // Rounded edges and a denser cortical rim.
        const body = Math.sqrt(clamp(inside / 2, 0, 1));
        const rim = Math.exp(-((inside - 0.8) * (inside - 0.8)) / 0.5) * 0.45;
        const cover = clamp(0.5 + inside / px, 0, 1);
        const grain = 1 + 0.3 * sampleTile(texture, la / 0.3, ls / 0.3);
        img.data[r * img.width + c] = (img.data[r * img.width + c] as number) + mu * part.thickness * (body * grain + rim) * cover;
      }
    }
  }
}

function localToSpine(v: Vertebra, q: Vec2): Vec2 {
  const c = Math.cos(v.angle);
  const s = Math.sin(v.angle);
  return [v.center[0] + q[0] * c - q[1] * s, v.center[1] + q[0] * s + q[1] * c];
}

function drawPosteriorElements(img: FloatImage, px: number, v: Vertebra, placement: Placement, texture: FloatImage): void {
  const lumbar = v.level.startsWith('L');
  const h = v.hp;
  const back = v.depth / 2;
  const top = -h / 2;
  const pedLen = (lumbar ? 0.34 : 0.36) * v.depth;
  const pedR = lumbar ? 5.2 : 0.2 * h + 0.6;
  const pillarA = back + pedLen + (lumbar ? 4 : 3);
  const [da] = v.discBelow;
  const parts: Stadium[] = [
    // Pedicles (both sides superimposed), from the upper half of the posterior wall.
    { a: [back - 2, top + 0.32 * h], b: [back + pedLen, top + 0.3 * h], radius: pedR, thickness: lumbar ? 15 : 11 },
    // Superior articular process, rising above the body.
    { a: [pillarA, top - (lumbar ? 5 : 3.5)], b: [pillarA + 1, top + 0.35 * h], radius: lumbar ? 4.5 : 3.5, thickness: lumbar ? 16 : 12 },
    // Pars and inferior articular process, reaching down behind the disc below (the facet joint between).
    { a: [pillarA + (lumbar ? 6 : 5), top + 0.45 * h], b: [pillarA + (lumbar ? 5 : 4), h / 2 + da * 0.7], radius: lumbar ? 4.5 : 3.5, thickness: lumbar ? 16 : 12 },
    // Transverse processes, seen end on.
    { a: [pillarA - 1, top + 0.28 * h], b: [pillarA + 2, top + 0.34 * h], radius: lumbar ? 3.5 : 4.5, thickness: lumbar ? 10 : 16 },
  ];
  if (lumbar) {
    // Lumbar spinous processes: broad, nearly horizontal hatchets.
    parts.push({ a: [pillarA + 10, top + 0.5 * h], b: [pillarA + 30, top + 0.56 * h], radius: 7, thickness: 6 });
  } else {
    // Thoracic spinous processes: long and sloping down over the level below.
    const level = Number(v.level.slice(1));
    const slope = 0.75 + 0.045 * Math.min(8, Math.max(0, level - 2));
    const len = 30;
    const a0: Vec2 = [pillarA + 6, top + 0.45 * h];
    parts.push({ a: a0, b: [a0[0] + len * Math.cos(slope), a0[1] + len * Math.sin(slope)], radius: 3.2, thickness: 6 });
  }
  drawStadia(img, px, v, placement, parts, MU_POSTERIOR_ELEMENTS_EXCESS, texture);
}

function drawSacrum(img: FloatImage, px: number, spine: readonly Vertebra[], placement: Placement, texture: FloatImage): void {
  const s1 = spine.find((v) => v.level === 'S1');
  if (!s1) return;
  // The sacral alae and lateral masses superimposed over S1-S2, and the median sacral crest behind.
  const back = s1.depth / 2;
  drawStadia(img, px, s1, placement, [
    { a: [-back * 0.4, 0], b: [back + 4, s1.hp], radius: 12, thickness: 20 },
    { a: [back + 12, -2], b: [back + 14, s1.hp * 2.5], radius: 5, thickness: 10 },
  ], MU_POSTERIOR_ELEMENTS_EXCESS, texture);
}

/**
 * Ribs: both sides of each thoracic level, bent round the chest and falling forward. The beam diverges,
 * so the side far from the detector projects larger than the near side: the familiar double rib outlines.
 */
function drawRibs(img: FloatImage, px: number, g: RadiographGeometry, spine: readonly Vertebra[], placement: Placement, lines: SpineLines): void {
  const sourceToObject = g.sourceToDetector / g.magnification;
  const centre: Vec2 = [(img.width * px) / 2, (img.height * px) / 2];
  const buffer = new Float32Array(img.width * img.height);
  for (const v of spine) {
    if (!v.level.startsWith('T')) continue;
    const n = Number(v.level.slice(1));
    const head = place(placement, localToSpine(v, [v.depth / 2 - 3, -v.hp / 2 - 1]));
    const trunk = trunkAt(lines, head[1]);
    const ap = trunk.back - trunk.front;
    const radiusAp = ap / 2 - 14;
    const centreAp = trunk.back - 22 - radiusAp;
    const radiusLat = trunk.halfWidth - 16;
    // Lower ribs are shorter in front (floating ribs); all fall forward.
    const end = n >= 11 ? 1.45 : 2.5;
    const drop = 20 + 3.5 * n;
    for (const side of [-1, 1]) {
      const pts: [number, number, number][] = [];
      // Head -> tubercle -> angle, then round the chest wall.
      const path: [number, number, number][] = [
        [side * (v.width / 2 + 2), head[0], head[1]],
        [side * (v.width / 2 + 22), head[0] + 24, head[1] - 3],
      ];
      for (let k = 0; k <= 40; k++) {
        const theta = 0.7 + ((end - 0.7) * k) / 40;
        const f = (theta - 0.7) / (end - 0.7);
        path.push([side * radiusLat * Math.sin(theta), centreAp + radiusAp * Math.cos(theta), head[1] - 3 + drop * f * f + 8 * f]);
      }
      for (let i = 0; i + 1 < path.length; i++) {
        const p = path[i] as [number, number, number];
        const q = path[i + 1] as [number, number, number];
        const steps = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]) / 1.5));
        for (let k = 0; k < steps; k++) {
          const t = k / steps;
          pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])]);
        }
      }
      drawRib(img, buffer, px, pts, side, sourceToObject, centre);
    }
  }
}

function drawRib(img: FloatImage, buffer: Float32Array, px: number, pts: readonly [number, number, number][], side: number, sod: number, centre: Vec2): void {
  // Left lateral: the patient's left (side +1) is against the detector and magnified least.
  const project = (p: [number, number, number]): Vec2 => {
    const m = sod / (sod + p[0]);
    return [centre[0] + (p[1] - centre[0]) * m, centre[1] + (p[2] - centre[1]) * m];
  };
  const radius = 4.6 * (side > 0 ? 0.94 : 1.08);
  let c0 = img.width;
  let c1 = 0;
  let r0 = img.height;
  let r1 = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const p3 = pts[i] as [number, number, number];
    const q3 = pts[i + 1] as [number, number, number];
    const p = project(p3);
    const q = project(q3);
    const dir = [q3[0] - p3[0], q3[1] - p3[1], q3[2] - p3[2]];
    const len3 = Math.hypot(dir[0] as number, dir[1] as number, dir[2] as number) || 1;
    // Path length through a flat rib grows as it turns toward the beam.
    const sinAlpha = Math.hypot(dir[1] as number, dir[2] as number) / len3;
    const gain = Math.min(1.9, 1 / Math.max(0.5, sinAlpha));
    const bx0 = Math.max(0, Math.floor((Math.min(p[0], q[0]) - radius) / px));
    const bx1 = Math.min(img.width - 1, Math.ceil((Math.max(p[0], q[0]) + radius) / px));
    const by0 = Math.max(0, Math.floor((Math.min(p[1], q[1]) - radius) / px));
    const by1 = Math.min(img.height - 1, Math.ceil((Math.max(p[1], q[1]) + radius) / px));
    c0 = Math.min(c0, bx0);
    c1 = Math.max(c1, bx1);
    r0 = Math.min(r0, by0);
    r1 = Math.max(r1, by1);
    const sx = q[0] - p[0];
    const sy = q[1] - p[1];
    const l2 = sx * sx + sy * sy || 1;
    for (let r = by0; r <= by1; r++) {
      for (let c = bx0; c <= bx1; c++) {
        const x = c * px - p[0];
        const y = r * px - p[1];
        const t = clamp((x * sx + y * sy) / l2, 0, 1);
        const dx = x - t * sx;
        const dy = y - t * sy;
        const rho = Math.sqrt(dx * dx + dy * dy);
        if (rho >= radius) continue;
        const outer = Math.sqrt(radius * radius - rho * rho);
        const ri = radius - 1.1;
        const innerChord = rho < ri ? Math.sqrt(ri * ri - rho * rho) : 0;
        const value = gain * (MU_CORTEX_EXCESS * (outer - innerChord) * 1.25 + MU_TRABECULAR_EXCESS * 1.2 * innerChord);
        const idx = r * img.width + c;
        if (value > (buffer[idx] as number)) buffer[idx] = value;
      }
    }
  }
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const idx = r * img.width + c;
      img.data[idx] = (img.data[idx] as number) + (buffer[idx] as number);
      buffer[idx] = 0;
    }
  }
}

/** Detector blur, quantum noise and presentation processing into 12-bit MONOCHROME2 values. */
function expose(attenuation: FloatImage, rng: Rng): RadiographImage {
  const blurred = gaussianBlur(attenuation, 0.7);
  const { width, height } = blurred;
  // Photons per pixel without the patient; noise in the log image is 1/sqrt(photons reaching the detector).
  const photons = 5e5;
  const log = floatImage(width, height);
  for (let i = 0; i < log.data.length; i++) {
    const a = blurred.data[i] as number;
    const detected = photons * Math.exp(-a);
    log.data[i] = a + rng.normal() / Math.sqrt(detected + 1);
  }
  // Dynamic range compression: subtract most of a large-kernel average taken over the patient only (so the
  // skin keeps no halo), then a touch of edge enhancement (small kernel).
  const mask = floatImage(width, height);
  const masked = floatImage(width, height);
  for (let i = 0; i < log.data.length; i++) {
    const inside = (blurred.data[i] as number) > 0.4 ? 1 : 0;
    mask.data[i] = inside;
    masked.data[i] = inside * (log.data[i] as number);
  }
  const lowMasked = boxBlur3(masked, 110);
  const lowMask = boxBlur3(mask, 110);
  const fine = gaussianBlur(log, 2.5);
  const processed = new Float32Array(log.data.length);
  const inside: number[] = [];
  for (let i = 0; i < processed.length; i++) {
    const l = log.data[i] as number;
    const weight = lowMask.data[i] as number;
    const low = weight > 1e-3 ? (lowMasked.data[i] as number) / weight : 0;
    processed[i] = l - 0.88 * low + 0.5 * (l - (fine.data[i] as number));
    if (mask.data[i] === 1 && i % 7 === 0) inside.push(processed[i] as number);
  }
  const sorted = Float32Array.from(inside).sort();
  const lo = sorted[Math.floor(sorted.length * 0.01)] as number;
  const hi = sorted[Math.floor(sorted.length * 0.999)] as number;
  const pixels = new Uint16Array(processed.length);
  for (let i = 0; i < processed.length; i++) {
    pixels[i] = Math.round(clamp(300 + (((processed[i] as number) - lo) / (hi - lo)) * 3500, 0, 4095));
  }
  return { pixels, windowCenter: 2000, windowWidth: 3600 };
}
