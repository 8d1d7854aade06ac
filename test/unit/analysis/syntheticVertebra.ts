/**
 * Synthetic lateral images for the snap tests: vertebral bodies as quadrilaterals (optionally tilted, with concave
 * endplates) with a bright cortical rim, on a darker background (disc and soft tissue), blurred like a detector and
 * with seeded Gaussian noise. Geometry in mm; the image has square pixels of `pixelMm`.
 */
export type Vec2 = [number, number];

export interface SyntheticBody {
  /** Centre in mm, width (antero-posterior) and height in mm, tilt in degrees (clockwise on screen). */
  centre: Vec2;
  width: number;
  height: number;
  tiltDeg?: number;
  /** How much deeper than the corner line the middle of each endplate lies (mm, toward the body's centre). */
  concavity?: number;
  /** A step in the inferior endplate: posterior of `at` mm from the centre, it lies `rise` mm higher. */
  inferiorStep?: { at: number; rise: number };
}

export interface SyntheticImage {
  pixels: Float32Array;
  width: number;
  height: number;
  spacing: [number, number];
}

const BACKGROUND = 100;
const TRABECULAR = 160;
const CORTEX = 260;
const CORTEX_MM = 0.7;

/** The six points of a body, in image pixels ([column, row], pixel centres at integers), anterior on the left. */
export function sixPoints(body: SyntheticBody, pixelMm: number): Record<'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi', Vec2> {
  const local: Record<string, Vec2> = {
    as: [-body.width / 2, -body.height / 2],
    ms: [0, -body.height / 2 + (body.concavity ?? 0)],
    ps: [body.width / 2, -body.height / 2],
    ai: [-body.width / 2, body.height / 2],
    mi: [0, body.height / 2 - (body.concavity ?? 0)],
    pi: [body.width / 2, body.height / 2],
  };
  return Object.fromEntries(Object.entries(local).map(([k, p]) => [k, toImage(body, p, pixelMm)])) as never;
}

function toImage(body: SyntheticBody, [x, y]: Vec2, pixelMm: number): Vec2 {
  const t = ((body.tiltDeg ?? 0) * Math.PI) / 180;
  const wx = body.centre[0] + x * Math.cos(t) - y * Math.sin(t);
  const wy = body.centre[1] + x * Math.sin(t) + y * Math.cos(t);
  return [wx / pixelMm, wy / pixelMm];
}

/** Distance inside the body's boundary in mm (negative outside), with parabolic concave endplates. */
function depthInside(body: SyntheticBody, [wx, wy]: Vec2): number {
  const t = ((body.tiltDeg ?? 0) * Math.PI) / 180;
  const dx = wx - body.centre[0];
  const dy = wy - body.centre[1];
  const x = dx * Math.cos(t) + dy * Math.sin(t);
  const y = -dx * Math.sin(t) + dy * Math.cos(t);
  const half = body.width / 2;
  const u = Math.min(1, Math.abs(x) / half);
  const sag = (body.concavity ?? 0) * (1 - u * u);
  const top = -body.height / 2 + sag;
  const step = body.inferiorStep && x > body.inferiorStep.at ? body.inferiorStep.rise : 0;
  const bottom = body.height / 2 - sag - step;
  return Math.min(half - Math.abs(x), y - top, bottom - y);
}

export function renderBodies(
  bodies: readonly SyntheticBody[],
  options: { widthMm: number; heightMm: number; pixelMm: number; noise?: number; seed?: number; blurPx?: number },
): SyntheticImage {
  const { pixelMm } = options;
  const width = Math.round(options.widthMm / pixelMm);
  const height = Math.round(options.heightMm / pixelMm);
  const raw = new Float32Array(width * height);
  const sub = 4;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let i = 0; i < sub; i++) {
        for (let j = 0; j < sub; j++) {
          const p: Vec2 = [(c - 0.5 + (j + 0.5) / sub) * pixelMm, (r - 0.5 + (i + 0.5) / sub) * pixelMm];
          let v = BACKGROUND;
          for (const b of bodies) {
            const d = depthInside(b, p);
            if (d >= 0) v = d < CORTEX_MM ? CORTEX : TRABECULAR;
          }
          sum += v;
        }
      }
      raw[r * width + c] = sum / (sub * sub);
    }
  }
  const blurred = blur(raw, width, height, options.blurPx ?? 1);
  let state = (options.seed ?? 1) >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const sigma = options.noise ?? 0;
  if (sigma > 0) {
    for (let i = 0; i < blurred.length; i++) {
      blurred[i]! += sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    }
  }
  return { pixels: blurred, width, height, spacing: [pixelMm, pixelMm] };
}

function blur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const s = k.reduce((a, b) => a + b, 0);
  const kernel = k.map((v) => v / s);
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) v += kernel[i + r]! * src[y * w + Math.min(w - 1, Math.max(0, x + i))]!;
      tmp[y * w + x] = v;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) v += kernel[i + r]! * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]!;
      out[y * w + x] = v;
    }
  return out;
}
