import type { PersonRef, ReviewEvent } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

export interface QueueFilter {
  annotator_id?: string;
  class_id?: number;
  annotation_type?: string;
  annotation_status?: string;
  /** false: awaiting review; true: reviewed; null: both. */
  reviewed: boolean | null;
}

export interface LogEntry {
  project_id: string;
  image_id?: string | null;
  annotation_id?: string | null;
  response_id?: string | null;
  action: ReviewEvent['action'];
  reason?: string | null;
  comment_id?: string | null;
}

type Refs = (id: string | null | undefined) => PersonRef | null;

const MATCH = `a.image_id = i.id AND a.deleted_at IS NULL
  AND (@annotator_id IS NULL OR a.annotator_id = @annotator_id)
  AND (@class_id IS NULL OR a.class_id = @class_id)
  AND (@annotation_type IS NULL OR a.annotation_type = @annotation_type)
  AND (@annotation_status IS NULL OR a.annotation_status = @annotation_status)`;
const QUEUE = `i.project_id = @project_id AND i.deleted_at IS NULL
  AND (@reviewed IS NULL OR i.reviewed = @reviewed)
  AND EXISTS (SELECT 1 FROM annotations a WHERE ${MATCH})`;
const LIVE = 'a.image_id = i.id AND a.deleted_at IS NULL';

const RESPONSE_QUEUE = `r.project_id = @project_id AND r.deleted_at IS NULL
  AND (@item_type IS NULL OR it.item_type = @item_type)
  AND (@annotator_id IS NULL OR r.annotator_id = @annotator_id)
  AND (@review_status IS NULL OR r.review_status = @review_status)`;

/**
 * Review: the queue of images awaiting review, annotation and image review state, and the log
 * of every review action (who, what, when, why).
 */
export function reviewRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    queue: db.prepare(`SELECT i.id, i.filename, i.width, i.height, i.reviewed,
        (SELECT COUNT(*) FROM annotations a WHERE ${LIVE}) AS annotation_count,
        (SELECT COUNT(*) FROM annotations a WHERE ${LIVE} AND a.annotation_status = 'pending') AS pending,
        (SELECT COUNT(*) FROM annotations a WHERE ${LIVE} AND a.annotation_status = 'approved') AS approved,
        (SELECT COUNT(*) FROM annotations a WHERE ${LIVE} AND a.annotation_status = 'rejected') AS rejected,
        (SELECT json_group_array(DISTINCT a.annotator_id) FROM annotations a WHERE ${LIVE} AND a.annotator_id IS NOT NULL) AS annotators,
        (SELECT COUNT(*) FROM comments c WHERE c.image_id = i.id AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.resolved = 0 AND c.comment_type = 'issue') AS open_issues,
        EXISTS (SELECT 1 FROM gold g WHERE g.image_id = i.id AND g.deleted_at IS NULL) AS is_gold
      FROM images i WHERE ${QUEUE} ORDER BY i.filename, i.id LIMIT @limit OFFSET @offset`),
    queueCount: db.prepare(`SELECT COUNT(*) FROM images i WHERE ${QUEUE}`).pluck(),
    queueIds: db.prepare(`SELECT i.id FROM images i WHERE ${QUEUE} ORDER BY i.filename, i.id`).pluck(),
    annotation: db.prepare('SELECT id, project_id, image_id FROM annotations WHERE id = ? AND deleted_at IS NULL'),
    setStatus: db.prepare('UPDATE annotations SET annotation_status = @status, reviewer_id = @reviewer, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    response: db.prepare('SELECT id, project_id, item_id FROM responses WHERE id = ? AND deleted_at IS NULL'),
    setResponseStatus: db.prepare('UPDATE responses SET review_status = @status, reviewer_id = @reviewer, reviewed_at = @at, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    setReviewed: db.prepare('UPDATE images SET reviewed = @reviewed, updated_at = @now, rev = rev + 1 WHERE id = @id AND deleted_at IS NULL'),
    log: db.prepare(`INSERT INTO reviews (id, project_id, image_id, annotation_id, response_id, reviewer_id, action, reason, comment_id, created_at, updated_at)
      VALUES (@id, @project_id, @image_id, @annotation_id, @response_id, @reviewer_id, @action, @reason, @comment_id, @now, @now)`),
    history: db.prepare(`SELECT * FROM reviews WHERE project_id = @project_id AND deleted_at IS NULL AND (@image_id IS NULL OR image_id = @image_id)
      ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`),
    historyCount: db.prepare('SELECT COUNT(*) FROM reviews WHERE project_id = @project_id AND deleted_at IS NULL AND (@image_id IS NULL OR image_id = @image_id)').pluck(),
    responseQueue: db.prepare(`SELECT r.*, it.item_type, it.external_id, g.expected AS gold_expected FROM responses r
        JOIN items it ON it.id = r.item_id AND it.deleted_at IS NULL
        LEFT JOIN gold g ON g.item_id = it.id AND g.deleted_at IS NULL
      WHERE ${RESPONSE_QUEUE} ORDER BY r.submitted_at, r.id LIMIT @limit OFFSET @offset`),
    responseQueueCount: db.prepare(`SELECT COUNT(*) FROM responses r JOIN items it ON it.id = r.item_id AND it.deleted_at IS NULL WHERE ${RESPONSE_QUEUE}`).pluck(),
  };

  const queueParams = (projectId: string, f: QueueFilter) => ({
    project_id: projectId,
    annotator_id: f.annotator_id ?? null,
    class_id: f.class_id ?? null,
    annotation_type: f.annotation_type ?? null,
    annotation_status: f.annotation_status ?? null,
    reviewed: f.reviewed === null ? null : f.reviewed ? 1 : 0,
  });

  /** Writes one log row (inside the caller's transaction); returns its id. */
  const log = (entry: LogEntry, reviewerId: string | null, now: string): string => {
    const id = ctx.newId();
    statements.log.run({ image_id: null, annotation_id: null, response_id: null, reason: null, comment_id: null, ...entry, id, reviewer_id: reviewerId, now });
    return id;
  };

  return {
    queue(projectId: string, filter: QueueFilter, offset: number, limit: number) {
      const params = queueParams(projectId, filter);
      const items = (statements.queue.all({ ...params, offset, limit }) as Row[]).map((r) => ({
        image_id: r.id,
        filename: r.filename as string,
        width: r.width as number,
        height: r.height as number,
        reviewed: r.reviewed === 1,
        annotation_count: r.annotation_count as number,
        pending: r.pending as number,
        approved: r.approved as number,
        rejected: r.rejected as number,
        annotator_ids: json<string[]>(r.annotators, []).sort(),
        open_issues: r.open_issues as number,
        is_gold: r.is_gold === 1,
      }));
      return { items, total: statements.queueCount.get(params) as number, offset, limit };
    },
    queueIds(projectId: string, filter: QueueFilter): string[] {
      return statements.queueIds.all(queueParams(projectId, filter)) as string[];
    },
    log,
    /** Sets the status of annotations and logs one review action each; `comments` maps annotation id → the comment holding the reason. */
    setAnnotationStatus(ids: readonly string[], status: 'pending' | 'approved' | 'rejected', reviewerId: string | null, reason: string | null, comments: ReadonlyMap<string, string>): void {
      const now = ctx.now();
      const action = status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'reset';
      db.transaction(() => {
        const byProject = new Map<string, { annotations: string[]; logs: string[] }>();
        for (const id of ids) {
          const a = statements.annotation.get(id) as { id: string; project_id: string; image_id: string } | undefined;
          if (!a) throw new AppError('NOT_FOUND', `No annotation with id ${id}; nothing was reviewed. Reload the image.`);
          statements.setStatus.run({ id, status, reviewer: status === 'pending' ? null : reviewerId, now });
          const logId = log({ project_id: a.project_id, image_id: a.image_id, annotation_id: id, action, reason, comment_id: comments.get(id) ?? null }, reviewerId, now);
          const group = byProject.get(a.project_id) ?? { annotations: [], logs: [] };
          group.annotations.push(id);
          group.logs.push(logId);
          byProject.set(a.project_id, group);
        }
        for (const [projectId, g] of byProject) {
          outbox(projectId, 'annotations', 'update', g.annotations, now);
          outbox(projectId, 'reviews', 'create', g.logs, now);
        }
      })();
    },
    /** Sets the review status of responses and logs one action each; `comments` maps response id → the reason's comment. */
    setResponseStatus(ids: readonly string[], status: 'pending' | 'approved' | 'rejected', reviewerId: string | null, reason: string | null, comments: ReadonlyMap<string, string>): void {
      const now = ctx.now();
      const action = status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'reset';
      db.transaction(() => {
        const byProject = new Map<string, { responses: string[]; logs: string[] }>();
        for (const id of ids) {
          const r = statements.response.get(id) as { id: string; project_id: string } | undefined;
          if (!r) throw new AppError('NOT_FOUND', `No response with id ${id}; nothing was reviewed. It may have been replaced; reload.`);
          const reset = status === 'pending';
          statements.setResponseStatus.run({ id, status, reviewer: reset ? null : reviewerId, at: reset ? null : now, now });
          const logId = log({ project_id: r.project_id, response_id: id, action, reason, comment_id: comments.get(id) ?? null }, reviewerId, now);
          const group = byProject.get(r.project_id) ?? { responses: [], logs: [] };
          group.responses.push(id);
          group.logs.push(logId);
          byProject.set(r.project_id, group);
        }
        for (const [projectId, g] of byProject) {
          outbox(projectId, 'responses', 'update', g.responses, now);
          outbox(projectId, 'reviews', 'create', g.logs, now);
        }
      })();
    },
    setImageReviewed(projectId: string, imageId: string, reviewed: boolean, reviewerId: string | null): void {
      const now = ctx.now();
      db.transaction(() => {
        statements.setReviewed.run({ id: imageId, reviewed: reviewed ? 1 : 0, now });
        const logId = log({ project_id: projectId, image_id: imageId, action: reviewed ? 'reviewed' : 'unreviewed' }, reviewerId, now);
        outbox(projectId, 'images', 'update', [imageId], now);
        outbox(projectId, 'reviews', 'create', [logId], now);
      })();
    },
    history(projectId: string, imageId: string | null, offset: number, limit: number, refs: Refs) {
      const params = { project_id: projectId, image_id: imageId };
      const items: ReviewEvent[] = (statements.history.all({ ...params, offset, limit }) as Row[]).map((r) => ({
        id: r.id,
        project_id: r.project_id as string,
        image_id: (r.image_id as string | null) ?? null,
        annotation_id: (r.annotation_id as string | null) ?? null,
        response_id: (r.response_id as string | null) ?? null,
        reviewer: refs(r.reviewer_id as string | null),
        action: r.action as ReviewEvent['action'],
        reason: (r.reason as string | null) ?? null,
        comment_id: (r.comment_id as string | null) ?? null,
        created_at: r.created_at as string,
      }));
      return { items, total: statements.historyCount.get(params) as number, offset, limit };
    },
    responseQueue(projectId: string, filter: { item_type?: string; annotator_id?: string; review_status: string | null }, offset: number, limit: number) {
      const params = { project_id: projectId, item_type: filter.item_type ?? null, annotator_id: filter.annotator_id ?? null, review_status: filter.review_status };
      return { rows: statements.responseQueue.all({ ...params, offset, limit }) as Row[], total: statements.responseQueueCount.get(params) as number };
    },
  };
}

export type ReviewRepository = ReturnType<typeof reviewRepository>;
