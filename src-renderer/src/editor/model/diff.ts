import { sortByZ, type ImageLevel, type ShapeRecord } from './records';

/**
 * One change of an image: records added, updated (from → to) and removed, and optionally its
 * image-level labels (from → to). Every edit is a Diff; undo applies its inverse.
 */
export interface Diff {
  readonly added: readonly ShapeRecord[];
  readonly updated: readonly (readonly [ShapeRecord, ShapeRecord])[];
  readonly removed: readonly ShapeRecord[];
  readonly image?: readonly [ImageLevel, ImageLevel];
}

export const emptyDiff: Diff = { added: [], updated: [], removed: [] };

export const diff = (parts: Partial<Diff>): Diff => ({ ...emptyDiff, ...parts });

export const isEmptyDiff = (d: Diff): boolean => !d.added.length && !d.updated.length && !d.removed.length && !d.image;

export function invertDiff(d: Diff): Diff {
  return {
    added: d.removed,
    updated: d.updated.map(([from, to]) => [to, from] as const),
    removed: d.added,
    ...(d.image ? { image: [d.image[1], d.image[0]] as const } : {}),
  };
}

/**
 * The records after a diff, in z-order. Lenient on purpose: adding a key that exists replaces it,
 * and updates or removals of keys that are gone (deleted elsewhere meanwhile) are skipped, so an
 * undo after a remote change never throws.
 */
export function applyDiff(records: readonly ShapeRecord[], d: Diff): ShapeRecord[] {
  const removed = new Set(d.removed.map((r) => r.key));
  const updated = new Map(d.updated.map(([, to]) => [to.key, to]));
  const added = new Map(d.added.map((r) => [r.key, r]));
  const next: ShapeRecord[] = [];
  let zChanged = added.size > 0;
  for (const r of records) {
    if (removed.has(r.key) || added.has(r.key)) continue;
    const u = updated.get(r.key);
    if (u && u.z_order !== r.z_order) zChanged = true;
    next.push(u ?? r);
  }
  next.push(...added.values());
  return zChanged ? sortByZ(next) : next;
}

/** Only the parts of a diff that still apply to these records (for undo after remote changes). */
export function applicablePart(records: readonly ShapeRecord[], d: Diff): Diff {
  const keys = new Set(records.map((r) => r.key));
  return {
    added: d.added.filter((r) => !keys.has(r.key)),
    updated: d.updated.filter(([, to]) => keys.has(to.key)),
    removed: d.removed.filter((r) => keys.has(r.key)),
    ...(d.image ? { image: d.image } : {}),
  };
}

/** Every key a diff touches. */
export const keysOf = (d: Diff): string[] => [...d.added.map((r) => r.key), ...d.updated.map(([, to]) => to.key), ...d.removed.map((r) => r.key)];
