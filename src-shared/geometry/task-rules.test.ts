import { describe, expect, it } from 'vitest';
import { classificationMultiLabel, imageClassProblems, isClassificationOnly, taskRuleProblems, typeAllowed } from './task-rules';

const config = {
  detection: { bbox_types: ['horizontal'], min_bbox_size: 10 },
  segmentation: { types: ['polygon'], min_polygon_vertices: 4 },
};

describe('task_config rules', () => {
  it('refuse boxes under min_bbox_size and box kinds not in bbox_types', () => {
    expect(taskRuleProblems({ type: 'bbox', bbox: [0, 0, 12, 12] }, config)).toEqual([]);
    expect(taskRuleProblems({ type: 'bbox', bbox: [0, 0, 12, 8] }, config)[0].message).toMatch(/min_bbox_size/);
    const rotated = taskRuleProblems({ type: 'rotated_bbox', cx: 50, cy: 50, width: 40, height: 40, angle: 10 }, config);
    expect(rotated.map((p) => p.message).join()).toMatch(/rotated boxes are not allowed/);
  });

  it('refuse polygons under min_polygon_vertices and segmentation types not listed', () => {
    expect(taskRuleProblems({ type: 'polygon', points: [[0, 0], [5, 0], [0, 5]] }, config)[0].message).toMatch(/at least 4/);
    expect(taskRuleProblems({ type: 'mask', rle: { size: [1, 1], counts: [1] } }, config)[0].message).toMatch(/mask segmentation is not allowed/);
    expect(typeAllowed('mask', config)).toBe(false);
    expect(typeAllowed('line', config)).toBe(true);
  });

  it('apply nothing when the config says nothing', () => {
    expect(taskRuleProblems({ type: 'bbox', bbox: [0, 0, 1, 1] }, {})).toEqual([]);
    expect(taskRuleProblems({ type: 'bbox', bbox: [0, 0, 1, 1] }, { detection: 'nonsense' })).toEqual([]);
  });

  it('read single- and multi-label classification both ways the API writes it', () => {
    expect(classificationMultiLabel({ classification: { multi_label: true } })).toBe(true);
    expect(classificationMultiLabel({ classification: { mode: 'multi-label' } })).toBe(true);
    expect(classificationMultiLabel({})).toBe(false);
    expect(imageClassProblems([0, 1], {})).toHaveLength(1);
    expect(isClassificationOnly(['classification'])).toBe(true);
    expect(isClassificationOnly(['classification', 'detection'])).toBe(false);
  });
});
