import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Image } from '../../../../src-shared/contract/entities';
import { api } from '../../api/client';
import { coalesce } from '../../data/coalesce';
import { useApiEvent } from '../../data/use-api-event';
import { reportError } from '../../errors/error-store';
import { filterToAnnotated, type ImageFilter } from '../../navigation/store';

const SPAN = 7;

/**
 * The neighbours of the open image in the grid's order and filter, as thumbnails: a click opens
 * one, and the grid scrolls back to whichever is open when the editor closes.
 */
export function Filmstrip({ projectId, imageId, index, filter, onOpen }: { projectId: string; imageId: string; index: number; filter: ImageFilter; onOpen(id: string, index: number): void }) {
  const [page, setPage] = useState<{ offset: number; items: Image[] }>({ offset: 0, items: [] });
  const offset = Math.max(0, index - SPAN);
  const load = useCallback(async () => {
    if (index < 0) return;
    try {
      const result = await api.listImages({ project_id: projectId, annotated: filterToAnnotated(filter), offset, limit: 2 * SPAN + 1 });
      setPage({ offset, items: result.items });
    } catch (error) {
      reportError(error);
    }
  }, [projectId, filter, offset, index]);
  const refresh = useMemo(() => coalesce(load), [load]);
  useEffect(refresh, [refresh]);
  useApiEvent('dataChanged', (e) => {
    if (e.project_id === projectId && e.tables.some((t) => t === 'images' || t === 'annotations')) refresh();
  });
  return (
    <div className="filmstrip" data-testid="filmstrip">
      {page.items.map((image, i) => (
        <button
          key={image.id}
          type="button"
          className={image.id === imageId ? 'film current' : 'film'}
          data-testid="film"
          aria-current={image.id === imageId}
          title={image.filename}
          onClick={() => image.id !== imageId && onOpen(image.id, page.offset + i)}
        >
          <img loading="lazy" decoding="async" draggable={false} src={api.mediaUrl(image.id, 'thumb')} alt="" />
          <span className={image.annotation_count || image.image_annotations.classes.length ? 'badge' : 'badge zero'}>{image.annotation_count || (image.image_annotations.classes.length ? '✓' : 0)}</span>
        </button>
      ))}
    </div>
  );
}
