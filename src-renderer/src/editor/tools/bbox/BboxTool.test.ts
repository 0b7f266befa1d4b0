import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('bbox tool', () => {
  it('draws a box by dragging, in any direction, with the active class, and selects it', () => {
    const editor = new TestEditor();
    editor.setTool('bbox');
    editor.expectPathToBe('root.bbox.idle');
    editor.down(150, 120).move(120, 100).expectPathToBe('root.bbox.creating');
    expect(editor.state.overlay.draft?.geometry).toEqual({ type: 'bbox', bbox: [120, 100, 30, 20] });
    editor.move(50, 60).up(50, 60).expectPathToBe('root.bbox.idle');
    expect(editor.last.geometry).toEqual({ type: 'bbox', bbox: [50, 60, 100, 60] });
    expect(editor.last.class_id).toBe(0);
    expect(editor.state.selection).toEqual([editor.last.key]);
    expect(editor.state.overlay.draft).toBeNull();
    expect(editor.persisted).toHaveLength(1);
  });

  it('keeps the box within the image when the drag leaves it', () => {
    const editor = new TestEditor();
    editor.setTool('bbox');
    editor.drag([350, 250], [520, 390]);
    expect(editor.last.geometry).toEqual({ type: 'bbox', bbox: [350, 250, 50, 50] });
  });

  it('draws nothing for a click, and Esc abandons a drag', () => {
    const editor = new TestEditor();
    editor.setTool('bbox');
    editor.click(10, 10);
    editor.down(10, 10).move(60, 60).press('Escape').expectPathToBe('root.bbox.idle');
    editor.up(60, 60);
    expect(editor.state.records).toEqual([]);
  });

  it('refuses a box under min_bbox_size with a message and stores nothing', () => {
    const editor = new TestEditor([], { taskConfig: { detection: { min_bbox_size: 20 } } });
    editor.setTool('bbox');
    editor.drag([10, 10], [25, 60]);
    expect(editor.state.records).toEqual([]);
    expect(editor.state.message?.text).toMatch(/at least 20 px/);
    expect(editor.persisted).toEqual([]);
  });

  it('resizes the box just drawn by a corner handle, then undo and redo restore each version', () => {
    const editor = new TestEditor();
    editor.setTool('bbox');
    editor.drag([100, 100], [200, 150]);
    editor.down(200, 150).expectPathToBe('root.bbox.dragging_handle');
    editor.move(240, 190).up(240, 190).expectPathToBe('root.bbox.idle');
    expect(editor.last.geometry).toEqual({ type: 'bbox', bbox: [100, 100, 140, 90] });
    editor.undo();
    expect(editor.last.geometry).toEqual({ type: 'bbox', bbox: [100, 100, 100, 50] });
    editor.undo();
    expect(editor.state.records).toEqual([]);
    editor.redo();
    editor.redo();
    expect(editor.last.geometry).toEqual({ type: 'bbox', bbox: [100, 100, 140, 90] });
  });
});
