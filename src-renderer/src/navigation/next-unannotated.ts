import { api } from '../api/client';

const PAGE = 500;

/**
 * The next image, after `imageId` in filename order and wrapping around, that still needs work:
 * no annotations in a drawing project, no image class in a classification-only one. Null when
 * every other image is done.
 */
export async function nextUnannotated(projectId: string, imageId: string, classificationOnly: boolean): Promise<string | null> {
  if (!classificationOnly) {
    const { next } = await api.imageNeighbours({ image_id: imageId, annotated: false });
    if (next) return next;
    const first = await api.listImages({ project_id: projectId, annotated: false, limit: 2 });
    return first.items.find((i) => i.id !== imageId)?.id ?? null;
  }
  const { index, total } = await api.imageNeighbours({ image_id: imageId });
  let scanned = 0;
  let offset = index + 1;
  while (scanned < total) {
    if (offset >= total) offset = 0;
    const { items } = await api.listImages({ project_id: projectId, offset, limit: PAGE });
    if (!items.length) break;
    for (const image of items) {
      if (++scanned > total) break;
      if (image.id !== imageId && image.image_annotations.classes.length === 0) return image.id;
    }
    offset += items.length;
  }
  return null;
}
