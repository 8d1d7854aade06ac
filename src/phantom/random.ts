/** Seeded randomness: every study is a pure function of its seed, so the same seed gives the same bytes. */
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
}

/** 32-bit words of SHA-256 over the parts: turns a seed and a purpose into independent streams. */
export function hashWords(...parts: readonly (string | number)[]): Uint32Array {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return new Uint32Array(digest.buffer, digest.byteOffset, 8).slice();
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator), keyed by a hash of the parts. */
export function createRng(...parts: readonly (string | number)[]): Rng {
  const w = hashWords(...parts);
  let a = w[0] as number;
  let b = w[1] as number;
  let c = w[2] as number;
  let d = w[3] as number;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // Box-Muller; 1 - u keeps the logarithm finite.
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal, range: (lo, hi) => lo + (hi - lo) * next() };
}
