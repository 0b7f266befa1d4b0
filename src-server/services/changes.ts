import type { ProjectRow } from '../auth/access';
import type { SyncEntity } from '../schemas/sync';
import type { Sql } from '../storage/types';
import { rowsByIds } from './common';
import { usersById } from '../auth/users';
import { projectView } from './projects';
import { annotationViews, commentView, taskViews, IMAGE_COLUMNS, imageView, type AnnotationRow, type CommentRow, type ImageRow, type TaskRow } from './views';

export interface Change {
  entity: SyncEntity;
  id: string;
  rev: number;
  deleted: boolean;
  data: Record<string, unknown>;
}

/**
 * The change feed of a project after revision `since`: every row (project, images, annotations,
 * tasks, comments, tombstones included) whose revision is newer, oldest first.
 *
 * Why pages never miss or repeat a row: revisions of a project are taken under a row lock and so
 * become visible in order (see takeRevs); a page lists (entity, id, rev) up to `limit`, then reads
 * the rows. A row rewritten in between has a newer revision than any on this page; it is left out
 * here and comes on a later page with its new state. The cursor is the last revision listed.
 */
export async function changesSince(db: Sql, project: ProjectRow, since: number, limit: number): Promise<{ changes: Change[]; cursor: string; has_more: boolean }> {
  const index = await db.all<{ entity: SyncEntity; id: string; rev: number }>(
    `SELECT entity, id, rev FROM (
       SELECT 'project' AS entity, id, rev FROM projects WHERE id = ? AND rev > ?
       UNION ALL SELECT 'image' AS entity, id, rev FROM images WHERE project_id = ? AND rev > ?
       UNION ALL SELECT 'annotation' AS entity, id, rev FROM annotations WHERE project_id = ? AND rev > ?
       UNION ALL SELECT 'task' AS entity, id, rev FROM tasks WHERE project_id = ? AND rev > ?
       UNION ALL SELECT 'comment' AS entity, id, rev FROM comments WHERE project_id = ? AND rev > ?
     ) AS feed ORDER BY rev LIMIT ?`,
    [project.id, since, project.id, since, project.id, since, project.id, since, project.id, since, limit + 1],
  );
  const has_more = index.length > limit;
  const page = index.slice(0, limit);
  const ids = (entity: SyncEntity) => page.filter((c) => c.entity === entity).map((c) => c.id);
  const rows = await loadRows(db, project, ids);
  const changes: Change[] = [];
  for (const c of page) {
    const row = rows.get(`${c.entity}:${c.id}`);
    if (!row || Number(row.rev) !== Number(c.rev)) continue;
    changes.push({ entity: c.entity, id: c.id, rev: Number(c.rev), deleted: Boolean(row.deleted_at), data: row });
  }
  const cursor = page.length ? String(page[page.length - 1].rev) : String(since);
  return { changes, cursor, has_more };
}

/** Rows (as the REST API shows them, with `deleted_at`) keyed by `entity:id`. */
export async function loadRows(db: Sql, project: ProjectRow, ids: (entity: SyncEntity) => string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (ids('project').length) {
    const fresh = (await db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [project.id]))!;
    out.set(`project:${project.id}`, { ...(await projectView(db, fresh)), deleted_at: null });
  }
  // Rows by primary key only, then kept to the project: `project_id = ? AND id IN (…)` lets a planner
  // without fresh statistics walk the project's (project_id, rev) index instead, a whole project per page.
  const mine = <T extends { project_id: string }>(rows: Map<string, T>) => [...rows.values()].filter((r) => r.project_id === project.id);
  const images = mine(await rowsByIds<ImageRow>(db, (m) => `SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id IN (${m})`, ids('image')));
  for (const r of images) out.set(`image:${r.id}`, { ...imageView(r), deleted_at: r.deleted_at });
  const aRows = mine(await rowsByIds<AnnotationRow>(db, (m) => `SELECT a.*, i.filename AS image_filename FROM annotations a JOIN images i ON i.id = a.image_id WHERE a.id IN (${m})`, ids('annotation')));
  const aViews = await annotationViews(db, project, aRows);
  aRows.forEach((r, i) => out.set(`annotation:${r.id}`, { ...aViews[i], deleted_at: r.deleted_at }));
  const tasks = mine(await rowsByIds<TaskRow>(db, (m) => `SELECT * FROM tasks WHERE id IN (${m})`, ids('task')));
  const tViews = await taskViews(db, tasks);
  tasks.forEach((r, i) => out.set(`task:${r.id}`, { ...tViews[i], deleted_at: r.deleted_at }));
  const comments = mine(await rowsByIds<CommentRow>(db, (m) => `SELECT * FROM comments WHERE id IN (${m})`, ids('comment')));
  const authors = await usersById(db, comments.map((r) => (r.author_id === null ? null : Number(r.author_id))));
  for (const r of comments) out.set(`comment:${r.id}`, { ...commentView(r, authors), deleted_at: r.deleted_at });
  return out;
}
