import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src-shared/contract/entities';
import { applyBulkReview, bulkSummary, chunks, gatherAnnotationIds, matchesFilters, MAX_IDS_PER_CALL, type BulkDeps } from './bulk-review';

const ann = (id: string, patch: Partial<Annotation> = {}) =>
  ({ id, annotator_id: 'ann-1', class_id: 0, annotation_type: 'bbox', annotation_status: 'pending', ...patch }) as Annotation;

function fakeDeps(byImage: Record<string, Annotation[]>) {
  const calls: string[] = [];
  const reviewed: string[][] = [];
  const deps: BulkDeps = {
    listAnnotations: async (id) => byImage[id] ?? [],
    reviewAnnotations: async (ids, status, reason) => {
      calls.push(`${status}:${ids.length}${reason ? `:${reason}` : ''}`);
      reviewed.push(ids);
    },
    markReviewed: async (id) => {
      calls.push(`reviewed:${id}`);
    },
  };
  return { deps, calls, reviewed };
}

describe('bulk review', () => {
  it('gathers only the annotations the active filters show, in image order', async () => {
    const { deps } = fakeDeps({ i1: [ann('a'), ann('b', { class_id: 1 })], i2: [ann('c', { class_id: 1 })], i3: [ann('d')] });
    const seen: number[] = [];
    expect(await gatherAnnotationIds(deps, ['i1', 'i2'], { reviewed: 'false', class_id: 1 }, (d) => seen.push(d))).toEqual(['b', 'c']);
    expect(seen).toEqual([1, 2]);
    expect(matchesFilters(ann('x', { annotation_status: 'approved' }), { reviewed: 'all', annotation_status: 'pending' })).toBe(false);
  });

  it('sets statuses first, in chunks the contract accepts, then marks each image reviewed', async () => {
    const { deps, calls, reviewed } = fakeDeps({});
    const ids = Array.from({ length: MAX_IDS_PER_CALL + 5 }, (_, i) => `a${i}`);
    const progress: [number, number][] = [];
    await applyBulkReview(deps, { action: 'reject', imageIds: ['i1', 'i2'], annotationIds: ids, reason: ' blurry ' }, (d, t) => progress.push([d, t]));
    expect(reviewed.map((r) => r.length)).toEqual([MAX_IDS_PER_CALL, 5]);
    expect(calls.slice(0, 2)).toEqual([`rejected:${MAX_IDS_PER_CALL}:blurry`, 'rejected:5:blurry']);
    expect(calls.slice(2).sort()).toEqual(['reviewed:i1', 'reviewed:i2']);
    expect(progress.at(-1)).toEqual([4, 4]);
  });

  it('only marks images when the action is "reviewed"', async () => {
    const { deps, calls } = fakeDeps({});
    await applyBulkReview(deps, { action: 'reviewed', imageIds: ['i1'], annotationIds: ['a'] }, () => {});
    expect(calls).toEqual(['reviewed:i1']);
  });

  it('says what it did', () => {
    expect(bulkSummary('approve', 57, 12)).toBe('Approved 57 annotations on 12 images');
    expect(bulkSummary('reject', 1, 1)).toBe('Rejected 1 annotation on 1 image');
    expect(bulkSummary('reviewed', 0, 3)).toBe('Marked 3 images reviewed');
    expect(chunks([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });
});
