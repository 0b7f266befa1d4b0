import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('polygon tool', () => {
  it('places vertices by clicking and closes on the first vertex', () => {
    const editor = new TestEditor();
    editor.setTool('polygon');
    editor.click(10, 10).expectPathToBe('root.polygon.creating');
    editor.click(100, 10).click(100, 80);
    editor.move(12, 11);
    expect(editor.state.overlay.draft?.closing).toBe(true);
    editor.click(12, 11).expectPathToBe('root.polygon.idle');
    expect(editor.last.geometry).toEqual({ type: 'polygon', points: [[10, 10], [100, 10], [100, 80]] });
  });

  it('finishes with Enter or a double-click, without a doubled last vertex', () => {
    const editor = new TestEditor();
    editor.setTool('polygon');
    editor.click(10, 10).click(100, 10).click(100, 80).press('Enter');
    expect(editor.last.geometry).toEqual({ type: 'polygon', points: [[10, 10], [100, 10], [100, 80]] });
    editor.click(200, 200).click(300, 200).doubleClick(250, 280);
    expect(editor.last.geometry).toEqual({ type: 'polygon', points: [[200, 200], [300, 200], [250, 280]] });
    editor.expectPathToBe('root.polygon.idle');
  });

  it('refuses to finish with two vertices and keeps drawing; Backspace removes the last vertex', () => {
    const editor = new TestEditor();
    editor.setTool('polygon');
    editor.click(10, 10).click(100, 10).press('Enter').expectPathToBe('root.polygon.creating');
    expect(editor.state.message?.text).toMatch(/at least 3 points/);
    editor.press('Backspace').press('Backspace').expectPathToBe('root.polygon.idle');
    expect(editor.state.records).toEqual([]);
  });

  it('applies min_polygon_vertices and lets more vertices fix it', () => {
    const editor = new TestEditor([], { taskConfig: { segmentation: { min_polygon_vertices: 4 } } });
    editor.setTool('polygon');
    editor.click(10, 10).click(100, 10).click(100, 80).press('Enter').expectPathToBe('root.polygon.creating');
    expect(editor.state.message?.text).toMatch(/min_polygon_vertices/);
    editor.click(10, 80).press('Enter');
    expect(editor.last.geometry).toMatchObject({ points: [[10, 10], [100, 10], [100, 80], [10, 80]] });
  });

  it('edits: drag a vertex, drag a midpoint to insert one, Alt-click to delete one', () => {
    const editor = new TestEditor();
    editor.setTool('polygon');
    editor.click(10, 10).click(110, 10).click(110, 110).click(10, 110).press('Enter');
    editor.setTool('select');
    editor.drag([110, 110], [150, 140]);
    expect(editor.last.geometry).toMatchObject({ points: [[10, 10], [110, 10], [150, 140], [10, 110]] });
    editor.drag([60, 10], [60, 0]);
    expect(editor.last.geometry).toMatchObject({ points: [[10, 10], [60, 0], [110, 10], [150, 140], [10, 110]] });
    editor.click(60, 0, { alt: true });
    expect(editor.last.geometry).toMatchObject({ points: [[10, 10], [110, 10], [150, 140], [10, 110]] });
    editor.click(10, 110, { button: 2 });
    editor.click(10, 10, { alt: true });
    expect(editor.state.message?.text).toMatch(/at least 3/);
    expect(editor.last.geometry).toMatchObject({ points: [[10, 10], [110, 10], [150, 140]] });
  });
});
