import fs from 'node:fs';
import type { Image } from '../../../src-shared/contract/entities';
import { AppError, toErrorPayload } from '../../../src-shared/contract/errors';
import type { ProcedureOutput } from '../../../src-shared/contract/procedures';
import type { CoreDeps } from '../deps';
import type { annotationService } from '../services/annotations';
import type { Store } from '../store';
import { resultToAnnotations } from './accept';
import type { ImageRef, SamEngine } from './engine';

/** The engine's view of a stored image; NOT_FOUND when its file has gone. */
export function imageRef(image: Image): ImageRef & { sha256: string } {
  if (!fs.existsSync(image.path)) throw new AppError('NOT_FOUND', `The file ${image.path} is missing. Move it back or re-import the folder.`);
  return { sha256: image.sha256, path: image.path };
}

type Failure = ProcedureOutput<'aiPrecompute'>['failed'][number];
const failure = (image_id: string, error: unknown, annotation_id: string | null = null): Failure => {
  const payload = toErrorPayload(error);
  return { image_id, annotation_id, code: payload.code, reason: payload.message };
};

export interface JobContext {
  store: Store;
  engine: SamEngine;
  signal: AbortSignal;
  report: (done: number, total: number, message: string, finished?: boolean) => void;
}

/**
 * Encodes images into the embedding cache at batch priority: interactive encodes and prefetch
 * overtake it. Two requests stay queued so the encoder never waits for the cache write.
 */
export async function precompute(ctx: JobContext, imageIds: string[]): Promise<Omit<ProcedureOutput<'aiPrecompute'>, 'job_id'>> {
  const { store, engine, signal, report } = ctx;
  let computed = 0;
  let cached = 0;
  let done = 0;
  const failed: Failure[] = [];
  const one = async (id: string) => {
    try {
      const image = store.images.get(id);
      if (engine.where(image.sha256)) {
        cached++;
      } else {
        await engine.encode(imageRef(image), { priority: 'batch', signal });
        computed++;
      }
    } catch (error) {
      if (!signal.aborted) failed.push(failure(id, error));
    }
    report(++done, imageIds.length, `${computed} encoded, ${cached} cached`);
  };
  report(0, imageIds.length, 'Encoding images…');
  let next = 0;
  const lane = async () => {
    while (next < imageIds.length && !signal.aborted) await one(imageIds[next++]);
  };
  await Promise.all([lane(), lane()]);
  report(done, imageIds.length, signal.aborted ? 'Cancelled' : 'Done', true);
  return { total: imageIds.length, computed, cached, failed, cancelled: signal.aborted };
}

export interface SegmentBoxesOptions {
  class_id?: number;
  as: 'polygon' | 'mask';
  keep_originals: boolean;
}

/**
 * "Segment my boxes": every bbox annotation becomes the polygon (largest part) or mask SAM finds
 * with the box as prompt, in the box's class and z-order. Per image, the new annotations and the
 * removal of the boxes land in one transaction.
 */
export async function segmentBoxes(
  ctx: JobContext & { annotations: ReturnType<typeof annotationService>; changed: CoreDeps['changed'] },
  projectId: string,
  imageIds: string[],
  options: SegmentBoxesOptions,
): Promise<Omit<ProcedureOutput<'aiSegmentBoxes'>, 'job_id'>> {
  const { store, engine, signal, report } = ctx;
  const out = { images: 0, boxes: 0, converted: 0, empty: 0, failed: [] as Failure[], cancelled: false };
  report(0, imageIds.length, 'Segmenting boxes…');
  for (const [i, imageId] of imageIds.entries()) {
    if (signal.aborted) break;
    const boxes = store.annotations.forImage(imageId).filter((a) => a.geometry.type === 'bbox' && (options.class_id === undefined || a.class_id === options.class_id));
    if (boxes.length) {
      out.images++;
      out.boxes += boxes.length;
      try {
        const image = store.images.get(imageId);
        const { embedding } = await engine.encode(imageRef(image), { priority: 'batch', signal });
        const created: Parameters<typeof ctx.annotations.createMany>[0] = [];
        const replaced: string[] = [];
        for (const box of boxes) {
          if (box.geometry.type !== 'bbox') continue;
          try {
            const result = await engine.decode(embedding, { points: [], box: box.geometry.bbox });
            if (!result.area) {
              out.empty++;
              continue;
            }
            created.push(...resultToAnnotations(result, imageId, { as: options.as, components: 'largest', class_id: box.class_id, z_order: box.z_order }));
            replaced.push(box.id);
          } catch (error) {
            out.failed.push(failure(imageId, error, box.id));
          }
        }
        if (created.length) {
          store.db.transaction(() => {
            ctx.annotations.createMany(created);
            if (!options.keep_originals) store.annotations.deleteMany(replaced);
          })();
          out.converted += replaced.length;
          ctx.changed(projectId, ['annotations'], imageId);
        }
      } catch (error) {
        if (!signal.aborted) out.failed.push(failure(imageId, error));
      }
    }
    report(i + 1, imageIds.length, `${out.converted} of ${out.boxes} boxes segmented`);
  }
  out.cancelled = signal.aborted;
  report(imageIds.length, imageIds.length, out.cancelled ? 'Cancelled' : 'Done', true);
  return out;
}
