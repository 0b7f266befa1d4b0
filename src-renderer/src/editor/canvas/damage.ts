import { geometryBounds, type Bounds } from '../../../../src-shared/geometry/bounds';
import type { EditorState } from '../editor-state';
import type { ShapeRecord } from '../model/records';

/** Past this many changed shapes, a full redraw is simpler than collecting their areas. */
const MAX_DAMAGED = 200;

/**
 * Which parts of the bulk layer (in image pixels) a state change affects: the old and new places
 * of changed records, records whose selection emphasis changed, and those handed to or back from
 * the overlay. 'all' when visibility or the image changed, or too much changed to be worth it.
 */
export function damageOf(next: EditorState, prev: EditorState): Bounds[] | 'all' {
  if (next.imageId !== prev.imageId || next.hidden !== prev.hidden || next.hiddenClasses !== prev.hiddenClasses || next.imageSize !== prev.imageSize) return 'all';
  const touched: ShapeRecord[] = [];
  if (next.records !== prev.records) {
    const before = new Map(prev.records.map((r) => [r.key, r]));
    for (const r of next.records) {
      const old = before.get(r.key);
      if (old !== r) {
        touched.push(r);
        if (old) touched.push(old);
      }
      before.delete(r.key);
    }
    touched.push(...before.values());
  }
  const byKey = (state: EditorState) => (key: string) => state.records.find((r) => r.key === key);
  if (next.selection !== prev.selection) {
    const a = new Set(prev.selection);
    const b = new Set(next.selection);
    const flipped = [...prev.selection.filter((k) => !b.has(k)), ...next.selection.filter((k) => !a.has(k))];
    if (flipped.length > MAX_DAMAGED) return 'all';
    const find = byKey(next);
    for (const k of flipped) {
      const r = find(k) ?? byKey(prev)(k);
      if (r) touched.push(r);
    }
  }
  if (next.overlay.editing !== prev.overlay.editing) {
    const keys = (s: EditorState) => s.overlay.editing.map((e) => e.key).join();
    if (keys(next) !== keys(prev)) {
      const find = byKey(next);
      for (const e of [...prev.overlay.editing, ...next.overlay.editing]) {
        const r = find(e.key);
        if (r) touched.push(r);
      }
    }
  }
  if (touched.length > MAX_DAMAGED) return 'all';
  return touched.map((r) => geometryBounds(r.geometry));
}
