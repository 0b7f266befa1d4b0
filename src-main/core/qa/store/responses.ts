import type { Answer } from '../../../../src-shared/qa/items';
import type { PersonRef, Response } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

export interface ResponseFields {
  answer: Answer | null;
  skipped: boolean;
  skip_reason: string | null;
  confidence: number | null;
  time_spent_ms: number | null;
  started_at: string | null;
  task_id: string | null;
}

type Refs = (id: string | null | undefined) => PersonRef | null;

export function toResponse(row: Row, refs: Refs): Response {
  return {
    id: row.id,
    project_id: row.project_id as string,
    item_id: row.item_id as string,
    annotator: refs(row.annotator_id as string),
    annotator_id: row.annotator_id as string,
    task_id: (row.task_id as string | null) ?? null,
    answer: row.answer ? json<Answer | null>(row.answer, null) : null,
    skipped: row.skipped === 1,
    skip_reason: (row.skip_reason as string | null) ?? null,
    confidence: (row.confidence as number | null) ?? null,
    time_spent_ms: (row.time_spent_ms as number | null) ?? null,
    started_at: (row.started_at as string | null) ?? null,
    submitted_at: row.submitted_at as string,
    review_status: row.review_status as Response['review_status'],
    reviewer_id: (row.reviewer_id as string | null) ?? null,
    reviewed_at: (row.reviewed_at as string | null) ?? null,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  };
}

const FILTER = `project_id = @project_id AND deleted_at IS NULL
  AND (@item_id IS NULL OR item_id = @item_id)
  AND (@annotator_id IS NULL OR annotator_id = @annotator_id)`;

/** Responses: one per (item, annotator); answering again replaces the answer (and resets its review). */
export function responseRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM responses WHERE id = ? AND deleted_at IS NULL'),
    mine: db.prepare('SELECT * FROM responses WHERE item_id = ? AND annotator_id = ? AND deleted_at IS NULL'),
    page: db.prepare(`SELECT * FROM responses WHERE ${FILTER} ORDER BY submitted_at, id LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) FROM responses WHERE ${FILTER}`).pluck(),
    all: db.prepare('SELECT * FROM responses WHERE project_id = ? AND deleted_at IS NULL ORDER BY submitted_at, id'),
    insert: db.prepare(`INSERT INTO responses (id, project_id, item_id, annotator_id, task_id, answer, skipped, skip_reason, confidence, time_spent_ms, started_at, submitted_at, created_at, updated_at)
      VALUES (@id, @project_id, @item_id, @annotator_id, @task_id, @answer, @skipped, @skip_reason, @confidence, @time_spent_ms, @started_at, @now, @now, @now)`),
    replace: db.prepare(`UPDATE responses SET task_id = COALESCE(@task_id, task_id), answer = @answer, skipped = @skipped, skip_reason = @skip_reason, confidence = @confidence,
      time_spent_ms = @time_spent_ms, started_at = @started_at, submitted_at = @now, review_status = 'pending', reviewer_id = NULL, reviewed_at = NULL,
      updated_at = @now, rev = rev + 1 WHERE id = @id`),
  };

  const row = (id: string): Row => {
    const r = statements.get.get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No response with id ${id}. It may have been replaced or deleted; reload.`);
    return r;
  };

  return {
    row,
    get: (id: string, refs: Refs) => toResponse(row(id), refs),
    mine(itemId: string, annotatorId: string): Row | null {
      return (statements.mine.get(itemId, annotatorId) as Row | undefined) ?? null;
    },
    page(projectId: string, filter: { item_id?: string; annotator_id?: string }, offset: number, limit: number, refs: Refs) {
      const params = { project_id: projectId, item_id: filter.item_id ?? null, annotator_id: filter.annotator_id ?? null };
      return { items: (statements.page.all({ ...params, offset, limit }) as Row[]).map((r) => toResponse(r, refs)), total: statements.count.get(params) as number, offset, limit };
    },
    /** Every live response of a project, oldest first (metrics and exports). */
    all(projectId: string): Row[] {
      return statements.all.all(projectId) as Row[];
    },
    /** Inserts the annotator's response to an item, or replaces their earlier one. Returns its id. */
    upsert(projectId: string, itemId: string, annotatorId: string, f: ResponseFields): string {
      const now = ctx.now();
      const values = { ...f, answer: f.answer ? JSON.stringify(f.answer) : null, skipped: f.skipped ? 1 : 0, now };
      return db.transaction(() => {
        const existing = statements.mine.get(itemId, annotatorId) as Row | undefined;
        if (existing) {
          statements.replace.run({ ...values, id: existing.id });
          outbox(projectId, 'responses', 'update', [existing.id], now);
          return existing.id;
        }
        const id = ctx.newId();
        statements.insert.run({ ...values, id, project_id: projectId, item_id: itemId, annotator_id: annotatorId });
        outbox(projectId, 'responses', 'create', [id], now);
        return id;
      })();
    },
  };
}

export type ResponseRepository = ReturnType<typeof responseRepository>;
