import { z } from 'zod';
import { ANNOTATION_SOURCES, ANNOTATION_STATUSES, annotationInputSchema, annotationPatchSchema, idSchema } from '../../src-shared/contract/entities';
import { ANNOTATION_TYPES, geometrySchema } from '../../src-shared/geometry/schemas';
import { paginationQuery, qDate, qInt, userBrief } from './common';

/** Create: the workstation's own input schema (same geometry rules); status, annotator and revisions are the server's. */
export const annotationCreate = annotationInputSchema;
export type AnnotationCreate = z.infer<typeof annotationCreate>;

/** Update: the workstation's patch; `annotation_status` counts only for reviewers and admins. */
export const annotationPatch = annotationPatchSchema;
export type AnnotationPatchIn = z.infer<typeof annotationPatch>;

export const annotationOut = z.object({
  id: z.string(),
  project_id: z.string(),
  image_id: z.string(),
  image_filename: z.string(),
  annotation_type: z.enum(ANNOTATION_TYPES),
  class_id: z.number().int().nullable(),
  class_name: z.string().nullable(),
  geometry: z.intersection(geometrySchema, z.object({ area: z.number().optional() })),
  attributes: z.record(z.string(), z.unknown()),
  caption: z.string().nullable(),
  confidence: z.number().nullable(),
  validated: z.boolean(),
  annotation_status: z.enum(ANNOTATION_STATUSES),
  source: z.enum(ANNOTATION_SOURCES),
  z_order: z.number().int(),
  annotator_id: z.number().int().nullable(),
  annotator: userBrief.nullable(),
  reviewer_id: z.number().int().nullable(),
  reviewer: userBrief.nullable(),
  rev: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AnnotationOut = z.infer<typeof annotationOut>;

export const annotationListQuery = paginationQuery(['created_at', 'updated_at', 'class_id']).extend({
  image_id: idSchema.optional(),
  class_id: qInt(0).optional(),
  annotation_type: z.enum(ANNOTATION_TYPES).optional(),
  annotator_id: qInt(1).optional(),
  annotation_status: z.enum(ANNOTATION_STATUSES).optional(),
  created_after: qDate.optional(),
  created_before: qDate.optional(),
});

export const annotationParams = z.object({ project_id: idSchema, annotation_id: idSchema });

export const batchCreateBody = z.object({ annotations: z.array(annotationCreate).min(1) });
export const batchCreateOut = z.object({ created: z.number().int(), annotation_ids: z.array(z.string()) });
export const batchDeleteBody = z.object({ annotation_ids: z.array(idSchema).min(1) });
export const batchDeleteOut = z.object({ deleted: z.number().int() });
