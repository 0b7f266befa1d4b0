import type { SyncLink } from '../../../src-shared/contract/sync';
import type { Db } from '../store/db';

export interface LinkRow {
  project_id: string;
  server_url: string;
  server_project_id: string;
  enabled: number;
  cursor: string;
  last_pushed_at: string | null;
  last_pulled_at: string | null;
  last_error: string | null;
  created_at: string;
}

/** Local projects attached to server projects, with their feed cursor and per-project counts. */
export function linkRepository(db: Db) {
  const statements = {
    all: db.prepare('SELECT * FROM sync_links ORDER BY created_at'),
    get: db.prepare('SELECT * FROM sync_links WHERE project_id = ?'),
    byServer: db.prepare('SELECT * FROM sync_links WHERE server_url = ? AND server_project_id = ?'),
    insert: db.prepare('INSERT INTO sync_links (project_id, server_url, server_project_id, enabled, cursor, created_at) VALUES (?, ?, ?, 1, ?, ?)'),
    remove: db.prepare('DELETE FROM sync_links WHERE project_id = ?'),
    enabled: db.prepare('UPDATE sync_links SET enabled = ? WHERE project_id = ?'),
    error: db.prepare('UPDATE sync_links SET last_error = ? WHERE project_id = ?'),
    pushed: db.prepare('UPDATE sync_links SET last_pushed_at = ?, last_error = NULL WHERE project_id = ?'),
    cursor: db.prepare('UPDATE sync_links SET cursor = ? WHERE project_id = ?'),
    name: db.prepare('SELECT name FROM projects WHERE id = ?').pluck(),
    queued: db.prepare('SELECT COUNT(*) FROM sync_mutations WHERE project_id = ?').pluck(),
    unstaged: db.prepare('SELECT COALESCE(SUM(json_array_length(ids)), 0) FROM outbox WHERE project_id = ? AND entity IN (\'images\', \'annotations\', \'tasks\', \'comments\', \'projects\')').pluck(),
    parked: db.prepare('SELECT COUNT(*) FROM sync_parked WHERE project_id = ?').pluck(),
    conflicts: db.prepare('SELECT COUNT(*) FROM sync_conflicts WHERE project_id = ? AND resolved_at IS NULL').pluck(),
  };
  const pending = (projectId: string) => Number(statements.queued.get(projectId)) + Number(statements.unstaged.get(projectId));

  return {
    all: () => statements.all.all() as LinkRow[],
    get: (projectId: string) => statements.get.get(projectId) as LinkRow | undefined,
    byServer: (serverUrl: string, serverProjectId: string) => statements.byServer.get(serverUrl, serverProjectId) as LinkRow | undefined,
    insert: (projectId: string, serverUrl: string, serverProjectId: string, now: string) => void statements.insert.run(projectId, serverUrl, serverProjectId, '0', now),
    remove: (projectId: string) => void statements.remove.run(projectId),
    setEnabled: (projectId: string, enabled: boolean) => void statements.enabled.run(enabled ? 1 : 0, projectId),
    setError: (projectId: string, message: string | null) => void statements.error.run(message, projectId),
    markPushed: (projectId: string, now: string) => void statements.pushed.run(now, projectId),
    resetCursor: (projectId: string) => void statements.cursor.run('0', projectId),
    /** Local changes of the project not yet confirmed by the server (queued rows, plus outbox rows not staged yet). */
    pending,
    describe(row: LinkRow): SyncLink {
      return {
        project_id: row.project_id,
        project_name: (statements.name.get(row.project_id) as string | undefined) ?? row.project_id,
        server_url: row.server_url,
        server_project_id: row.server_project_id,
        enabled: row.enabled === 1,
        cursor: row.cursor,
        pending: pending(row.project_id),
        parked: Number(statements.parked.get(row.project_id)),
        conflicts: Number(statements.conflicts.get(row.project_id)),
        last_pushed_at: row.last_pushed_at,
        last_pulled_at: row.last_pulled_at,
        last_error: row.last_error,
      };
    },
  };
}

export type LinkRepository = ReturnType<typeof linkRepository>;
