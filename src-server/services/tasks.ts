import { can, type Principal, type ProjectRow } from '../auth/access';
import { conflict, forbidden, notFound, validation } from '../errors';
import type { TaskOut } from '../schemas/tasks';
import type { Sql, Tx } from '../storage/types';
import { newId, now, pageOf, pageRows, rowsByIds, takeRevs, Where, type Page, type PageQuery } from './common';
import { taskViews, type TaskRow } from './views';

export async function listTasks(db: Sql, project: ProjectRow, q: PageQuery & { assignee_id?: number; status?: string }): Promise<Page<TaskOut>> {
  const where = new Where().add('t.project_id = ?', project.id).add('t.deleted_at IS NULL').when(q.assignee_id, 't.assignee_id = ?', q.assignee_id ?? null).when(q.status, 't.status = ?', q.status ?? null);
  const { rows, total } = await pageRows<TaskRow>(db, 't.*', 'tasks t', where, q, 't');
  return pageOf(await taskViews(db, rows), total, q);
}

export async function taskRow(db: Sql, projectId: string, id: string): Promise<TaskRow> {
  const row = await db.get<TaskRow>('SELECT * FROM tasks WHERE id = ? AND project_id = ?', [id, projectId]);
  if (!row) throw notFound('task', id);
  return row;
}

export async function taskOut(db: Sql, row: TaskRow): Promise<TaskOut> {
  return (await taskViews(db, [row]))[0];
}

async function checkAssignee(tx: Sql, p: Principal, assigneeId: number | null | undefined) {
  if (assigneeId === null || assigneeId === undefined) return;
  const user = await tx.get<{ id: number }>('SELECT id FROM users WHERE id = ? AND team_id = ? AND is_active = 1', [assigneeId, p.user.team_id]);
  if (!user) throw validation(`assignee_id: user ${assigneeId} is not an active member of your team`, [{ field: 'assignee_id', message: 'no such user in your team' }]);
}

async function setImages(tx: Tx, project: ProjectRow, taskId: string, imageIds: string[]) {
  const unique = [...new Set(imageIds)];
  const found = await rowsByIds<{ id: string }>(tx, (m) => `SELECT id FROM images WHERE project_id = ? AND deleted_at IS NULL AND id IN (${m})`, unique, [project.id]);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw validation(`image_ids: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} not in this project`, [{ field: 'image_ids', message: `${missing.length} images are not in this project` }]);
  await tx.run('DELETE FROM task_images WHERE task_id = ?', [taskId]);
  for (const [i, id] of unique.entries()) await tx.run('INSERT INTO task_images (task_id, image_id, position) VALUES (?, ?, ?)', [taskId, id, i]);
  return unique.length;
}

export interface TaskCreateIn {
  id?: string;
  task_name: string;
  task_description: string;
  assignee_id: number | null;
  image_ids: string[];
  due_date: string | null;
}

export async function insertTask(tx: Tx, p: Principal, project: ProjectRow, input: TaskCreateIn): Promise<TaskRow> {
  if (!can(p, 'task.manage')) throw forbidden(`Your role (${p.user.role}) cannot create tasks.`);
  await checkAssignee(tx, p, input.assignee_id);
  const id = input.id ?? newId();
  if (await tx.get('SELECT id FROM tasks WHERE id = ?', [id])) throw conflict(`A task with id ${id} already exists.`);
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run(
    `INSERT INTO tasks (id, project_id, task_name, task_description, assignee_id, assigner_id, status, progress, due_date, assigned_at, created_at, updated_at, rev)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)`,
    [id, project.id, input.task_name, input.task_description, input.assignee_id, p.user.id, input.due_date ? new Date(input.due_date).toISOString() : null, input.assignee_id ? t : null, t, t, rev],
  );
  await setImages(tx, project, id, input.image_ids);
  return taskRow(tx, project.id, id);
}

export interface TaskPatchIn {
  task_name?: string;
  task_description?: string;
  assignee_id?: number | null;
  image_ids?: string[];
  due_date?: string | null;
  status?: string;
  progress?: number;
}

const ASSIGNEE_FIELDS = new Set(['status', 'progress']);

/** Managers change anything; the assignee moves their own task along (status, progress). */
export async function patchTask(tx: Tx, p: Principal, project: ProjectRow, id: string, patch: TaskPatchIn, baseRev?: number | null): Promise<TaskRow> {
  const row = await taskRow(tx, project.id, id);
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) throw conflict(`The task changed on the server (rev ${row.rev}, you had ${baseRev}).`, { server_row: (await taskOut(tx, row)) as unknown as Record<string, unknown> });
  if (row.deleted_at) throw notFound('task', id);
  const given = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (!can(p, 'task.manage')) {
    if (Number(row.assignee_id) !== Number(p.user.id)) throw forbidden('Only the assignee, reviewers and admins can update this task.');
    const other = given.find(([k]) => !ASSIGNEE_FIELDS.has(k));
    if (other) throw forbidden(`As the assignee you can change status and progress, not ${other[0]}.`);
  }
  if (!given.length) return row;
  await checkAssignee(tx, p, patch.assignee_id);
  const rev = await takeRevs(tx, project.id);
  const t = now();
  const sets: string[] = [];
  const params: (string | number | null)[] = [];
  const set = (col: string, v: string | number | null) => {
    sets.push(`${col} = ?`);
    params.push(v);
  };
  let total = (await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM task_images WHERE task_id = ?', [id]))!.n;
  if (patch.image_ids) total = await setImages(tx, project, id, patch.image_ids);
  const progress = patch.progress ?? Number(row.progress);
  if (progress > Number(total)) throw validation(`progress: ${progress} is more than the task's ${total} images`, [{ field: 'progress', message: `at most ${total}` }]);
  if (patch.task_name !== undefined) set('task_name', patch.task_name);
  if (patch.task_description !== undefined) set('task_description', patch.task_description);
  if (patch.assignee_id !== undefined) {
    set('assignee_id', patch.assignee_id);
    set('assigned_at', patch.assignee_id === null ? null : t);
  }
  if (patch.due_date !== undefined) set('due_date', patch.due_date ? new Date(patch.due_date).toISOString() : null);
  if (patch.progress !== undefined) set('progress', patch.progress);
  if (patch.status !== undefined && patch.status !== row.status) {
    set('status', patch.status);
    if (patch.status === 'in_progress' && !row.started_at) set('started_at', t);
    if (patch.status === 'completed') set('completed_at', t);
    else set('completed_at', null);
  }
  await tx.run(`UPDATE tasks SET ${[...sets, 'updated_at = ?', 'rev = ?'].join(', ')} WHERE id = ?`, [...params, t, rev, id]);
  return taskRow(tx, project.id, id);
}

export async function deleteTask(tx: Tx, p: Principal, project: ProjectRow, id: string, baseRev?: number | null): Promise<TaskRow> {
  if (!can(p, 'task.manage')) throw forbidden(`Your role (${p.user.role}) cannot delete tasks.`);
  const row = await taskRow(tx, project.id, id);
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) throw conflict(`The task changed on the server (rev ${row.rev}, you had ${baseRev}).`, { server_row: (await taskOut(tx, row)) as unknown as Record<string, unknown> });
  if (row.deleted_at) return row;
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run('UPDATE tasks SET deleted_at = ?, updated_at = ?, rev = ? WHERE id = ?', [t, t, rev, id]);
  return taskRow(tx, project.id, id);
}
