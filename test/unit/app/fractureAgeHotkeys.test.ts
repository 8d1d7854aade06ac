import { describe, expect, it } from 'vitest';
import { commandForKey, HOTKEYS } from '../../../src/app/hotkeys';

const press = (key: string, shift = false) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: shift });

describe('the fracture-age hotkeys', () => {
  it('E toggles edema, Q draws a signal ratio, H hangs T1 | STIR, in either case', () => {
    expect(commandForKey(press('e'))).toBe('toggleEdema');
    expect(commandForKey(press('E', true))).toBe('toggleEdema');
    expect(commandForKey(press('q'))).toBe('toolSignalRatio');
    expect(commandForKey(press('h'))).toBe('hang');
  });

  it('are listed in the help with what they do', () => {
    const described = (command: string) => HOTKEYS.find((h) => h.command === command)?.description ?? '';
    expect(described('toggleEdema')).toMatch(/edema/i);
    expect(described('toolSignalRatio')).toMatch(/signal ratio/i);
    expect(described('hang')).toMatch(/T1 and STIR/);
  });
});
