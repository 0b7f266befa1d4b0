import type { Editor } from '../editor';
import type { ShapeRecord } from '../model/records';

/** Screen pixels a drawn shape reaches past its geometry (outline, selection emphasis, keypoint dots). */
const REACH_PX = 8;

/**
 * The records the bulk layer draws into a screen rectangle (CSS pixels), in z-order: visible ones,
 * minus those the overlay draws live, and — when the rectangle shows part of the image — only
 * those whose bounds meet it (found through the spatial index, so a frame at 800% or a thin pan
 * strip costs what is in it, not what is on the image).
 */
export function visibleItems(editor: Editor, rect: { x: number; y: number; width: number; height: number }): readonly ShapeRecord[] {
  const st = editor.state;
  const { scale, x, y } = editor.view;
  const pad = REACH_PX / scale;
  const area = { minX: (rect.x - x) / scale - pad, minY: (rect.y - y) / scale - pad, maxX: (rect.x + rect.width - x) / scale + pad, maxY: (rect.y + rect.height - y) / scale + pad };
  const wholeImage = area.minX <= 0 && area.minY <= 0 && area.maxX >= st.imageSize.width && area.maxY >= st.imageSize.height;
  const editing = st.overlay.editing.length ? new Set(st.overlay.editing.map((e) => e.key)) : null;
  const filtering = editing || st.hidden.size || st.hiddenClasses.size;
  let records = st.records;
  if (!wholeImage) {
    const keys = editor.index.query(area);
    if (keys.length < records.length) records = keys.sort((a, b) => editor.orderOf(a) - editor.orderOf(b)).map((k) => editor.record(k)!);
  }
  if (!filtering) return records;
  return records.filter((r) => !editing?.has(r.key) && !st.hidden.has(r.key) && !st.hiddenClasses.has(r.class_id));
}
