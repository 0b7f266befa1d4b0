import { TABLE_OF, type SyncTable } from '../../../src-shared/sync/fields';
import type { ChangesPageV1 } from '../../../src-shared/sync/wire';
import type { Merger } from './merge';
import type { Queue } from './queue';
import type { SyncDb } from './sync-db';

/**
 * The local half of pull: one page of the change feed lands in ONE transaction together with the
 * cursor that follows it, so after a crash the feed resumes exactly after the last stored page.
 * Rows without queued local changes take the server's version with one upsert (newer revisions
 * only); rows with queued changes go through the merge.
 */
export function createPuller(s: SyncDb, queue: Queue, merger: Merger) {
  const { db } = s;
  const tables: SyncTable[] = ['images', 'annotations', 'tasks', 'comments'];
  const statements = {
    queued: db.prepare('SELECT entity, row_id FROM sync_mutations WHERE project_id = ?'),
    anyBase: db.prepare('SELECT 1 FROM sync_base WHERE project_id = ? LIMIT 1').pluck(),
    dropBase: db.prepare('DELETE FROM sync_base WHERE entity = ? AND row_id = ?'),
    cursor: db.prepare('UPDATE sync_links SET cursor = ?, last_pulled_at = ? WHERE project_id = ?'),
    existing: Object.fromEntries(
      tables.map((t) => [t, db.prepare(`SELECT id, project_id, server_rev FROM ${t} WHERE id = ?`)]),
    ) as Record<SyncTable, ReturnType<typeof db.prepare>>,
  };

  return {
    /** Stores one page and its cursor; answers rows written and conflicts recorded. */
    applyPage(projectId: string, page: ChangesPageV1): { pulled: number; conflicts: number } {
      let pulled = 0;
      let conflicts = 0;
      const run = () =>
        s.applying(() => {
          queue.stage(projectId);
          const queued = new Set((statements.queued.all(projectId) as { entity: string; row_id: string }[]).map((r) => `${r.entity}:${r.row_id}`));
          const bases = statements.anyBase.get(projectId) !== undefined;
          for (const change of page.changes) {
            const table = TABLE_OF[change.entity];
            const data = { ...change.data, id: change.id };
            if (table === 'projects' || queued.has(`${table}:${change.id}`)) {
              const before = s.adapters[table].read(table === 'projects' ? projectId : change.id)?.server_rev;
              const merged = merger.mergeRemote(table, data, change.rev, projectId);
              if (merged !== null) {
                conflicts += merged;
                if (before !== change.rev) pulled++;
              }
              continue;
            }
            const existing = statements.existing[table].get(change.id) as { project_id: string; server_rev: number | null } | undefined;
            if (existing && (existing.project_id !== projectId || (existing.server_rev !== null && existing.server_rev > change.rev))) continue;
            // The echo of our own acknowledged change (same revision) is applied too, uncounted: the
            // server may have normalised it (a field this role may not set, sorted labels…).
            const echo = existing?.server_rev === change.rev;
            const adapter = s.adapters[table];
            adapter.write(adapter.fromServer(data, projectId), change.rev, existing !== undefined);
            if (bases) statements.dropBase.run(table, change.id);
            if (!echo) pulled++;
          }
          statements.cursor.run(page.cursor, s.now(), projectId);
        });
      // Rows of one page may point at rows of a later page (an image rewritten after its annotations
      // were made comes later in the feed), so foreign keys are not enforced while a page lands; the
      // server's feed is consistent once read to the end. (Pragma outside the transaction, as SQLite requires.)
      db.pragma('foreign_keys = OFF');
      try {
        run();
      } finally {
        db.pragma('foreign_keys = ON');
      }
      return { pulled, conflicts };
    },
  };
}

export type Puller = ReturnType<typeof createPuller>;
