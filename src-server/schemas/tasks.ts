import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';
import { paginationQuery, qInt, userBrief } from './common';

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;

export const taskCreate = z.object({
  id: idSchema.optional(),
  task_name: z.string().trim().min(1).max(300),
  task_description: z.string().max(10_000).default(''),
  assignee_id: z.number().int().positive().nullable().default(null),
  image_ids: z.array(idSchema).max(100_000).default([]),
  due_date: z.iso.datetime({ offset: true }).nullable().default(null),
});

export const taskPatch = z.object({
  task_name: z.string().trim().min(1).max(300).optional(),
  task_description: z.string().max(10_000).optional(),
  assignee_id: z.number().int().positive().nullable().optional(),
  image_ids: z.array(idSchema).max(100_000).optional(),
  due_date: z.iso.datetime({ offset: true }).nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  /** Images done so far, 0 … total_images. */
  progress: z.number().int().min(0).optional(),
});

export const taskOut = z.object({
  id: z.string(),
  project_id: z.string(),
  task_name: z.string(),
  task_description: z.string(),
  assignee_id: z.number().int().nullable(),
  assignee: userBrief.nullable(),
  assigner: userBrief.nullable(),
  image_ids: z.array(z.string()),
  total_images: z.number().int(),
  status: z.enum(TASK_STATUSES),
  progress: z.number().int(),
  completion_percentage: z.number(),
  assigned_at: z.string().nullable(),
  due_date: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  rev: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TaskOut = z.infer<typeof taskOut>;

export const taskListQuery = paginationQuery(['created_at', 'updated_at', 'due_date']).extend({
  assignee_id: qInt(1).optional(),
  status: z.enum(TASK_STATUSES).optional(),
});
export const taskParams = z.object({ project_id: idSchema, task_id: idSchema });
