import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('line tool', () => {
  it('draws p1 → p2 with the tool width and moves an end by its handle', () => {
    const editor = new TestEditor();
    editor.store.setState({ lineWidth: 5 });
    editor.setTool('line');
    editor.drag([20, 30], [220, 130]);
    expect(editor.last.geometry).toEqual({ type: 'line', p1: [20, 30], p2: [220, 130], width: 5 });
    editor.drag([220, 130], [300, 130]);
    expect(editor.last.geometry).toMatchObject({ p1: [20, 30], p2: [300, 130] });
  });

  it('snaps to 45° steps with Shift', () => {
    const editor = new TestEditor();
    editor.setTool('line');
    editor.drag([100, 100], [200, 104], { shift: true });
    const g = editor.last.geometry as { p2: [number, number] };
    expect(g.p2[1]).toBeCloseTo(100);
  });
});
