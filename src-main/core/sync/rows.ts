import path from 'node:path';
import type { SyncTable, View } from '../../../src-shared/sync/fields';
import type { Db } from '../store/db';
import type { UserMapper } from './people';

/**
 * One adapter per synced table: how a local row looks to sync (its view), how it travels (wire
 * bodies), and how a server row lands locally. Local and server shapes differ (user ids, task
 * field names, image paths), and this is the one place that knows how.
 */
export type Row = Record<string, unknown> & { id: string };

export interface RowContext {
  db: Db;
  /** Where files of images pulled from the server are kept. */
  filesDir: string;
  users: UserMapper;
  now(): string;
}

export interface TableAdapter {
  table: SyncTable;
  /** The row, tombstones included. */
  read(id: string): Row | undefined;
  /** Rows by id, tombstones included (missing ids are absent). */
  readMany(ids: readonly string[]): Map<string, Row>;
  projectOf(row: Row): string;
  view(row: Row): View;
  /** A view from stored JSON (a base written by the triggers, or mutation data). */
  normalize(data: Record<string, unknown>): View;
  /** What a create carries, in local form: the row's view (already made by the caller) plus create-only fields. */
  createData(row: Row, view: View): Record<string, unknown>;
  /** Groups a create cannot set on the server; pushed as an update once the create is applied. */
  afterCreate(data: Record<string, unknown>): boolean;
  wireCreate(data: Record<string, unknown>): Record<string, unknown>;
  wirePatch(patch: Record<string, unknown>): Record<string, unknown>;
  /** The local columns of a server row. */
  fromServer(data: Record<string, unknown>, localProjectId: string): Row;
  /** Inserts or replaces a row from the server (local-only columns such as an image's path are kept); `exists` when the caller knows. */
  write(row: Row, serverRev: number, exists?: boolean): void;
  /** Writes a merged view (its groups and tombstone) over the row. */
  writeView(id: string, view: View): void;
  setServerRev(id: string, rev: number): void;
  /** `setServerRev` for many rows in one statement: [id, rev] pairs. */
  setServerRevs(revs: readonly [string, number][]): void;
}

const parse = (v: unknown, fallback: unknown = null): unknown => {
  if (typeof v !== 'string') return v ?? fallback;
  try {
    return JSON.parse(v);
  } catch {
    return fallback;
  }
};
const bool = (v: unknown) => v === true || v === 1 || v === '1';
const str = (v: unknown) => (v === undefined ? null : (v as string | null));

function withoutArea(geometry: unknown): unknown {
  if (!geometry || typeof geometry !== 'object') return geometry;
  const { area: _area, ...rest } = geometry as Record<string, unknown>;
  return rest;
}

function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const t = Date.parse(String(value));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * A server row's columns go in by INSERT when the row is new and by UPDATE when it exists (an
 * UPSERT statement costs SQLite twice as much per row, which a million-row first pull notices).
 * `keep` columns (an image's local path) are never overwritten.
 */
function common(ctx: RowContext, table: SyncTable, columns: readonly string[], keep: readonly string[] = []) {
  const read = ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
  const readMany = ctx.db.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
  const exists = ctx.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck();
  const insert = ctx.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}, rev, server_rev) VALUES (${columns.map(() => '?').join(', ')}, 1, ?)`);
  const changed = columns.filter((c) => c !== 'id' && !keep.includes(c));
  const update = ctx.db.prepare(`UPDATE ${table} SET ${changed.map((c) => `${c} = ?`).join(', ')}, rev = rev + 1, server_rev = ? WHERE id = ?`);
  const setRev = ctx.db.prepare(`UPDATE ${table} SET server_rev = MAX(COALESCE(server_rev, 0), ?) WHERE id = ?`);
  const setRevs = ctx.db.prepare(
    `UPDATE ${table} SET server_rev = MAX(COALESCE(server_rev, 0), v.rev) FROM (SELECT value ->> 0 AS id, value ->> 1 AS rev FROM json_each(?)) AS v WHERE ${table}.id = v.id`,
  );
  const inserted = new Array<unknown>(columns.length + 1);
  const updated = new Array<unknown>(changed.length + 2);
  return {
    read: (id: string) => read.get(id) as Row | undefined,
    readMany: (ids: readonly string[]) => new Map((readMany.all(JSON.stringify(ids)) as Row[]).map((r) => [r.id, r])),
    write: (row: Row, serverRev: number, known?: boolean) => {
      if (known ?? exists.get(row.id) !== undefined) {
        for (let i = 0; i < changed.length; i++) updated[i] = row[changed[i]] ?? null;
        updated[changed.length] = serverRev;
        updated[changed.length + 1] = row.id;
        update.run(updated);
      } else {
        for (let i = 0; i < columns.length; i++) inserted[i] = row[columns[i]] ?? null;
        inserted[columns.length] = serverRev;
        insert.run(inserted);
      }
    },
    setServerRev: (id: string, rev: number) => void setRev.run(rev, id),
    setServerRevs: (revs: readonly [string, number][]) => void setRevs.run(JSON.stringify(revs)),
  };
}

const tombstone = (deleted: boolean) => (deleted ? 'COALESCE(deleted_at, @now)' : 'NULL');

function annotations(ctx: RowContext): TableAdapter {
  const columns = ['id', 'project_id', 'image_id', 'annotation_type', 'class_id', 'geometry', 'attributes', 'caption', 'confidence', 'source', 'annotation_status', 'z_order', 'annotator_id', 'reviewer_id', 'created_at', 'updated_at', 'deleted_at'] as const;
  const base = common(ctx, 'annotations', columns);
  const update = (deleted: boolean) =>
    ctx.db.prepare(`UPDATE annotations SET annotation_type = @annotation_type, geometry = @geometry, z_order = @z_order, class_id = @class_id, attributes = @attributes,
      caption = @caption, confidence = @confidence, annotation_status = @annotation_status, deleted_at = ${tombstone(deleted)}, updated_at = @now, rev = rev + 1 WHERE id = @id`);
  const updates = { live: update(false), dead: update(true) };
  const normalize = (d: Record<string, unknown>): View => ({
    annotation_type: d.annotation_type ?? null,
    geometry: parse(d.geometry),
    z_order: d.z_order ?? 0,
    class_id: d.class_id ?? null,
    attributes: parse(d.attributes, {}) ?? {},
    caption: d.caption ?? null,
    confidence: d.confidence ?? null,
    annotation_status: d.annotation_status ?? 'pending',
    deleted: bool(d.deleted) || Boolean(d.deleted_at),
  });
  return {
    table: 'annotations',
    ...base,
    projectOf: (r) => r.project_id as string,
    view: normalize,
    normalize,
    createData: (r, view) => ({ ...view, deleted: undefined, image_id: r.image_id, source: r.source }),
    afterCreate: (d) => d.annotation_status !== undefined && d.annotation_status !== 'pending',
    wireCreate: (d) => ({
      image_id: d.image_id,
      annotation_type: d.annotation_type,
      class_id: d.class_id ?? null,
      geometry: d.geometry,
      attributes: d.attributes ?? {},
      caption: d.caption ?? null,
      confidence: d.confidence ?? null,
      source: d.source ?? 'human',
      z_order: d.z_order ?? 0,
    }),
    wirePatch: ({ annotation_type: _type, ...patch }) => patch,
    fromServer: (d, projectId) => ({
      id: d.id as string,
      project_id: projectId,
      image_id: d.image_id,
      annotation_type: d.annotation_type,
      class_id: d.class_id ?? null,
      geometry: JSON.stringify(withoutArea(d.geometry)),
      attributes: JSON.stringify(d.attributes ?? {}),
      caption: d.caption ?? null,
      confidence: d.confidence ?? null,
      source: d.source ?? 'human',
      annotation_status: d.annotation_status ?? 'pending',
      z_order: d.z_order ?? 0,
      annotator_id: ctx.users.userIn(d.annotator_id, d.annotator),
      reviewer_id: ctx.users.userIn(d.reviewer_id, d.reviewer),
      created_at: d.created_at,
      updated_at: d.updated_at,
      deleted_at: str(d.deleted_at),
    }),
    writeView(id, v) {
      (v.deleted ? updates.dead : updates.live).run({
        id,
        now: ctx.now(),
        annotation_type: v.annotation_type,
        geometry: JSON.stringify(v.geometry),
        z_order: v.z_order,
        class_id: v.class_id,
        attributes: JSON.stringify(v.attributes ?? {}),
        caption: v.caption,
        confidence: v.confidence,
        annotation_status: v.annotation_status,
      });
    },
  };
}

function images(ctx: RowContext): TableAdapter {
  const columns = ['id', 'project_id', 'filename', 'path', 'width', 'height', 'size_bytes', 'sha256', 'image_annotations', 'reviewed', 'created_at', 'updated_at', 'deleted_at'] as const;
  const base = common(ctx, 'images', columns, ['path']);
  const update = (deleted: boolean) =>
    ctx.db.prepare(`UPDATE images SET image_annotations = @image_annotations, reviewed = @reviewed, deleted_at = ${tombstone(deleted)}, updated_at = @now, rev = rev + 1 WHERE id = @id`);
  const updates = { live: update(false), dead: update(true) };
  // The server keeps image-level classes sorted and unique: compare (and write) them that way.
  const labels = (value: unknown) => {
    const v = (parse(value, null) ?? { classes: [], captions: [] }) as { classes?: number[]; captions?: unknown[] };
    return { ...v, classes: [...new Set(v.classes ?? [])].sort((a, b) => a - b), captions: v.captions ?? [] };
  };
  const normalize = (d: Record<string, unknown>): View => ({
    image_annotations: labels(d.image_annotations),
    reviewed: bool(d.reviewed),
    deleted: bool(d.deleted) || Boolean(d.deleted_at),
  });
  return {
    table: 'images',
    ...base,
    projectOf: (r) => r.project_id as string,
    view: normalize,
    normalize,
    createData: (r, view) => ({ ...view, deleted: undefined, filename: r.filename, sha256: r.sha256, path: r.path }),
    afterCreate: (d) => bool(d.reviewed),
    wireCreate: (d) => ({ filename: d.filename, sha256: d.sha256, image_annotations: d.image_annotations }),
    wirePatch: (patch) => patch,
    fromServer: (d, projectId) => {
      const ext = path.extname(String(d.filename ?? '')).toLowerCase().replace(/[^.a-z0-9]/g, '');
      return {
        id: d.id as string,
        project_id: projectId,
        filename: d.filename,
        path: path.join(ctx.filesDir, projectId, `${d.id}${ext}`),
        width: d.width,
        height: d.height,
        size_bytes: d.size_bytes ?? 0,
        sha256: d.sha256,
        image_annotations: JSON.stringify(d.image_annotations ?? { classes: [], captions: [] }),
        reviewed: bool(d.reviewed) ? 1 : 0,
        created_at: d.created_at,
        updated_at: d.updated_at,
        deleted_at: str(d.deleted_at),
      };
    },
    writeView(id, v) {
      (v.deleted ? updates.dead : updates.live).run({ id, now: ctx.now(), image_annotations: JSON.stringify(v.image_annotations), reviewed: v.reviewed ? 1 : 0 });
    },
  };
}

const LOCAL_TASK_STATUSES = new Set(['pending', 'in_progress', 'completed']);

function tasks(ctx: RowContext): TableAdapter {
  const columns = ['id', 'project_id', 'name', 'description', 'assignee_id', 'assigner_id', 'status', 'due_date', 'image_ids', 'progress', 'started_at', 'completed_at', 'created_at', 'updated_at', 'deleted_at'] as const;
  const base = common(ctx, 'tasks', columns);
  const update = (deleted: boolean) =>
    ctx.db.prepare(`UPDATE tasks SET name = @name, description = @description, assignee_id = @assignee_id, image_ids = @image_ids, due_date = @due_date, status = @status,
      deleted_at = ${tombstone(deleted)}, updated_at = @now, rev = rev + 1 WHERE id = @id`);
  const updates = { live: update(false), dead: update(true) };
  const normalize = (d: Record<string, unknown>): View => ({
    name: d.name ?? '',
    description: d.description ?? '',
    assignee_id: d.assignee_id ?? null,
    image_ids: parse(d.image_ids, []) ?? [],
    due_date: d.due_date ?? null,
    status: d.status ?? 'pending',
    deleted: bool(d.deleted) || Boolean(d.deleted_at),
  });
  const wirePatch = (p: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    if ('name' in p) out.task_name = p.name;
    if ('description' in p) out.task_description = p.description;
    if ('assignee_id' in p) {
      const assignee = ctx.users.userOut(p.assignee_id);
      if (assignee !== undefined) out.assignee_id = assignee;
    }
    if ('image_ids' in p) out.image_ids = p.image_ids;
    if ('due_date' in p) out.due_date = isoOrNull(p.due_date);
    if ('status' in p) out.status = p.status;
    return out;
  };
  return {
    table: 'tasks',
    ...base,
    projectOf: (r) => r.project_id as string,
    view: normalize,
    normalize,
    createData: (_r, view) => ({ ...view, deleted: undefined }),
    afterCreate: (d) => d.status !== undefined && d.status !== 'pending',
    wireCreate: (d) => ({ ...wirePatch({ name: d.name, description: d.description, assignee_id: d.assignee_id, image_ids: d.image_ids, due_date: d.due_date }) }),
    wirePatch,
    fromServer: (d, projectId) => {
      const assigner = d.assigner as { id?: number } | null | undefined;
      return {
        id: d.id as string,
        project_id: projectId,
        name: d.task_name ?? '',
        description: d.task_description ?? '',
        assignee_id: ctx.users.userIn(d.assignee_id, d.assignee),
        assigner_id: ctx.users.userIn(assigner?.id, assigner),
        status: LOCAL_TASK_STATUSES.has(String(d.status)) ? d.status : 'completed',
        due_date: d.due_date ?? null,
        image_ids: JSON.stringify(d.image_ids ?? []),
        progress: d.progress ?? 0,
        started_at: d.started_at ?? null,
        completed_at: d.completed_at ?? null,
        created_at: d.created_at,
        updated_at: d.updated_at,
        deleted_at: str(d.deleted_at),
      };
    },
    writeView(id, v) {
      (v.deleted ? updates.dead : updates.live).run({ id, now: ctx.now(), name: v.name, description: v.description, assignee_id: v.assignee_id, image_ids: JSON.stringify(v.image_ids ?? []), due_date: v.due_date, status: v.status });
    },
  };
}

const LOCAL_COMMENT_TYPES = new Set(['comment', 'issue']);

function comments(ctx: RowContext): TableAdapter {
  const columns = ['id', 'project_id', 'image_id', 'annotation_id', 'parent_id', 'author_id', 'text', 'comment_type', 'resolved', 'resolved_by', 'resolved_at', 'edited', 'created_at', 'updated_at', 'deleted_at'] as const;
  const base = common(ctx, 'comments', columns);
  const update = (deleted: boolean) =>
    ctx.db.prepare(`UPDATE comments SET text = @text, comment_type = @comment_type, resolved = @resolved, deleted_at = ${tombstone(deleted)}, updated_at = @now, rev = rev + 1 WHERE id = @id`);
  const updates = { live: update(false), dead: update(true) };
  const normalize = (d: Record<string, unknown>): View => ({
    text: d.text ?? '',
    comment_type: d.comment_type ?? 'comment',
    resolved: bool(d.resolved),
    deleted: bool(d.deleted) || Boolean(d.deleted_at),
  });
  return {
    table: 'comments',
    ...base,
    projectOf: (r) => r.project_id as string,
    view: normalize,
    normalize,
    createData: (r, view) => ({ ...view, deleted: undefined, image_id: r.image_id ?? null, annotation_id: r.annotation_id ?? null, parent_id: r.parent_id ?? null }),
    afterCreate: (d) => bool(d.resolved),
    wireCreate: (d) => ({ image_id: d.image_id ?? null, annotation_id: d.annotation_id ?? null, parent_id: d.parent_id ?? null, text: d.text, comment_type: d.comment_type ?? 'comment' }),
    wirePatch: (patch) => patch,
    fromServer: (d, projectId) => {
      const author = d.author as { id?: number } | null | undefined;
      return {
        id: d.id as string,
        project_id: projectId,
        image_id: d.image_id ?? null,
        annotation_id: d.annotation_id ?? null,
        parent_id: d.parent_id ?? null,
        author_id: ctx.users.userIn(author?.id, author),
        text: d.text ?? '',
        comment_type: LOCAL_COMMENT_TYPES.has(String(d.comment_type)) ? d.comment_type : 'comment',
        resolved: bool(d.resolved) ? 1 : 0,
        resolved_by: ctx.users.userIn(d.resolved_by),
        resolved_at: d.resolved_at ?? null,
        edited: bool(d.edited) ? 1 : 0,
        created_at: d.created_at,
        updated_at: d.updated_at,
        deleted_at: str(d.deleted_at),
      };
    },
    writeView(id, v) {
      (v.deleted ? updates.dead : updates.live).run({ id, now: ctx.now(), text: v.text, comment_type: v.comment_type, resolved: v.resolved ? 1 : 0 });
    },
  };
}

function projects(ctx: RowContext): TableAdapter {
  const read = ctx.db.prepare('SELECT * FROM projects WHERE id = ?');
  const setRev = ctx.db.prepare('UPDATE projects SET server_rev = MAX(COALESCE(server_rev, 0), ?) WHERE id = ?');
  const insert = ctx.db.prepare(`INSERT INTO projects (id, name, description, task_types, task_config, classes, attributes, workflow_type, status, created_at, updated_at, rev, server_rev)
    VALUES (@id, @name, @description, @task_types, @task_config, @classes, @attributes, @workflow_type, @status, @created_at, @updated_at, 1, @server_rev)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, task_types = excluded.task_types, task_config = excluded.task_config,
      classes = excluded.classes, attributes = excluded.attributes, workflow_type = excluded.workflow_type, status = excluded.status, updated_at = excluded.updated_at,
      deleted_at = NULL, rev = projects.rev + 1, server_rev = excluded.server_rev`);
  const updateView = ctx.db.prepare(`UPDATE projects SET name = @name, description = @description, task_types = @task_types, task_config = @task_config, classes = @classes,
    attributes = @attributes, workflow_type = @workflow_type, status = @status, updated_at = @now, rev = rev + 1 WHERE id = @id`);
  const normalize = (d: Record<string, unknown>): View => ({
    name: d.name ?? '',
    description: d.description ?? '',
    classes: (parse(d.classes, []) as Record<string, unknown>[] | null ?? []).map((c) => ({ id: c.id, name: c.name, color: c.color, parent_id: c.parent_id ?? null })),
    attributes: parse(d.attributes, []) ?? [],
    task_types: parse(d.task_types, ['detection']) ?? ['detection'],
    task_config: parse(d.task_config, {}) ?? {},
    workflow_type: d.workflow_type ?? 'simple',
    status: d.status ?? 'active',
    deleted: false,
  });
  const asColumns = (v: View) => ({
    name: v.name,
    description: v.description,
    task_types: JSON.stringify(v.task_types),
    task_config: JSON.stringify(v.task_config),
    classes: JSON.stringify(v.classes),
    attributes: JSON.stringify(v.attributes),
    workflow_type: v.workflow_type,
    status: v.status,
  });
  return {
    table: 'projects',
    read: (id) => read.get(id) as Row | undefined,
    readMany: (ids) => new Map(ids.flatMap((id) => (read.get(id) ? [[id, read.get(id) as Row] as const] : []))),
    projectOf: (r) => r.id,
    view: normalize,
    normalize,
    createData: (_r, view) => view,
    afterCreate: () => false,
    wireCreate: (d) => ({ ...d, deleted: undefined }),
    wirePatch: (patch) => patch,
    fromServer: (d, projectId) => ({ id: projectId, ...asColumns(normalize(d)), created_at: d.created_at ?? ctx.now(), updated_at: d.updated_at ?? ctx.now() }),
    write: (row, serverRev) => void insert.run({ ...row, server_rev: serverRev }),
    writeView: (id, v) => void updateView.run({ id, now: ctx.now(), ...asColumns(v) }),
    setServerRev: (id, rev) => void setRev.run(rev, id),
    setServerRevs: (revs) => revs.forEach(([id, rev]) => setRev.run(rev, id)),
  };
}

export type Adapters = Record<SyncTable, TableAdapter>;

export function createAdapters(ctx: RowContext): Adapters {
  return { annotations: annotations(ctx), images: images(ctx), tasks: tasks(ctx), comments: comments(ctx), projects: projects(ctx) };
}
