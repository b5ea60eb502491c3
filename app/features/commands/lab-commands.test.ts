import { describe, expect, it } from 'vitest';
import { commandForKey, formatShortcut, LAB_COMMANDS } from './lab-commands';

const key = (k: string, ctrl = false) => ({ key: k, ctrlKey: ctrl, metaKey: false, altKey: false });

describe('lab commands', () => {
  it('give every command its own shortcut', () => {
    const keys = LAB_COMMANDS.map((c) => formatShortcut(c.shortcut));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('find a command by its key, with and without Ctrl', () => {
    expect(commandForKey(key('n'))?.id).toBe('add-server');
    expect(commandForKey(key('N'))?.id).toBe('add-server');
    expect(commandForKey(key('s', true))?.id).toBe('save-file');
    expect(commandForKey(key('s'))).toBeUndefined();
    expect(commandForKey(key('n', true))).toBeUndefined();
    expect(commandForKey({ ...key('n'), altKey: true })).toBeUndefined();
  });
});
