/** Small image helpers for the renderers: Gaussian blurs, oriented texture, quantisation. */
import type { Rng } from './random';

/** A float image, row-major. */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

export function floatImage(width: number, height: number, fill = 0): FloatImage {
  const data = new Float32Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

function kernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/** Separable Gaussian blur with edge clamping; sigmaX along rows, sigmaY along columns (pixels). */
export function gaussianBlur(img: FloatImage, sigmaX: number, sigmaY = sigmaX): FloatImage {
  const { width, height } = img;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  blurAxis(img.data, tmp, width, height, kernel(sigmaX), true);
  blurAxis(tmp, out, width, height, kernel(sigmaY), false);
  return { width, height, data: out };
}

function blurAxis(src: Float32Array, dst: Float32Array, width: number, height: number, k: Float32Array, alongRows: boolean): void {
  const radius = (k.length - 1) / 2;
  const n = alongRows ? width : height;
  const lines = alongRows ? height : width;
  const stride = alongRows ? 1 : width;
  const line = new Float32Array(n + 2 * radius);
  for (let l = 0; l < lines; l++) {
    const base = alongRows ? l * width : l;
    for (let i = 0; i < n + 2 * radius; i++) {
      const j = Math.min(n - 1, Math.max(0, i - radius));
      line[i] = src[base + j * stride] as number;
    }
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let t = 0; t < k.length; t++) acc += (k[t] as number) * (line[i + t] as number);
      dst[base + i * stride] = acc;
    }
  }
}

/** Fast approximate Gaussian for large sigma: three box blurs per axis (pixels). */
export function boxBlur3(img: FloatImage, sigma: number): FloatImage {
  const { width, height } = img;
  // Box width for three passes with the same variance as the Gaussian.
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  let a = Float32Array.from(img.data);
  let b = new Float32Array(width * height);
  for (let pass = 0; pass < 3; pass++) {
    boxAxis(a, b, width, height, r, true);
    [a, b] = [b, a];
    boxAxis(a, b, width, height, r, false);
    [a, b] = [b, a];
  }
  return { width, height, data: a };
}

function boxAxis(src: Float32Array, dst: Float32Array, width: number, height: number, r: number, alongRows: boolean): void {
  const n = alongRows ? width : height;
  const lines = alongRows ? height : width;
  const stride = alongRows ? 1 : width;
  const norm = 1 / (2 * r + 1);
  for (let l = 0; l < lines; l++) {
    const base = alongRows ? l * width : l;
    const at = (i: number): number => src[base + Math.min(n - 1, Math.max(0, i)) * stride] as number;
    let acc = 0;
    for (let i = -r; i <= r; i++) acc += at(i);
    for (let i = 0; i < n; i++) {
      dst[base + i * stride] = acc * norm;
      acc += at(i + r + 1) - at(i - r);
    }
  }
}

/**
 * A tileable texture of zero mean and unit spread, streaked along the vertical (trabecular bone: the
 * vertical trabeculae survive osteoporosis, the horizontal ones thin out).
 */
export function streakTexture(rng: Rng, size: number, sigmaAcross: number, sigmaAlong: number): FloatImage {
  const img = floatImage(size, size);
  for (let i = 0; i < img.data.length; i++) img.data[i] = rng.normal();
  const blurred = wrapBlur(img, sigmaAcross, sigmaAlong);
  let sum = 0;
  let sq = 0;
  for (const x of blurred.data) {
    sum += x;
    sq += x * x;
  }
  const mean = sum / blurred.data.length;
  const sd = Math.sqrt(sq / blurred.data.length - mean * mean) || 1;
  for (let i = 0; i < blurred.data.length; i++) blurred.data[i] = ((blurred.data[i] as number) - mean) / sd;
  return blurred;
}

/** Gaussian blur with wrap-around edges, so a texture tiles without seams. */
function wrapBlur(img: FloatImage, sigmaX: number, sigmaY: number): FloatImage {
  const { width, height } = img;
  const kx = kernel(sigmaX);
  const ky = kernel(sigmaY);
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let t = -rx; t <= rx; t++) acc += (kx[t + rx] as number) * (img.data[y * width + ((x + t + width) % width)] as number);
      tmp[y * width + x] = acc;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let t = -ry; t <= ry; t++) acc += (ky[t + ry] as number) * (tmp[((y + t + height) % height) * width + x] as number);
      out[y * width + x] = acc;
    }
  }
  return { width, height, data: out };
}

/** Bilinear sample of a tileable texture at (x, y) in texels. */
export function sampleTile(tex: FloatImage, x: number, y: number): number {
  const { width, height, data } = tex;
  const fx = Math.floor(x);
  const fy = Math.floor(y);
  const tx = x - fx;
  const ty = y - fy;
  const x0 = ((fx % width) + width) % width;
  const y0 = ((fy % height) + height) % height;
  const x1 = (x0 + 1) % width;
  const y1 = (y0 + 1) % height;
  const a = data[y0 * width + x0] as number;
  const b = data[y0 * width + x1] as number;
  const c = data[y1 * width + x0] as number;
  const d = data[y1 * width + x1] as number;
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** 0 below edge0, 1 above edge1, smooth in between. */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = clamp((x - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
}
