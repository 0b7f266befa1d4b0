import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('polyline tool', () => {
  it('finishes open with Enter and closed on the first point', () => {
    const editor = new TestEditor();
    editor.setTool('polyline');
    editor.click(10, 10).click(60, 40).click(120, 10).press('Enter');
    expect(editor.last.geometry).toEqual({ type: 'polyline', points: [[10, 10], [60, 40], [120, 10]], width: 2, closed: false });
    editor.click(200, 200).click(260, 200).click(230, 250).click(201, 201);
    expect(editor.last.geometry).toMatchObject({ closed: true, points: [[200, 200], [260, 200], [230, 250]] });
  });

  it('abandons the shape with Esc', () => {
    const editor = new TestEditor();
    editor.setTool('polyline');
    editor.click(10, 10).click(60, 40).press('Escape').expectPathToBe('root.polyline.idle');
    expect(editor.state.records).toEqual([]);
    expect(editor.state.overlay.draft).toBeNull();
  });
});
