import { describe, expect, it } from 'vitest';
import { editorAction, shortcutSheet } from './keymap';
import { TOOLS } from './tools/registry';

const press = (key: string, m: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; inField: boolean }> = {}) =>
  editorAction({ key, ctrl: false, shift: false, alt: false, inField: false, ...m });

describe('editor keymap', () => {
  it('gives every tool its own single key', () => {
    const keys = TOOLS.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of TOOLS) expect(press(t.key)).toEqual({ type: 'tool', id: t.id });
  });

  it('maps undo, redo, clipboard, classes and navigation', () => {
    expect(press('z', { ctrl: true })).toEqual({ type: 'undo' });
    expect(press('Z', { ctrl: true, shift: true })).toEqual({ type: 'redo' });
    expect(press('y', { ctrl: true })).toEqual({ type: 'redo' });
    expect(press('v', { ctrl: true })).toEqual({ type: 'paste' });
    expect(press('3')).toEqual({ type: 'class', index: 2 });
    expect(press('0')).toEqual({ type: 'actual' });
    expect(press('D')).toEqual({ type: 'next' });
    expect(press('H', { shift: true })).toEqual({ type: 'showAll' });
    expect(press('L', { shift: true })).toEqual({ type: 'lock' });
    expect(press('?', { shift: true })).toEqual({ type: 'help' });
    expect(press('Delete')).toEqual({ type: 'delete' });
  });

  it('stays quiet while typing', () => {
    expect(press('d', { inField: true })).toBeNull();
    expect(press('Backspace', { inField: true })).toBeNull();
  });

  it('lists every group on the sheet', () => {
    const sheet = shortcutSheet();
    expect(sheet.map((g) => g.group)).toEqual(['Tools', 'Editing', 'Classes', 'View', 'Navigation']);
    expect(sheet.every((g) => g.rows.length > 0)).toBe(true);
  });
});
