import { describe, expect, it } from 'vitest';
import { commandForKey, HOTKEYS, keyName } from '../../../src/app/hotkeys';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('the measuring hotkeys', () => {
  it('maps the measuring keys', () => {
    expect(commandForKey(press('v'))).toBe('toolVertebra');
    expect(commandForKey(press('V', { shift: true }))).toBe('toolVertebra');
    expect(commandForKey(press('c'))).toBe('toolCalibrate');
    expect(commandForKey(press('Escape'))).toBe('cancel');
    expect(commandForKey(press('Delete'))).toBe('deleteSelected');
    expect(commandForKey(press('Backspace'))).toBe('deleteSelected');
  });

  it('reads Ctrl+Z as undo and Ctrl+Shift+Z or Ctrl+Y as redo; Cmd counts as Ctrl', () => {
    expect(commandForKey(press('z', { ctrl: true }))).toBe('undo');
    expect(commandForKey(press('z', { meta: true }))).toBe('undo');
    expect(commandForKey(press('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(commandForKey(press('y', { ctrl: true }))).toBe('redo');
  });

  it('keeps plain z for zoom, and leaves other Ctrl and Alt combinations to the browser', () => {
    expect(commandForKey(press('z'))).toBe('toolZoom');
    expect(commandForKey(press('c', { ctrl: true }))).toBeNull();
    expect(commandForKey(press('v', { alt: true }))).toBeNull();
    expect(keyName(press('ArrowDown', { ctrl: true }))).toBeNull();
  });

  it('still answers the existing keys when Shift is held for a character', () => {
    expect(commandForKey(press('?', { shift: true }))).toBe('help');
  });

  it('lists every measuring command in the help table', () => {
    const commands = HOTKEYS.map((h) => h.command);
    for (const c of ['toolVertebra', 'toolCalibrate', 'cancel', 'deleteSelected', 'undo', 'redo'] as const) expect(commands).toContain(c);
  });
});

describe('the Canal tool key (morphometry.md section 11)', () => {
  it('is Shift+C, "C", beside c for the calibration line', () => {
    expect(commandForKey({ key: 'C', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false })).toBe('toolCanal');
    expect(commandForKey({ key: 'c', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false })).toBe('toolCalibrate');
  });
});
