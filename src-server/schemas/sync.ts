import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';
import { qInt } from './common';

/** Extension of the reference: the per-project change feed and the idempotent push (docs/server.md). */
export const SYNC_ENTITIES = ['project', 'image', 'annotation', 'task', 'comment'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export const changesQuery = z.object({
  since: z.string().regex(/^\d{1,15}$/, 'a cursor is the `cursor` of a previous page (digits)').default('0'),
  limit: qInt(1, 100_000).default(500),
});
export const changeOut = z.object({
  entity: z.enum(SYNC_ENTITIES),
  id: z.string(),
  rev: z.number().int(),
  deleted: z.boolean(),
  /** The row as the REST API shows it; for a tombstone, its last state with `deleted_at`. */
  data: z.record(z.string(), z.unknown()),
});
export const changesOut = z.object({ changes: z.array(changeOut), cursor: z.string(), has_more: z.boolean() });

export const MUTATION_OPS = ['create', 'update', 'delete'] as const;
export const mutation = z.object({
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  op: z.enum(MUTATION_OPS),
  entity: z.enum(['image', 'annotation', 'task', 'comment']),
  project_id: idSchema,
  id: idSchema,
  /** The server revision the client last saw of this row; a mismatch is a conflict. Omit to overwrite. */
  base_rev: z.number().int().nonnegative().nullable().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type Mutation = z.infer<typeof mutation>;
export const pushBody = z.object({
  client_id: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'a client id is 8–100 letters, digits or . _ : -'),
  mutations: z.array(mutation).min(1),
});
export const PUSH_STATUSES = ['applied', 'duplicate', 'conflict', 'rejected'] as const;
export const pushResult = z.object({
  seq: z.number().int(),
  status: z.enum(PUSH_STATUSES),
  /** For duplicates: what the first application answered. */
  original_status: z.enum(PUSH_STATUSES).optional(),
  rev: z.number().int().nullable().optional(),
  server_row: z.record(z.string(), z.unknown()).nullable().optional(),
  reason: z.string().optional(),
  code: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResult>;
export const pushOut = z.object({ results: z.array(pushResult) });
