import type { Comment, PersonRef, Thread } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import { prepareOutbox, type QaContext, type Row } from './context';

export interface NewComment {
  project_id: string;
  image_id: string | null;
  annotation_id: string | null;
  item_id: string | null;
  parent_id: string | null;
  text: string;
  comment_type: 'comment' | 'issue';
  x: number | null;
  y: number | null;
}

export interface CommentFilter {
  image_id?: string;
  annotation_id?: string;
  item_id?: string;
  resolved?: boolean;
  comment_type?: 'comment' | 'issue';
}

type Refs = (id: string | null | undefined) => PersonRef | null;

const THREAD_FILTER = `project_id = @project_id AND parent_id IS NULL AND deleted_at IS NULL
  AND (@image_id IS NULL OR image_id = @image_id)
  AND (@annotation_id IS NULL OR annotation_id = @annotation_id)
  AND (@item_id IS NULL OR item_id = @item_id)
  AND (@resolved IS NULL OR resolved = @resolved)
  AND (@comment_type IS NULL OR comment_type = @comment_type)`;

/** Comment threads (Labeler API comments): a thread is a comment without parent; replies hang off it, one level deep. */
export function commentRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM comments WHERE id = ? AND deleted_at IS NULL'),
    threads: db.prepare(`SELECT * FROM comments WHERE ${THREAD_FILTER} ORDER BY created_at, id LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) FROM comments WHERE ${THREAD_FILTER}`).pluck(),
    replies: db.prepare('SELECT * FROM comments WHERE parent_id = ? AND deleted_at IS NULL ORDER BY created_at, id'),
    insert: db.prepare(`INSERT INTO comments (id, project_id, image_id, annotation_id, item_id, parent_id, author_id, text, comment_type, x, y, created_at, updated_at)
      VALUES (@id, @project_id, @image_id, @annotation_id, @item_id, @parent_id, @author_id, @text, @comment_type, @x, @y, @now, @now)`),
    edit: db.prepare('UPDATE comments SET text = @text, edited = 1, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    resolve: db.prepare('UPDATE comments SET resolved = @resolved, resolved_by = @by, resolved_at = @at, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    tombstoneThread: db.prepare('UPDATE comments SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE (id = @id OR parent_id = @id) AND deleted_at IS NULL RETURNING id'),
    openByImage: db.prepare(`SELECT c.image_id, i.filename, COUNT(*) AS open FROM comments c JOIN images i ON i.id = c.image_id
      WHERE c.project_id = ? AND c.parent_id IS NULL AND c.deleted_at IS NULL AND c.resolved = 0 AND c.comment_type = 'issue'
      GROUP BY c.image_id ORDER BY i.filename`),
  };

  const toComment = (row: Row, refs: Refs): Comment => ({
    id: row.id,
    project_id: row.project_id as string,
    image_id: (row.image_id as string | null) ?? null,
    annotation_id: (row.annotation_id as string | null) ?? null,
    item_id: (row.item_id as string | null) ?? null,
    parent_id: (row.parent_id as string | null) ?? null,
    thread_level: row.parent_id ? 1 : 0,
    text: row.text as string,
    comment_type: row.comment_type as Comment['comment_type'],
    x: (row.x as number | null) ?? null,
    y: (row.y as number | null) ?? null,
    author: refs(row.author_id as string | null),
    edited: row.edited === 1,
    resolved: row.resolved === 1,
    resolved_by: refs(row.resolved_by as string | null),
    resolved_at: (row.resolved_at as string | null) ?? null,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  });

  const row = (id: string): Row => {
    const r = statements.get.get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No comment with id ${id}. It may have been deleted; reload the comments.`);
    return r;
  };
  const thread = (root: Row, refs: Refs): Thread => ({ ...toComment(root, refs), replies: (statements.replies.all(root.id) as Row[]).map((r) => toComment(r, refs)) });
  const filterParams = (projectId: string, f: CommentFilter) => ({
    project_id: projectId,
    image_id: f.image_id ?? null,
    annotation_id: f.annotation_id ?? null,
    item_id: f.item_id ?? null,
    resolved: f.resolved === undefined ? null : f.resolved ? 1 : 0,
    comment_type: f.comment_type ?? null,
  });

  return {
    get: (id: string, refs: Refs) => toComment(row(id), refs),
    /** The raw row (for checks on author and parent). */
    row,
    /** The thread a comment belongs to (itself when it is a thread). */
    threadOf(id: string, refs: Refs): Thread {
      const r = row(id);
      return thread(r.parent_id ? row(r.parent_id as string) : r, refs);
    },
    threads(projectId: string, filter: CommentFilter, offset: number, limit: number, refs: Refs) {
      const params = filterParams(projectId, filter);
      const items = (statements.threads.all({ ...params, offset, limit }) as Row[]).map((r) => thread(r, refs));
      return { items, total: statements.count.get(params) as number, offset, limit };
    },
    create(c: NewComment, authorId: string | null): string {
      const id = ctx.newId();
      const now = ctx.now();
      db.transaction(() => {
        statements.insert.run({ ...c, id, author_id: authorId, now });
        outbox(c.project_id, 'comments', 'create', [id], now);
      })();
      return id;
    },
    edit(id: string, text: string): void {
      const r = row(id);
      const now = ctx.now();
      db.transaction(() => {
        statements.edit.run({ id, text, now });
        outbox(r.project_id as string, 'comments', 'update', [id], now);
      })();
    },
    /** Resolves or reopens the thread of `id`; returns the thread id. */
    setResolved(id: string, resolved: boolean, by: string | null): string {
      const r = row(id);
      const rootId = (r.parent_id as string | null) ?? r.id;
      const now = ctx.now();
      db.transaction(() => {
        statements.resolve.run({ id: rootId, resolved: resolved ? 1 : 0, by: resolved ? by : null, at: resolved ? now : null, now });
        outbox(r.project_id as string, 'comments', 'update', [rootId], now);
      })();
      return rootId;
    },
    /** Tombstones a comment, and its replies when it is a thread. */
    delete(id: string): number {
      const r = row(id);
      const now = ctx.now();
      return db.transaction(() => {
        const ids = (statements.tombstoneThread.all({ id, now }) as { id: string }[]).map((x) => x.id);
        outbox(r.project_id as string, 'comments', 'delete', ids, now);
        return ids.length;
      })();
    },
    openByImage(projectId: string): { image_id: string; filename: string; open: number }[] {
      return statements.openByImage.all(projectId) as { image_id: string; filename: string; open: number }[];
    },
  };
}

export type CommentRepository = ReturnType<typeof commentRepository>;
