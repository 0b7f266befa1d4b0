import { randomUUID } from 'node:crypto';
import type { Project } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import { typeAllowed } from '../../../src-shared/geometry/task-rules';
import type { ProcedureName } from '../../../src-shared/contract/procedures';
import { progressReporter } from '../events';
import type { CoreDeps, HandlerGroup } from '../deps';
import { annotationService } from '../services/annotations';
import { resultToAnnotations } from './accept';
import { imageRef, precompute, segmentBoxes } from './batch-jobs';
import { createEnginePool } from './engine-pool';
import { Lru } from './lru';
import { createModelManager } from './model-manager';
import type { SegmentResult } from './types';

type AiProcedure = Extract<ProcedureName, `ai${string}`>;

interface StoredResult {
  image_id: string;
  project_id: string;
  model_id: string;
  result: SegmentResult;
}

/** Results kept for accept and refinement: enough for a burst of hover previews on one image. */
const RESULTS_KEPT = 64;

/** On-device Segment Anything for the workstation: the engine, model manager and batch jobs behind the ai* procedures. */
export function aiHandlers(deps: CoreDeps): HandlerGroup<AiProcedure> {
  const { store, bus, changed } = deps;
  const manager = createModelManager({ dataDir: deps.dataDir });
  const engines = createEnginePool(manager, deps.dataDir);
  const annotations = annotationService(store);
  const results = new Lru<string, StoredResult>(RESULTS_KEPT);
  const jobs = new Map<string, AbortController>();
  let prefetchJob: string | null = null;
  deps.onClose(() => {
    for (const job of jobs.values()) job.abort();
    engines.close();
  });

  // Project settings live in task_config.sam ({ model, accept_as }), beside the API's task sections.
  const samSettings = (project: Project): Record<string, unknown> => {
    const section = project.task_config.sam;
    return typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  };
  const modelFor = (project: Project, explicit?: string) => {
    const configured = samSettings(project).model;
    return explicit ?? (typeof configured === 'string' ? configured : manager.defaultModelId());
  };
  /** Polygon unless the project says mask, or only allows masks (task_config.segmentation.types). */
  const acceptAs = (project: Project, explicit?: 'polygon' | 'mask'): 'polygon' | 'mask' => {
    const configured = samSettings(project).accept_as;
    if (explicit) return explicit;
    if (configured === 'mask' || configured === 'polygon') return configured;
    return typeAllowed('polygon', project.task_config) ? 'polygon' : 'mask';
  };
  const imageContext = (imageId: string, modelId?: string) => {
    const image = store.images.get(imageId);
    const project = store.projects.get(image.project_id);
    return { image, project, modelId: modelFor(project, modelId) };
  };
  const runJob = async <T>(kind: string, projectId: string | null, work: (signal: AbortSignal, report: ReturnType<typeof progressReporter>, jobId: string) => Promise<T>): Promise<T & { job_id: string }> => {
    const jobId = deps.jobId(kind);
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      return { ...(await work(controller.signal, progressReporter(bus, { job_id: jobId, kind, project_id: projectId }), jobId)), job_id: jobId };
    } finally {
      jobs.delete(jobId);
    }
  };

  return {
    aiStatus: ({ model_id, image_ids }) => {
      const modelId = model_id ?? manager.defaultModelId();
      const engine = engines.peek(modelId);
      const ready: Record<string, boolean> = {};
      for (const id of image_ids) ready[id] = Boolean(engine?.where(store.images.get(id).sha256));
      const stats = engine?.stats();
      return { model_id: modelId, ...engines.state(modelId), decoder_thread: stats?.decoder_thread ?? null, ready, cache: stats?.cache ?? null, queue: stats?.queue ?? null };
    },
    aiModels: () => ({ default_model: manager.defaultModelId(), models: manager.list() }),
    aiImportModel: async ({ model_id, encoder, decoder }) => {
      const model = await manager.importFiles(model_id, { encoder, decoder });
      engines.reset(model_id);
      return model;
    },
    aiDownloadModel: ({ model_id }) =>
      runJob('ai.download', null, async (signal, report) => {
        let last = { done: 0, total: 0 };
        const model = await manager.download(model_id, {
          signal,
          onProgress: (done, total, file) => {
            last = { done, total };
            report(done, total, `Downloading ${file}`);
          },
        });
        report(last.total, last.total, 'Downloaded and verified', true);
        engines.reset(model_id);
        return { model };
      }),
    aiPrepare: async ({ image_id, model_id }) => {
      const { image, modelId } = imageContext(image_id, model_id);
      const engine = await engines.get(modelId);
      const encoded = await engine.encode(imageRef(image));
      return { image_id, model_id: modelId, embedding: encoded.source, ms: encoded.ms };
    },
    aiPrefetch: async ({ image_id, ahead, annotated, model_id }) => {
      const { image, modelId } = imageContext(image_id, model_id);
      if (prefetchJob) jobs.get(prefetchJob)?.abort();
      const ids = store.images.orderedIds(image.project_id, { annotated });
      const at = ids.indexOf(image_id);
      const next = ids.slice(at + 1, at + 1 + ahead).map((id) => store.images.get(id));
      const engine = await engines.get(modelId);
      const wanted = next.flatMap((i) => {
        try {
          return [{ id: i.id, ref: imageRef(i) }];
        } catch {
          return [];
        }
      });
      const handle = engine.prefetch(wanted.map((w) => w.ref));
      const jobId = deps.jobId('ai.prefetch');
      const controller = new AbortController();
      controller.signal.addEventListener('abort', () => handle.cancel());
      jobs.set(jobId, controller);
      prefetchJob = jobId;
      void handle.done.finally(() => jobs.delete(jobId));
      const idsOf = (shas: string[]) => wanted.filter((w) => shas.includes(w.ref.sha256)).map((w) => w.id);
      return { job_id: jobId, queued: idsOf(handle.queued), ready: idsOf(handle.ready) };
    },
    aiSegment: async ({ image_id, model_id, points, box, previous_result_id, tolerance, min_area }) => {
      const { image, project, modelId } = imageContext(image_id, model_id);
      const previous = previous_result_id ? results.get(previous_result_id) : null;
      if (previous_result_id && !previous) throw new AppError('NOT_FOUND', `Result ${previous_result_id} has expired. Segment again without previous_result_id.`);
      if (previous && (previous.image_id !== image_id || previous.model_id !== modelId)) throw new AppError('VALIDATION_ERROR', 'previous_result_id belongs to another image or model; refinement needs a result of this image.');
      const engine = await engines.get(modelId);
      const encoded = await engine.encode(imageRef(image));
      if (encoded.embedding.width !== image.width || encoded.embedding.height !== image.height) {
        throw new AppError('CONFLICT', `${image.path} is ${encoded.embedding.width}×${encoded.embedding.height} now but was ${image.width}×${image.height} when imported. Re-import the folder.`);
      }
      const result = await engine.decode(encoded.embedding, { points, box }, { maskInput: previous?.result.lowRes, tolerance, minArea: min_area });
      const resultId = randomUUID();
      results.set(resultId, { image_id, project_id: project.id, model_id: modelId, result });
      const { polygons, bbox, area, score, rle, timings } = result;
      return { result_id: resultId, image_id, model_id: modelId, polygons, bbox, area, score, rle, embedding: encoded.source, timings: { encode_ms: encoded.ms, ...timings } };
    },
    aiAccept: ({ result_id, class_id, as, components }) => {
      const stored = results.get(result_id);
      if (!stored) throw new AppError('NOT_FOUND', `Result ${result_id} has expired. Segment again, then accept.`);
      const project = store.projects.get(stored.project_id);
      const inputs = resultToAnnotations(stored.result, stored.image_id, { as: acceptAs(project, as), components, class_id });
      const ids = annotations.createMany(inputs);
      changed(project.id, ['annotations'], stored.image_id);
      return { annotations: ids.map((id) => store.annotations.get(id)) };
    },
    aiSegmentBoxes: async ({ project_id, model_id, image_ids, class_id, as, keep_originals }) => {
      const project = store.projects.get(project_id);
      const engine = await engines.get(modelFor(project, model_id));
      const ids = image_ids ?? store.images.orderedIds(project_id);
      return runJob('ai.segment-boxes', project_id, (signal, report) =>
        segmentBoxes({ store, engine, signal, report, annotations, changed }, project_id, ids, { class_id, as: acceptAs(project, as), keep_originals }),
      );
    },
    aiPrecompute: async ({ project_id, model_id, image_ids }) => {
      const project = store.projects.get(project_id);
      const engine = await engines.get(modelFor(project, model_id));
      return runJob('ai.precompute', project_id, (signal, report) => precompute({ store, engine, signal, report }, image_ids ?? store.images.orderedIds(project_id)));
    },
    aiCancel: ({ job_id }) => {
      const job = jobs.get(job_id);
      job?.abort();
      return { cancelled: Boolean(job) };
    },
  };
}
