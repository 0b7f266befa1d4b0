import { useEffect, useMemo } from 'react';
import { api } from '../api/client';
import { coalesce } from '../data/coalesce';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';
import { reconcile } from './model/reconcile';
import { autosave, editor, ids, isOwnEcho, onWritesRejected } from './session';

/**
 * Keeps the open image in step with the store when something else changes it (another window,
 * the CLI, a sync) and after the store refused a write: once nothing of ours is waiting to be
 * saved, the store's annotations are read back and merged in as a remote diff.
 */
export function useEditorSync(projectId: string, imageId: string): void {
  const reload = useMemo(
    () =>
      coalesce(async () => {
        await autosave.whenIdle();
        const records = editor.state.records;
        try {
          const [stored, image] = await Promise.all([api.listAnnotations({ image_id: imageId }), api.getImage({ image_id: imageId })]);
          // Edited meanwhile: the list may predate the edit; the edit's own save brings us back here if needed.
          if (editor.state.imageId !== imageId || editor.state.records !== records || !autosave.idle) return;
          editor.applyRemote(reconcile(records, stored, (id) => ids.keyOf(id)));
          if (JSON.stringify(image.image_annotations) !== JSON.stringify(editor.state.imageLevel)) editor.store.setState({ imageLevel: image.image_annotations });
        } catch (error) {
          reportError(error);
        }
      }),
    [imageId],
  );

  useApiEvent('dataChanged', (e) => {
    if (e.project_id !== projectId) return;
    const annotations = e.tables.includes('annotations') && (!e.image_id || e.image_id === imageId);
    const images = e.tables.includes('images') && e.image_id === imageId;
    if (annotations && isOwnEcho(e.image_id ?? null)) return;
    if (images && autosave.idle && !annotations) return reload();
    if (annotations) reload();
  });

  useEffect(() => onWritesRejected((imageIds) => imageIds.includes(imageId) && reload()), [imageId, reload]);
}
