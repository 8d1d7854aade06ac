import { describe, expect, it } from 'vitest';
import { followWindow, type WindowChoice } from '../../../src/app/useWindowPreset';

const view = (imageIndex: number, width: number, center: number) => ({ imageIndex, imageCount: 20, windowWidth: width, windowCenter: center, zoom: 1, invert: false });

describe('the window preset shown in the toolbar', () => {
  it('keeps CT bone while the window is 2000/500 and drops it when the reader windows by hand', () => {
    const bone: WindowChoice = { id: 'ct-bone', seen: null };
    expect(followWindow(bone, view(3, 2000, 500))).toBe(bone);
    expect(followWindow(bone, view(4, 2000.2, 499.8))).toBe(bone);
    expect(followWindow(bone, view(4, 1800, 500)).id).toBe('');
  });

  it('keeps auto through images with windows of their own, not through a drag on one image', () => {
    let auto: WindowChoice = followWindow({ id: 'auto', seen: null }, view(0, 400, 40));
    expect(auto.id).toBe('auto');
    auto = followWindow(auto, view(1, 1200, 300));
    expect(auto.id).toBe('auto');
    expect(followWindow(auto, view(1, 1200, 300)).id).toBe('auto');
    expect(followWindow(auto, view(1, 900, 300)).id).toBe('');
  });

  it('stays "by hand" until a preset is chosen again, and ignores views without a window', () => {
    const hand: WindowChoice = { id: '', seen: null };
    expect(followWindow(hand, view(0, 2000, 500))).toBe(hand);
    const soft: WindowChoice = { id: 'ct-soft-tissue', seen: null };
    expect(followWindow(soft, { ...view(0, 0, 0), windowWidth: null, windowCenter: null })).toBe(soft);
  });
});
