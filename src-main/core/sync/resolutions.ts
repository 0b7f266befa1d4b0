import { AppError } from '../../../src-shared/contract/errors';
import type { SyncConflict, SyncParked } from '../../../src-shared/contract/sync';
import { isSyncTable, pick, type SyncTable, type View } from '../../../src-shared/sync/fields';
import type { Store } from '../store';
import { prepareOutbox } from '../store/context';
import type { LinkRepository } from './links';
import type { SyncDb } from './sync-db';

type Changed = (projectId: string | null, tables: ('projects' | 'images' | 'annotations' | 'tasks' | 'comments')[]) => void;

interface ConflictRow {
  id: string;
  project_id: string;
  entity: string;
  row_id: string;
  groups: string;
  winner: 'local' | 'remote';
  losing: string;
  winning: string;
  server_rev: number | null;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

interface ParkedRow {
  seq: number;
  project_id: string;
  entity: string;
  op: 'create' | 'update' | 'delete';
  row_id: string;
  data: string;
  code: string;
  reason: string;
  created_at: string;
}

/**
 * What a person does about sync's leftovers: restore a losing version (a new local edit, pushed
 * like any other), dismiss a conflict, retry or discard a parked change.
 */
export function createResolutions(deps: { sdb: SyncDb; store: Store; links: LinkRepository; changed?: Changed }) {
  const { sdb, store, links } = deps;
  const db = sdb.db;
  const outbox = prepareOutbox(db);
  const statements = {
    conflicts: db.prepare('SELECT * FROM sync_conflicts WHERE (@project IS NULL OR project_id = @project) AND (@all = 1 OR resolved_at IS NULL) ORDER BY created_at DESC, id DESC'),
    conflict: db.prepare('SELECT * FROM sync_conflicts WHERE id = ?'),
    resolve: db.prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?'),
    parked: db.prepare('SELECT * FROM sync_parked WHERE (@project IS NULL OR project_id = @project) ORDER BY seq'),
    parkedOne: db.prepare('SELECT * FROM sync_parked WHERE seq = ?'),
    unpark: db.prepare('DELETE FROM sync_parked WHERE seq = ?'),
    dropBase: db.prepare('DELETE FROM sync_base WHERE entity = ? AND row_id = ?'),
  };

  const toConflict = (r: ConflictRow): SyncConflict => ({
    ...r,
    groups: JSON.parse(r.groups),
    losing: JSON.parse(r.losing),
    winning: JSON.parse(r.winning),
  });
  const conflict = (id: string): ConflictRow => {
    const r = statements.conflict.get(id) as ConflictRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No conflict ${id}. List conflicts to see their ids.`);
    return r;
  };
  const parkedRow = (seq: number): ParkedRow => {
    const r = statements.parkedOne.get(seq) as ParkedRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No parked change with seq ${seq}. List parked changes to see them.`);
    return r;
  };
  const tableOf = (entity: string): SyncTable => {
    if (!isSyncTable(entity)) throw new AppError('VALIDATION_ERROR', `Unknown entity ${entity}.`);
    return entity;
  };

  /** The losing live version of a row the server deleted comes back as a copy with a new id (the server never undeletes). */
  const recreate = (table: SyncTable, projectId: string, rowId: string, losing: View) => {
    if (table !== 'annotations') throw new AppError('NOT_IMPLEMENTED', `The server deleted this ${table.slice(0, -1)}; recreate it by hand from the version shown.`);
    const row = sdb.adapters.annotations.read(rowId);
    if (!row) throw new AppError('NOT_FOUND', `Annotation ${rowId} is gone from this workstation.`);
    store.annotations.insertMany(projectId, [
      {
        image_id: row.image_id as string,
        annotation_type: losing.annotation_type as never,
        class_id: losing.class_id as number | null,
        geometry: losing.geometry as never,
        attributes: losing.attributes as Record<string, unknown>,
        caption: losing.caption as string | null,
        confidence: losing.confidence as number | null,
        source: row.source as never,
        z_order: losing.z_order as number,
      },
    ]);
  };

  return {
    conflicts(input: { project_id?: string; include_resolved?: boolean }): SyncConflict[] {
      return (statements.conflicts.all({ project: input.project_id ?? null, all: input.include_resolved ? 1 : 0 }) as ConflictRow[]).map(toConflict);
    },

    restoreConflict(id: string): SyncConflict {
      const c = conflict(id);
      if (c.resolved_at) throw new AppError('CONFLICT', `This conflict was already ${c.resolution} on ${c.resolved_at}.`);
      const table = tableOf(c.entity);
      const adapter = sdb.adapters[table];
      const losing = adapter.normalize(JSON.parse(c.losing));
      const groups = JSON.parse(c.groups) as string[];
      const row = adapter.read(c.row_id);
      if (!row) throw new AppError('NOT_FOUND', `The ${table.slice(0, -1)} ${c.row_id} is gone from this workstation.`);
      const current = adapter.view(row);
      const now = sdb.now();
      if (groups.includes('deleted') && !losing.deleted) recreate(table, c.project_id, c.row_id, losing);
      else {
        const next: View = { ...current };
        if (groups.includes('deleted')) next.deleted = true;
        else {
          if (current.deleted) throw new AppError('CONFLICT', `The ${table.slice(0, -1)} was deleted since; restore is not possible.`);
          for (const g of groups) Object.assign(next, pick(table, losing, g));
        }
        // A local edit (not `applying`): the triggers record the base, the outbox entry queues the push.
        db.transaction(() => {
          adapter.writeView(c.row_id, next);
          outbox(c.project_id, table, next.deleted ? 'delete' : 'update', [c.row_id], now);
        })();
      }
      statements.resolve.run(now, 'restored', id);
      deps.changed?.(c.project_id, [table]);
      return toConflict(conflict(id));
    },

    dismissConflict(id: string): SyncConflict {
      const c = conflict(id);
      if (!c.resolved_at) statements.resolve.run(sdb.now(), 'dismissed', id);
      return toConflict(conflict(id));
    },

    parked(input: { project_id?: string }): SyncParked[] {
      return (statements.parked.all({ project: input.project_id ?? null }) as ParkedRow[]).map((r) => ({ ...r, data: JSON.parse(r.data) }));
    },

    /** Queues the row again from its current state (the fix may have been made since). */
    retryParked(seq: number): void {
      const p = parkedRow(seq);
      const table = tableOf(p.entity);
      db.transaction(() => {
        statements.unpark.run(seq);
        outbox(p.project_id, table, p.op, [p.row_id], sdb.now());
      })();
    },

    /** Drops the change: a refused create disappears locally, anything else takes the server's version again. */
    discardParked(seq: number): void {
      const p = parkedRow(seq);
      const table = tableOf(p.entity);
      sdb.applying(() => {
        statements.unpark.run(seq);
        if (p.op === 'create') db.prepare(`UPDATE ${table} SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ? AND server_rev IS NULL`).run(sdb.now(), p.row_id);
        else {
          db.prepare(`UPDATE ${table} SET server_rev = 0 WHERE id = ?`).run(p.row_id);
          statements.dropBase.run(table, p.row_id);
          if (links.get(p.project_id)) links.resetCursor(p.project_id);
        }
      });
      deps.changed?.(p.project_id, [table]);
    },
  };
}
