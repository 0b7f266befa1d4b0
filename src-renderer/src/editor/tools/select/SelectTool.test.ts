import { describe, expect, it } from 'vitest';
import { rec } from '../../model/test-records';
import { TestEditor } from '../../test-editor';

const boxes = () => [rec('a', { x: 10, y: 10 }), rec('b', { x: 100, y: 100 }), rec('c', { x: 300, y: 200 })];

describe('select tool', () => {
  it('selects by click, adds with Shift, clears on empty canvas', () => {
    const editor = new TestEditor(boxes());
    editor.expectPathToBe('root.select.idle');
    editor.click(15, 15);
    expect(editor.state.selection).toEqual(['a']);
    editor.click(105, 105, { shift: true });
    expect(editor.state.selection).toEqual(['a', 'b']);
    editor.click(105, 105, { ctrl: true });
    expect(editor.state.selection).toEqual(['a']);
    editor.click(250, 20);
    expect(editor.state.selection).toEqual([]);
  });

  it('moves the whole selection by dragging one of it, kept within the image, as one undoable command', () => {
    const editor = new TestEditor(boxes());
    editor.click(15, 15).click(305, 205, { shift: true });
    editor.down(305, 205).move(310, 210).expectPathToBe('root.select.translating');
    editor.move(400, 300).up(400, 300).expectPathToBe('root.select.idle');
    // c can only move 90 right and 90 down before it reaches the image edge; a moves the same.
    expect(editor.record('c')!.geometry).toEqual({ type: 'bbox', bbox: [390, 290, 10, 10] });
    expect(editor.record('a')!.geometry).toEqual({ type: 'bbox', bbox: [100, 100, 10, 10] });
    expect(editor.persisted.at(-1)!.updated).toHaveLength(2);
    editor.undo();
    expect(editor.record('c')!.geometry).toEqual({ type: 'bbox', bbox: [300, 200, 10, 10] });
  });

  it('selects by area with Shift-drag and pans with a plain drag on empty canvas', () => {
    const editor = new TestEditor(boxes());
    editor.down(5, 5, { shift: true }).expectPathToBe('root.select.brushing');
    editor.move(150, 150, { shift: true }).up(150, 150);
    expect(editor.state.selection).toEqual(['a', 'b']);
    editor.down(250, 20).expectPathToBe('root.select.panning');
    editor.move(240, 30).move(200, 60).up(200, 60);
    expect(editor.panned).toEqual([-50, 40]);
  });

  it('skips hidden and locked shapes and prefers the smaller of nested ones', () => {
    const big = rec('big', { geometry: { type: 'bbox', bbox: [0, 0, 200, 200] } });
    const editor = new TestEditor([rec('small', { x: 50, y: 50 }), big]);
    editor.click(55, 55);
    expect(editor.state.selection).toEqual(['small']);
    editor.store.setState({ locked: new Set(['small']) });
    editor.click(55, 55);
    expect(editor.state.selection).toEqual(['big']);
    editor.store.setState({ hiddenClasses: new Set([0]) });
    editor.click(55, 55);
    expect(editor.state.selection).toEqual([]);
  });

  it('inserts a vertex with a double-click on an edge of the selected polygon', () => {
    const editor = new TestEditor([rec('p', { geometry: { type: 'polygon', points: [[10, 10], [110, 10], [60, 90]] } })]);
    editor.click(60, 30);
    editor.doubleClick(85, 50);
    expect((editor.record('p')!.geometry as { points: unknown[] }).points).toHaveLength(4);
  });
});
