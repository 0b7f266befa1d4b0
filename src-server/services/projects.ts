import type { LabelClass } from '../../src-shared/contract/entities';
import { demand, projectFor, type Principal, type ProjectRow } from '../auth/access';
import { conflict } from '../errors';
import type { ProjectCreate, ProjectOut, ProjectPatch } from '../schemas/projects';
import type { Sql, Storage, Tx } from '../storage/types';
import { json, newId, now, pageOf, pageRows, takeRevs, Where, type Page, type PageQuery } from './common';
import { projectViews } from './views';

export interface ProjectFilters {
  status?: string;
  dataset_id?: string;
  owner_id?: number;
}

export async function listProjects(db: Sql, p: Principal, q: PageQuery & ProjectFilters): Promise<Page<ProjectOut>> {
  const where = new Where().add('p.team_id = ?', p.user.team_id).when(q.status, 'p.status = ?', q.status ?? null).when(q.dataset_id, 'p.dataset_id = ?', q.dataset_id ?? null).when(q.owner_id, 'p.owner_id = ?', q.owner_id ?? null);
  const { rows, total } = await pageRows<ProjectRow>(db, 'p.*', 'projects p', where, q, 'p');
  return pageOf(await projectViews(db, rows), total, q);
}

export async function projectView(db: Sql, row: ProjectRow): Promise<ProjectOut> {
  return (await projectViews(db, [row]))[0];
}

export async function getProject(db: Sql, p: Principal, id: string): Promise<ProjectOut> {
  return projectView(db, await projectFor(db, p, id));
}

export async function insertProject(tx: Tx, p: Principal, input: ProjectCreate, id = newId()): Promise<ProjectRow> {
  demand(p, 'project.create', 'create projects');
  if (input.dataset_id) {
    const taken = await tx.get<{ id: string }>('SELECT id FROM projects WHERE team_id = ? AND dataset_id = ?', [p.user.team_id, input.dataset_id]);
    if (taken) throw conflict(`Dataset ${input.dataset_id} already has project ${taken.id} (one project per dataset).`, { project_id: taken.id });
  }
  const t = now();
  await tx.run(
    `INSERT INTO projects (id, team_id, name, description, dataset_id, dataset_name, task_types, task_config, classes, attributes, settings, workflow_type, enable_ai_assist, status, owner_id, head_rev, created_at, updated_at, rev)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1)`,
    [id, p.user.team_id, input.name, input.description, input.dataset_id, input.dataset_name, JSON.stringify(input.task_types), JSON.stringify(input.task_config), JSON.stringify(input.classes), JSON.stringify(input.attributes), JSON.stringify(input.settings), input.workflow_type, input.enable_ai_assist, input.status, p.user.id, t, t],
  );
  return (await tx.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [id]))!;
}

/** The project of a dataset (1:1), created with defaults on first request by a user allowed to create projects. */
export async function projectForDataset(db: Storage, p: Principal, datasetId: string): Promise<ProjectOut> {
  const find = () => db.get<ProjectRow>('SELECT * FROM projects WHERE team_id = ? AND dataset_id = ?', [p.user.team_id, datasetId]);
  const existing = await find();
  if (existing) return projectView(db, existing);
  demand(p, 'project.create', 'create the project of a dataset (it does not exist yet)');
  try {
    const row = await db.transaction((tx) =>
      insertProject(tx, p, {
        name: `${datasetId} project`,
        description: `Annotation project for ${datasetId}`,
        dataset_id: datasetId,
        dataset_name: datasetId,
        task_types: ['classification'],
        task_config: { classification: { multi_label: false, show_confidence: false } },
        classes: [],
        attributes: [],
        settings: {},
        workflow_type: 'simple',
        enable_ai_assist: false,
        status: 'active',
      }),
    );
    return projectView(db, row);
  } catch (error) {
    // Two first requests at once: the unique (team, dataset) index let one win; answer its project.
    const raced = await find();
    if (raced) return projectView(db, raced);
    throw error;
  }
}

export async function patchProject(tx: Tx, p: Principal, id: string, patch: ProjectPatch): Promise<ProjectRow> {
  const row = await projectFor(tx, p, id);
  demand(p, 'project.update', 'change projects');
  if (patch.classes) {
    const kept = new Set(patch.classes.map((c) => c.id));
    const removed = json<LabelClass[]>(row.classes, []).filter((c) => !kept.has(c.id));
    if (removed.length) {
      const used = await tx.all<{ class_id: number; n: number }>(
        `SELECT class_id, COUNT(*) AS n FROM annotations WHERE project_id = ? AND deleted_at IS NULL AND class_id IN (${removed.map(() => '?').join(', ')}) GROUP BY class_id`,
        [id, ...removed.map((c) => c.id)],
      );
      if (used.length) {
        throw conflict(`Classes still in use cannot be removed: ${used.map((u) => `class ${u.class_id} (${u.n} annotations)`).join(', ')}. Reassign or delete those annotations first.`, used.map((u) => ({ field: 'classes', message: `class ${u.class_id} is used by ${u.n} annotations` })));
      }
    }
  }
  const sets: string[] = [];
  const params: (string | number | boolean | null)[] = [];
  const JSONS = new Set(['task_types', 'task_config', 'classes', 'attributes', 'settings']);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    sets.push(`${key} = ?`);
    params.push(JSONS.has(key) ? JSON.stringify(value) : (value as string | boolean | null));
  }
  const rev = await takeRevs(tx, id);
  await tx.run(`UPDATE projects SET ${[...sets, 'updated_at = ?', 'rev = ?'].join(', ')} WHERE id = ?`, [...params, now(), rev, id]);
  return (await tx.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [id]))!;
}

/** Deletes the project and, by cascade, its images, annotations, tasks, comments, exports and snapshots. */
export async function deleteProject(tx: Tx, p: Principal, id: string): Promise<void> {
  await projectFor(tx, p, id);
  demand(p, 'project.delete', 'delete projects');
  await tx.run('DELETE FROM projects WHERE id = ?', [id]);
}
