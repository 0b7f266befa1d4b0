import type { z } from 'zod';
import { projectFor, type Principal } from '../auth/access';
import { HttpError, toHttp } from '../errors';
import { issuesToDetails } from '../http/route';
import { annotationCreate, annotationPatch } from '../schemas/annotations';
import { commentCreate, commentSyncPatch } from '../schemas/comments';
import { imageCreate, imagePatch } from '../schemas/images';
import type { Mutation, PushResult, SyncEntity } from '../schemas/sync';
import { taskCreate, taskPatch } from '../schemas/tasks';
import type { Storage, Tx } from '../storage/types';
import { deleteAnnotations, insertAnnotations, patchAnnotation } from './annotations';
import { loadRows } from './changes';
import { deleteComment, insertComment, patchComment } from './comments';
import { now } from './common';
import { deleteImage, insertImage, patchImage } from './images';
import { deleteTask, insertTask, patchTask } from './tasks';

function parseData<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const details = issuesToDetails(result.error, 'data');
    throw new HttpError(400, 'VALIDATION_ERROR', `Invalid mutation data: ${details[0]?.field ?? ''} ${details[0]?.message ?? ''}`.trim(), details);
  }
  return result.data;
}

/** Applies one mutation through the same services (and so the same rules) as the REST endpoints; answers the row's new revision. */
async function apply(tx: Tx, p: Principal, m: Mutation): Promise<number> {
  const project = await projectFor(tx, p, m.project_id);
  const revOf = async (table: string) => Number((await tx.get<{ rev: number }>(`SELECT rev FROM ${table} WHERE id = ?`, [m.id]))!.rev);
  switch (`${m.entity}.${m.op}`) {
    case 'annotation.create':
      return (await insertAnnotations(tx, p, project, [parseData(annotationCreate, m.data)], [m.id]))[0].rev;
    case 'annotation.update':
      return Number((await patchAnnotation(tx, p, project, m.id, parseData(annotationPatch, m.data), m.base_rev ?? null)).rev);
    case 'annotation.delete':
      await deleteAnnotations(tx, p, project, [m.id], m.base_rev ?? null);
      return revOf('annotations');
    case 'image.create':
      return Number((await insertImage(tx, p, project, { ...parseData(imageCreate, m.data), id: m.id })).rev);
    case 'image.update':
      return Number((await patchImage(tx, p, project, m.id, parseData(imagePatch, m.data), m.base_rev ?? null)).rev);
    case 'image.delete':
      return Number((await deleteImage(tx, p, project, m.id, m.base_rev ?? null)).rev);
    case 'task.create':
      return Number((await insertTask(tx, p, project, { ...parseData(taskCreate, m.data), id: m.id })).rev);
    case 'task.update':
      return Number((await patchTask(tx, p, project, m.id, parseData(taskPatch, m.data), m.base_rev ?? null)).rev);
    case 'task.delete':
      return Number((await deleteTask(tx, p, project, m.id, m.base_rev ?? null)).rev);
    case 'comment.create':
      return Number((await insertComment(tx, p, project, { ...parseData(commentCreate, m.data), id: m.id })).rev);
    case 'comment.update':
      return Number((await patchComment(tx, p, project, m.id, parseData(commentSyncPatch, m.data), m.base_rev ?? null)).rev);
    case 'comment.delete':
      return Number((await deleteComment(tx, p, project, m.id, m.base_rev ?? null)).rev);
  }
  throw new HttpError(400, 'VALIDATION_ERROR', `Unsupported mutation ${m.entity}.${m.op}.`);
}

async function serverRow(tx: Tx, p: Principal, m: Mutation): Promise<Record<string, unknown> | null> {
  try {
    const project = await projectFor(tx, p, m.project_id);
    const rows = await loadRows(tx, project, (e: SyncEntity) => (e === m.entity ? [m.id] : []));
    return rows.get(`${m.entity}:${m.id}`) ?? null;
  } catch {
    return null;
  }
}

/**
 * The idempotent push: each mutation, in order, in its own transaction together with the record
 * of its (client_id, seq), so it is applied exactly once however often the client retries.
 * A seq seen before answers `duplicate` (with the first outcome); a stale `base_rev` or an id
 * taken answers `conflict` with the server's row; a refused change answers `rejected` with the
 * reason. Server failures abort the push without recording the seq, so a retry applies it.
 */
export async function push(db: Storage, p: Principal, clientId: string, mutations: Mutation[]): Promise<PushResult[]> {
  await db.run('INSERT INTO sync_clients (client_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (client_id) DO NOTHING', [clientId, p.user.id, now()]);
  const owner = await db.get<{ user_id: number }>('SELECT user_id FROM sync_clients WHERE client_id = ?', [clientId]);
  if (Number(owner?.user_id) !== Number(p.user.id)) throw new HttpError(403, 'FORBIDDEN', 'This client_id belongs to another user: make a new one per installation.');
  const results: PushResult[] = [];
  for (const m of mutations) {
    results.push(
      await db.transaction(async (tx) => {
        const fresh = await tx.run('INSERT INTO sync_mutations (client_id, seq, result, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (client_id, seq) DO NOTHING', [clientId, m.seq, '{}', now()]);
        if (fresh === 0) {
          const first = JSON.parse((await tx.get<{ result: string }>('SELECT result FROM sync_mutations WHERE client_id = ? AND seq = ?', [clientId, m.seq]))!.result) as PushResult;
          return { seq: m.seq, status: 'duplicate', original_status: first.status, rev: first.rev ?? null } satisfies PushResult;
        }
        let result: PushResult;
        try {
          const rev = await tx.savepoint(() => apply(tx, p, m));
          result = { seq: m.seq, status: 'applied', rev };
        } catch (error) {
          const { status, body } = toHttp(error);
          if (status >= 500) throw error;
          if (status === 409) result = { seq: m.seq, status: 'conflict', reason: body.error.message, code: body.error.code, server_row: await serverRow(tx, p, m) };
          else result = { seq: m.seq, status: 'rejected', reason: body.error.message, code: body.error.code };
        }
        await tx.run('UPDATE sync_mutations SET result = ? WHERE client_id = ? AND seq = ?', [JSON.stringify({ status: result.status, rev: result.rev ?? null }), clientId, m.seq]);
        return result;
      }),
    );
  }
  return results;
}
