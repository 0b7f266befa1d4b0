import { z } from 'zod';
import { idSchema } from './entities';

/**
 * Sync with a Labeler server (issue 7): sign in, attach local projects to server projects, sync
 * now or in the background, and see what needs a person: parked changes (refused by the server)
 * and conflicts (a losing version, restorable). Spread into `procedures` in procedures.ts.
 */
const procedure = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

export const SYNC_STATES = ['signed_out', 'idle', 'pushing', 'pulling', 'backoff', 'rate_limited', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const serverUrl = z
  .string()
  .trim()
  .url('give the server address, e.g. http://127.0.0.1:8001')
  .refine((u) => /^https?:\/\//.test(u), 'the server address starts with http:// or https://');

export const syncAccountSchema = z.object({
  server_url: z.string(),
  auth_method: z.enum(['password', 'api_key']),
  user_id: z.number().int().nullable(),
  email: z.string().nullable(),
  full_name: z.string().nullable(),
  role: z.string().nullable(),
  client_id: z.string(),
  /** True when the server refused the saved credentials: sign in again (the queue is kept). */
  needs_sign_in: z.boolean(),
});
export type SyncAccount = z.infer<typeof syncAccountSchema>;

export const syncLinkSchema = z.object({
  project_id: idSchema,
  project_name: z.string(),
  server_url: z.string(),
  server_project_id: z.string(),
  enabled: z.boolean(),
  cursor: z.string(),
  pending: z.number().int(),
  parked: z.number().int(),
  conflicts: z.number().int(),
  last_pushed_at: z.string().nullable(),
  last_pulled_at: z.string().nullable(),
  last_error: z.string().nullable(),
});
export type SyncLink = z.infer<typeof syncLinkSchema>;

export const syncStatusSchema = z.object({
  account: syncAccountSchema.nullable(),
  state: z.enum(SYNC_STATES),
  /** The project being synced right now, if any. */
  project_id: z.string().nullable(),
  /** Local changes of linked projects not yet confirmed by the server. */
  pending: z.number().int(),
  parked: z.number().int(),
  conflicts: z.number().int(),
  last_synced_at: z.string().nullable(),
  last_error: z.string().nullable(),
  /** When the loop waits (backoff or rate limit): when it tries again. */
  retry_at: z.string().nullable(),
  links: z.array(syncLinkSchema),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncReportSchema = z.object({
  pushed: z.number().int(),
  pulled: z.number().int(),
  conflicts: z.number().int(),
  parked: z.number().int(),
  pending: z.number().int(),
});
export type SyncReport = z.infer<typeof syncReportSchema>;

export const syncConflictSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  entity: z.string(),
  row_id: z.string(),
  /** Field groups that conflicted (`deleted` when a deletion met an edit). */
  groups: z.array(z.string()),
  winner: z.enum(['local', 'remote']),
  /** The losing version (whole row, local representation). */
  losing: z.record(z.string(), z.unknown()),
  winning: z.record(z.string(), z.unknown()),
  server_rev: z.number().int().nullable(),
  created_at: z.string(),
  resolved_at: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

export const syncParkedSchema = z.object({
  seq: z.number().int(),
  project_id: z.string(),
  entity: z.string(),
  op: z.enum(['create', 'update', 'delete']),
  row_id: z.string(),
  data: z.record(z.string(), z.unknown()),
  code: z.string(),
  reason: z.string(),
  created_at: z.string(),
});
export type SyncParked = z.infer<typeof syncParkedSchema>;

export const serverProjectSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  total_images: z.number().int().nullable(),
  total_annotations: z.number().int().nullable(),
  linked_project_id: z.string().nullable(),
});

const projectRef = z.object({ project_id: idSchema });

export const syncProcedures = {
  syncStatus: procedure(z.object({}).default({}), syncStatusSchema, 'Account, loop state, pending/parked/conflict counts and linked projects.'),
  syncSignIn: procedure(
    z.union([
      z.object({ server_url: serverUrl, email: z.string().trim().email('not an email address'), password: z.string().min(1, 'give the password') }),
      z.object({ server_url: serverUrl, api_key: z.string().min(1), api_secret: z.string().min(1) }),
    ]),
    syncAccountSchema,
    'Signs in to a Labeler server (email and password, or an API key and secret). Tokens are kept in the secret store; the local queue is never touched.',
  ),
  syncSignOut: procedure(z.object({}).default({}), z.object({ signed_out: z.literal(true) }), 'Ends the session on the server (when reachable) and forgets the tokens. Unsent changes stay queued.'),
  syncServerProjects: procedure(z.object({}).default({}), z.array(serverProjectSummarySchema), 'Projects of your team on the server, with the local project each is linked to.'),
  syncLink: procedure(
    z.object({
      /** The local project; omit to make a new local copy of the server project. */
      project_id: idSchema.optional(),
      /** The server project; omit to create it on the server from the local project (admins). */
      server_project_id: z.string().min(1).max(64).optional(),
    }).refine((v) => v.project_id || v.server_project_id, 'give a local project, a server project, or both'),
    syncLinkSchema,
    'Attaches a local project to a server project (or creates the missing side). Local changes are pushed and server changes pulled from then on.',
  ),
  syncUnlink: procedure(projectRef, z.object({ unlinked: z.literal(true) }), 'Detaches a project from its server project; local data stays, unsent changes are dropped from the queue.'),
  syncSetEnabled: procedure(projectRef.extend({ enabled: z.boolean() }), syncLinkSchema, 'Turns sync of one linked project on or off (off keeps changes queued).'),
  syncNow: procedure(z.object({ project_id: idSchema.optional() }).default({}), syncReportSchema, 'Pushes queued changes and pulls the server\'s, now (one project or every enabled one).'),
  syncConflicts: procedure(
    z.object({ project_id: idSchema.optional(), include_resolved: z.boolean().default(false) }).default({ include_resolved: false }),
    z.array(syncConflictSchema),
    'Conflicts: the version that lost, newest first.',
  ),
  syncRestoreConflict: procedure(z.object({ conflict_id: z.string().min(1) }), syncConflictSchema, 'Applies the losing version again as a new local change (it is then pushed like any edit).'),
  syncDismissConflict: procedure(z.object({ conflict_id: z.string().min(1) }), syncConflictSchema, 'Marks a conflict as seen, keeping the winner.'),
  syncParked: procedure(z.object({ project_id: idSchema.optional() }).default({}), z.array(syncParkedSchema), 'Changes the server refused for good, with its reason.'),
  syncRetryParked: procedure(z.object({ seq: z.number().int() }), z.object({ queued: z.literal(true) }), 'Queues a parked change again (after fixing its cause, e.g. restoring a class).'),
  syncDiscardParked: procedure(z.object({ seq: z.number().int() }), z.object({ discarded: z.literal(true) }), 'Drops a parked change; the row takes the server\'s version at the next pull.'),
  syncDownloadImages: procedure(
    projectRef.extend({ image_ids: z.array(idSchema).max(100_000).optional() }),
    z.object({ downloaded: z.number().int(), present: z.number().int(), failed: z.array(z.object({ image_id: z.string(), reason: z.string() })) }),
    'Downloads the files of server images (all of the project, or the given ones) so they can be annotated offline.',
  ),
  syncFetchExport: procedure(
    projectRef.extend({
      format: z.enum(['coco', 'yolo', 'pascal_voc', 'custom']).default('coco'),
      export_id: z.string().min(1).max(100).optional(),
      out_path: z.string().min(1),
      include_images: z.boolean().default(false),
    }),
    z.object({ export_id: z.string(), path: z.string(), size_bytes: z.number().int() }),
    'Fetches an export made on the server (the given one, or a new one it asks for and waits on) into a local file.',
  ),
} as const;

/** Pushed while sync runs and whenever its counts change. */
export const syncEvents = {
  syncStatus: syncStatusSchema,
} as const;
