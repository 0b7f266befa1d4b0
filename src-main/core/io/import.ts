import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import type { DatasetImportReport } from '../../../src-shared/contract/io';
import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import type { CocoResolver } from '../../../src-shared/formats/coco/parse';
import { detectFormat } from '../../../src-shared/formats/detect';
import type { DatasetFormat, Rejection } from '../../../src-shared/formats/model';
import { readDataset } from '../../../src-shared/formats/read';
import { ReportCollector, stem } from '../../../src-shared/formats/report';
import { labelCandidates, pairLabels } from '../../../src-shared/formats/yolo/layout';
import type { CoreDeps } from '../deps';
import { progressReporter } from '../events';
import { importFolder } from '../images/import-folder';
import { commitImport } from './import-commit';
import { planImport } from './import-plan';
import { probeAll, resolveImages } from './resolve-images';
import { MAX_TEXT_BYTES, openSource, tooLargeReason, type DatasetSource } from './source';
import { vocMasks } from './voc-masks';

type Input = ProcedureArgs<'importDataset'>;

/** Where imports keep files they had to create (zip contents, LabelMe embedded images). */
export const importsDir = (dataDir: string, jobId: string) => path.join(dataDir, 'imports', jobId);

/**
 * A COCO results file names images and categories by id only. Without an instances file beside
 * it, images are found by COCO's own naming (000000000139.jpg is id 139) and categories by class
 * id + 1, the mapping Labeler's COCO export uses.
 */
function projectResolver(deps: CoreDeps, projectId: string): CocoResolver {
  let byNumber: Map<string, { file: string; width: number; height: number }> | null = null;
  const images = () => {
    if (byNumber) return byNumber;
    byNumber = new Map();
    for (const id of deps.store.images.orderedIds(projectId)) {
      const image = deps.store.images.get(id);
      if (/^\d+$/.test(stem(image.filename))) byNumber.set(String(Number(stem(image.filename))), { file: image.filename, width: image.width, height: image.height });
    }
    return byNumber;
  };
  return {
    image: (id) => images().get(String(Number(id))) ?? null,
    category: (id) => deps.store.projects.get(projectId).classes.find((c) => c.id === id - 1)?.name ?? null,
  };
}

function summary(report: Omit<DatasetImportReport, 'message'>): string {
  const what = `${report.annotations} annotations on ${report.images} images`;
  if (report.dry_run) return `Ready to import ${what}${report.rejected.length ? `; ${report.rejected.length} records would be left out` : ''}. Nothing was written.`;
  if (!report.committed) return `Nothing was imported: ${report.rejected.length} records cannot be imported (listed with file, position and reason). Fix them, or import the valid part with --partial.`;
  return `Imported ${what}${report.rejected.length ? ` (partial: ${report.rejected.length} records left out, listed)` : ''}${report.classes_created.length ? `; created ${report.classes_created.length} classes` : ''}.`;
}

const natural = new Intl.Collator('en', { numeric: true });

/** Rejections in file order, and by position within a file (annotations[2] before annotations[10]). */
function sortRejections(list: readonly Rejection[]): Rejection[] {
  return [...list].sort((a, b) => natural.compare(a.file, b.file) || natural.compare(a.position, b.position));
}

/** Reads, matches and checks a dataset, then writes it in one transaction (or reports why not). */
export async function importDataset(deps: CoreDeps, input: Input, jobId: string, signal: AbortSignal): Promise<DatasetImportReport> {
  const { store, bus } = deps;
  const project = store.projects.get(input.project_id);
  const progress = progressReporter(bus, { job_id: jobId, kind: 'dataset-import', project_id: project.id });
  const extractDir = importsDir(deps.dataDir, jobId);
  progress(0, 0, 'Opening the dataset…');
  const source = await openSource(input.path, extractDir, signal);
  let keepFiles = false;
  try {
    const fileSource = source.fileSource();
    let format = input.format;
    if (format === 'auto') {
      const detected = detectFormat(fileSource.list(), (f) => fileSource.head?.(f) ?? null);
      if (!detected.format) throw new AppError('UNSUPPORTED_FILE', `Found no dataset or images in ${input.path}. Give the folder, zip or annotation file of a COCO, YOLO, VOC, LabelMe, CVAT or Label Studio dataset.`);
      format = detected.format;
    }
    if (format === 'images') return await importImages(deps, input, source, jobId);
    const report = await readAndPlan(deps, input, format, source, jobId, signal, progress);
    if (report.commit) {
      progress(0, report.plan.annotations.length, 'Writing…');
      const taskConfig = report.meta.coco ? { coco: report.meta.coco } : null;
      commitImport(store, project.id, report.plan, { replace: input.on_existing === 'replace', taskConfig });
      keepFiles = true;
      deps.changed(project.id, ['projects', 'images', 'annotations']);
    }
    progress(1, 1, report.result.message, true);
    return report.result;
  } finally {
    if (!keepFiles) {
      source.discard();
      fs.rmSync(extractDir, { recursive: true, force: true });
    }
  }
}

async function readAndPlan(deps: CoreDeps, input: Input, format: DatasetFormat, source: DatasetSource, jobId: string, signal: AbortSignal, progress: ReturnType<typeof progressReporter>) {
  const collector = new ReportCollector();
  collector.rejected.push(...source.rejected);
  const project = deps.store.projects.get(input.project_id);
  const existing = deps.store.images.orderedIds(project.id).map((id) => deps.store.images.get(id));
  if (format === 'yolo' && source.kind !== 'file') {
    const orphans = pairLabels(source.files).orphans;
    if (orphans.length) {
      const wanted = new Set(orphans);
      const known = existing.filter((i) => labelCandidates(i.filename).some((c) => wanted.has(c)));
      if (source.addKnownImages(known)) collector.warn('yolo-labels-for-project-images', 'label files without an image in the folder were matched to images the project already has', undefined, known.length);
    }
  }
  if (format === 'yolo' || format === 'labelstudio') {
    const failed = await probeAll(source, { signal, progress: (d, t) => progress(d, t, 'Measuring images…') });
    collector.rejected.push(...failed);
  }
  // A file too large to parse is reported as such (its head may not even look like its format).
  const tooLarge = source.fileSource().list().filter((f) => /\.(json|xml)$/i.test(f) && fs.statSync(source.absolute(f)).size > MAX_TEXT_BYTES);
  for (const f of tooLarge) collector.reject({ file: f, position: 'file' }, tooLargeReason(fs.statSync(source.absolute(f)).size));
  progress(0, 0, 'Reading annotations…');
  const parsed = readDataset(format, source.fileSource(), { yoloTask: input.yolo_task, cocoFallback: format === 'coco' ? projectResolver(deps, project.id) : undefined });
  if (tooLarge.length) parsed.rejected = parsed.rejected.filter((r) => !tooLarge.includes(r.file) && r.position !== 'folder');
  collector.merge(parsed);
  if (parsed.segmentation.length) {
    const masks = await vocMasks(parsed.segmentation, source);
    parsed.dataset.annotations.push(...masks.annotations);
    collector.merge(masks.report);
  }
  if (signal.aborted) throw new AppError('CONFLICT', 'The import was cancelled.');
  const resolved = await resolveImages(parsed.dataset.images, source, existing, {
    embeddedDir: importsDir(deps.dataDir, jobId),
    signal,
    progress: (d, t) => progress(d, t, 'Matching images…'),
  });
  collector.merge(resolved.report);
  progress(0, parsed.dataset.annotations.length, 'Checking annotations…');
  const plan = planImport(project, parsed.dataset, resolved.images);
  collector.merge(plan.report);
  if (plan.annotations.length && plan.existingImages.some((i) => i.annotation_count > 0) && input.on_existing === 'add') {
    collector.warn('images-had-annotations', 'some images already had annotations; the imported ones were added beside them (use on_existing "replace" to replace them)', undefined, plan.existingImages.filter((i) => i.annotation_count > 0).length);
  }
  for (const c of plan.classesCreated) collector.warn('classes-created', 'classes the project did not have were created', c.name);
  for (const a of plan.attributesAdded) collector.warn('attributes-added', 'attributes the project did not have were added to its schema', `${a.name} (${a.type})`);
  const commit = !input.dry_run && (collector.rejected.length === 0 || input.partial);
  const base = {
    job_id: jobId,
    format,
    path: path.resolve(input.path),
    committed: commit,
    dry_run: input.dry_run,
    images: plan.newImages.length + plan.existingImages.length,
    images_new: plan.newImages.length,
    images_existing: plan.existingImages.length,
    images_missing: plan.missing,
    annotations: plan.annotations.length,
    image_labels: plan.imageLabels.size,
    classes_created: plan.classesCreated,
    attributes_added: plan.attributesAdded,
    rejected: sortRejections(collector.rejected),
    warnings: collector.warnings,
  };
  return { commit, plan, meta: parsed.dataset.meta, result: { ...base, message: summary(base) } };
}

/** A plain image folder, through the folder import everyone already uses, reported in this shape. */
async function importImages(deps: CoreDeps, input: Input, source: DatasetSource, jobId: string): Promise<DatasetImportReport> {
  if (source.kind !== 'folder') throw new AppError('VALIDATION_ERROR', 'A plain image import needs a folder; unzip it first.');
  const base = {
    job_id: jobId,
    format: 'images' as const,
    path: source.root,
    dry_run: input.dry_run,
    images_existing: 0,
    images_missing: 0,
    annotations: 0,
    image_labels: 0,
    classes_created: [],
    attributes_added: [],
    warnings: [],
  };
  if (input.dry_run) {
    const count = source.files.filter((f) => /\.(jpe?g|png|webp|bmp|gif|tiff?)$/i.test(f)).length;
    return { ...base, committed: false, images: count, images_new: count, rejected: [], message: `Ready to register ${count} images. Nothing was written.` };
  }
  const folder = await importFolder(deps.store, deps.bus, input.project_id, source.root, { recursive: true, jobId });
  const rejected = folder.failed.map((f) => ({ file: f.path, position: 'image', reason: f.reason }));
  return { ...base, committed: true, images: folder.imported, images_new: folder.imported, images_existing: folder.skipped_existing, rejected, message: `Imported ${folder.imported} of ${folder.scanned} images.` };
}
