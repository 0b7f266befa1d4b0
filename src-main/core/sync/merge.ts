import { v7 as uuidv7 } from 'uuid';
import { patchOf, same, type SyncTable, type View } from '../../../src-shared/sync/fields';
import { reconcile, type GroupConflict } from '../../../src-shared/sync/reconcile';
import { baseStatements, mutationStatements, type MutationRow, type SyncDb } from './sync-db';

/**
 * Brings one server version of a row into the local store. A row with no queued local change
 * simply takes the server's version. A row with queued changes goes through `reconcile`: the
 * merged version is written, the losing side of any conflict is kept in `sync_conflicts`, the
 * queued mutations of the row are replaced by one that carries what is still only local, and the
 * server version becomes the row's base. Call inside `SyncDb.applying`.
 */
export function createMerger(s: SyncDb) {
  const base = baseStatements(s.db);
  const mutations = mutationStatements(s.db);
  const insertConflict = s.db.prepare(`INSERT INTO sync_conflicts (id, project_id, entity, row_id, groups, winner, losing, winning, server_rev, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  /** The version local edits started from: the captured base, else what a queued create sent. */
  const baseOf = (table: SyncTable, id: string, pending: MutationRow[]): View | null => {
    const stored = base.get(table, id);
    if (stored) return s.adapters[table].normalize(JSON.parse(stored.data));
    const create = pending.find((m) => m.op === 'create');
    return create ? s.adapters[table].normalize(JSON.parse(create.data)) : null;
  };

  const record = (table: SyncTable, projectId: string, id: string, rev: number, conflicts: GroupConflict[], local: View, remote: View): number => {
    let rows = 0;
    for (const winner of ['remote', 'local'] as const) {
      const mine = conflicts.filter((c) => c.winner === winner);
      if (!mine.length) continue;
      const [losing, winning] = winner === 'remote' ? [local, remote] : [remote, local];
      insertConflict.run(uuidv7(), projectId, table, id, JSON.stringify(mine.map((c) => c.group)), winner, JSON.stringify(losing), JSON.stringify(winning), rev, s.now());
      rows++;
    }
    return rows;
  };

  return {
    /**
     * Merges `serverData` (revision `rev`) into the row; answers how many conflicts were recorded,
     * or null when the local copy is newer and nothing was done. A version at the revision the row
     * already has is our own acknowledged change coming back, applied so the server's
     * normalisation wins. `force` merges whatever the revisions (a push conflict always describes
     * the server's current row).
     */
    mergeRemote(table: SyncTable, serverData: Record<string, unknown>, rev: number, localProjectId: string, force = false): number | null {
      const adapter = s.adapters[table];
      const remoteRow = adapter.fromServer(serverData, localProjectId);
      const local = adapter.read(remoteRow.id);
      if (!local) {
        adapter.write(remoteRow, rev, false);
        return 0;
      }
      if (adapter.projectOf(local) !== localProjectId) return null;
      const known = local.server_rev as number | null;
      if (!force && known !== null && known > rev) return null;
      const pending = mutations.forRow(table, local.id);
      if (!pending.length) {
        adapter.write(remoteRow, rev, true);
        base.remove(table, local.id);
        return 0;
      }
      const remoteView = adapter.view(remoteRow);
      const localView = adapter.view(local);
      const result = reconcile(table, { view: localView, rev: null }, { view: remoteView, rev }, baseOf(table, local.id, pending));
      // The server cannot undelete: a row it deleted stays deleted, and the live local version is kept as the loser.
      if (remoteView.deleted && !result.merged.deleted) {
        result.conflicts = [...result.conflicts.filter((c) => c.group !== 'deleted'), { group: 'deleted', winner: 'remote', local: localView, remote: remoteView }];
        result.merged = { ...remoteView };
        result.toPush = [];
        result.pushDelete = false;
      }
      adapter.write(remoteRow, rev, true);
      if (!same(result.merged, remoteView)) adapter.writeView(local.id, result.merged);
      mutations.removeForRow(table, local.id);
      const projectId = adapter.projectOf(local);
      const now = s.now();
      if (result.pushDelete) mutations.insert(projectId, table, 'delete', local.id, {}, now);
      else if (result.toPush.length) mutations.insert(projectId, table, 'update', local.id, patchOf(table, result.merged, result.toPush), now);
      if (result.pushDelete || result.toPush.length) base.put(table, local.id, projectId, rev, remoteView);
      else base.remove(table, local.id);
      return record(table, projectId, local.id, rev, result.conflicts, localView, remoteView);
    },
  };
}

export type Merger = ReturnType<typeof createMerger>;
