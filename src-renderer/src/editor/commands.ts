import { keepInImage } from '../../../src-shared/geometry/clip';
import { translateGeometry } from '../../../src-shared/geometry/translate';
import type { Editor } from './editor';
import { diff } from './model/diff';
import { sameContent, type ImageLevel, type ShapeRecord } from './model/records';

/**
 * Edits of the selection and the image, each one undoable command. They read the editor's
 * state and commit a diff; nothing here touches the canvas or the API.
 */

const selected = (editor: Editor): ShapeRecord[] => editor.state.selection.map((k) => editor.record(k)).filter((r): r is ShapeRecord => !!r);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Deletes the selected shapes in one command; locked ones stay (unlock them first). */
export function deleteSelection(editor: Editor): void {
  const all = selected(editor);
  const removable = all.filter((r) => !editor.state.locked.has(r.key));
  if (removable.length < all.length) editor.refuse(`${plural(all.length - removable.length, 'locked shape')} kept; unlock to delete.`);
  if (!removable.length) return;
  editor.commit(diff({ removed: removable }), `Delete ${plural(removable.length, 'shape')}`);
}

/** Makes `classId` the class for new shapes and gives it to the selection. */
export function applyClass(editor: Editor, classId: number | null): void {
  editor.store.setState({ activeClass: classId });
  const changed = selected(editor).filter((r) => r.class_id !== classId);
  if (changed.length) editor.commit(diff({ updated: changed.map((r) => [r, { ...r, class_id: classId }] as const) }), `Class of ${plural(changed.length, 'shape')}`);
}

/** Sets (or, with undefined or '', removes) one attribute on the selection; a no-op commits nothing. */
export function setAttribute(editor: Editor, name: string, value: unknown): void {
  const updated = selected(editor)
    .map((r) => {
      const attributes = { ...r.attributes };
      if (value === undefined || value === '') delete attributes[name];
      else attributes[name] = value;
      return [r, { ...r, attributes }] as const;
    })
    .filter(([r, next]) => !sameContent(r, next));
  if (updated.length) editor.commit(diff({ updated }), `Set ${name}`);
}

export function setCaption(editor: Editor, caption: string | null): void {
  const value = caption?.trim() ? caption : null;
  const changed = selected(editor).filter((r) => r.caption !== value);
  if (changed.length) editor.commit(diff({ updated: changed.map((r) => [r, { ...r, caption: value }] as const) }), 'Caption');
}

/** Brings the selection above (or sends it below) every other shape, keeping its own order. */
export function reorder(editor: Editor, where: 'front' | 'back'): void {
  const sel = new Set(editor.state.selection);
  const records = editor.state.records;
  const moving = records.filter((r) => sel.has(r.key));
  const others = records.filter((r) => !sel.has(r.key));
  if (!moving.length || !others.length) return;
  const base = where === 'front' ? Math.max(...others.map((r) => r.z_order)) + 1 : Math.min(...others.map((r) => r.z_order)) - moving.length;
  const updated = moving.map((r, i) => [r, { ...r, z_order: base + i }] as const).filter(([a, b]) => a.z_order !== b.z_order);
  if (updated.length) editor.commit(diff({ updated }), where === 'front' ? 'Bring to front' : 'Send to back');
}

export function selectAll(editor: Editor): void {
  editor.select(editor.state.records.filter((r) => editor.isVisible(r.key) && !editor.state.locked.has(r.key)).map((r) => r.key));
}

const toggled = <T>(set: ReadonlySet<T>, items: readonly T[]): Set<T> => {
  const next = new Set(set);
  const allIn = items.every((i) => next.has(i));
  for (const i of items) {
    if (allIn) next.delete(i);
    else next.add(i);
  }
  return next;
};

/** Hides the given shapes (the selection by default), or shows them when all are hidden. */
export function toggleHidden(editor: Editor, keys: readonly string[] = editor.state.selection): void {
  if (!keys.length) return;
  const hidden = toggled(editor.state.hidden, keys);
  editor.store.setState({ hidden, selection: editor.state.selection.filter((k) => !hidden.has(k)) });
}

export function showAll(editor: Editor): void {
  editor.store.setState({ hidden: new Set(), hiddenClasses: new Set() });
}

export function toggleClassHidden(editor: Editor, classId: number | null): void {
  const hiddenClasses = toggled(editor.state.hiddenClasses, [classId]);
  editor.store.setState({ hiddenClasses, selection: editor.state.selection.filter((k) => editor.record(k)?.class_id !== classId || !hiddenClasses.has(classId)) });
}

/** Locks the given shapes against moving, reshaping and deleting, or unlocks them when all are locked. */
export function toggleLocked(editor: Editor, keys: readonly string[] = editor.state.selection): void {
  if (keys.length) editor.store.setState({ locked: toggled(editor.state.locked, keys) });
}

// ── clipboard ──────────────────────────────────────────────────────────────

let clipboard: { imageId: string; records: ShapeRecord[] } | null = null;

export function copySelection(editor: Editor): void {
  const records = selected(editor);
  if (!records.length || !editor.state.imageId) return;
  clipboard = { imageId: editor.state.imageId, records };
  editor.inform(`Copied ${plural(records.length, 'shape')}`);
}

/** Offset of a paste onto the image it was copied from, so the copies do not hide the originals. */
const SAME_IMAGE_OFFSET = 10;

/**
 * Pastes the copied shapes as new ones: in place on another image (the next frame of a video,
 * the same scene), shifted a little on the same image. Each is kept within this image and
 * checked like a drawn shape; those that cannot be are left out and said so.
 */
export function paste(editor: Editor): void {
  if (!clipboard || !editor.state.imageId) return;
  const offset = clipboard.imageId === editor.state.imageId ? SAME_IMAGE_OFFSET : 0;
  const added: ShapeRecord[] = [];
  let refused = 0;
  for (const r of clipboard.records) {
    const moved = keepInImage(translateGeometry(r.geometry, offset, offset), editor.state.imageSize);
    const checked = moved ? editor.check(moved) : null;
    if (!checked || 'problem' in checked) {
      refused++;
      continue;
    }
    const fresh = editor.newRecord(checked.geometry);
    added.push({ ...fresh, class_id: r.class_id, attributes: r.attributes, caption: r.caption });
  }
  if (refused) editor.refuse(`${plural(refused, 'copied shape')} did not fit this image and ${refused === 1 ? 'was' : 'were'} left out.`);
  if (!added.length) return;
  editor.commit(diff({ added }), `Paste ${plural(added.length, 'shape')}`);
  editor.select(added.map((r) => r.key));
}

// ── image level ────────────────────────────────────────────────────────────

function setImageLevel(editor: Editor, next: ImageLevel, label: string) {
  const before = editor.state.imageLevel;
  if (JSON.stringify(before) !== JSON.stringify(next)) editor.commit(diff({ image: [before, next] }), label);
}

/** Toggles an image-level class; single-label projects keep at most one. */
export function toggleImageClass(editor: Editor, classId: number, multiLabel: boolean): void {
  const { classes, captions } = editor.state.imageLevel;
  const has = classes.includes(classId);
  const next = has ? classes.filter((c) => c !== classId) : multiLabel ? [...classes, classId] : [classId];
  setImageLevel(editor, { classes: next, captions }, has ? 'Remove image class' : 'Add image class');
}

export function setImageCaptions(editor: Editor, captions: ImageLevel['captions']): void {
  setImageLevel(editor, { ...editor.state.imageLevel, captions: captions.filter((c) => c.text.trim()) }, 'Image caption');
}
