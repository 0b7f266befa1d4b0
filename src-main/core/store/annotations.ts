import type { Annotation, AnnotationPatch } from '../../../src-shared/contract/entities';
import type { Geometry } from '../../../src-shared/geometry/schemas';
import { AppError } from '../../../src-shared/contract/errors';
import { prepareOutbox, type StoreContext } from './context';

type AnnotationRow = Record<string, unknown> & { id: string };

/** A validated annotation ready to store (the service layer checks geometry and class first). */
export interface NewAnnotation {
  image_id: string;
  annotation_type: Geometry['type'];
  class_id: number | null;
  geometry: Geometry;
  attributes?: Record<string, unknown>;
  caption?: string | null;
  confidence?: number | null;
  source?: Annotation['source'];
  z_order?: number;
}

export interface AnnotationQuery {
  class_id?: number;
  annotation_type?: string;
  annotation_status?: string;
}

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    project_id: row.project_id as string,
    image_id: row.image_id as string,
    annotation_type: row.annotation_type as Annotation['annotation_type'],
    class_id: row.class_id as number | null,
    geometry: JSON.parse(row.geometry as string),
    attributes: row.attributes === '{}' ? {} : JSON.parse(row.attributes as string),
    caption: row.caption as string | null,
    confidence: row.confidence as number | null,
    source: row.source as Annotation['source'],
    annotation_status: row.annotation_status as Annotation['annotation_status'],
    z_order: row.z_order as number,
    annotator_id: row.annotator_id as string | null,
    reviewer_id: row.reviewer_id as string | null,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
    rev: row.rev as number,
  };
}

const PATCH_JSON = new Set(['geometry', 'attributes']);
const QUERY_FILTER = `project_id = @project_id AND deleted_at IS NULL
  AND (@class_id IS NULL OR class_id = @class_id)
  AND (@annotation_type IS NULL OR annotation_type = @annotation_type)
  AND (@annotation_status IS NULL OR annotation_status = @annotation_status)`;

/** Annotations: every write also records an outbox entry in the same transaction. */
export function annotationRepository(ctx: StoreContext) {
  const { db } = ctx;
  const outbox = prepareOutbox(db);
  const statements = {
    get: db.prepare('SELECT * FROM annotations WHERE id = ? AND deleted_at IS NULL'),
    forImage: db.prepare('SELECT * FROM annotations WHERE image_id = ? AND deleted_at IS NULL ORDER BY z_order, created_at, id'),
    page: db.prepare(`SELECT * FROM annotations WHERE ${QUERY_FILTER} ORDER BY created_at, id LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE ${QUERY_FILTER}`),
    insert: db.prepare(`INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, z_order, annotator_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    tombstone: db.prepare('UPDATE annotations SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE id = @id AND deleted_at IS NULL'),
    projectOf: db.prepare('SELECT project_id FROM annotations WHERE id = ? AND deleted_at IS NULL').pluck(),
  };

  const get = (id: string): Annotation => {
    const row = statements.get.get(id) as AnnotationRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No annotation with id ${id}. It may have been deleted; reload the image.`);
    return toAnnotation(row);
  };

  return {
    get,
    forImage(imageId: string): Annotation[] {
      return (statements.forImage.all(imageId) as AnnotationRow[]).map(toAnnotation);
    },
    query(projectId: string, filter: AnnotationQuery, offset: number, limit: number) {
      const params = {
        project_id: projectId,
        class_id: filter.class_id ?? null,
        annotation_type: filter.annotation_type ?? null,
        annotation_status: filter.annotation_status ?? null,
      };
      const items = (statements.page.all({ ...params, offset, limit }) as AnnotationRow[]).map(toAnnotation);
      return { items, total: (statements.count.get(params) as { n: number }).n, offset, limit };
    },
    /** Inserts many annotations of one project in one transaction, with one outbox entry. */
    insertMany(projectId: string, annotations: readonly NewAnnotation[]): string[] {
      const now = ctx.now();
      const annotator = ctx.userId();
      const ids: string[] = new Array(annotations.length);
      db.transaction(() => {
        for (let i = 0; i < annotations.length; i++) {
          const a = annotations[i];
          const id = ctx.newId();
          ids[i] = id;
          statements.insert.run(
            id, projectId, a.image_id, a.annotation_type, a.class_id, JSON.stringify(a.geometry),
            a.attributes ? JSON.stringify(a.attributes) : '{}', a.caption ?? null, a.confidence ?? null,
            a.source ?? 'human', a.z_order ?? 0, annotator, now, now,
          );
        }
        if (ids.length) outbox(projectId, 'annotations', 'create', ids, now);
      })();
      return ids;
    },
    update(id: string, patch: AnnotationPatch): Annotation {
      const current = get(id);
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      if (patch.geometry) entries.push(['annotation_type', patch.geometry.type]);
      if (patch.annotation_status) entries.push(['reviewer_id', ctx.userId()]);
      if (!entries.length) return current;
      const now = ctx.now();
      const values: Record<string, unknown> = { id, now };
      for (const [k, v] of entries) values[k] = PATCH_JSON.has(k) ? JSON.stringify(v) : v;
      const sets = entries.map(([k]) => `${k} = @${k}`).join(', ');
      db.transaction(() => {
        db.prepare(`UPDATE annotations SET ${sets}, updated_at = @now, rev = rev + 1 WHERE id = @id`).run(values);
        outbox(current.project_id, 'annotations', 'update', [id], now);
      })();
      return get(id);
    },
    /** Tombstones the given annotations; ids that do not exist make the whole call fail. */
    deleteMany(ids: readonly string[]): number {
      const now = ctx.now();
      const byProject = new Map<string, string[]>();
      db.transaction(() => {
        for (const id of ids) {
          const projectId = statements.projectOf.get(id) as string | undefined;
          if (!projectId) throw new AppError('NOT_FOUND', `No annotation with id ${id}; nothing was deleted. Reload the image and try again.`);
          statements.tombstone.run({ id, now });
          byProject.set(projectId, [...(byProject.get(projectId) ?? []), id]);
        }
        for (const [projectId, list] of byProject) outbox(projectId, 'annotations', 'delete', list, now);
      })();
      return ids.length;
    },
  };
}

export type AnnotationRepository = ReturnType<typeof annotationRepository>;
