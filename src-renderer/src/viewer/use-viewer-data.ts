import { useEffect, useState } from 'react';
import type { Annotation, Image, Project } from '../../../src-shared/contract/entities';
import type { ProcedureOutput } from '../../../src-shared/contract/procedures';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
import { autosave } from '../editor/session';
import { describeError, reportError, type ShownError } from '../errors/error-store';
import { filterToAnnotated, type ImageFilter } from '../navigation/store';
import { loadBitmap } from './load-bitmap';

export interface ViewerData {
  image: Image;
  neighbours: ProcedureOutput<'imageNeighbours'>;
  annotations: Annotation[];
  bitmap: HTMLImageElement | null;
  bitmapError: Omit<ShownError, 'id'> | null;
}

/**
 * Everything the viewer shows for one image, committed together once the pixels are decoded so
 * the filename, the picture and its annotations never disagree while stepping through images.
 * `annotations` is what the editor opens with; from then on the editor holds them.
 */
export function useViewerData(projectId: string, imageId: string, filter: ImageFilter) {
  const [project, setProject] = useState<Project | null>(null);
  const [data, setData] = useState<ViewerData | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    api.getProject({ project_id: projectId }).then((p) => live && setProject(p), reportError);
    return () => {
      live = false;
    };
  }, [projectId]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const load = async () => {
      // Edits still on their way to the store would be missing from the list below.
      await autosave.flush();
      const [image, neighbours, annotations] = await Promise.all([
        api.getImage({ image_id: imageId }),
        api.imageNeighbours({ image_id: imageId, annotated: filterToAnnotated(filter) }),
        api.listAnnotations({ image_id: imageId }),
      ]);
      let bitmap: HTMLImageElement | null = null;
      let bitmapError: ViewerData['bitmapError'] = null;
      try {
        bitmap = await loadBitmap(api.mediaUrl(imageId, 'image'));
      } catch (error) {
        bitmapError = describeError(error);
      }
      if (!live) return;
      setData({ image, neighbours, annotations, bitmap, bitmapError });
      // Warm the browser cache so the next step is instant.
      if (neighbours.next) new Image().src = api.mediaUrl(neighbours.next, 'image');
    };
    load()
      .catch(reportError)
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [imageId, filter]);

  // Annotation changes of the open image are merged by the editor (see use-editor-sync).
  useApiEvent('dataChanged', (e) => {
    if (e.project_id === projectId && e.tables.includes('projects')) api.getProject({ project_id: projectId }).then(setProject, reportError);
  });

  return { project, data, loading };
}
