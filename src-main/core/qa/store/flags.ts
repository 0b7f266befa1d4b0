import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

export interface StoredFlag {
  id: string;
  project_id: string;
  user_id: string;
  reason: string;
  metadata: Record<string, unknown>;
  created_by: string | null;
  created_at: string;
}

/** Manual quality flags ("flag user for suspicious activity"); computed flags are derived, never stored. */
export function flagRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM quality_flags WHERE id = ? AND deleted_at IS NULL'),
    list: db.prepare('SELECT * FROM quality_flags WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at, id'),
    insert: db.prepare(`INSERT INTO quality_flags (id, project_id, user_id, reason, metadata, created_by, created_at, updated_at)
      VALUES (@id, @project_id, @user_id, @reason, @metadata, @created_by, @now, @now)`),
    tombstone: db.prepare('UPDATE quality_flags SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id'),
  };
  const toFlag = (row: Row): StoredFlag => ({
    id: row.id,
    project_id: row.project_id as string,
    user_id: row.user_id as string,
    reason: row.reason as string,
    metadata: json(row.metadata, {}),
    created_by: (row.created_by as string | null) ?? null,
    created_at: row.created_at as string,
  });
  const get = (id: string) => {
    const row = statements.get.get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No manual flag with id ${id} (computed flags cannot be removed by hand: they clear when the numbers recover).`);
    return toFlag(row);
  };
  return {
    get,
    list: (projectId: string) => (statements.list.all(projectId) as Row[]).map(toFlag),
    create(projectId: string, userId: string, reason: string, metadata: Record<string, unknown>, by: string | null): StoredFlag {
      const id = ctx.newId();
      const now = ctx.now();
      db.transaction(() => {
        statements.insert.run({ id, project_id: projectId, user_id: userId, reason, metadata: JSON.stringify(metadata), created_by: by, now });
        outbox(projectId, 'quality_flags', 'create', [id], now);
      })();
      return get(id);
    },
    delete(id: string): void {
      const flag = get(id);
      const now = ctx.now();
      db.transaction(() => {
        statements.tombstone.run({ id, now });
        outbox(flag.project_id, 'quality_flags', 'delete', [id], now);
      })();
    },
  };
}

export type FlagRepository = ReturnType<typeof flagRepository>;
