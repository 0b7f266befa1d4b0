import { z } from 'zod';
import {
  ANNOTATION_STATUSES,
  PROJECT_STATUSES,
  TASK_TYPES,
  WORKFLOW_TYPES,
  annotationInputSchema,
  annotationPatchSchema,
  annotationSchema,
  attributeSchema,
  classesSchema,
  idSchema,
  imageAnnotationsSchema,
  imageSchema,
  importReportSchema,
  pageSchema,
  projectSchema,
  projectStatsSchema,
  projectSummarySchema,
} from './entities';
import { ANNOTATION_TYPES } from '../geometry/schemas';
import { PROCEDURE_NAME_LIST } from './names';
import { aiProcedures } from './ai';
import { ioProcedures } from './io';
import { qaProcedures } from './qa';
import { syncProcedures } from './sync';

/**
 * The one contract between the renderer and core. Each procedure has a zod input and output
 * schema; main validates every input before a handler runs. Both transports (Electron IPC,
 * serve-mode WebSocket) carry exactly these names.
 */
const procedure = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

/** Project fields as a patch sends them: no defaults, so a patch never resets what it leaves out. */
const projectPatchFields = {
  name: z.string().trim().min(1, 'a project needs a name').max(200),
  description: z.string().max(10_000),
  dataset_id: z.string().max(200).nullable(),
  task_types: z.array(z.enum(TASK_TYPES)).min(1, 'Must contain at least one task type'),
  task_config: z.record(z.string(), z.unknown()),
  classes: classesSchema,
  attributes: z.array(attributeSchema),
  workflow_type: z.enum(WORKFLOW_TYPES),
  status: z.enum(PROJECT_STATUSES),
};

const projectFields = {
  ...projectPatchFields,
  description: projectPatchFields.description.default(''),
  dataset_id: projectPatchFields.dataset_id.default(null),
  task_types: projectPatchFields.task_types.default(['detection']),
  task_config: projectPatchFields.task_config.default({}),
  classes: projectPatchFields.classes.default([]),
  attributes: projectPatchFields.attributes.default([]),
  workflow_type: projectPatchFields.workflow_type.default('simple'),
  status: projectPatchFields.status.default('active'),
};

const projectRef = z.object({ project_id: idSchema });
const paging = { offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(100) };

export const procedures = {
  listProjects: procedure(
    z.object({ status: z.enum(PROJECT_STATUSES).optional() }).default({}),
    z.array(projectSummarySchema),
    'Projects that are not deleted, newest first, with image and annotation counts.',
  ),
  getProject: procedure(projectRef, projectSchema, 'One project by id (NOT_FOUND when absent).'),
  createProject: procedure(z.object(projectFields), projectSchema, 'Creates a project; class ids and names must be unique.'),
  updateProject: procedure(
    projectRef.extend({
      patch: z.object(projectPatchFields).partial().strict(),
    }),
    projectSchema,
    'Patches a project. Removing a class that annotations use is refused with CONFLICT.',
  ),
  deleteProject: procedure(projectRef, z.object({ deleted: z.literal(true) }), 'Deletes a project with its images (records only, never files), annotations, tasks and comments.'),
  projectStats: procedure(projectRef, projectStatsSchema, 'Counts of images, annotated images and annotations by class and by type.'),

  importFolder: procedure(
    projectRef.extend({ path: z.string().min(1, 'give the folder to import'), recursive: z.boolean().default(true) }),
    importReportSchema,
    'Registers every image under a folder in place (jpg, jpeg, png, webp, bmp, gif, tiff). Emits progress; a bad file is reported and never stops the rest.',
  ),
  listImages: procedure(
    projectRef.extend({
      annotated: z.boolean().optional(),
      search: z.string().max(500).optional(),
      ...paging,
    }),
    pageSchema(imageSchema),
    'Images of a project in filename order, paged, optionally only (un)annotated ones.',
  ),
  getImage: procedure(z.object({ image_id: idSchema }), imageSchema, 'One image by id.'),
  imageNeighbours: procedure(
    z.object({ image_id: idSchema, annotated: z.boolean().optional() }),
    z.object({ previous: idSchema.nullable(), next: idSchema.nullable(), index: z.number().int(), total: z.number().int() }),
    'The previous and next image in filename order, and the position of this one.',
  ),
  updateImage: procedure(
    z.object({ image_id: idSchema, image_annotations: imageAnnotationsSchema.optional(), reviewed: z.boolean().optional() }),
    imageSchema,
    'Sets image-level classes and captions, or the reviewed flag.',
  ),

  listAnnotations: procedure(
    z.object({
      image_id: idSchema,
    }),
    z.array(annotationSchema),
    'Annotations of one image in z-order.',
  ),
  queryAnnotations: procedure(
    projectRef.extend({
      class_id: z.number().int().optional(),
      annotation_type: z.enum(ANNOTATION_TYPES).optional(),
      annotation_status: z.enum(ANNOTATION_STATUSES).optional(),
      ...paging,
    }),
    pageSchema(annotationSchema),
    'Annotations of a project filtered by class, type or status, paged.',
  ),
  createAnnotation: procedure(annotationInputSchema, annotationSchema, 'Creates one annotation after checking its geometry against the image and its class against the project.'),
  createAnnotations: procedure(
    z.object({ annotations: z.array(annotationInputSchema).min(1).max(10_000) }),
    z.object({ created: z.number().int(), annotation_ids: z.array(idSchema) }),
    'Creates many annotations in one transaction: all land or none.',
  ),
  updateAnnotation: procedure(z.object({ annotation_id: idSchema, patch: annotationPatchSchema }), annotationSchema, 'Patches one annotation.'),
  deleteAnnotation: procedure(z.object({ annotation_id: idSchema }), z.object({ deleted: z.literal(true) }), 'Deletes one annotation (a tombstone kept for sync).'),
  deleteAnnotations: procedure(
    z.object({ annotation_ids: z.array(idSchema).min(1).max(100_000) }),
    z.object({ deleted: z.number().int() }),
    'Deletes many annotations in one transaction.',
  ),

  appInfo: procedure(
    z.object({}).default({}),
    z.object({ version: z.string(), data_dir: z.string(), transport: z.enum(['ipc', 'ws']) }),
    'Version and where this workstation keeps its data.',
  ),
  ...aiProcedures,
  ...ioProcedures,
  ...qaProcedures,
  ...syncProcedures,
} as const;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type ProcedureInput<N extends ProcedureName> = z.input<Procedures[N]['input']>;
export type ProcedureArgs<N extends ProcedureName> = z.output<Procedures[N]['input']>;
export type ProcedureOutput<N extends ProcedureName> = z.output<Procedures[N]['output']>;

export const PROCEDURE_NAMES: readonly ProcedureName[] = PROCEDURE_NAME_LIST;

// Compile-time check that names.ts lists exactly the procedures defined here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<(typeof PROCEDURE_NAME_LIST)[number], ProcedureName> = true;
void namesMatch;
