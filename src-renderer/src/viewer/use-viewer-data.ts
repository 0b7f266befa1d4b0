import { useEffect, useState } from 'react';
import type { Annotation, Image, Project } from '../../../src-shared/contract/entities';
import type { ProcedureOutput } from '../../../src-shared/contract/procedures';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
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

  useApiEvent('dataChanged', (e) => {
    if (e.project_id !== projectId) return;
    if (e.tables.includes('projects')) api.getProject({ project_id: projectId }).then(setProject, reportError);
    if (e.tables.includes('annotations') && (!e.image_id || e.image_id === imageId)) {
      api.listAnnotations({ image_id: imageId }).then((annotations) => setData((d) => (d && d.image.id === imageId ? { ...d, annotations } : d)), reportError);
    }
  });

  return { project, data, loading };
}
