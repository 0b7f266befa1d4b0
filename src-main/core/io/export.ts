import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AppError } from '../../../src-shared/contract/errors';
import type { ProcedureArgs, ProcedureOutput } from '../../../src-shared/contract/procedures';
import { addToStats, chooseYoloTask, emptyStats, exportWarnings, type ExportStats, type YoloTask } from '../../../src-shared/formats/capabilities';
import { cocoKeypointNames } from '../../../src-shared/formats/coco/write';
import { ReportCollector } from '../../../src-shared/formats/report';
import { splitFolderOf } from '../../../src-shared/formats/sink';
import { createSink } from '../../../src-shared/formats/sinks';
import { assignSplits } from '../../../src-shared/formats/split';
import type { CoreDeps } from '../deps';
import { progressReporter } from '../events';
import { createOutput } from './output';
import { openProjectReader, type ProjectReader } from './project-reader';

type PreviewInput = ProcedureArgs<'previewExport'>;
type ExportInput = ProcedureArgs<'exportDataset'>;

const BATCH = 100;

/**
 * The split of every image: a new seeded split when ratios are given; otherwise the split folders
 * the images already sit in (images/train2017/…), when every image has one; otherwise none.
 */
function splitsOf(reader: ProjectReader, input: PreviewInput): { of: (id: string, filename: string) => string | null; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  if (input.split) {
    const assigned = assignSplits(reader.splitItems(), input.split, input.seed, input.stratify);
    for (const s of assigned.values()) counts[s] = (counts[s] ?? 0) + 1;
    return { of: (id) => assigned.get(id) ?? null, counts };
  }
  const folders = new Map<string, string>();
  let all = true;
  for (const image of reader.imageNames()) {
    const folder = splitFolderOf(image.filename);
    if (!folder) all = false;
    else folders.set(image.id, folder);
  }
  if (!all || !folders.size) return { of: () => null, counts: {} };
  for (const s of folders.values()) counts[s] = (counts[s] ?? 0) + 1;
  return { of: (id) => folders.get(id) ?? null, counts };
}

function yoloTaskOf(input: PreviewInput, stats: Pick<ExportStats, 'byType' | 'imagesWithClasses' | 'annotations'> | (() => ExportStats)): YoloTask | null {
  if (input.format !== 'yolo') return null;
  const task = input.yolo_task === 'auto' ? chooseYoloTask(typeof stats === 'function' ? stats() : stats) : input.yolo_task;
  if (task === 'classify' && !input.with_images) {
    throw new AppError('VALIDATION_ERROR', 'YOLO classification folders hold the images themselves: export with images (--with-images), or choose another task.');
  }
  return task;
}

/** Counts and warnings of an export, without writing. */
export function previewExport(deps: CoreDeps, input: PreviewInput): ProcedureOutput<'previewExport'> {
  const reader = openProjectReader(deps.store.db.name, input.project_id, input.snapshot_id);
  try {
    const stats = reader.stats();
    const yoloTask = yoloTaskOf(input, stats);
    const warnings = exportWarnings(input.format, { yoloTask: yoloTask ?? undefined }, stats);
    return { format: input.format, yolo_task: yoloTask, images: stats.images, annotations: stats.annotations, splits: splitsOf(reader, input).counts, warnings };
  } finally {
    reader.close();
  }
}

/**
 * Streams a project (or snapshot) through a format sink into a folder or zip: pages of 500
 * images with their annotations, yielding to the event loop between pages, so memory stays
 * bounded and the app stays responsive however large the project.
 */
export async function exportDataset(deps: CoreDeps, input: ExportInput, jobId: string, signal: AbortSignal): Promise<ProcedureOutput<'exportDataset'>> {
  const started = Date.now();
  const reader = openProjectReader(deps.store.db.name, input.project_id, input.snapshot_id);
  const report = new ReportCollector();
  const paths = new Map<string, string>();
  let output: ReturnType<typeof createOutput> | null = null;
  try {
    // What to write is decided up front from cheap counts; the warnings are counted while writing.
    const typeCounts = reader.typeCounts();
    const total = reader.imageCount();
    const yoloTask = yoloTaskOf(input, () => reader.stats());
    const stats = emptyStats();
    const splits = splitsOf(reader, input);
    const progress = progressReporter(deps.bus, { job_id: jobId, kind: 'dataset-export', project_id: input.project_id });
    output = createOutput(input.out, { zip: input.zip, overwrite: input.overwrite, jobId, imagePath: (id) => paths.get(id) ?? null }, report);
    const keypoints = input.format === 'coco' && typeCounts.points ? cocoKeypointNames(reader.keypointAnnotations()) : undefined;
    const sink = createSink(input.format, { ...reader.header, keypoints }, { withImages: input.with_images, yoloTask: yoloTask ?? undefined, name: reader.project.name, total }, report);
    await output.apply(sink.begin());
    await yieldToLoop();
    let done = 0;
    for (const batch of reader.batches(BATCH)) {
      if (signal.aborted) throw new AppError('CONFLICT', 'The export was cancelled; nothing was written.');
      for (const image of batch) {
        const annotations = reader.annotationsOf(image);
        addToStats(stats, image.record, annotations);
        paths.set(image.id, image.path);
        await output.apply(sink.add({ image: { ...image.record, split: splits.of(image.id, image.record.file) }, annotations, source: image.id }));
        paths.delete(image.id);
      }
      done += batch.length;
      progress(done, total, `${done} of ${total} images`);
      await yieldToLoop();
    }
    await output.apply(sink.end());
    const written = await output.finish();
    output = null;
    progress(total, total, `Exported to ${written.out}`, true);
    const warnings = exportWarnings(input.format, { yoloTask: yoloTask ?? undefined }, stats);
    const byCode = new Map(report.warnings.map((w) => [w.code, w]));
    const merged = [...warnings.map((w) => (byCode.has(w.code) ? { ...w, examples: byCode.get(w.code)!.examples } : w)), ...report.warnings.filter((w) => !warnings.some((p) => p.code === w.code))];
    return {
      job_id: jobId,
      format: input.format,
      yolo_task: yoloTask,
      images: stats.images,
      annotations: stats.annotations,
      splits: splits.counts,
      warnings: merged,
      out: written.out,
      files: written.files,
      bytes: written.bytes,
      duration_ms: Date.now() - started,
    };
  } finally {
    if (output) await output.abort();
    reader.close();
  }
}
