import { describe, expect, it } from 'vitest';
import { ROTATE_HANDLE_OFFSET_PX } from '../../handles';
import { TestEditor } from '../../test-editor';

describe('rotated bbox tool', () => {
  it('draws upright, then turns with the rotation handle (Shift snaps to 15°)', () => {
    const editor = new TestEditor();
    editor.setTool('rotated_bbox');
    editor.drag([100, 100], [200, 160]);
    expect(editor.last.geometry).toEqual({ type: 'rotated_bbox', cx: 150, cy: 130, width: 100, height: 60, angle: 0 });
    const handleY = 100 - ROTATE_HANDLE_OFFSET_PX;
    editor.down(150, handleY).expectPathToBe('root.rotated_bbox.dragging_handle');
    editor.move(250, 130).up(250, 130);
    expect(editor.last.geometry).toMatchObject({ cx: 150, cy: 130, width: 100, height: 60, angle: 90 });
    editor.undo();
    editor.down(150, handleY).move(190, 92, { shift: true }).up(190, 92, { shift: true });
    expect(editor.last.geometry).toMatchObject({ angle: 45 });
  });

  it('resizes along its own axes after rotation, keeping the opposite side', () => {
    const editor = new TestEditor();
    editor.setTool('rotated_bbox');
    editor.drag([100, 100], [200, 160]);
    editor.down(150, 100 - ROTATE_HANDLE_OFFSET_PX).move(250, 130).up(250, 130);
    // At 90° the box's right edge (local +x) faces down: its middle handle is at (150, 180).
    editor.drag([150, 180], [150, 200]);
    const g = editor.last.geometry as { cx: number; cy: number; width: number; height: number };
    expect(g.width).toBeCloseTo(120);
    expect(g.height).toBeCloseTo(60);
    expect(g.cy).toBeCloseTo(140);
  });
});
