import type { PersonRef, Task } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

export interface NewTask {
  project_id: string;
  name: string;
  description: string;
  assignee_id: string | null;
  image_ids: string[];
  item_ids: string[];
  due_date: string | null;
}

export interface TaskPatch {
  name?: string;
  description?: string;
  assignee_id?: string | null;
  due_date?: string | null;
  status?: Task['status'];
  image_ids?: string[];
  item_ids?: string[];
}

type Refs = (id: string | null | undefined) => PersonRef | null;

const PATCHABLE = new Set(['name', 'description', 'assignee_id', 'due_date', 'status', 'image_ids', 'item_ids']);

/**
 * Tasks (Labeler API tasks): batches of images and/or items assigned to a person. Progress is
 * never stored as truth: it is counted from the store on every read. An image is done when it
 * carries an annotation by the assignee (or an unattributed one, made before profiles existed) or
 * image-level classes; an item when the assignee answered or skipped it.
 */
export function taskRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM tasks WHERE id = ? AND deleted_at IS NULL'),
    list: db.prepare(`SELECT * FROM tasks WHERE project_id = @project_id AND deleted_at IS NULL
      AND (@assignee_id IS NULL OR assignee_id = @assignee_id) ORDER BY due_date IS NULL, due_date, created_at, id`),
    mine: db.prepare(`SELECT * FROM tasks WHERE assignee_id = @assignee_id AND deleted_at IS NULL
      AND (@project_id IS NULL OR project_id = @project_id) ORDER BY status = 'completed', due_date IS NULL, due_date, created_at, id`),
    insert: db.prepare(`INSERT INTO tasks (id, project_id, name, description, assignee_id, assigner_id, status, due_date, image_ids, item_ids, created_at, updated_at)
      VALUES (@id, @project_id, @name, @description, @assignee_id, @assigner_id, 'pending', @due_date, @image_ids, @item_ids, @now, @now)`),
    tombstone: db.prepare('UPDATE tasks SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    doneImages: db.prepare(`SELECT COUNT(*) FROM json_each(@ids) j JOIN images i ON i.id = j.value AND i.deleted_at IS NULL
      WHERE EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL
                    AND (@assignee IS NULL OR a.annotator_id = @assignee OR a.annotator_id IS NULL))
         OR json_array_length(i.image_annotations, '$.classes') > 0`).pluck(),
    doneItems: db.prepare(`SELECT COUNT(*) FROM json_each(@ids) j
      WHERE EXISTS (SELECT 1 FROM responses r WHERE r.item_id = j.value AND r.deleted_at IS NULL AND (@assignee IS NULL OR r.annotator_id = @assignee))`).pluck(),
    assigned: db.prepare("SELECT image_ids, item_ids FROM tasks WHERE project_id = ? AND deleted_at IS NULL"),
  };

  const row = (id: string): Row => {
    const r = statements.get.get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No task with id ${id}. List the project's tasks to see their ids.`);
    return r;
  };

  const toTask = (r: Row, refs: Refs, now: string): Task => {
    const image_ids = json<string[]>(r.image_ids, []);
    const item_ids = json<string[]>(r.item_ids, []);
    const assignee = (r.assignee_id as string | null) ?? null;
    const done = (statements.doneImages.get({ ids: JSON.stringify(image_ids), assignee }) as number) + (statements.doneItems.get({ ids: JSON.stringify(item_ids), assignee }) as number);
    const total = image_ids.length + item_ids.length;
    const progress = total ? Math.round((1000 * done) / total) / 10 : 0;
    const stored = r.status as Task['status'];
    const status: Task['status'] = stored === 'pending' && done > 0 ? 'in_progress' : stored;
    const due = (r.due_date as string | null) ?? null;
    return {
      id: r.id,
      project_id: r.project_id as string,
      task_name: r.name as string,
      task_description: (r.description as string) ?? '',
      assignee: refs(assignee),
      assigner: refs(r.assigner_id as string | null),
      image_ids,
      item_ids,
      total_images: image_ids.length,
      total_items: item_ids.length,
      done,
      total,
      progress,
      completion_percentage: progress,
      status,
      assigned_at: r.created_at as string,
      due_date: due,
      started_at: (r.started_at as string | null) ?? null,
      completed_at: (r.completed_at as string | null) ?? null,
      overdue: status !== 'completed' && due !== null && Date.parse(due) < Date.parse(now),
    };
  };

  return {
    row,
    get: (id: string, refs: Refs) => toTask(row(id), refs, ctx.now()),
    list(projectId: string, assigneeId: string | null, refs: Refs): Task[] {
      const now = ctx.now();
      return (statements.list.all({ project_id: projectId, assignee_id: assigneeId }) as Row[]).map((r) => toTask(r, refs, now));
    },
    mine(assigneeId: string, projectId: string | null, refs: Refs): Task[] {
      const now = ctx.now();
      return (statements.mine.all({ assignee_id: assigneeId, project_id: projectId }) as Row[]).map((r) => toTask(r, refs, now));
    },
    /** Creates tasks in one transaction with one outbox entry. */
    createMany(tasks: readonly NewTask[], assignerId: string | null): string[] {
      const now = ctx.now();
      const ids = tasks.map(() => ctx.newId());
      db.transaction(() => {
        tasks.forEach((t, i) => statements.insert.run({ ...t, id: ids[i], assigner_id: assignerId, image_ids: JSON.stringify(t.image_ids), item_ids: JSON.stringify(t.item_ids), now }));
        if (ids.length) outbox(tasks[0].project_id, 'tasks', 'create', ids, now);
      })();
      return ids;
    },
    update(id: string, patch: TaskPatch): void {
      const current = row(id);
      const now = ctx.now();
      const values: Record<string, unknown> = { id, now };
      const sets: string[] = [];
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || !PATCHABLE.has(key)) continue;
        sets.push(`${key} = @${key}`);
        values[key] = Array.isArray(value) ? JSON.stringify(value) : value;
      }
      if (patch.status === 'completed' && current.status !== 'completed') sets.push('completed_at = @now');
      if (patch.status && patch.status !== 'completed') sets.push('completed_at = NULL');
      if (patch.status === 'in_progress' && !current.started_at) sets.push('started_at = @now');
      if (!sets.length) return;
      db.transaction(() => {
        db.prepare(`UPDATE tasks SET ${sets.join(', ')}, updated_at = @now, rev = rev + 1 WHERE id = @id`).run(values);
        outbox(current.project_id as string, 'tasks', 'update', [id], now);
      })();
    },
    /** Records the start of work on a task the first time something is done for it. */
    markStarted(id: string): void {
      const current = row(id);
      if (current.started_at) return;
      const now = ctx.now();
      db.transaction(() => {
        db.prepare('UPDATE tasks SET started_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id').run({ id, now });
        outbox(current.project_id as string, 'tasks', 'update', [id], now);
      })();
    },
    delete(id: string): void {
      const current = row(id);
      const now = ctx.now();
      db.transaction(() => {
        statements.tombstone.run({ id, now });
        outbox(current.project_id as string, 'tasks', 'delete', [id], now);
      })();
    },
    /** Image and item ids already in some task of the project. */
    assigned(projectId: string): { images: Set<string>; items: Set<string> } {
      const images = new Set<string>();
      const items = new Set<string>();
      for (const r of statements.assigned.all(projectId) as { image_ids: string; item_ids: string }[]) {
        for (const id of json<string[]>(r.image_ids, [])) images.add(id);
        for (const id of json<string[]>(r.item_ids, [])) items.add(id);
      }
      return { images, items };
    },
  };
}

export type TaskRepository = ReturnType<typeof taskRepository>;
