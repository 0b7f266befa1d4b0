import { can, type Principal, type ProjectRow } from '../auth/access';
import { usersById } from '../auth/users';
import { conflict, forbidden, notFound, validation } from '../errors';
import { MAX_THREAD_LEVEL, type CommentOut } from '../schemas/comments';
import type { Sql, Tx } from '../storage/types';
import { newId, now, pageOf, pageRows, takeRevs, Where, type Page, type PageQuery } from './common';
import { commentView, type CommentRow } from './views';

/** Top-level comments (threads), each with all its replies flattened in time order. */
export async function listComments(db: Sql, project: ProjectRow, q: PageQuery & { image_id?: string; annotation_id?: string; resolved?: boolean }): Promise<Page<CommentOut>> {
  const where = new Where()
    .add('c.project_id = ?', project.id)
    .add('c.parent_id IS NULL')
    .add('c.deleted_at IS NULL')
    .when(q.image_id, 'c.image_id = ?', q.image_id ?? null)
    .when(q.annotation_id, 'c.annotation_id = ?', q.annotation_id ?? null)
    .when(q.resolved, 'c.resolved = ?', q.resolved ?? null);
  const { rows, total } = await pageRows<CommentRow>(db, 'c.*', 'comments c', where, q, 'c');
  return pageOf(await threads(db, rows), total, q);
}

async function threads(db: Sql, tops: CommentRow[]): Promise<CommentOut[]> {
  const replies = tops.length
    ? await db.all<CommentRow>(`SELECT * FROM comments WHERE root_id IN (${tops.map(() => '?').join(', ')}) AND deleted_at IS NULL ORDER BY created_at, id`, tops.map((t) => t.id))
    : [];
  const users = await usersById(db, [...tops, ...replies].map((r) => (r.author_id === null ? null : Number(r.author_id))));
  return tops.map((t) => ({ ...commentView(t, users), replies: replies.filter((r) => r.root_id === t.id).map((r) => commentView(r, users)) }));
}

export async function commentRow(db: Sql, projectId: string, id: string): Promise<CommentRow> {
  const row = await db.get<CommentRow>('SELECT * FROM comments WHERE id = ? AND project_id = ?', [id, projectId]);
  if (!row) throw notFound('comment', id);
  return row;
}

/** One comment as the API shows it: a thread with its replies, or a reply with none. */
export async function commentOut(db: Sql, row: CommentRow): Promise<CommentOut> {
  if (row.parent_id === null) return (await threads(db, [row]))[0];
  const users = await usersById(db, [row.author_id === null ? null : Number(row.author_id)]);
  return { ...commentView(row, users), replies: [] };
}

export interface CommentCreateIn {
  id?: string;
  image_id: string | null;
  annotation_id: string | null;
  parent_id: string | null;
  text: string;
  comment_type: string;
}

export async function insertComment(tx: Tx, p: Principal, project: ProjectRow, input: CommentCreateIn): Promise<CommentRow> {
  let { image_id: imageId, annotation_id: annotationId } = input;
  let level = 0;
  let rootId: string | null = null;
  if (input.parent_id) {
    const parent = await tx.get<CommentRow>('SELECT * FROM comments WHERE id = ? AND project_id = ? AND deleted_at IS NULL', [input.parent_id, project.id]);
    if (!parent) throw validation(`parent_id: comment ${input.parent_id} is not in this project`, [{ field: 'parent_id', message: 'no such comment' }]);
    if (parent.thread_level >= MAX_THREAD_LEVEL) throw validation(`Threads nest at most ${MAX_THREAD_LEVEL} levels deep: reply higher up.`, [{ field: 'parent_id', message: 'thread too deep' }]);
    level = Number(parent.thread_level) + 1;
    rootId = parent.root_id ?? parent.id;
    imageId ??= parent.image_id;
    annotationId ??= parent.annotation_id;
  }
  if (annotationId) {
    const a = await tx.get<{ image_id: string }>('SELECT image_id FROM annotations WHERE id = ? AND project_id = ? AND deleted_at IS NULL', [annotationId, project.id]);
    if (!a) throw validation(`annotation_id: annotation ${annotationId} is not in this project`, [{ field: 'annotation_id', message: 'no such annotation' }]);
    if (imageId && imageId !== a.image_id) throw validation('annotation_id belongs to another image than image_id', [{ field: 'image_id', message: 'does not match the annotation' }]);
    imageId = a.image_id;
  }
  if (imageId && !(await tx.get('SELECT id FROM images WHERE id = ? AND project_id = ? AND deleted_at IS NULL', [imageId, project.id]))) {
    throw validation(`image_id: image ${imageId} is not in this project`, [{ field: 'image_id', message: 'no such image' }]);
  }
  const id = input.id ?? newId();
  if (await tx.get('SELECT id FROM comments WHERE id = ?', [id])) throw conflict(`A comment with id ${id} already exists.`);
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run(
    `INSERT INTO comments (id, project_id, image_id, annotation_id, parent_id, root_id, thread_level, author_id, text, comment_type, edited, resolved, created_at, updated_at, rev)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)`,
    [id, project.id, imageId, annotationId, input.parent_id, rootId, level, p.user.id, input.text, input.comment_type, t, t, rev],
  );
  return commentRow(tx, project.id, id);
}

function checkBase(row: CommentRow, baseRev?: number | null) {
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) throw conflict(`The comment changed on the server (rev ${row.rev}, you had ${baseRev}).`);
}

const isAuthor = (p: Principal, row: CommentRow) => Number(row.author_id) === Number(p.user.id);

/** Resolving is for the author, reviewers and admins; resolving twice changes nothing. */
export async function resolveComment(tx: Tx, p: Principal, project: ProjectRow, id: string, resolved = true): Promise<CommentRow> {
  const row = await commentRow(tx, project.id, id);
  if (row.deleted_at) throw notFound('comment', id);
  if (!isAuthor(p, row) && !can(p, 'comment.resolve_any')) throw forbidden('Only the author, reviewers and admins can resolve a comment.');
  if (Boolean(row.resolved) === resolved) return row;
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run('UPDATE comments SET resolved = ?, resolved_by = ?, resolved_at = ?, updated_at = ?, rev = ? WHERE id = ?', [resolved ? 1 : 0, resolved ? p.user.id : null, resolved ? t : null, t, rev, id]);
  return commentRow(tx, project.id, id);
}

export async function patchComment(tx: Tx, p: Principal, project: ProjectRow, id: string, patch: { text?: string; comment_type?: string; resolved?: boolean }, baseRev?: number | null): Promise<CommentRow> {
  let row = await commentRow(tx, project.id, id);
  checkBase(row, baseRev);
  if (row.deleted_at) throw notFound('comment', id);
  if (patch.resolved !== undefined) row = await resolveComment(tx, p, project, id, patch.resolved);
  if (patch.text === undefined && patch.comment_type === undefined) return row;
  if (!isAuthor(p, row)) throw forbidden('Only the author can edit a comment.');
  const rev = await takeRevs(tx, project.id);
  await tx.run('UPDATE comments SET text = ?, comment_type = ?, edited = 1, updated_at = ?, rev = ? WHERE id = ?', [patch.text ?? row.text, patch.comment_type ?? row.comment_type, now(), rev, id]);
  return commentRow(tx, project.id, id);
}

export async function deleteComment(tx: Tx, p: Principal, project: ProjectRow, id: string, baseRev?: number | null): Promise<CommentRow> {
  const row = await commentRow(tx, project.id, id);
  checkBase(row, baseRev);
  if (row.deleted_at) return row;
  if (!isAuthor(p, row) && p.user.role !== 'admin') throw forbidden('Only the author and admins can delete a comment.');
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run('UPDATE comments SET deleted_at = ?, updated_at = ?, rev = ? WHERE id = ?', [t, t, rev, id]);
  return commentRow(tx, project.id, id);
}
