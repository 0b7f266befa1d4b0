import { z } from 'zod';
import { ANNOTATION_TYPES, geometrySchema } from '../geometry/schemas';

/** Entities as the renderer sees them. Field names follow the Labeler API. */

export const idSchema = z.string().min(1).max(64);
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a color is #RRGGBB');

export const classSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().trim().min(1).max(200),
  color: colorSchema,
  parent_id: z.number().int().nonnegative().nullable().default(null),
});
export type LabelClass = z.infer<typeof classSchema>;

export const attributeSchema = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(['boolean', 'select', 'number', 'text']),
  default: z.union([z.boolean(), z.number(), z.string(), z.null()]).optional(),
  options: z.array(z.string()).optional(),
});
export type AttributeDef = z.infer<typeof attributeSchema>;

export const TASK_TYPES = ['classification', 'detection', 'segmentation', 'keypoints', 'captioning'] as const;
export const PROJECT_STATUSES = ['active', 'paused', 'completed'] as const;
export const WORKFLOW_TYPES = ['simple', 'review'] as const;

const uniqueBy = <T>(key: (item: T) => unknown, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<unknown>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${String(k)}` });
    seen.add(k);
  }
};

export const classesSchema = z
  .array(classSchema)
  .max(10_000)
  .superRefine(uniqueBy((c: LabelClass) => c.id, 'class id'))
  .superRefine(uniqueBy((c: LabelClass) => c.name.toLowerCase(), 'class name'));

export const projectSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  dataset_id: z.string().nullable(),
  task_types: z.array(z.enum(TASK_TYPES)),
  task_config: z.record(z.string(), z.unknown()),
  classes: z.array(classSchema),
  attributes: z.array(attributeSchema),
  workflow_type: z.enum(WORKFLOW_TYPES),
  status: z.enum(PROJECT_STATUSES),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectStatsSchema = z.object({
  images: z.number().int(),
  annotated_images: z.number().int(),
  reviewed_images: z.number().int(),
  annotations: z.number().int(),
  by_class: z.record(z.string(), z.number().int()),
  by_type: z.record(z.string(), z.number().int()),
});
export type ProjectStats = z.infer<typeof projectStatsSchema>;

export const projectSummarySchema = projectSchema.extend({ stats: projectStatsSchema.pick({ images: true, annotated_images: true, annotations: true }) });
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const imageAnnotationsSchema = z.object({
  classes: z.array(z.number().int()).default([]),
  captions: z
    .array(z.object({ text: z.string(), source: z.string().default('human'), confidence: z.number().optional() }))
    .default([]),
});

export const imageSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  /** Path relative to the import root, with forward slashes (the API's `filename`). */
  filename: z.string(),
  /** Absolute path of the file on this machine; images are referenced in place. */
  path: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  annotation_count: z.number().int().nonnegative(),
  annotated: z.boolean(),
  reviewed: z.boolean(),
  image_annotations: imageAnnotationsSchema,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Image = z.infer<typeof imageSchema>;

export const ANNOTATION_SOURCES = ['human', 'sam', 'model', 'import'] as const;
export const ANNOTATION_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** What a caller sends to create an annotation; geometry is checked against the image. */
export const annotationInputSchema = z
  .object({
    image_id: idSchema,
    annotation_type: z.enum(ANNOTATION_TYPES),
    class_id: z.number().int().nonnegative().nullable().default(null),
    geometry: geometrySchema,
    attributes: z.record(z.string(), z.unknown()).default({}),
    caption: z.string().nullable().default(null),
    confidence: z.number().min(0).max(1).nullable().default(null),
    source: z.enum(ANNOTATION_SOURCES).default('human'),
    z_order: z.number().int().default(0),
  })
  .refine((a) => a.annotation_type === a.geometry.type, {
    message: 'annotation_type must equal geometry.type',
    path: ['geometry', 'type'],
  });
export type AnnotationInput = z.input<typeof annotationInputSchema>;

export const annotationPatchSchema = z.object({
  class_id: z.number().int().nonnegative().nullable().optional(),
  geometry: geometrySchema.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  caption: z.string().nullable().optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
  annotation_status: z.enum(ANNOTATION_STATUSES).optional(),
  z_order: z.number().int().optional(),
});
export type AnnotationPatch = z.infer<typeof annotationPatchSchema>;

export const annotationSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  image_id: idSchema,
  annotation_type: z.enum(ANNOTATION_TYPES),
  class_id: z.number().int().nullable(),
  geometry: geometrySchema,
  attributes: z.record(z.string(), z.unknown()),
  caption: z.string().nullable(),
  confidence: z.number().nullable(),
  source: z.enum(ANNOTATION_SOURCES),
  annotation_status: z.enum(ANNOTATION_STATUSES),
  z_order: z.number().int(),
  annotator_id: z.string().nullable(),
  reviewer_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  rev: z.number().int(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  });
}

export const importReportSchema = z.object({
  job_id: z.string(),
  scanned: z.number().int(),
  imported: z.number().int(),
  skipped_existing: z.number().int(),
  failed: z.array(z.object({ path: z.string(), code: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;
