import type { z } from 'zod';
import { projectFor, type Principal } from '../auth/access';
import { HttpError, notFound, toHttp } from '../errors';
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
  const revOf = async (table: string) => {
    const row = await tx.get<{ rev: number }>(`SELECT rev FROM ${table} WHERE id = ? AND project_id = ?`, [m.id, project.id]);
    if (!row) throw notFound(m.entity, m.id);
    return Number(row.rev);
  };
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

type Answer = Omit<PushResult, 'seq'>;

/** Refusals answer the mutation (conflict with the server's row, or rejected); server failures propagate. */
async function answerFor(tx: Tx, p: Principal, m: Mutation, error: unknown): Promise<Answer> {
  const { status, body } = toHttp(error);
  if (status >= 500) throw error;
  if (status === 409) return { status: 'conflict', reason: body.error.message, code: body.error.code, server_row: await serverRow(tx, p, m) };
  return { status: 'rejected', reason: body.error.message, code: body.error.code };
}

/** One mutation, exactly once: its (client_id, seq) record and its effect, in a savepoint of the push's transaction. */
async function pushOne(tx: Tx, p: Principal, clientId: string, m: Mutation): Promise<PushResult> {
  const fresh = await tx.run('INSERT INTO sync_mutations (client_id, seq, result, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (client_id, seq) DO NOTHING', [clientId, m.seq, '{}', now()]);
  if (!fresh) {
    const first = JSON.parse((await tx.get<{ result: string }>('SELECT result FROM sync_mutations WHERE client_id = ? AND seq = ?', [clientId, m.seq]))!.result) as PushResult;
    return { seq: m.seq, status: 'duplicate', original_status: first.status, rev: first.rev ?? null };
  }
  let result: PushResult;
  try {
    result = { seq: m.seq, status: 'applied', rev: await tx.savepoint(() => apply(tx, p, m)) };
  } catch (error) {
    result = { seq: m.seq, ...(await answerFor(tx, p, m, error)) };
  }
  await tx.run('UPDATE sync_mutations SET result = ? WHERE client_id = ? AND seq = ?', [JSON.stringify({ status: result.status, rev: result.rev ?? null }), clientId, m.seq]);
  return result;
}

/** Rows per multi-row statement of a run. */
const CHUNK = 100;

/**
 * A run of annotation creates in one statement batch, as `POST …/annotations/batch` does, then
 * their (client_id, seq) records (the transaction holds the client's row lock, so no concurrent
 * push of this client gets between the check and the records). Any refusal, or a seq seen before,
 * undoes the attempt (null) and the run goes one by one instead.
 */
async function pushCreates(tx: Tx, p: Principal, clientId: string, ms: Mutation[]): Promise<PushResult[] | null> {
  try {
    return await tx.savepoint(async () => {
      const seen = await tx.get(`SELECT 1 AS seen FROM sync_mutations WHERE client_id = ? AND seq IN (${ms.map(() => '?').join(', ')}) LIMIT 1`, [clientId, ...ms.map((m) => m.seq)]);
      if (seen) throw new HttpError(409, 'CONFLICT', 'A mutation of this run was seen before.');
      const project = await projectFor(tx, p, ms[0].project_id);
      const created = await insertAnnotations(tx, p, project, ms.map((m) => parseData(annotationCreate, m.data)), ms.map((m) => m.id));
      const results: PushResult[] = ms.map((m, i) => ({ seq: m.seq, status: 'applied', rev: created[i].rev }));
      const at = now();
      for (let i = 0; i < results.length; i += CHUNK) {
        const chunk = results.slice(i, i + CHUNK);
        await tx.run(
          `INSERT INTO sync_mutations (client_id, seq, result, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((r) => [clientId, r.seq, JSON.stringify({ status: r.status, rev: r.rev }), at]),
        );
      }
      return results;
    });
  } catch (error) {
    if (toHttp(error).status >= 500) throw error;
    return null;
  }
}

/** Consecutive mutations of one project (one transaction each: a transaction never waits on two projects' locks). */
function byProject(mutations: Mutation[]): Mutation[][] {
  const runs: Mutation[][] = [];
  for (const m of mutations) {
    const last = runs[runs.length - 1];
    if (last && last[0].project_id === m.project_id) last.push(m);
    else runs.push([m]);
  }
  return runs;
}

const isCreate = (m: Mutation) => m.entity === 'annotation' && m.op === 'create';

/**
 * The idempotent push: mutations in order, each recorded with its (client_id, seq) in the same
 * savepoint as its effect, so it is applied exactly once however often the client retries; one
 * transaction per run of one project's mutations, holding the client's row lock (pushes of one
 * client apply one after the other). Runs of annotation creates go in one batch
 * (falling back to one by one when any is refused). A seq seen before answers `duplicate` (with
 * the first outcome); a stale `base_rev` or an id taken answers `conflict` with the server's row;
 * a refused change answers `rejected` with the reason. Server failures abort the transaction, so
 * nothing of it is recorded and a retry applies it.
 */
export async function push(db: Storage, p: Principal, clientId: string, mutations: Mutation[]): Promise<PushResult[]> {
  await db.run('INSERT INTO sync_clients (client_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (client_id) DO NOTHING', [clientId, p.user.id, now()]);
  const owner = await db.get<{ user_id: number }>('SELECT user_id FROM sync_clients WHERE client_id = ?', [clientId]);
  if (Number(owner?.user_id) !== Number(p.user.id)) throw new HttpError(403, 'FORBIDDEN', 'This client_id belongs to another user: make a new one per installation.');
  const results: PushResult[] = [];
  for (const run of byProject(mutations)) {
    results.push(
      ...(await db.transaction(async (tx) => {
        // The client's row lock: a second push of this client waits here until this one commits.
        await tx.run('UPDATE sync_clients SET user_id = user_id WHERE client_id = ?', [clientId]);
        const out: PushResult[] = [];
        for (let i = 0; i < run.length; ) {
          let j = i;
          while (j < run.length && isCreate(run[j])) j++;
          const batched = j - i > 1 ? await pushCreates(tx, p, clientId, run.slice(i, j)) : null;
          if (batched) out.push(...batched);
          else for (const m of run.slice(i, Math.max(j, i + 1))) out.push(await pushOne(tx, p, clientId, m));
          i = Math.max(j, i + 1);
        }
        return out;
      })),
    );
  }
  return results;
}
