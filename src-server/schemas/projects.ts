import { z } from 'zod';
import { attributeSchema, classesSchema, classSchema, PROJECT_STATUSES, TASK_TYPES, WORKFLOW_TYPES } from '../../src-shared/contract/entities';
import { paginationQuery, qInt, userBrief } from './common';

const jsonObject = z.record(z.string(), z.unknown());

/** What a client may set on a project; owner, team, revisions and stats are the server's. */
export const projectCreate = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  dataset_id: z.string().trim().min(1).max(200).nullable().default(null),
  dataset_name: z.string().max(200).nullable().default(null),
  task_types: z.array(z.enum(TASK_TYPES)).min(1, 'Must contain at least one task type').max(TASK_TYPES.length).default(['detection']),
  task_config: jsonObject.default({}),
  classes: classesSchema.default([]),
  attributes: z.array(attributeSchema).max(200).default([]),
  settings: jsonObject.default({}),
  workflow_type: z.enum(WORKFLOW_TYPES).default('simple'),
  enable_ai_assist: z.boolean().default(false),
  status: z.enum(PROJECT_STATUSES).default('active'),
});
export type ProjectCreate = z.infer<typeof projectCreate>;

export const projectPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  dataset_name: z.string().max(200).nullable().optional(),
  task_types: z.array(z.enum(TASK_TYPES)).min(1, 'Must contain at least one task type').max(TASK_TYPES.length).optional(),
  task_config: jsonObject.optional(),
  classes: classesSchema.optional(),
  attributes: z.array(attributeSchema).max(200).optional(),
  settings: jsonObject.optional(),
  workflow_type: z.enum(WORKFLOW_TYPES).optional(),
  enable_ai_assist: z.boolean().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});
export type ProjectPatch = z.infer<typeof projectPatch>;

export const projectStats = z.object({
  total_images: z.number().int(),
  annotated_images: z.number().int(),
  reviewed_images: z.number().int(),
  completion_percentage: z.number(),
});

export const projectOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  dataset_id: z.string().nullable(),
  dataset_name: z.string().nullable(),
  owner_id: z.number().int().nullable(),
  owner: userBrief.nullable(),
  team_id: z.number().int(),
  task_types: z.array(z.enum(TASK_TYPES)),
  task_config: jsonObject,
  classes: z.array(classSchema),
  attributes: z.array(attributeSchema),
  settings: jsonObject,
  workflow_type: z.enum(WORKFLOW_TYPES),
  enable_ai_assist: z.boolean(),
  stats: projectStats,
  total_images: z.number().int(),
  annotated_images: z.number().int(),
  total_annotations: z.number().int(),
  status: z.enum(PROJECT_STATUSES),
  rev: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProjectOut = z.infer<typeof projectOut>;

export const projectListQuery = paginationQuery(['created_at', 'updated_at', 'name']).extend({
  status: z.enum(PROJECT_STATUSES).optional(),
  dataset_id: z.string().max(200).optional(),
  owner_id: qInt(1).optional(),
});

export const datasetParams = z.object({ dataset_id: z.string().min(1).max(200) });
