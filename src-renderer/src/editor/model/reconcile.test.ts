import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../src-shared/contract/entities';
import { IdMap } from './ids';
import { reconcile } from './reconcile';
import { rec } from './test-records';

const stored = (id: string, x: number): Annotation => ({
  id, project_id: 'p', image_id: 'i', annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [x, 0, 10, 10] },
  attributes: {}, caption: null, confidence: null, source: 'human', annotation_status: 'pending', z_order: 0,
  annotator_id: null, reviewer_id: null, created_at: '', updated_at: '', rev: 1,
});

describe('reconcile', () => {
  it('finds what others added, changed and deleted, mapping ids to the session keys', () => {
    const ids = new IdMap();
    ids.bind('local-1', 'id-1');
    ids.bind('gone', 'id-gone');
    const local = [rec('local-1', { x: 1 }), rec('gone'), rec('same', { x: 4 })];
    ids.keyOf('same');
    const d = reconcile(local, [stored('id-1', 2), stored('same', 4), stored('new', 9)], (id) => ids.keyOf(id));
    expect(d.added.map((r) => r.key)).toEqual(['new']);
    expect(d.updated.map(([from, to]) => [from.key, (to.geometry as { bbox: number[] }).bbox[0]])).toEqual([['local-1', 2]]);
    expect(d.removed.map((r) => r.key)).toEqual(['gone']);
  });

  it('finds nothing when the store holds exactly what the editor shows', () => {
    const d = reconcile([rec('a', { x: 3 })], [stored('a', 3)], (id) => id);
    expect([d.added, d.updated, d.removed]).toEqual([[], [], []]);
  });
});
