import type { Gold } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

function toGold(row: Row): Gold {
  return {
    id: row.id,
    project_id: row.project_id as string,
    item_id: (row.item_id as string | null) ?? null,
    image_id: (row.image_id as string | null) ?? null,
    expected: json(row.expected, { choices: [] }) as Gold['expected'],
    created_by: (row.created_by as string | null) ?? null,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  };
}

/** Gold marks: an item with its expected answer or an image with its expected shapes (one mark per target). */
export function goldRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM gold WHERE id = ? AND deleted_at IS NULL'),
    byItem: db.prepare('SELECT * FROM gold WHERE item_id = ? AND deleted_at IS NULL'),
    byImage: db.prepare('SELECT * FROM gold WHERE image_id = ? AND deleted_at IS NULL'),
    list: db.prepare('SELECT * FROM gold WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at, id'),
    insert: db.prepare(`INSERT INTO gold (id, project_id, item_id, image_id, expected, created_by, created_at, updated_at)
      VALUES (@id, @project_id, @item_id, @image_id, @expected, @created_by, @now, @now)`),
    update: db.prepare('UPDATE gold SET expected = @expected, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    tombstone: db.prepare('UPDATE gold SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id'),
  };

  const get = (id: string): Gold => {
    const row = statements.get.get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No gold mark with id ${id}. List the project's gold to see them.`);
    return toGold(row);
  };

  return {
    get,
    list(projectId: string): Gold[] {
      return (statements.list.all(projectId) as Row[]).map(toGold);
    },
    /** Sets the expected value of an item or image, replacing an earlier mark on it. */
    mark(projectId: string, target: { item_id: string } | { image_id: string }, expected: Gold['expected'], by: string | null): Gold {
      const now = ctx.now();
      return db.transaction(() => {
        const existing = ('item_id' in target ? statements.byItem.get(target.item_id) : statements.byImage.get(target.image_id)) as Row | undefined;
        if (existing) {
          statements.update.run({ id: existing.id, expected: JSON.stringify(expected), now });
          outbox(projectId, 'gold', 'update', [existing.id], now);
          return get(existing.id);
        }
        const id = ctx.newId();
        statements.insert.run({ id, project_id: projectId, item_id: 'item_id' in target ? target.item_id : null, image_id: 'image_id' in target ? target.image_id : null, expected: JSON.stringify(expected), created_by: by, now });
        outbox(projectId, 'gold', 'create', [id], now);
        return get(id);
      })();
    },
    unmark(id: string): void {
      const current = get(id);
      const now = ctx.now();
      db.transaction(() => {
        statements.tombstone.run({ id, now });
        outbox(current.project_id, 'gold', 'delete', [id], now);
      })();
    },
  };
}

export type GoldRepository = ReturnType<typeof goldRepository>;
