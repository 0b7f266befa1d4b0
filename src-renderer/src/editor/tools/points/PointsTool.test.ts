import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('keypoints tool', () => {
  it('collects clicks into one annotation until Enter, and drags a point afterwards', () => {
    const editor = new TestEditor();
    editor.setTool('points');
    editor.click(10, 10).click(50, 60).click(90, 20).expectPathToBe('root.points.creating');
    editor.press('Enter').expectPathToBe('root.points.idle');
    expect(editor.last.geometry).toEqual({ type: 'points', points: [[10, 10], [50, 60], [90, 20]] });
    editor.drag([50, 60], [55, 70]);
    expect(editor.last.geometry).toEqual({ type: 'points', points: [[10, 10], [55, 70], [90, 20]] });
  });

  it('makes a single keypoint with a double-click', () => {
    const editor = new TestEditor();
    editor.setTool('points');
    editor.doubleClick(30, 40);
    expect(editor.last.geometry).toEqual({ type: 'points', points: [[30, 40]] });
  });
});
