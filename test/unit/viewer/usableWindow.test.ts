import { describe, expect, it } from 'vitest';
import { usableWindows } from '../../../src/viewer/usableWindow';

describe('the header window of an image', () => {
  it('is kept as it is when every window has a positive width', () => {
    const voi = { windowCenter: [40, 500], windowWidth: [400, 2000], windowCenterWidthExplanation: ['SOFT', 'BONE'] };
    expect(usableWindows(voi)).toBe(voi);
  });

  it('of width 0 is dropped, so the image is windowed to its pixel range (it would draw black)', () => {
    expect(usableWindows({ windowCenter: [2000], windowWidth: [0] })).toEqual({ windowCenter: undefined, windowWidth: undefined, windowCenterWidthExplanation: undefined });
  });

  it('of negative or missing width, or a centre that is not a number, is dropped and the usable ones are kept in order', () => {
    const voi = { windowCenter: [100, NaN, 40, 500], windowWidth: [-5, 300, 400], windowCenterWidthExplanation: ['A', 'B', 'C', 'D'], voiLUTFunction: 'LINEAR' };
    expect(usableWindows(voi)).toEqual({ windowCenter: [40], windowWidth: [400], windowCenterWidthExplanation: ['C'], voiLUTFunction: 'LINEAR' });
  });

  it('that is absent stays absent (Cornerstone then uses the pixel range itself)', () => {
    const voi = { voiLUTSequence: [] };
    expect(usableWindows(voi)).toBe(voi);
  });
});
