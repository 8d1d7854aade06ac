import { describe, expect, it } from 'vitest';
import { commandForKey, HOTKEYS } from '../../../src/app/hotkeys';

const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false });

describe('hotkeys as data', () => {
  it('binds no key to two commands', () => {
    const seen = new Map<string, string>();
    for (const { keys, command } of HOTKEYS) {
      for (const k of keys) {
        expect(seen.get(k), `${k} is bound to ${seen.get(k)} and ${command}`).toBeUndefined();
        seen.set(k, command);
      }
    }
  });

  it('maps the scrolling, window and help keys of the help dialog to their commands', () => {
    expect(commandForKey(key('ArrowDown'))).toBe('nextImage');
    expect(commandForKey(key('PageUp'))).toBe('pageBack');
    expect(commandForKey(key('B'))).toBe('windowCtBone');
    expect(commandForKey(key('?'))).toBe('help');
    expect(commandForKey(key('F7'))).toBeNull();
  });

  it('leaves Tab to move the focus; the next viewport has a key of its own, listed in the help', () => {
    expect(commandForKey(key('Tab'))).toBeNull();
    expect(commandForKey({ ...key('Tab'), shiftKey: true })).toBeNull();
    expect(commandForKey(key('n'))).toBe('nextViewport');
    expect(HOTKEYS.find((h) => h.command === 'nextViewport')?.keys).toEqual(['n']);
  });
});
