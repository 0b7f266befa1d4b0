import type { Answer, ItemContent, ItemType } from '../../../../src-shared/qa/items';
import { AppError } from '../../../../src-shared/contract/errors';
import { json, prepareOutbox, type QaContext, type Row } from './context';

export interface StoredItem {
  id: string;
  project_id: string;
  external_id: string | null;
  instructions: string;
  position: number;
  created_at: string;
  updated_at: string;
  content: ItemContent;
  response_count: number;
  gold_id: string | null;
  expected: Answer | null;
}

export interface NewItem {
  external_id: string | null;
  instructions: string;
  content: ItemContent;
}

export interface ItemFilter {
  item_type?: ItemType;
  gold?: boolean;
  search?: string;
}

const SELECT = `SELECT it.*, g.id AS gold_id, g.expected AS gold_expected,
  (SELECT COUNT(*) FROM responses r WHERE r.item_id = it.id AND r.deleted_at IS NULL AND r.skipped = 0) AS response_count
  FROM items it LEFT JOIN gold g ON g.item_id = it.id AND g.deleted_at IS NULL`;
const FILTER = `it.project_id = @project_id AND it.deleted_at IS NULL
  AND (@item_type IS NULL OR it.item_type = @item_type)
  AND (@gold IS NULL OR (g.id IS NOT NULL) = @gold)
  AND (@search IS NULL OR it.data LIKE '%' || @search || '%' ESCAPE '\\' OR it.external_id LIKE '%' || @search || '%' ESCAPE '\\')`;

function toItem(row: Row): StoredItem {
  return {
    id: row.id,
    project_id: row.project_id as string,
    external_id: (row.external_id as string | null) ?? null,
    instructions: row.instructions as string,
    position: row.position as number,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
    content: { item_type: row.item_type, data: json(row.data, {}) } as ItemContent,
    response_count: (row.response_count as number) ?? 0,
    gold_id: (row.gold_id as string | null) ?? null,
    expected: row.gold_expected ? json<Answer | null>(row.gold_expected, null) : null,
  };
}

const filterParams = (projectId: string, f: ItemFilter) => ({
  project_id: projectId,
  item_type: f.item_type ?? null,
  gold: f.gold === undefined ? null : f.gold ? 1 : 0,
  search: f.search ? f.search.replace(/[\\%_]/g, (c) => `\\${c}`) : null,
});

/** Labeling items (text, response pairs, image classification, questions) in import order. */
export function itemRepository(ctx: QaContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare(`${SELECT} WHERE it.id = ? AND it.deleted_at IS NULL`),
    page: db.prepare(`${SELECT} WHERE ${FILTER} ORDER BY it.position, it.id LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) FROM items it LEFT JOIN gold g ON g.item_id = it.id AND g.deleted_at IS NULL WHERE ${FILTER}`).pluck(),
    all: db.prepare(`${SELECT} WHERE it.project_id = ? AND it.deleted_at IS NULL ORDER BY it.position, it.id`),
    externalIds: db.prepare('SELECT external_id FROM items WHERE project_id = ? AND external_id IS NOT NULL AND deleted_at IS NULL').pluck(),
    maxPosition: db.prepare('SELECT COALESCE(MAX(position), -1) FROM items WHERE project_id = ?').pluck(),
    insert: db.prepare(`INSERT INTO items (id, project_id, item_type, external_id, data, instructions, position, created_at, updated_at)
      VALUES (@id, @project_id, @item_type, @external_id, @data, @instructions, @position, @now, @now)`),
    tombstone: db.prepare('UPDATE items SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id AND deleted_at IS NULL'),
    tombstoneResponses: db.prepare('UPDATE responses SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE item_id = @id AND deleted_at IS NULL RETURNING id'),
    tombstoneGold: db.prepare('UPDATE gold SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE item_id = @id AND deleted_at IS NULL RETURNING id'),
    projectOf: db.prepare('SELECT project_id FROM items WHERE id = ? AND deleted_at IS NULL').pluck(),
    images: db.prepare('SELECT id, filename, path FROM images WHERE project_id = ? AND deleted_at IS NULL ORDER BY filename, id'),
  };

  const get = (id: string): StoredItem => {
    const row = statements.get.get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No item with id ${id}. It may have been deleted; reload the items.`);
    return toItem(row);
  };

  return {
    get,
    page(projectId: string, filter: ItemFilter, offset: number, limit: number) {
      const params = filterParams(projectId, filter);
      return { items: (statements.page.all({ ...params, offset, limit }) as Row[]).map(toItem), total: statements.count.get(params) as number, offset, limit };
    },
    /** Every item of a project in order (queues and metrics read them all). */
    all(projectId: string): StoredItem[] {
      return (statements.all.all(projectId) as Row[]).map(toItem);
    },
    /**
     * Finds a project image by what an import file calls it: its id, its filename (path relative to
     * the import root), its absolute path, or its base name when that is unique.
     */
    imageResolver(projectId: string): (ref: string) => string | null {
      const rows = statements.images.all(projectId) as { id: string; filename: string; path: string }[];
      const exact = new Map<string, string>();
      const base = new Map<string, string | null>();
      for (const r of rows) {
        exact.set(r.id, r.id);
        exact.set(r.filename, r.id);
        exact.set(r.path, r.id);
        const name = r.filename.split('/').pop()!;
        base.set(name, base.has(name) ? null : r.id);
      }
      return (ref) => {
        const clean = ref.trim().replace(/\\/g, '/');
        return exact.get(clean) ?? base.get(clean.split('/').pop()!) ?? null;
      };
    },
    externalIds(projectId: string): Set<string> {
      return new Set(statements.externalIds.all(projectId) as string[]);
    },
    /** Appends items after the last one in one transaction; returns their ids. */
    insertMany(projectId: string, items: readonly NewItem[]): string[] {
      const now = ctx.now();
      const ids = items.map(() => ctx.newId());
      db.transaction(() => {
        let position = (statements.maxPosition.get(projectId) as number) + 1;
        items.forEach((it, i) =>
          statements.insert.run({ id: ids[i], project_id: projectId, item_type: it.content.item_type, external_id: it.external_id, data: JSON.stringify(it.content.data), instructions: it.instructions, position: position++, now }),
        );
        if (ids.length) outbox(projectId, 'items', 'create', ids, now);
      })();
      return ids;
    },
    /** Tombstones items with their responses and gold marks; unknown ids fail the whole call. */
    deleteMany(ids: readonly string[]): number {
      const now = ctx.now();
      db.transaction(() => {
        for (const id of ids) {
          const projectId = statements.projectOf.get(id) as string | undefined;
          if (!projectId) throw new AppError('NOT_FOUND', `No item with id ${id}; nothing was deleted.`);
          statements.tombstone.run({ id, now });
          const responses = (statements.tombstoneResponses.all({ id, now }) as { id: string }[]).map((r) => r.id);
          const gold = (statements.tombstoneGold.all({ id, now }) as { id: string }[]).map((r) => r.id);
          outbox(projectId, 'items', 'delete', [id], now);
          if (responses.length) outbox(projectId, 'responses', 'delete', responses, now);
          if (gold.length) outbox(projectId, 'gold', 'delete', gold, now);
        }
      })();
      return ids.length;
    },
  };
}

export type ItemRepository = ReturnType<typeof itemRepository>;
