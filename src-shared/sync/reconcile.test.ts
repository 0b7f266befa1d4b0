import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupsOf, pick, same, type View } from './fields';
import { reconcile, type Version } from './reconcile';

const annotation = fc.record({
  annotation_type: fc.constant('bbox'),
  geometry: fc.record({ type: fc.constant('bbox'), bbox: fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9), fc.nat(9)) }),
  z_order: fc.nat(2),
  class_id: fc.option(fc.nat(3), { nil: null }),
  attributes: fc.dictionary(fc.constantFrom('a', 'b'), fc.nat(2)),
  caption: fc.option(fc.constantFrom('cat', 'dog', 'bird'), { nil: null }),
  confidence: fc.constant(null),
  annotation_status: fc.constantFrom('pending', 'approved', 'rejected'),
  deleted: fc.boolean(),
}) as fc.Arbitrary<View>;

/** A version derived from a base by changing some groups (so "who changed what" is meaningful). */
const derived = (base: View) =>
  fc.tuple(annotation, fc.subarray(groupsOf('annotations')), fc.boolean()).map(([other, groups, flipDelete]) => {
    const v: View = { ...base };
    for (const g of groups) Object.assign(v, pick('annotations', other, g));
    if (flipDelete) v.deleted = !base.deleted;
    return v;
  });

const rev = fc.option(fc.integer({ min: 1, max: 20 }), { nil: null });
const scenario = annotation.chain((base) => fc.tuple(fc.constant(base), derived(base), derived(base), rev, rev));

describe('reconcile', () => {
  it('gives every machine the same result: swapping which side is local changes nothing', () => {
    fc.assert(
      fc.property(scenario, ([base, x, y, rx, ry]) => {
        const a: Version = { view: x, rev: rx };
        const b: Version = { view: y, rev: ry };
        const here = reconcile('annotations', a, b, base);
        const there = reconcile('annotations', b, a, base);
        expect(here.merged).toEqual(there.merged);
        expect(here.conflicts.map((c) => c.group)).toEqual(there.conflicts.map((c) => c.group));
        for (const [i, c] of here.conflicts.entries()) expect(c.winner).not.toBe(there.conflicts[i].winner);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets the version already on the server win a conflict, and reports the loser', () => {
    fc.assert(
      fc.property(scenario, ([base, local, remote, , r]) => {
        const result = reconcile('annotations', { view: local, rev: null }, { view: remote, rev: r ?? 1 }, base);
        for (const c of result.conflicts) {
          expect(c.winner).toBe('remote');
          if (c.group !== 'deleted') {
            expect(pick('annotations', result.merged, c.group)).toEqual(c.remote);
            expect(same(c.local, c.remote)).toBe(false);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every group changed on one side only, from both sides', () => {
    fc.assert(
      fc.property(scenario, ([base, local, remote]) => {
        fc.pre(!base.deleted && !local.deleted && !remote.deleted);
        const result = reconcile('annotations', { view: local, rev: null }, { view: remote, rev: 3 }, base);
        for (const g of groupsOf('annotations')) {
          const l = pick('annotations', local, g);
          const r = pick('annotations', remote, g);
          const b = pick('annotations', base, g);
          if (same(r, b)) expect(pick('annotations', result.merged, g)).toEqual(l);
          else if (same(l, b)) expect(pick('annotations', result.merged, g)).toEqual(r);
        }
        expect(result.toPush.every((g) => !same(pick('annotations', result.merged, g), pick('annotations', remote, g)))).toBe(true);
      }),
    );
  });

  it('changes nothing when one side made no change, and has nothing to push after merging with itself', () => {
    fc.assert(
      fc.property(scenario, ([base, , remote, , r]) => {
        const result = reconcile('annotations', { view: base, rev: null }, { view: remote, rev: r ?? 2 }, base);
        expect(result).toMatchObject({ merged: remote, conflicts: [], toPush: [], pushDelete: false });
        const again = reconcile('annotations', { view: result.merged, rev: null }, { view: result.merged, rev: 5 }, base);
        expect(again).toMatchObject({ conflicts: [], toPush: [], pushDelete: false });
      }),
    );
  });

  it('treats every difference as a conflict when the base is unknown', () => {
    const base: View = { annotation_type: 'bbox', geometry: { type: 'bbox', bbox: [1, 1, 2, 2] }, z_order: 0, class_id: 0, attributes: {}, caption: null, confidence: null, annotation_status: 'pending', deleted: false };
    const local = { ...base, caption: 'mine', class_id: 1 };
    const remote = { ...base, caption: 'theirs' };
    const result = reconcile('annotations', { view: local, rev: null }, { view: remote, rev: 7 }, null);
    expect(result.conflicts.map((c) => c.group).sort()).toEqual(['attributes', 'class']);
    expect(result.merged).toEqual(remote);
  });

  it('lets an edit made first beat a later delete, and a delete of an untouched row go through', () => {
    const base: View = { annotation_type: 'bbox', geometry: { type: 'bbox', bbox: [1, 1, 2, 2] }, z_order: 0, class_id: 0, attributes: {}, caption: null, confidence: null, annotation_status: 'pending', deleted: false };
    const edited = { ...base, caption: 'reviewed' };
    const deleted = { ...base, deleted: true };
    const lost = reconcile('annotations', { view: deleted, rev: null }, { view: edited, rev: 4 }, base);
    expect(lost).toMatchObject({ merged: edited, conflicts: [{ group: 'deleted', winner: 'remote' }], pushDelete: false });
    const through = reconcile('annotations', { view: deleted, rev: null }, { view: base, rev: 4 }, base);
    expect(through).toMatchObject({ merged: deleted, conflicts: [], pushDelete: true });
  });
});
