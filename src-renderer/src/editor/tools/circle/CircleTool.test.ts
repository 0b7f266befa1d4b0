import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';

describe('circle tool', () => {
  it('draws a full circle from the centre outwards and makes it an arc with the end handle', () => {
    const editor = new TestEditor();
    editor.setTool('circle');
    editor.drag([200, 150], [240, 150]).expectPathToBe('root.circle.idle');
    expect(editor.last.geometry).toEqual({ type: 'circle', center: [200, 150], radius: 40, start_angle: 0, end_angle: 360 });
    // The end handle sits at 0° (east); drag it to 90° (south, y down).
    editor.drag([240, 150], [200, 190]);
    expect(editor.last.geometry).toMatchObject({ start_angle: 0, end_angle: 90 });
    // The radius handle sits mid-arc (45°).
    const r = 40 / Math.SQRT2;
    editor.drag([200 + r, 150 + r], [200 + 60 / Math.SQRT2, 150 + 60 / Math.SQRT2]);
    expect((editor.last.geometry as { radius: number }).radius).toBeCloseTo(60);
  });
});
