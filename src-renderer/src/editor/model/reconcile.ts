import type { Annotation } from '../../../../src-shared/contract/entities';
import { diff, type Diff } from './diff';
import { recordFromAnnotation, sameContent, type ShapeRecord } from './records';

/**
 * What changed in the store since the editor loaded an image (another window, the CLI, a sync),
 * as a diff over the editor's records. Call it only while nothing of this image waits to be
 * saved: then the store is the truth, and every difference came from elsewhere.
 */
export function reconcile(local: readonly ShapeRecord[], stored: readonly Annotation[], keyOf: (id: string) => string): Diff {
  const localByKey = new Map(local.map((r) => [r.key, r]));
  const incoming = stored.map((a) => recordFromAnnotation(a, keyOf(a.id)));
  const seen = new Set(incoming.map((r) => r.key));
  const added: ShapeRecord[] = [];
  const updated: [ShapeRecord, ShapeRecord][] = [];
  for (const r of incoming) {
    const mine = localByKey.get(r.key);
    if (!mine) added.push(r);
    else if (!sameContent(mine, r)) updated.push([mine, r]);
  }
  return diff({ added, updated, removed: local.filter((r) => !seen.has(r.key)) });
}
