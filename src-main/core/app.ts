import path from 'node:path';
import { z } from 'zod';
import { AppError, toErrorPayload } from '../../src-shared/contract/errors';
import type { Result } from '../../src-shared/contract/client';
import { procedures, type ProcedureArgs, type ProcedureName, type ProcedureOutput } from '../../src-shared/contract/procedures';
import { createEventBus, type EventBus } from './events';
import { importFolder } from './images/import-folder';
import { createMedia, type Media } from './media/media';
import { annotationService } from './services/annotations';
import { openStore, type Store } from './store';

export interface CoreOptions {
  /** Directory holding labeler.db and caches (Electron passes userData; CLI and serve take --data). */
  dataDir: string;
  transport: 'ipc' | 'ws';
  version?: string;
  /** Validate every output against its schema too (on in tests). */
  checkOutputs?: boolean;
}

type Handlers = { [N in ProcedureName]: (input: ProcedureArgs<N>) => ProcedureOutput<N> | Promise<ProcedureOutput<N>> };

export interface Core {
  store: Store;
  bus: EventBus;
  media: Media;
  dataDir: string;
  /** Validates the input, runs the procedure, and answers a Result (never throws). */
  dispatch(name: string, input: unknown): Promise<Result<unknown>>;
  /** Typed direct call for in-process users (CLI, tests); throws AppError. */
  call<N extends ProcedureName>(name: N, input: z.input<(typeof procedures)[N]['input']>): Promise<ProcedureOutput<N>>;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'labeler.db');
}

/** Builds core over a data directory: the store, the services and the procedure handlers. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  const store = await openStore(databaseFile(dataDir));
  const bus = createEventBus();
  const media = createMedia(store, dataDir);
  const annotations = annotationService(store);
  let jobs = 0;
  const changed = (project_id: string | null, tables: ('projects' | 'images' | 'annotations')[], image_id?: string) =>
    bus.emit('dataChanged', { project_id, tables, image_id: image_id ?? null });

  const handlers: Handlers = {
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
      importFolder(store, bus, project_id, folder, { recursive, jobId: `import-${Date.now()}-${++jobs}` }),
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
    appInfo: () => ({ version: options.version ?? '0.0.0', data_dir: dataDir, transport: options.transport }),
  };

  const run = async (name: string, input: unknown): Promise<unknown> => {
    if (!Object.hasOwn(procedures, name)) throw new AppError('NOT_FOUND', `Unknown procedure ${name}.`);
    const procedure = procedures[name as ProcedureName];
    const parsed = procedure.input.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
      throw new AppError('VALIDATION_ERROR', `Invalid input for ${name}: ${details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')}`, details);
    }
    const output = await (handlers[name as ProcedureName] as (i: unknown) => unknown)(parsed.data);
    if (options.checkOutputs) procedure.output.parse(output);
    return output;
  };

  return {
    store,
    bus,
    media,
    dataDir,
    async dispatch(name, input) {
      try {
        return { ok: true, value: await run(name, input) };
      } catch (error) {
        return { ok: false, error: toErrorPayload(error) };
      }
    },
    call: (name, input) => run(name, input) as Promise<never>,
    close: () => store.close(),
  };
}
