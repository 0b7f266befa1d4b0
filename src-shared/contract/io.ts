import { z } from 'zod';
import { YOLO_TASKS } from '../formats/capabilities';
import { DATASET_FORMATS } from '../formats/model';
import { attributeSchema, classSchema, idSchema } from './entities';

/**
 * Dataset import and export, splits and snapshots. A dialog drives them in this order: detect the
 * format of a path, preview (`importDataset` with `dry_run`, or `previewExport`) to show the report
 * and warnings before anything is written, run with a `job_id` of its choosing to follow `progress`
 * events (kind `dataset-import` / `dataset-export`) and to `cancelDatasetJob`, then show the report.
 */

const procedure = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

export const IMPORT_FORMATS = ['auto', ...DATASET_FORMATS, 'images'] as const;
export const DETECTED_FORMATS = [...DATASET_FORMATS, 'images'] as const;

const count = z.number().int().nonnegative();
const jobId = z.string().min(1).max(64).regex(/^[\w.-]+$/, 'a job id is letters, digits, "_", "-" or "."');

export const rejectionSchema = z.object({ file: z.string(), position: z.string(), reason: z.string() });
export const formatWarningSchema = z.object({ code: z.string(), message: z.string(), count, examples: z.array(z.string()) });

export const formatDetectionSchema = z.object({
  path: z.string(),
  kind: z.enum(['folder', 'file', 'zip']),
  /** The most likely format, or null when nothing there looks like a dataset or images. */
  format: z.enum(DETECTED_FORMATS).nullable(),
  candidates: z.array(z.object({ format: z.enum(DETECTED_FORMATS), score: count, reason: z.string() })),
  files: count,
  images: count,
});

export const datasetImportReportSchema = z.object({
  job_id: z.string(),
  format: z.enum(DETECTED_FORMATS),
  path: z.string(),
  /** True when the data landed; false for a dry run, or when rejections stopped an all-or-nothing import. */
  committed: z.boolean(),
  dry_run: z.boolean(),
  /** Images the dataset names that were found (or registered from their stated size). */
  images: count,
  images_new: count,
  images_existing: count,
  /** New image records whose file was not found (registered from the size the format states). */
  images_missing: count,
  annotations: count,
  /** Images given image-level classes or captions. */
  image_labels: count,
  classes_created: z.array(classSchema),
  attributes_added: z.array(attributeSchema),
  rejected: z.array(rejectionSchema),
  warnings: z.array(formatWarningSchema),
  /** One line saying what happened and what to do next. */
  message: z.string(),
});
export type DatasetImportReport = z.infer<typeof datasetImportReportSchema>;

const splitSchema = z
  .object({ train: z.number().min(0).max(1).default(0), val: z.number().min(0).max(1).default(0), test: z.number().min(0).max(1).default(0) })
  .refine((s) => Math.abs(s.train + s.val + s.test - 1) < 1e-6, { message: 'train + val + test must add up to 1' });

const exportOptions = {
  project_id: idSchema,
  format: z.enum(DATASET_FORMATS),
  /** Ratios for a new split; null keeps the split folders the images already sit in (if all do). */
  split: splitSchema.nullable().default(null),
  seed: z.number().int().default(0),
  stratify: z.boolean().default(false),
  with_images: z.boolean().default(false),
  yolo_task: z.enum(['auto', ...YOLO_TASKS]).default('auto'),
  /** Export this snapshot instead of the project's current annotations. */
  snapshot_id: idSchema.nullable().default(null),
};

export const exportPreviewSchema = z.object({
  format: z.enum(DATASET_FORMATS),
  yolo_task: z.enum(YOLO_TASKS).nullable(),
  images: count,
  annotations: count,
  splits: z.record(z.string(), count),
  /** What the format cannot hold, with counts — shown before the export runs. */
  warnings: z.array(formatWarningSchema),
});

export const exportReportSchema = exportPreviewSchema.extend({
  job_id: z.string(),
  out: z.string(),
  files: count,
  bytes: count,
  duration_ms: count,
});
export type ExportReport = z.infer<typeof exportReportSchema>;

export const snapshotSchema = z.object({
  snapshot_id: idSchema,
  project_id: idSchema,
  dataset_id: z.string().nullable(),
  version: z.number().int().positive(),
  version_tag: z.string(),
  description: z.string(),
  snapshot_type: z.enum(['manual', 'auto']),
  status: z.literal('valid'),
  total_images: count,
  total_annotations: count,
  created_at: z.string(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const ioProcedures = {
  detectDatasetFormat: procedure(
    z.object({ path: z.string().min(1, 'give a folder, zip or annotation file') }),
    formatDetectionSchema,
    'Which dataset format a folder, zip or annotation file is in, with the candidates and why.',
  ),
  importDataset: procedure(
    z.object({
      project_id: idSchema,
      path: z.string().min(1, 'give a folder, zip or annotation file'),
      format: z.enum(IMPORT_FORMATS).default('auto'),
      /** Import the valid part and keep the report, instead of all-or-nothing. */
      partial: z.boolean().default(false),
      /** Read, match and check everything, report, write nothing. */
      dry_run: z.boolean().default(false),
      yolo_task: z.enum(YOLO_TASKS).optional(),
      /** Images that already have annotations: add the imported ones beside them, or replace them. */
      on_existing: z.enum(['add', 'replace']).default('add'),
      job_id: jobId.optional(),
    }),
    datasetImportReportSchema,
    'Imports a dataset (COCO, YOLO, VOC, LabelMe, CVAT, Label Studio, or a plain image folder) in one transaction: all of it or nothing unless `partial`. Every record left out is reported with file, position and reason.',
  ),
  previewExport: procedure(z.object(exportOptions), exportPreviewSchema, 'Counts and warnings of an export (what the format cannot hold), without writing anything.'),
  exportDataset: procedure(
    z.object({ ...exportOptions, out: z.string().min(1, 'give the output folder or .zip'), zip: z.boolean().default(false), overwrite: z.boolean().default(false), job_id: jobId.optional() }),
    exportReportSchema,
    'Exports a project (or a snapshot) in a format, streaming with bounded memory, to a folder or zip, optionally with images and a split. Emits progress; the output appears only when complete.',
  ),
  cancelDatasetJob: procedure(z.object({ job_id: jobId }), z.object({ cancelled: z.boolean() }), 'Cancels a running import or export; nothing it started is left behind.'),
  createSnapshot: procedure(
    z.object({ project_id: idSchema, version_tag: z.string().trim().min(1).max(100).optional(), description: z.string().max(10_000).default('') }),
    snapshotSchema,
    "Freezes an immutable, versioned copy of a project's annotations and image-level labels.",
  ),
  listSnapshots: procedure(z.object({ project_id: idSchema }), z.array(snapshotSchema), 'Snapshots of a project, newest first.'),
  restoreSnapshot: procedure(
    z.object({ snapshot_id: idSchema, backup: z.boolean().default(true) }),
    z.object({ snapshot: snapshotSchema, backup: snapshotSchema.nullable(), restored: count, removed: count, images_updated: count }),
    "Makes a project's annotations equal to a snapshot again (after snapshotting the current state unless `backup` is false), in one transaction.",
  ),
} as const;
