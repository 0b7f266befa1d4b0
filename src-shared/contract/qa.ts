import { z } from 'zod';
import { ANNOTATION_TYPES } from '../geometry/schemas';
import {
  COMMENT_TYPES,
  REVIEW_STATUSES,
  ROLES,
  TASK_STATUSES,
  expectedShapeSchema,
  flagSchema,
  goldSchema,
  itemSchema,
  personSchema,
  queueItemSchema,
  responseQueueEntrySchema,
  responseSchema,
  reviewEventSchema,
  reviewQueueEntrySchema,
  roleInput,
  taskSchema,
  threadSchema,
  commentSchema,
} from '../qa/entities';
import { answerSchema, ITEM_TYPES } from '../qa/items';
import { ANALYTICS_SECTIONS, CONSENSUS_METHODS, agreementSchema, analyticsSchema, imageConsensusSchema, itemConsensusSchema, qaReportSchema } from '../qa/report-schemas';
import { qaSettingsSchema } from '../qa/settings';
import { ANNOTATION_STATUSES, annotationSchema, idSchema, imageSchema, pageSchema } from './entities';

/**
 * Review and quality (issue 8): people and roles, review, comments, tasks, items and responses,
 * gold, consensus, agreement and analytics. Spread into `procedures` in procedures.ts.
 * Reviewer actions need the role reviewer or admin (FORBIDDEN otherwise, with how to switch).
 */
const procedure = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

const projectRef = z.object({ project_id: idSchema });
const paging = { offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(100) };
const deleted = z.object({ deleted: z.number().int() });
const name = z.string().trim().min(1, 'give a name').max(200);
const email = z.string().trim().email('not an email address').max(320);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date (use ISO 8601, e.g. 2025-01-20 or 2025-01-20T23:59:59Z)');

/** Filters of the review queue: images having an annotation that matches all of them. */
const annotationFilter = {
  annotator_id: idSchema.optional(),
  class_id: z.number().int().optional(),
  annotation_type: z.enum(ANNOTATION_TYPES).optional(),
  annotation_status: z.enum(ANNOTATION_STATUSES).optional(),
};
const reviewFilter = {
  ...annotationFilter,
  /** false (default): awaiting review; true: already reviewed; null: both. */
  reviewed: z.boolean().nullable().default(false),
};

const commentTarget = {
  image_id: idSchema.optional(),
  annotation_id: idSchema.optional(),
  item_id: idSchema.optional(),
};

const taskPatch = z.object({
  task_name: name.optional(),
  task_description: z.string().max(10_000).optional(),
  assignee_id: idSchema.nullable().optional(),
  due_date: isoDate.nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  image_ids: z.array(idSchema).max(1_000_000).optional(),
  item_ids: z.array(idSchema).max(1_000_000).optional(),
}).strict();

const importReport = z.object({
  format: z.enum(['jsonl', 'csv']),
  read: z.number().int(),
  imported: z.number().int(),
  gold: z.number().int(),
  skipped_existing: z.number().int(),
  failed: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

const exported = z.object({ count: z.number().int(), path: z.string().nullable(), content: z.string().nullable(), filename: z.string(), mime: z.string() });

export const qaProcedures = {
  // ── people and roles ──────────────────────────────────────────────
  getProfile: procedure(z.object({}).default({}), personSchema, 'The local profile this workstation acts as (created as "Local user", admin, on first use).'),
  setProfile: procedure(
    z.object({ person_id: idSchema.optional(), full_name: name, email: email.nullable().optional(), role: roleInput }),
    personSchema,
    'Sets who works on this machine: the person with `person_id`, else an existing person with that email, becomes the local profile (with this name and role), else a new one. Every later response and review is theirs.',
  ),
  listPeople: procedure(z.object({ role: z.enum(ROLES).optional() }).default({}), z.array(personSchema), 'Everyone known to this workstation (assignees, annotators of imported work), by name.'),
  savePerson: procedure(
    z.object({ id: idSchema.optional(), full_name: name, email: email.nullable().optional(), role: roleInput }),
    personSchema,
    'Adds or edits a team member (to assign tasks to). Admin only.',
  ),

  // ── review ────────────────────────────────────────────────────────
  reviewQueue: procedure(
    projectRef.extend({ ...reviewFilter, ...paging }),
    pageSchema(reviewQueueEntrySchema),
    'Images with annotations, awaiting review by default, filtered by annotator, class, type and status; filename order with counts per status.',
  ),
  reviewNeighbours: procedure(
    z.object({ image_id: idSchema, ...reviewFilter }),
    z.object({ previous: idSchema.nullable(), next: idSchema.nullable(), index: z.number().int(), total: z.number().int() }),
    'Previous and next image of the review queue around this one (index −1 when it is not in the queue).',
  ),
  reviewAnnotations: procedure(
    z.object({ annotation_ids: z.array(idSchema).min(1).max(10_000), status: z.enum(ANNOTATION_STATUSES), reason: z.string().trim().max(10_000).optional() }),
    z.object({ annotations: z.array(annotationSchema), comment_ids: z.array(idSchema) }),
    'Approves, rejects or resets annotations; records reviewer and time. A reason becomes an issue comment pinned on each annotation.',
  ),
  reviewImage: procedure(
    z.object({ image_id: idSchema, reviewed: z.boolean().default(true), ...annotationFilter }),
    z.object({ image: imageSchema, next_image_id: idSchema.nullable() }),
    'Marks an image reviewed (or not) and answers the next image awaiting review (same annotation filters), for approve–reject–next keyboard flow.',
  ),
  responseQueue: procedure(
    projectRef.extend({ item_type: z.enum(ITEM_TYPES).optional(), annotator_id: idSchema.optional(), review_status: z.enum(REVIEW_STATUSES).nullable().default('pending'), ...paging }),
    pageSchema(responseQueueEntrySchema),
    'Responses to review (pending by default), oldest first, with whether gold answers were correct.',
  ),
  reviewResponses: procedure(
    z.object({ response_ids: z.array(idSchema).min(1).max(10_000), status: z.enum(REVIEW_STATUSES), reason: z.string().trim().max(10_000).optional() }),
    z.object({ responses: z.array(responseSchema), comment_ids: z.array(idSchema) }),
    'Approves, rejects or resets responses; a reason becomes an issue comment on the item.',
  ),
  reviewHistory: procedure(
    projectRef.extend({ image_id: idSchema.optional(), ...paging }),
    pageSchema(reviewEventSchema),
    'Review actions (approve, reject, reset, reviewed, unreviewed) with reviewer and time, newest first.',
  ),

  // ── comments ──────────────────────────────────────────────────────
  listComments: procedure(
    projectRef.extend({ ...commentTarget, resolved: z.boolean().optional(), comment_type: z.enum(COMMENT_TYPES).optional(), ...paging }),
    pageSchema(threadSchema),
    'Comment threads (with replies) of a project, an image, an annotation or an item, oldest first.',
  ),
  createComment: procedure(
    z.object({
      ...commentTarget,
      project_id: idSchema.optional(),
      parent_id: idSchema.optional(),
      text: z.string().trim().min(1, 'the comment is empty').max(20_000),
      comment_type: z.enum(COMMENT_TYPES).default('comment'),
      x: z.number().finite().optional(),
      y: z.number().finite().optional(),
    }),
    commentSchema,
    'Starts a thread on an image (pinned at x,y), an annotation (pinned at its centre unless x,y given), an item or the project; with parent_id, replies to a thread.',
  ),
  editComment: procedure(z.object({ comment_id: idSchema, text: z.string().trim().min(1).max(20_000) }), commentSchema, "Edits the text of one's own comment."),
  resolveComment: procedure(
    z.object({ comment_id: idSchema, resolved: z.boolean().default(true) }),
    threadSchema,
    'Resolves or reopens a thread (given any comment of it); records who and when.',
  ),
  deleteComment: procedure(z.object({ comment_id: idSchema }), deleted, 'Deletes a comment; deleting a thread deletes its replies.'),
  openIssues: procedure(
    projectRef.extend({ ...paging }),
    z.object({ total: z.number().int(), by_image: z.array(z.object({ image_id: idSchema, filename: z.string(), open: z.number().int() })), threads: z.array(threadSchema) }),
    'Unresolved issue threads of a project, with counts per image.',
  ),

  // ── tasks ─────────────────────────────────────────────────────────
  listTasks: procedure(
    projectRef.extend({ assignee_id: idSchema.optional(), status: z.enum(TASK_STATUSES).optional() }),
    z.array(taskSchema),
    'Tasks of a project with progress computed from the store, by due date.',
  ),
  myTasks: procedure(z.object({ project_id: idSchema.optional() }).default({}), z.array(taskSchema), "The local profile's tasks, not completed first, by due date."),
  createTask: procedure(
    projectRef.extend({
      task_name: name,
      task_description: z.string().max(10_000).default(''),
      assignee_id: idSchema.nullable().default(null),
      image_ids: z.array(idSchema).max(1_000_000).default([]),
      item_ids: z.array(idSchema).max(1_000_000).default([]),
      due_date: isoDate.nullable().default(null),
    }),
    taskSchema,
    'Creates a task over images and/or items of the project, assigned to a person.',
  ),
  createTaskBatches: procedure(
    projectRef.extend({
      source: z.enum(['images', 'items']).default('images'),
      batch_size: z.number().int().min(1).max(1_000_000).optional(),
      batch_count: z.number().int().min(1).max(10_000).optional(),
      assignee_ids: z.array(idSchema).max(1000).default([]),
      due_date: isoDate.nullable().default(null),
      name_prefix: z.string().trim().min(1).max(100).default('Batch'),
      /** Leave out images or items already in a task. */
      only_unassigned: z.boolean().default(true),
      /** Mix the project's gold images or items into each batch (goldTaskPercentage), unmarked. */
      include_gold: z.boolean().default(true),
    }).refine((v) => (v.batch_size === undefined) !== (v.batch_count === undefined), { message: 'give batch_size or batch_count (one of them)', path: ['batch_size'] }),
    z.array(taskSchema),
    "Splits a project's images or items into batches, dealt round-robin to the assignees, with gold mixed in per assignee.",
  ),
  updateTask: procedure(z.object({ task_id: idSchema, patch: taskPatch }), taskSchema, 'Patches a task (status, assignee, due date, name, contents).'),
  deleteTask: procedure(z.object({ task_id: idSchema }), deleted, 'Deletes a task (its images, items and work stay).'),

  // ── items and responses ───────────────────────────────────────────
  importItems: procedure(
    projectRef.extend({
      path: z.string().min(1).optional(),
      content: z.string().max(200_000_000).optional(),
      format: z.enum(['jsonl', 'csv']).optional(),
    }).refine((v) => (v.path === undefined) !== (v.content === undefined), { message: 'give path or content (one of them)', path: ['path'] }),
    importReport,
    'Imports items (IMG_CLS, TXT_CLS, RLHF_PAIR, QUESTION) from a JSONL or CSV file or text; items with an expected answer become gold; bad lines are reported, the rest imported; ids already imported are skipped.',
  ),
  listItems: procedure(
    projectRef.extend({ item_type: z.enum(ITEM_TYPES).optional(), gold: z.boolean().optional(), search: z.string().max(500).optional(), ...paging }),
    pageSchema(itemSchema),
    'Items of a project in import order, with gold marking (reviewers and admins only).',
  ),
  getItem: procedure(z.object({ item_id: idSchema }), itemSchema, 'One item with its gold marking (reviewers and admins only).'),
  deleteItems: procedure(z.object({ item_ids: z.array(idSchema).min(1).max(100_000) }), deleted, 'Deletes items with their responses and gold marks.'),
  nextItem: procedure(
    projectRef.extend({ item_type: z.enum(ITEM_TYPES).optional(), task_id: idSchema.optional(), after_item_id: idSchema.optional() }),
    z.object({ item: queueItemSchema.nullable(), position: z.number().int(), remaining: z.number().int(), total: z.number().int() }),
    "The local annotator's next unanswered item (gold mixed in unmarked, items that already have consensusRequired answers left out); after_item_id moves past one.",
  ),
  submitResponse: procedure(
    z.object({
      item_id: idSchema,
      answer: answerSchema,
      time_spent_ms: z.number().int().min(0).max(86_400_000),
      started_at: isoDate.optional(),
      confidence: z.number().min(0).max(1).optional(),
      task_id: idSchema.optional(),
    }),
    responseSchema,
    "Records the local annotator's answer with time spent; answering again replaces their earlier answer.",
  ),
  skipItem: procedure(
    z.object({ item_id: idSchema, reason: z.string().trim().min(1, 'say why you skip').max(2_000), time_spent_ms: z.number().int().min(0).max(86_400_000).optional(), task_id: idSchema.optional() }),
    responseSchema,
    'Skips an item with a reason (the item leaves this annotator\'s queue).',
  ),
  listResponses: procedure(
    projectRef.extend({ item_id: idSchema.optional(), annotator_id: idSchema.optional(), ...paging }),
    pageSchema(responseSchema),
    'Responses of a project, oldest first, optionally for one item or annotator.',
  ),
  exportResponses: procedure(
    projectRef.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl'), path: z.string().min(1).optional() }),
    exported,
    'Exports every response (answer, annotator, time spent, skip, review, gold correctness) as JSONL or CSV: written to path, or returned as content.',
  ),

  // ── gold, settings and flags ──────────────────────────────────────
  getQaSettings: procedure(projectRef, qaSettingsSchema, 'Quality settings of a project (consensusRequired, goldTaskPercentage, thresholds), defaults filled in.'),
  setQaSettings: procedure(projectRef.extend({ patch: qaSettingsSchema.partial() }), qaSettingsSchema, "Changes a project's quality settings (kept in task_config.qa, synced with the project)."),
  markGold: procedure(
    z.union([
      z.object({ item_id: idSchema, expected: answerSchema }),
      z.object({ image_id: idSchema, shapes: z.array(expectedShapeSchema).max(10_000).optional() }),
    ]),
    goldSchema,
    "Marks an item gold with its expected answer, or an image with expected shapes (default: the image's current annotations).",
  ),
  unmarkGold: procedure(z.object({ gold_id: idSchema }), deleted, 'Removes a gold mark.'),
  listGold: procedure(projectRef, z.array(goldSchema), 'Gold items and images of a project.'),
  listFlags: procedure(projectRef, z.array(flagSchema), 'Quality flags: computed (speed check, low gold accuracy) and manual, with reasons.'),
  flagUser: procedure(
    projectRef.extend({ user_id: idSchema, reason: z.string().trim().min(1).max(2_000), metadata: z.record(z.string(), z.unknown()).default({}) }),
    flagSchema,
    'Flags a person for a reason (manual flag).',
  ),
  clearFlag: procedure(z.object({ flag_id: idSchema }), deleted, 'Removes a manual flag (computed flags clear when the numbers recover).'),

  // ── consensus, agreement, analytics ───────────────────────────────
  itemConsensus: procedure(
    projectRef.extend({ method: z.enum(CONSENSUS_METHODS).default('dawid_skene'), item_type: z.enum(ITEM_TYPES).optional() }),
    itemConsensusSchema,
    'Consensus answer of every answered item by majority vote or Dawid–Skene, with coverage of consensusRequired.',
  ),
  imageConsensus: procedure(
    z.object({ image_id: idSchema, min_votes: z.number().int().min(1).optional() }),
    imageConsensusSchema,
    "Merged shapes of an image from its annotators' annotations (IoU clustering; boxes averaged, polygons by highest mean IoU), kept when drawn by enough annotators.",
  ),
  agreementReport: procedure(projectRef, agreementSchema, "Cohen's kappa (pairwise), Fleiss' kappa and Krippendorff's alpha per item type; IoU-matched precision/recall/F1 between annotators for images."),
  qaReport: procedure(projectRef, qaReportSchema, 'Agreement, gold accuracy per annotator, consensus coverage, flags and alerts: what `labeler qa report` prints.'),
  analytics: procedure(
    projectRef.extend({ days: z.number().int().min(1).max(366).default(30) }),
    analyticsSchema,
    'Labels per day, time per label, accuracy distribution, per-class counts, annotator activity, top performers, honeypot performance and alerts.',
  ),
  exportAnalytics: procedure(
    projectRef.extend({ format: z.enum(['csv', 'json']).default('csv'), section: z.enum(ANALYTICS_SECTIONS).optional(), days: z.number().int().min(1).max(366).default(30), path: z.string().min(1).optional() }),
    exported,
    'Analytics as JSON (all sections) or CSV (one section, default annotators): written to path, or returned as content.',
  ),
} as const;
