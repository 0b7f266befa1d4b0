import { useEffect, useReducer, useState } from 'react';
import type { Image } from '../../../src-shared/contract/entities';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';
import { filterToAnnotated, type ImageFilter } from '../navigation/store';
import { PageCache } from './page-cache';

/**
 * The project's images as a lazily paged list. `version` changes whenever a page lands or the
 * data changed, so the grid re-renders and asks again for what it shows.
 */
export function useImagePages(projectId: string, filter: ImageFilter): { pages: PageCache<Image>; version: number } {
  const [version, bump] = useReducer((v: number) => v + 1, 0);
  const [pages] = useState(
    () =>
      new PageCache<Image>({
        fetchPage: (offset, limit) => api.listImages({ project_id: projectId, annotated: filterToAnnotated(filter), offset, limit }),
        onChange: bump,
        onError: reportError,
        pageSize: 200,
      }),
  );
  useEffect(() => () => pages.dispose(), [pages]);
  useApiEvent('dataChanged', (e) => {
    if (e.project_id !== projectId || !e.tables.some((t) => t === 'images' || t === 'annotations')) return;
    pages.invalidate();
    bump();
  });
  return { pages, version };
}
