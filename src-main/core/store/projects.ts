import type { Project, ProjectStats } from '../../../src-shared/contract/entities';
import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import { AppError } from '../../../src-shared/contract/errors';
import { prepareOutbox, type StoreContext } from './context';

type ProjectRow = Record<string, unknown> & { id: string };
type CreateProject = ProcedureArgs<'createProject'>;
type ProjectPatch = ProcedureArgs<'updateProject'>['patch'];

/**
 * Every table with a project_id column, newest first (later tables reference earlier ones), so a
 * project's local rows go with it whichever feature added the table.
 */
function childTables(db: StoreContext['db']): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('projects', 'outbox') AND name NOT LIKE 'sqlite_%' ORDER BY rowid DESC").pluck().all() as string[];
  return tables.filter((table) => (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === 'project_id'));
}

const JSON_FIELDS = ['task_types', 'task_config', 'classes', 'attributes'] as const;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name as string,
    description: row.description as string,
    dataset_id: (row.dataset_id as string | null) ?? null,
    task_types: JSON.parse(row.task_types as string),
    task_config: JSON.parse(row.task_config as string),
    classes: JSON.parse(row.classes as string),
    attributes: JSON.parse(row.attributes as string),
    workflow_type: row.workflow_type as Project['workflow_type'],
    status: row.status as Project['status'],
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  };
}

/** Projects: named statements over the `projects` table. */
export function projectRepository(ctx: StoreContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    list: db.prepare("SELECT * FROM projects WHERE deleted_at IS NULL AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, id DESC"),
    get: db.prepare('SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL'),
    byName: db.prepare('SELECT * FROM projects WHERE name = ? AND deleted_at IS NULL ORDER BY created_at DESC'),
    insert: db.prepare(`INSERT INTO projects (id, name, description, dataset_id, task_types, task_config, classes, attributes, workflow_type, status, owner_id, created_at, updated_at)
      VALUES (@id, @name, @description, @dataset_id, @task_types, @task_config, @classes, @attributes, @workflow_type, @status, @owner_id, @now, @now)`),
    softDelete: db.prepare('UPDATE projects SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    deleteChildren: childTables(db).map((table) => db.prepare(`DELETE FROM ${table} WHERE project_id = ?`)),
    classUse: db.prepare('SELECT class_id, COUNT(*) AS n FROM annotations WHERE project_id = ? AND deleted_at IS NULL AND class_id IS NOT NULL GROUP BY class_id'),
    imageCounts: db.prepare(`SELECT COUNT(*) AS images,
        SUM(EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL)) AS annotated,
        SUM(i.reviewed) AS reviewed
      FROM images i WHERE i.project_id = ? AND i.deleted_at IS NULL`),
    byType: db.prepare('SELECT annotation_type AS key, COUNT(*) AS n FROM annotations WHERE project_id = ? AND deleted_at IS NULL GROUP BY annotation_type'),
  };

  const get = (id: string): Project => {
    const row = statements.get.get(id) as ProjectRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No project with id ${id}. List projects to see the ids that exist.`);
    return toProject(row);
  };

  return {
    list(status?: Project['status']): Project[] {
      return (statements.list.all({ status: status ?? null }) as ProjectRow[]).map(toProject);
    },
    get,
    /** Finds a project by id, else by exact name (the CLI accepts either). */
    resolve(idOrName: string): Project {
      const byId = statements.get.get(idOrName) as ProjectRow | undefined;
      if (byId) return toProject(byId);
      const byName = statements.byName.all(idOrName) as ProjectRow[];
      if (byName.length === 1) return toProject(byName[0]);
      if (byName.length > 1) throw new AppError('CONFLICT', `${byName.length} projects are named "${idOrName}"; use the project id instead.`);
      throw new AppError('NOT_FOUND', `No project with id or name "${idOrName}". Run \`labeler project list\` to see them.`);
    },
    create(input: CreateProject): Project {
      const id = ctx.newId();
      const now = ctx.now();
      db.transaction(() => {
        statements.insert.run({
          id,
          now,
          name: input.name,
          description: input.description,
          dataset_id: input.dataset_id,
          task_types: JSON.stringify(input.task_types),
          task_config: JSON.stringify(input.task_config),
          classes: JSON.stringify(input.classes),
          attributes: JSON.stringify(input.attributes),
          workflow_type: input.workflow_type,
          status: input.status,
          owner_id: ctx.userId(),
        });
        outbox(id, 'projects', 'create', [id], now);
      })();
      return get(id);
    },
    update(id: string, patch: ProjectPatch): Project {
      const current = get(id);
      if (patch.classes) {
        const kept = new Set(patch.classes.map((c) => c.id));
        const used = statements.classUse.all(id) as { class_id: number; n: number }[];
        const lost = used.filter((u) => !kept.has(u.class_id));
        if (lost.length) {
          const names = lost.map((u) => `${current.classes.find((c) => c.id === u.class_id)?.name ?? u.class_id} (${u.n} annotations)`);
          throw new AppError('CONFLICT', `Cannot remove classes still in use: ${names.join(', ')}. Change or delete those annotations first.`);
        }
      }
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      if (!entries.length) return current;
      const now = ctx.now();
      const sets = entries.map(([k]) => `${k} = @${k}`).join(', ');
      const values: Record<string, unknown> = { id, now };
      for (const [k, v] of entries) values[k] = (JSON_FIELDS as readonly string[]).includes(k) ? JSON.stringify(v) : v;
      db.transaction(() => {
        db.prepare(`UPDATE projects SET ${sets}, updated_at = @now, rev = rev + 1 WHERE id = @id`).run(values);
        outbox(id, 'projects', 'update', [id], now);
      })();
      return get(id);
    },
    /** Tombstones the project and removes its local children (files on disk are never touched). */
    delete(id: string): void {
      get(id);
      const now = ctx.now();
      db.transaction(() => {
        for (const statement of statements.deleteChildren) statement.run(id);
        statements.softDelete.run({ id, now });
        outbox(id, 'projects', 'delete', [id], now);
      })();
    },
    stats(id: string): ProjectStats {
      const project = get(id);
      const counts = statements.imageCounts.get(id) as { images: number; annotated: number | null; reviewed: number | null };
      const byClass: Record<string, number> = {};
      let annotations = 0;
      for (const { class_id, n } of statements.classUse.all(id) as { class_id: number; n: number }[]) {
        byClass[project.classes.find((c) => c.id === class_id)?.name ?? String(class_id)] = n;
      }
      const byType: Record<string, number> = {};
      for (const { key, n } of statements.byType.all(id) as { key: string; n: number }[]) {
        byType[key] = n;
        annotations += n;
      }
      return {
        images: counts.images,
        annotated_images: counts.annotated ?? 0,
        reviewed_images: counts.reviewed ?? 0,
        annotations,
        by_class: byClass,
        by_type: byType,
      };
    },
  };
}

export type ProjectRepository = ReturnType<typeof projectRepository>;
