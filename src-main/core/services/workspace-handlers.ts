import type { ProcedureName } from '../../../src-shared/contract/procedures';
import { AppError } from '../../../src-shared/contract/errors';
import { imageClassProblems, type TaskConfig } from '../../../src-shared/geometry/task-rules';
import { importFolder } from '../images/import-folder';
import type { CoreDeps, HandlerGroup } from '../deps';
import { annotationService } from './annotations';

type WorkspaceProcedure = Extract<
  ProcedureName,
  | 'listProjects' | 'getProject' | 'createProject' | 'updateProject' | 'deleteProject' | 'projectStats'
  | 'importFolder' | 'listImages' | 'getImage' | 'imageNeighbours' | 'updateImage'
  | 'listAnnotations' | 'queryAnnotations' | 'createAnnotation' | 'createAnnotations' | 'updateAnnotation'
  | 'deleteAnnotation' | 'deleteAnnotations' | 'appInfo'
>;

/** Projects, images and annotations: the procedures of the foundation. */
export function workspaceHandlers(deps: CoreDeps): HandlerGroup<WorkspaceProcedure> {
  const { store, bus, options, changed } = deps;
  const annotations = annotationService(store);
  return {
    listProjects: ({ status }) =>
      store.projects.list(status).map((p) => {
        const s = store.projects.stats(p.id);
        return { ...p, stats: { images: s.images, annotated_images: s.annotated_images, annotations: s.annotations } };
      }),
    getProject: ({ project_id }) => store.projects.get(project_id),
    createProject: (input) => {
      const project = store.projects.create(input);
      changed(project.id, ['projects']);
      return project;
    },
    updateProject: ({ project_id, patch }) => {
      const project = store.projects.update(project_id, patch);
      changed(project_id, ['projects']);
      return project;
    },
    deleteProject: ({ project_id }) => {
      store.projects.delete(project_id);
      changed(project_id, ['projects', 'images', 'annotations']);
      return { deleted: true as const };
    },
    projectStats: ({ project_id }) => store.projects.stats(project_id),
    importFolder: ({ project_id, path: folder, recursive }) =>
      importFolder(store, bus, project_id, folder, { recursive, jobId: deps.jobId('import') }),
    listImages: ({ project_id, annotated, search, offset, limit }) => {
      store.projects.get(project_id);
      return store.images.page(project_id, { annotated, search }, offset, limit);
    },
    getImage: ({ image_id }) => store.images.get(image_id),
    imageNeighbours: ({ image_id, annotated }) => {
      const image = store.images.get(image_id);
      const ids = store.images.orderedIds(image.project_id, { annotated });
      const index = ids.indexOf(image_id);
      if (index < 0) {
        const all = store.images.orderedIds(image.project_id);
        const after = all.slice(all.indexOf(image_id) + 1).find((id) => ids.includes(id)) ?? null;
        return { previous: null, next: after, index: -1, total: ids.length };
      }
      return { previous: ids[index - 1] ?? null, next: ids[index + 1] ?? null, index, total: ids.length };
    },
    updateImage: ({ image_id, image_annotations, reviewed }) => {
      if (image_annotations) {
        const project = store.projects.get(store.images.get(image_id).project_id);
        const unknown = image_annotations.classes.filter((id) => !project.classes.some((c) => c.id === id));
        const problems = [
          ...unknown.map((id) => ({ field: 'image_annotations.classes', message: `class ${id} is not a class of project "${project.name}"` })),
          ...imageClassProblems(image_annotations.classes, project.task_config as TaskConfig),
        ];
        if (problems.length) throw new AppError('VALIDATION_ERROR', `Image labels refused: ${problems[0].message}. Nothing was saved.`, problems);
      }
      const image = store.images.update(image_id, { image_annotations, reviewed });
      changed(image.project_id, ['images'], image_id);
      return image;
    },
    listAnnotations: ({ image_id }) => {
      store.images.get(image_id);
      return store.annotations.forImage(image_id);
    },
    queryAnnotations: ({ project_id, offset, limit, ...filter }) => {
      store.projects.get(project_id);
      return store.annotations.query(project_id, filter, offset, limit);
    },
    createAnnotation: (input) => {
      const [id] = annotations.createMany([input]);
      const created = store.annotations.get(id);
      changed(created.project_id, ['annotations'], created.image_id);
      return created;
    },
    createAnnotations: ({ annotations: list }) => {
      const ids = annotations.createMany(list);
      changed(store.images.get(list[0].image_id).project_id, ['annotations']);
      return { created: ids.length, annotation_ids: ids };
    },
    updateAnnotation: ({ annotation_id, patch }) => {
      const updated = annotations.update(annotation_id, patch);
      changed(updated.project_id, ['annotations'], updated.image_id);
      return updated;
    },
    deleteAnnotation: ({ annotation_id }) => {
      const current = store.annotations.get(annotation_id);
      store.annotations.deleteMany([annotation_id]);
      changed(current.project_id, ['annotations'], current.image_id);
      return { deleted: true as const };
    },
    deleteAnnotations: ({ annotation_ids }) => {
      const first = store.annotations.get(annotation_ids[0]);
      const deleted = store.annotations.deleteMany(annotation_ids);
      changed(first.project_id, ['annotations']);
      return { deleted };
    },
    appInfo: () => ({ version: options.version ?? '0.0.0', data_dir: deps.dataDir, transport: options.transport }),
  };
}
