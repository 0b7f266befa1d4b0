import { z } from 'zod';

/**
 * The sync wire format (the server's "sync extension", docs/server.md), version 1. Every message
 * the workstation sends or reads has a runtime schema and an assert beside it: a server that
 * answers something else is reported as such instead of corrupting the local store.
 */
export const WIRE_VERSION = 1;

const id = z.string().min(1).max(64);
const record = z.record(z.string(), z.unknown());
/** A row as the server shows it: an object (its fields are read by the adapter that stores it). Cheaper than `record` on 1,000-row pages. */
const rowObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object');

export const WIRE_ENTITIES = ['project', 'image', 'annotation', 'task', 'comment'] as const;
export const PUSH_ENTITIES = ['image', 'annotation', 'task', 'comment'] as const;
export const MUTATION_OPS = ['create', 'update', 'delete'] as const;
export const PUSH_STATUSES = ['applied', 'duplicate', 'conflict', 'rejected'] as const;

/** A client id is 8–100 letters, digits or `. _ : -`, and belongs to the user who used it first. */
export const clientIdV1 = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/);

export const mutationV1 = z.object({
  seq: z.number().int().nonnegative(),
  op: z.enum(MUTATION_OPS),
  entity: z.enum(PUSH_ENTITIES),
  project_id: id,
  id,
  base_rev: z.number().int().nonnegative().nullable().optional(),
  data: record,
});
export type MutationV1 = z.infer<typeof mutationV1>;

export const pushRequestV1 = z.object({ client_id: clientIdV1, mutations: z.array(mutationV1).min(1) });
export type PushRequestV1 = z.infer<typeof pushRequestV1>;

export const pushResultV1 = z.object({
  seq: z.number().int(),
  status: z.enum(PUSH_STATUSES),
  original_status: z.enum(PUSH_STATUSES).optional(),
  rev: z.number().int().nullable().optional(),
  server_row: record.nullable().optional(),
  reason: z.string().optional(),
  code: z.string().optional(),
});
export type PushResultV1 = z.infer<typeof pushResultV1>;

export const pushResponseV1 = z.object({ results: z.array(pushResultV1) });
export type PushResponseV1 = z.infer<typeof pushResponseV1>;

export const changeV1 = z.object({
  entity: z.enum(WIRE_ENTITIES),
  id: z.string(),
  rev: z.number().int(),
  deleted: z.boolean(),
  data: rowObject,
});
export type ChangeV1 = z.infer<typeof changeV1>;

export const changesPageV1 = z.object({ changes: z.array(changeV1), cursor: z.string().regex(/^\d+$/), has_more: z.boolean() });
export type ChangesPageV1 = z.infer<typeof changesPageV1>;

export const userV1 = z.object({ id: z.number().int(), email: z.string(), full_name: z.string(), role: z.string(), team_id: z.number().int() });
export type UserV1 = z.infer<typeof userV1>;

export const tokensV1 = z.object({
  access_token: z.string().min(1),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string().min(1),
  refresh_expires_in: z.number().int(),
  user: userV1,
});
export type TokensV1 = z.infer<typeof tokensV1>;

export const meV1 = z.object({ user_id: z.number().int(), email: z.string(), full_name: z.string(), role: z.string(), team_id: z.number().int(), auth: z.string(), exp: z.number().int().nullable() });
export type MeV1 = z.infer<typeof meV1>;

/** The server's project, loosely: sync reads these fields and ignores the rest. */
export const serverProjectV1 = z.looseObject({
  id,
  name: z.string(),
  description: z.string().default(''),
  task_types: z.array(z.string()).default(['detection']),
  task_config: record.default({}),
  classes: z.array(record).default([]),
  attributes: z.array(record).default([]),
  workflow_type: z.string().default('simple'),
  status: z.string().default('active'),
  rev: z.number().int().default(0),
  total_annotations: z.number().int().optional(),
  total_images: z.number().int().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type ServerProjectV1 = z.infer<typeof serverProjectV1>;

export const serverProjectPageV1 = z.object({ items: z.array(serverProjectV1), total: z.number().int(), page: z.number().int(), total_pages: z.number().int() });

export const exportStatusV1 = z.looseObject({
  export_id: z.string(),
  status: z.enum(['processing', 'completed', 'failed']),
  format: z.string(),
  download_url: z.string().nullable(),
  file_size_bytes: z.number().int().nullable().optional(),
  error: z.string().nullable().optional(),
});
export type ExportStatusV1 = z.infer<typeof exportStatusV1>;

export const exportAcceptedV1 = z.looseObject({ export_id: z.string(), status: z.string() });

export const errorEnvelopeV1 = z.object({ error: z.looseObject({ code: z.string(), message: z.string() }) });

/** Thrown when the server answers something this version of the wire format does not describe. */
export class WireError extends Error {
  constructor(what: string, issues: string) {
    super(`The server answered a ${what} this workstation does not understand (${issues}). Is it a Labeler server of a compatible version?`);
    this.name = 'WireError';
  }
}

function asserter<T extends z.ZodType>(schema: T, what: string) {
  return (value: unknown): z.output<T> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new WireError(what, parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    return parsed.data;
  };
}

export const assertPushResponse = asserter(pushResponseV1, 'push answer');
export const assertChangesPage = asserter(changesPageV1, 'change feed page');
export const assertTokens = asserter(tokensV1, 'login answer');
export const assertMe = asserter(meV1, '/auth/me answer');
export const assertServerProject = asserter(serverProjectV1, 'project');
export const assertServerProjectPage = asserter(serverProjectPageV1, 'project list');
export const assertExportStatus = asserter(exportStatusV1, 'export status');
export const assertExportAccepted = asserter(exportAcceptedV1, 'export answer');
export const assertPushRequest = asserter(pushRequestV1, 'push request');
