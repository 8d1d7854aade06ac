import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/viewer/tools/wrapLines';

describe('a label wrapped to a narrow viewport', () => {
  const note = 'check placement: Ha is 1.52 times Hp, more than a vertebral body has (a point on a neighbour?)';

  it('keeps lines that fit, and breaks a long note at spaces into lines that fit, every word kept in order', () => {
    const lines = wrapLines(['T6  G0  SDI 0', note], 40);
    expect(lines[0]).toBe('T6  G0  SDI 0');
    expect(lines.slice(1)).toEqual(['check placement: Ha is 1.52 times Hp,', 'more than a vertebral body has (a point', 'on a neighbour?)']);
    expect(lines.every((line) => line.length <= 40)).toBe(true);
    expect(lines.slice(1).join(' ')).toBe(note);
  });

  it('leaves a word longer than the width whole on its own line', () => {
    expect(wrapLines(['a 1.2.840.10008.5.1.4.1.1.88.22 b'], 10)).toEqual(['a', '1.2.840.10008.5.1.4.1.1.88.22', 'b']);
  });
});
