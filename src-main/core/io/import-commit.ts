import type { Image } from '../../../src-shared/contract/entities';
import type { Store } from '../store';
import type { ImportPlan } from './import-plan';

const CHUNK = 10_000;

/**
 * Writes an import plan in one transaction: the project's classes and attributes, new images,
 * annotations (in chunks, each with its outbox entry), image-level labels. Anything that throws
 * rolls all of it back.
 */
export function commitImport(store: Store, projectId: string, plan: ImportPlan, options: { replace: boolean; taskConfig: Record<string, unknown> | null }): { imageIds: Map<string, string>; annotations: number; imageLabels: number } {
  const project = store.projects.get(projectId);
  const imageIds = new Map<string, string>();
  let written = 0;
  store.db.transaction(() => {
    const patch: Parameters<Store['projects']['update']>[1] = {};
    if (plan.classesCreated.length) patch.classes = plan.classes;
    if (plan.attributesAdded.length || JSON.stringify(plan.attributes) !== JSON.stringify(project.attributes)) patch.attributes = plan.attributes;
    if (options.taskConfig) patch.task_config = { ...project.task_config, ...options.taskConfig };
    if (Object.keys(patch).length) store.projects.update(projectId, patch);
    const ids = plan.newImages.length ? store.images.insertMany(projectId, plan.newImages) : [];
    ids.forEach((id, i) => imageIds.set(`new:${i}`, id));
    for (const image of plan.existingImages) imageIds.set(image.id, image.id);
    if (options.replace) {
      const touched = new Set(plan.annotations.map((a) => a.image));
      const old = plan.existingImages.filter((i) => touched.has(i.id)).flatMap((i) => store.annotations.forImage(i.id).map((a) => a.id));
      if (old.length) store.annotations.deleteMany(old);
    }
    const rows = plan.annotations;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      for (const row of chunk) row.image_id = imageIds.get(row.image)!;
      written += store.annotations.insertMany(projectId, chunk).length;
      // Let written rows (and their shapes) go, so the heap shrinks as the import proceeds.
      rows.fill(undefined as never, i, i + CHUNK);
    }
    for (const [key, labels] of plan.imageLabels) {
      const id = imageIds.get(key)!;
      const current: Image['image_annotations'] = store.images.get(id).image_annotations;
      store.images.update(id, {
        image_annotations: {
          classes: [...new Set([...current.classes, ...labels.classes])],
          captions: [...current.captions, ...labels.captions.filter((c) => !current.captions.some((k) => k.text === c.text))],
        },
      });
    }
  })();
  plan.annotations = [];
  return { imageIds, annotations: written, imageLabels: plan.imageLabels.size };
}
