import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diff, invertDiff } from './diff';
import { History } from './history';
import type { ShapeRecord } from './records';
import { rec } from './test-records';

/** A random edit of a record list: some added, some changed, some removed. */
const records = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }).map((keys) => keys.map((k) => rec(`k${k}`, { x: k, z_order: k % 3 })));
const edit = (base: ShapeRecord[]) =>
  fc.record({
    remove: fc.subarray(base),
    change: fc.subarray(base),
    add: fc.uniqueArray(fc.integer({ min: 100, max: 140 }), { maxLength: 4 }),
    dz: fc.integer({ min: -2, max: 2 }),
  }).map(({ remove, change, add, dz }) => {
    const kept = change.filter((r) => !remove.includes(r));
    return diff({
      removed: remove,
      updated: kept.map((r) => [r, { ...r, class_id: 5, z_order: r.z_order + dz }] as const),
      added: add.map((k) => rec(`n${k}`, { x: k })),
    });
  });

describe('diffs', () => {
  it('undo (the inverse) restores exactly the records before the edit', () => {
    fc.assert(
      fc.property(records.chain((base) => fc.tuple(fc.constant(base), edit(base))), ([base, d]) => {
        const before = applyDiff([], diff({ added: base }));
        const after = applyDiff(before, d);
        const back = applyDiff(after, invertDiff(d));
        expect(new Map(back.map((r) => [r.key, r]))).toEqual(new Map(before.map((r) => [r.key, r])));
        expect(applyDiff(back, d)).toEqual(after);
      }),
    );
  });

  it('keeps records in z-order, ties in the order given', () => {
    const out = applyDiff([rec('a', { z_order: 1 }), rec('b')], diff({ added: [rec('c', { z_order: 1 })] }));
    expect(out.map((r) => r.key)).toEqual(['b', 'a', 'c']);
  });
});

describe('history', () => {
  it('undoes and redoes in order, and a new command clears redo', () => {
    const h = new History();
    const d1 = diff({ added: [rec('a')] });
    const d2 = diff({ removed: [rec('a')] });
    h.push({ label: 'draw', diff: d1 });
    h.push({ label: 'delete', diff: d2 });
    expect(h.undo()?.diff).toBe(d2);
    expect(h.canRedo).toBe(true);
    expect(h.redo()?.diff).toBe(d2);
    h.undo();
    h.push({ label: 'other', diff: d1 });
    expect(h.canRedo).toBe(false);
  });
});
