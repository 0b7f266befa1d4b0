import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';

export const EXPORT_FORMATS = ['coco', 'yolo', 'pascal_voc', 'custom'] as const;

const ratio = z.number().min(0).max(1);
export const exportCreate = z.object({
  format: z.enum(EXPORT_FORMATS),
  include_images: z.boolean().default(false),
  split: z
    .object({ train: ratio, val: ratio.default(0), test: ratio.default(0) })
    .refine((s) => Math.abs(s.train + s.val + s.test - 1) < 1e-6, { message: 'train + val + test must add up to 1' })
    .optional(),
});
export type ExportCreate = z.infer<typeof exportCreate>;

export const EXPORT_STATUSES = ['processing', 'completed', 'failed'] as const;
export const exportAccepted = z.object({
  export_id: z.string(),
  status: z.enum(EXPORT_STATUSES),
  created_at: z.string(),
  estimated_completion: z.string(),
});
export const exportOut = z.object({
  export_id: z.string(),
  status: z.enum(EXPORT_STATUSES),
  format: z.enum(EXPORT_FORMATS),
  download_url: z.string().nullable(),
  file_size_bytes: z.number().int().nullable(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  error: z.string().nullable(),
});
export const exportParams = z.object({ project_id: idSchema, export_id: z.string().min(1).max(100) });

export const snapshotCreate = z.object({
  version_tag: z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a version tag is 1–64 letters, digits, dots, dashes or underscores').optional(),
  description: z.string().max(10_000).default(''),
});
export const snapshotOut = z.object({
  snapshot_id: z.string(),
  project_id: z.string(),
  dataset_id: z.string().nullable(),
  snapshot_type: z.enum(['manual']),
  version_tag: z.string(),
  description: z.string(),
  storage_path: z.string(),
  status: z.enum(['valid']),
  total_images: z.number().int(),
  total_annotations: z.number().int(),
  rev: z.number().int(),
  created_at: z.string(),
});
