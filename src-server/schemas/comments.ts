import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';
import { paginationQuery, qBool, userBrief } from './common';

export const COMMENT_TYPES = ['comment', 'issue', 'question', 'suggestion'] as const;
export const MAX_THREAD_LEVEL = 20;

export const commentCreate = z.object({
  id: idSchema.optional(),
  image_id: idSchema.nullable().default(null),
  annotation_id: idSchema.nullable().default(null),
  parent_id: idSchema.nullable().default(null),
  text: z.string().trim().min(1).max(10_000),
  comment_type: z.enum(COMMENT_TYPES).default('comment'),
});

export const commentPatch = z.object({ text: z.string().trim().min(1).max(10_000).optional(), comment_type: z.enum(COMMENT_TYPES).optional() });
/** Sync push may also resolve or reopen. */
export const commentSyncPatch = commentPatch.extend({ resolved: z.boolean().optional() });

const commentBase = z.object({
  id: z.string(),
  project_id: z.string(),
  image_id: z.string().nullable(),
  annotation_id: z.string().nullable(),
  text: z.string(),
  comment_type: z.enum(COMMENT_TYPES),
  parent_id: z.string().nullable(),
  thread_level: z.number().int(),
  author: userBrief.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  edited: z.boolean(),
  resolved: z.boolean(),
  resolved_by: z.number().int().nullable(),
  resolved_at: z.string().nullable(),
  rev: z.number().int(),
});
/** A thread: the top comment with every reply below it, flattened in time order (`parent_id` and `thread_level` give the tree). */
export const commentOut = commentBase.extend({ replies: z.array(commentBase) });
export type CommentOut = z.infer<typeof commentOut>;
export type CommentBase = z.infer<typeof commentBase>;

export const commentListQuery = paginationQuery(['created_at', 'updated_at']).extend({
  image_id: idSchema.optional(),
  annotation_id: idSchema.optional(),
  resolved: qBool.optional(),
});
export const commentParams = z.object({ project_id: idSchema, comment_id: idSchema });
export const resolveOut = z.object({ id: z.string(), resolved: z.boolean(), resolved_by: z.number().int().nullable(), resolved_at: z.string().nullable() });
