import { z } from 'zod';
import { idSchema, imageAnnotationsSchema } from '../../src-shared/contract/entities';
import { annotationOut } from './annotations';
import { paginationQuery, qBool, qInt } from './common';

export const SHA256 = /^[0-9a-f]{64}$/;
export const sha256Schema = z.string().regex(SHA256, 'a sha256 is 64 lowercase hex digits');

export const imageOut = z.object({
  id: z.string(),
  project_id: z.string(),
  filename: z.string(),
  sha256: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  size_bytes: z.number().int(),
  annotation_count: z.number().int(),
  annotated: z.boolean(),
  reviewed: z.boolean(),
  annotator_id: z.number().int().nullable(),
  group_id: z.null(),
  image_annotations: imageAnnotationsSchema,
  rev: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ImageOut = z.infer<typeof imageOut>;

export const imageWithAnnotations = imageOut.extend({ annotations: z.array(annotationOut) });

export const imageListQuery = paginationQuery(['created_at', 'updated_at', 'filename']).extend({
  annotated: qBool.optional(),
  reviewed: qBool.optional(),
  assigned_to: qInt(1).optional(),
  filename: z.string().max(1000).optional(),
});

export const imageParams = z.object({ project_id: idSchema, image_id: idSchema });

export const imagePatch = z.object({
  image_annotations: imageAnnotationsSchema.optional(),
  /** Reviewers and admins only; ignored for annotators. */
  reviewed: z.boolean().optional(),
});

/** Registers an uploaded file (by its sha256) as an image of the project. */
export const imageCreate = z.object({
  /** Client-made id (UUID) for offline-first clients; the server makes one when absent. */
  id: idSchema.optional(),
  filename: z.string().trim().min(1).max(1000),
  sha256: sha256Schema,
  image_annotations: imageAnnotationsSchema.optional(),
});

export const imageUrlQuery = z.object({ expires_in: qInt(1, 7 * 24 * 3600).default(3600) });
export const imageUrlOut = z.object({ url: z.string(), expires_in: z.number().int(), expires_at: z.string() });

export const blobParams = z.object({ sha256: sha256Schema });
export const blobOut = z.object({ sha256: z.string(), size_bytes: z.number().int(), width: z.number().int(), height: z.number().int(), mime: z.string(), created: z.boolean() });

export const signedQuery = z.object({ expires: qInt(0), signature: z.string().regex(/^[0-9a-f]{64}$/) });
export const contentParams = z.object({ image_id: idSchema });
