import type { Db } from '../store/db';
import type { SyncTable } from '../../../src-shared/sync/fields';
import type { Adapters } from './rows';

/** A queued mutation as stored in `sync_mutations`. */
export interface MutationRow {
  seq: number;
  project_id: string;
  entity: SyncTable;
  op: 'create' | 'update' | 'delete';
  row_id: string;
  data: string;
  base_rev: number | null;
  state: 'pending' | 'awaiting';
  sent_at: string | null;
  created_at: string;
}

/** What the queue, merge and pull share: the database, the table adapters and a clock. */
export interface SyncDb {
  db: Db;
  adapters: Adapters;
  now(): string;
  /**
   * Runs `work` in one transaction with `sync_apply.applying = 1`, so the base-capturing
   * triggers treat its writes as the server's, not as local edits.
   */
  applying<T>(work: () => T): T;
}

export function createSyncDb(db: Db, adapters: Adapters, now: () => string = () => new Date().toISOString()): SyncDb {
  const flag = db.prepare('UPDATE sync_apply SET applying = ? WHERE id = 1');
  return {
    db,
    adapters,
    now,
    applying<T>(work: () => T): T {
      return db.transaction(() => {
        flag.run(1);
        try {
          return work();
        } finally {
          flag.run(0);
        }
      })();
    },
  };
}

/** Base rows (the server version a local edit started from). */
export function baseStatements(db: Db) {
  const get = db.prepare('SELECT server_rev, data FROM sync_base WHERE entity = ? AND row_id = ?');
  const put = db.prepare(`INSERT INTO sync_base (entity, row_id, project_id, server_rev, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (entity, row_id) DO UPDATE SET server_rev = excluded.server_rev, data = excluded.data, project_id = excluded.project_id`);
  const remove = db.prepare('DELETE FROM sync_base WHERE entity = ? AND row_id = ?');
  return {
    get: (table: SyncTable, id: string) => get.get(table, id) as { server_rev: number; data: string } | undefined,
    put: (table: SyncTable, id: string, projectId: string, rev: number, data: unknown) => void put.run(table, id, projectId, rev, JSON.stringify(data)),
    remove: (table: SyncTable, id: string) => void remove.run(table, id),
  };
}

/** Statements over `sync_mutations` shared by the queue and the merge. */
export function mutationStatements(db: Db) {
  const forRow = db.prepare('SELECT * FROM sync_mutations WHERE entity = ? AND row_id = ? ORDER BY seq');
  const anyForRow = db.prepare('SELECT 1 FROM sync_mutations WHERE entity = ? AND row_id = ? LIMIT 1').pluck();
  const removeRow = db.prepare('DELETE FROM sync_mutations WHERE entity = ? AND row_id = ?');
  const remove = db.prepare('DELETE FROM sync_mutations WHERE seq = ?');
  const insert = db.prepare('INSERT INTO sync_mutations (project_id, entity, op, row_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  return {
    forRow: (table: SyncTable, id: string) => forRow.all(table, id) as MutationRow[],
    hasAny: (table: SyncTable, id: string) => anyForRow.get(table, id) !== undefined,
    removeForRow: (table: SyncTable, id: string) => void removeRow.run(table, id),
    remove: (seq: number) => void remove.run(seq),
    insert: (projectId: string, table: SyncTable, op: MutationRow['op'], id: string, data: unknown, at: string) =>
      Number(insert.run(projectId, table, op, id, JSON.stringify(data), at).lastInsertRowid),
  };
}
