import { z } from 'zod';
import { idSchema } from '../contract/entities';
import { geometrySchema } from '../geometry/schemas';
import { answerSchema, choiceSchema, itemContentSchema, ITEM_TYPES } from './items';

/**
 * Entities of review and quality as the renderer sees them. Field names follow the Labeler API
 * (`003_…txt`: tasks, comments) and the platforms of `000_…txt`/`001_…txt` (items, responses,
 * honeypots, quality flags).
 */

/** Roles of `001_…txt`; its "labeler" is our annotator (accepted as input). */
export const ROLES = ['admin', 'reviewer', 'annotator'] as const;
export type Role = (typeof ROLES)[number];
export const roleInput = z.preprocess((v) => (v === 'labeler' ? 'annotator' : v), z.enum(ROLES));

export const personRefSchema = z.object({ id: idSchema, email: z.string().nullable(), full_name: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

export const personSchema = personRefSchema.extend({
  role: z.enum(ROLES),
  /** True for the profile this workstation acts as. */
  is_local: z.boolean(),
  /** Set on the local profile while signed in to a server: the role is that account's, from this server URL, and cannot be changed locally. */
  role_from_server: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const COMMENT_TYPES = ['comment', 'issue'] as const;

export const commentSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  image_id: idSchema.nullable(),
  annotation_id: idSchema.nullable(),
  item_id: idSchema.nullable(),
  parent_id: idSchema.nullable(),
  /** 0 for a thread, 1 for a reply. */
  thread_level: z.number().int(),
  text: z.string(),
  comment_type: z.enum(COMMENT_TYPES),
  /** Pin on the image, in image pixels (threads only). */
  x: z.number().nullable(),
  y: z.number().nullable(),
  author: personRefSchema.nullable(),
  edited: z.boolean(),
  resolved: z.boolean(),
  resolved_by: personRefSchema.nullable(),
  resolved_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

/** A thread: the first comment with its replies, oldest first. */
export const threadSchema = commentSchema.extend({ replies: z.array(commentSchema) });
export type Thread = z.infer<typeof threadSchema>;

export const TASK_STATUSES = ['pending', 'in_progress', 'completed'] as const;

export const taskSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  task_name: z.string(),
  task_description: z.string(),
  assignee: personRefSchema.nullable(),
  assigner: personRefSchema.nullable(),
  image_ids: z.array(idSchema),
  item_ids: z.array(idSchema),
  total_images: z.number().int(),
  total_items: z.number().int(),
  /** Images with an annotation (or image class) by the assignee, plus items the assignee answered or skipped. */
  done: z.number().int(),
  total: z.number().int(),
  /** Percent done, computed from the store on every read. */
  progress: z.number(),
  completion_percentage: z.number(),
  status: z.enum(TASK_STATUSES),
  assigned_at: z.string(),
  due_date: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  /** Past its due date and not completed. */
  overdue: z.boolean(),
});
export type Task = z.infer<typeof taskSchema>;

const itemBase = z.object({
  id: idSchema,
  project_id: idSchema,
  external_id: z.string().nullable(),
  instructions: z.string(),
  position: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** An item as admins and reviewers see it, gold marking included. */
export const itemSchema = itemBase.extend({
  response_count: z.number().int(),
  is_gold: z.boolean(),
  expected: answerSchema.nullable(),
}).and(itemContentSchema);
export type Item = z.infer<typeof itemSchema>;

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const responseSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  item_id: idSchema,
  annotator: personRefSchema.nullable(),
  annotator_id: idSchema,
  task_id: idSchema.nullable(),
  /** Null when skipped. */
  answer: answerSchema.nullable(),
  skipped: z.boolean(),
  skip_reason: z.string().nullable(),
  /** 0..1, as the annotator gave it. */
  confidence: z.number().nullable(),
  time_spent_ms: z.number().int().nullable(),
  started_at: z.string().nullable(),
  submitted_at: z.string(),
  review_status: z.enum(REVIEW_STATUSES),
  reviewer_id: idSchema.nullable(),
  reviewed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Response = z.infer<typeof responseSchema>;

/**
 * An item in an annotator's queue: the content and its choices, never whether it is gold.
 * `my_response` is the annotator's earlier answer when they come back to it.
 */
export const queueItemSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  instructions: z.string(),
  choices: z.array(choiceSchema),
  allow_multiple: z.boolean(),
  my_response: responseSchema.nullable(),
}).and(itemContentSchema);
export type QueueItem = z.infer<typeof queueItemSchema>;

export const expectedShapeSchema = z.object({ class_id: z.number().int().nullable(), geometry: geometrySchema });
export const goldExpectedSchema = z.union([
  answerSchema,
  z.object({ shapes: z.array(expectedShapeSchema).max(10_000) }),
]);

export const goldSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  item_id: idSchema.nullable(),
  image_id: idSchema.nullable(),
  /** The expected answer (items) or expected shapes (images). */
  expected: goldExpectedSchema,
  created_by: idSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Gold = z.infer<typeof goldSchema>;

export const FLAG_CHECKS = ['speed_check', 'gold_accuracy', 'manual'] as const;

export const flagSchema = z.object({
  /** Stored id for manual flags; `computed:<check>:<user>` for computed ones (they clear themselves). */
  id: z.string(),
  project_id: idSchema,
  user: personRefSchema,
  check_type: z.enum(FLAG_CHECKS),
  passed: z.literal(false),
  flag_reason: z.string(),
  timestamp: z.string(),
  source: z.enum(['computed', 'manual']),
  metadata: z.record(z.string(), z.unknown()),
});
export type Flag = z.infer<typeof flagSchema>;

export const reviewQueueEntrySchema = z.object({
  image_id: idSchema,
  filename: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  reviewed: z.boolean(),
  annotation_count: z.number().int(),
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  annotator_ids: z.array(z.string()),
  open_issues: z.number().int(),
  is_gold: z.boolean(),
});

export const responseQueueEntrySchema = responseSchema.extend({
  item_type: z.enum(ITEM_TYPES),
  external_id: z.string().nullable(),
  /** Whether the answer matches the gold answer; null for non-gold items and skips. */
  correct: z.boolean().nullable(),
  is_gold: z.boolean(),
});

export const REVIEW_ACTIONS = ['approve', 'reject', 'reset', 'reviewed', 'unreviewed'] as const;

export const reviewEventSchema = z.object({
  id: idSchema,
  project_id: idSchema,
  image_id: idSchema.nullable(),
  annotation_id: idSchema.nullable(),
  response_id: idSchema.nullable(),
  reviewer: personRefSchema.nullable(),
  action: z.enum(REVIEW_ACTIONS),
  reason: z.string().nullable(),
  comment_id: idSchema.nullable(),
  created_at: z.string(),
});
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
