import type { Image } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import { prepareOutbox, type StoreContext } from './context';

type ImageRow = Record<string, unknown> & { id: string };

export interface NewImage {
  filename: string;
  path: string;
  width: number;
  height: number;
  size_bytes: number;
  sha256: string;
}

export interface ImageFilter {
  annotated?: boolean;
  search?: string;
}

const SELECT = `SELECT i.*, (SELECT COUNT(*) FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL) AS annotation_count FROM images i`;
const FILTER = `i.project_id = @project_id AND i.deleted_at IS NULL
  AND (@annotated IS NULL OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL) = @annotated)
  AND (@search IS NULL OR i.filename LIKE '%' || @search || '%' ESCAPE '\\')`;

function toImage(row: ImageRow): Image {
  const count = row.annotation_count as number;
  return {
    id: row.id,
    project_id: row.project_id as string,
    filename: row.filename as string,
    path: row.path as string,
    width: row.width as number,
    height: row.height as number,
    size_bytes: row.size_bytes as number,
    sha256: row.sha256 as string,
    annotation_count: count,
    annotated: count > 0,
    reviewed: row.reviewed === 1,
    image_annotations: JSON.parse(row.image_annotations as string),
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  };
}

const filterParams = (projectId: string, filter: ImageFilter) => ({
  project_id: projectId,
  annotated: filter.annotated === undefined ? null : filter.annotated ? 1 : 0,
  search: filter.search ? filter.search.replace(/[\\%_]/g, (c) => `\\${c}`) : null,
});

/** Images registered in a project, referenced in place on disk. */
export function imageRepository(ctx: StoreContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare(`${SELECT} WHERE i.id = ? AND i.deleted_at IS NULL`),
    page: db.prepare(`${SELECT} WHERE ${FILTER} ORDER BY i.filename, i.id LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) AS n FROM images i WHERE ${FILTER}`),
    ids: db.prepare(`SELECT i.id FROM images i WHERE ${FILTER} ORDER BY i.filename, i.id`).pluck(),
    existingPaths: db.prepare('SELECT path FROM images WHERE project_id = ? AND deleted_at IS NULL').pluck(),
    insert: db.prepare(`INSERT INTO images (id, project_id, filename, path, width, height, size_bytes, sha256, created_at, updated_at)
      VALUES (@id, @project_id, @filename, @path, @width, @height, @size_bytes, @sha256, @now, @now)`),
    update: db.prepare('UPDATE images SET image_annotations = @image_annotations, reviewed = @reviewed, updated_at = @now, rev = rev + 1 WHERE id = @id'),
  };

  const get = (id: string): Image => {
    const row = statements.get.get(id) as ImageRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No image with id ${id}. It may have been deleted; reload the image list.`);
    return toImage(row);
  };

  return {
    get,
    page(projectId: string, filter: ImageFilter, offset: number, limit: number) {
      const params = filterParams(projectId, filter);
      const items = (statements.page.all({ ...params, offset, limit }) as ImageRow[]).map(toImage);
      const total = (statements.count.get(params) as { n: number }).n;
      return { items, total, offset, limit };
    },
    /** Ids in navigation order (filename), for next/previous. */
    orderedIds(projectId: string, filter: ImageFilter = {}): string[] {
      return statements.ids.all(filterParams(projectId, filter)) as string[];
    },
    existingPaths(projectId: string): Set<string> {
      return new Set(statements.existingPaths.all(projectId) as string[]);
    },
    /** Registers a batch of images in one transaction with one outbox entry. */
    insertMany(projectId: string, images: NewImage[]): string[] {
      const now = ctx.now();
      const ids = images.map(() => ctx.newId());
      db.transaction(() => {
        images.forEach((image, i) => statements.insert.run({ ...image, id: ids[i], project_id: projectId, now }));
        if (ids.length) outbox(projectId, 'images', 'create', ids, now);
      })();
      return ids;
    },
    update(id: string, patch: { image_annotations?: Image['image_annotations']; reviewed?: boolean }): Image {
      const current = get(id);
      const now = ctx.now();
      db.transaction(() => {
        statements.update.run({
          id,
          now,
          image_annotations: JSON.stringify(patch.image_annotations ?? current.image_annotations),
          reviewed: (patch.reviewed ?? current.reviewed) ? 1 : 0,
        });
        outbox(current.project_id, 'images', 'update', [id], now);
      })();
      return get(id);
    },
  };
}

export type ImageRepository = ReturnType<typeof imageRepository>;
