import { describe, expect, it } from 'vitest';
import { applyClass, copySelection, deleteSelection, paste, reorder, setAttribute, toggleHidden, toggleImageClass, toggleLocked } from './commands';
import { rec } from './model/test-records';
import { TestEditor } from './test-editor';

describe('commands', () => {
  it('change the class and attributes of a selection as undoable commands', () => {
    const editor = new TestEditor([rec('a'), rec('b', { x: 50 })]);
    editor.select(['a', 'b']);
    applyClass(editor, 1);
    expect(editor.state.records.map((r) => r.class_id)).toEqual([1, 1]);
    expect(editor.state.activeClass).toBe(1);
    setAttribute(editor, 'occluded', true);
    expect(editor.record('a')!.attributes).toEqual({ occluded: true });
    // Leaving an empty text field empty is no edit: nothing to undo, nothing to save.
    const saved = editor.persisted.length;
    setAttribute(editor, 'note', '');
    expect(editor.persisted).toHaveLength(saved);
    editor.undo();
    expect(editor.record('a')!.attributes).toEqual({});
    editor.undo();
    expect(editor.state.records.map((r) => r.class_id)).toEqual([0, 0]);
  });

  it('delete a selection in one batch that one undo brings back, sparing locked shapes', () => {
    const editor = new TestEditor([rec('a'), rec('b', { x: 50 }), rec('c', { x: 100 })]);
    editor.select(['a', 'b', 'c']);
    toggleLocked(editor, ['c']);
    deleteSelection(editor);
    expect(editor.state.records.map((r) => r.key)).toEqual(['c']);
    expect(editor.state.message?.text).toMatch(/locked/);
    expect(editor.persisted.at(-1)!.removed).toHaveLength(2);
    editor.undo();
    expect(editor.state.records.map((r) => r.key).sort()).toEqual(['a', 'b', 'c']);
  });

  it('reorder the selection to the front and back', () => {
    const editor = new TestEditor([rec('a'), rec('b'), rec('c')]);
    editor.select(['a']);
    reorder(editor, 'front');
    expect(editor.state.records.map((r) => r.key)).toEqual(['b', 'c', 'a']);
    editor.select(['c']);
    reorder(editor, 'back');
    expect(editor.state.records.map((r) => r.key)).toEqual(['c', 'b', 'a']);
  });

  it('paste copies shifted on the same image and in place on another, kept within it', () => {
    const editor = new TestEditor([rec('a', { x: 300, y: 5, class_id: 1, attributes: { occluded: true } }), rec('b', { x: 50, y: 5 })]);
    editor.select(['a', 'b']);
    copySelection(editor);
    paste(editor);
    expect(editor.state.records.slice(2).map((r) => r.geometry)).toEqual([{ type: 'bbox', bbox: [310, 15, 10, 10] }, { type: 'bbox', bbox: [60, 15, 10, 10] }]);
    expect(editor.state.records[2]).toMatchObject({ class_id: 1, attributes: { occluded: true } });
    expect(editor.state.selection).toHaveLength(2);
    editor.open('other', { width: 200, height: 200 }, [], { classes: [], captions: [] });
    paste(editor);
    expect(editor.state.records.map((r) => r.geometry)).toEqual([{ type: 'bbox', bbox: [50, 5, 10, 10] }]);
    expect(editor.state.message?.text).toMatch(/1 copied shape did not fit/);
  });

  it('hides shapes from hit-testing and toggles image classes per the label mode', () => {
    const editor = new TestEditor([rec('a')]);
    editor.select(['a']);
    toggleHidden(editor);
    expect(editor.hitTest([5, 5] as never)).toBeNull();
    expect(editor.state.selection).toEqual([]);
    toggleImageClass(editor, 0, false);
    toggleImageClass(editor, 1, false);
    expect(editor.state.imageLevel.classes).toEqual([1]);
    toggleImageClass(editor, 0, true);
    expect(editor.state.imageLevel.classes).toEqual([1, 0]);
    editor.undo();
    expect(editor.state.imageLevel.classes).toEqual([1]);
  });
});
