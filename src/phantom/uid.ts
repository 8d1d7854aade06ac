/** Deterministic DICOM UIDs: 2.25.<decimal of 128 bits of a hash of the seed and a name> (PS3.5 B.2). */
import { hashWords } from './random';

export function phantomUid(seed: number | string, ...names: readonly (string | number)[]): string {
  const w = hashWords('kypho-phantom-uid', seed, ...names);
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(w[i] as number);
  // A zero value would be the only one with a leading-zero problem; 2.25.0 is legal but odd, so avoid it.
  return `2.25.${value === 0n ? 1n : value}`;
}
