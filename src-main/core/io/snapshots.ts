import type { AttributeDef as LabelAttribute, LabelClass } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import type { Snapshot } from '../../../src-shared/contract/io';
import type { Store } from '../store';
import { prepareOutbox, type StoreContext } from '../store/context';

/**
 * Snapshots (Labeler API "Create Snapshot"): an immutable, numbered copy of a project's
 * annotations, image-level labels, classes and attribute schema, made in one statement per table
 * inside one transaction (so it is consistent, and fast: 1M annotations copy in seconds). Triggers
 * refuse any UPDATE of snapshot rows. Restoring brings the project back to the copy, reviving the
 * original annotation ids, so sync sees updates rather than delete-and-create.
 */

type Row = Record<string, unknown>;

const ANNOTATION_COLUMNS = 'id, image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, annotation_status, z_order, annotator_id, reviewer_id, created_at, updated_at';

function toSnapshot(row: Row, datasetId: string | null): Snapshot {
  return {
    snapshot_id: row.id as string,
    project_id: row.project_id as string,
    dataset_id: datasetId,
    version: row.version as number,
    version_tag: row.version_tag as string,
    description: row.description as string,
    snapshot_type: row.snapshot_type as Snapshot['snapshot_type'],
    status: 'valid',
    total_images: row.total_images as number,
    total_annotations: row.total_annotations as number,
    created_at: row.created_at as string,
  };
}

export function snapshotService(store: Store, ctx: Pick<StoreContext, 'now' | 'newId' | 'userId'>) {
  const { db } = store;
  const outbox = prepareOutbox(db);

  const get = (id: string): Snapshot => {
    const row = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No snapshot with id ${id}. List the project's snapshots to see the ids.`);
    return toSnapshot(row, store.projects.get(row.project_id as string).dataset_id);
  };

  const create = (projectId: string, options: { version_tag?: string; description: string; type: Snapshot['snapshot_type'] }): Snapshot => {
    const project = store.projects.get(projectId);
    const id = ctx.newId();
    const now = ctx.now();
    db.transaction(() => {
      const version = ((db.prepare('SELECT MAX(version) FROM snapshots WHERE project_id = ?').pluck().get(projectId) as number | null) ?? 0) + 1;
      const tag = options.version_tag ?? `v${version}`;
      if (db.prepare('SELECT 1 FROM snapshots WHERE project_id = ? AND version_tag = ?').get(projectId, tag)) {
        throw new AppError('CONFLICT', `This project already has a snapshot tagged "${tag}". Choose another tag.`);
      }
      const totalAnnotations = db.prepare('SELECT COUNT(*) FROM annotations WHERE project_id = ? AND deleted_at IS NULL').pluck().get(projectId) as number;
      const totalImages = db.prepare('SELECT COUNT(*) FROM images WHERE project_id = ? AND deleted_at IS NULL').pluck().get(projectId) as number;
      db.prepare(
        `INSERT INTO snapshots (id, project_id, version, version_tag, description, snapshot_type, classes, attributes, total_images, total_annotations, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, projectId, version, tag, options.description, options.type, JSON.stringify(project.classes), JSON.stringify(project.attributes), totalImages, totalAnnotations, ctx.userId(), now);
      db.prepare(`INSERT INTO snapshot_annotations (snapshot_id, ${ANNOTATION_COLUMNS}) SELECT ?, ${ANNOTATION_COLUMNS} FROM annotations WHERE project_id = ? AND deleted_at IS NULL`).run(id, projectId);
      db.prepare('INSERT INTO snapshot_images (snapshot_id, image_id, image_annotations, reviewed) SELECT ?, id, image_annotations, reviewed FROM images WHERE project_id = ? AND deleted_at IS NULL').run(id, projectId);
    })();
    return get(id);
  };

  return {
    get,
    create,
    list(projectId: string): Snapshot[] {
      const project = store.projects.get(projectId);
      return (db.prepare('SELECT * FROM snapshots WHERE project_id = ? ORDER BY version DESC').all(projectId) as Row[]).map((r) => toSnapshot(r, project.dataset_id));
    },
    /**
     * Makes the project's annotations and image-level labels equal to the snapshot: annotations
     * not in it are tombstoned, the snapshot's are revived or re-inserted with their ids, and its
     * classes come back (classes added since are kept). All in one transaction.
     */
    restore(snapshotId: string, backup: boolean): { snapshot: Snapshot; backup: Snapshot | null; restored: number; removed: number; images_updated: number } {
      const snapshot = get(snapshotId);
      const projectId = snapshot.project_id;
      const before = backup ? create(projectId, { version_tag: `before-restore-v${snapshot.version}-${Date.now()}`, description: `Automatic copy taken before restoring ${snapshot.version_tag}`, type: 'auto' }) : null;
      const now = ctx.now();
      let restored = 0;
      let removed = 0;
      let imagesUpdated = 0;
      db.transaction(() => {
        const gone = db.prepare(`SELECT id FROM annotations WHERE project_id = ? AND deleted_at IS NULL AND id NOT IN (SELECT id FROM snapshot_annotations WHERE snapshot_id = ?)`).pluck().all(projectId, snapshotId) as string[];
        if (gone.length) {
          db.prepare(`UPDATE annotations SET deleted_at = @now, updated_at = @now, rev = rev + 1 WHERE project_id = @project AND deleted_at IS NULL AND id NOT IN (SELECT id FROM snapshot_annotations WHERE snapshot_id = @snapshot)`).run({ now, project: projectId, snapshot: snapshotId });
          outbox(projectId, 'annotations', 'delete', gone, now);
        }
        removed = gone.length;
        // Only rows that differ from the copy (or were deleted since) change, so sync pushes no more than needed.
        const revived = db
          .prepare(
            `SELECT a.id FROM snapshot_annotations s JOIN annotations a ON a.id = s.id WHERE s.snapshot_id = ? AND (a.deleted_at IS NOT NULL
               OR s.geometry IS NOT a.geometry OR s.class_id IS NOT a.class_id OR s.attributes IS NOT a.attributes OR s.caption IS NOT a.caption
               OR s.confidence IS NOT a.confidence OR s.annotation_status IS NOT a.annotation_status OR s.z_order IS NOT a.z_order
               OR s.image_id IS NOT a.image_id OR s.source IS NOT a.source OR s.annotation_type IS NOT a.annotation_type)`,
          )
          .pluck()
          .all(snapshotId) as string[];
        db.prepare(
          `UPDATE annotations SET (image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, annotation_status, z_order, annotator_id, reviewer_id) =
             (SELECT image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, annotation_status, z_order, annotator_id, reviewer_id FROM snapshot_annotations s WHERE s.snapshot_id = @snapshot AND s.id = annotations.id),
             deleted_at = NULL, updated_at = @now, rev = rev + 1
           WHERE id IN (SELECT value FROM json_each(@ids))`,
        ).run({ snapshot: snapshotId, now, ids: JSON.stringify(revived) });
        const inserted = db.prepare(`SELECT id FROM snapshot_annotations WHERE snapshot_id = ? AND id NOT IN (SELECT id FROM annotations) AND image_id IN (SELECT id FROM images)`).pluck().all(snapshotId) as string[];
        const copied = ANNOTATION_COLUMNS.replace(/, updated_at$/, '');
        db.prepare(
          `INSERT INTO annotations (project_id, ${ANNOTATION_COLUMNS})
           SELECT @project, ${copied}, @now FROM snapshot_annotations s
           WHERE s.snapshot_id = @snapshot AND s.id NOT IN (SELECT id FROM annotations) AND s.image_id IN (SELECT id FROM images)`,
        ).run({ project: projectId, snapshot: snapshotId, now });
        if (revived.length) outbox(projectId, 'annotations', 'update', revived, now);
        if (inserted.length) outbox(projectId, 'annotations', 'create', inserted, now);
        restored = revived.length + inserted.length;
        const changedImages = db
          .prepare(`SELECT i.id FROM images i JOIN snapshot_images s ON s.image_id = i.id AND s.snapshot_id = ? WHERE i.image_annotations <> s.image_annotations OR i.reviewed <> s.reviewed`)
          .pluck()
          .all(snapshotId) as string[];
        if (changedImages.length) {
          db.prepare(
            `UPDATE images SET image_annotations = (SELECT image_annotations FROM snapshot_images s WHERE s.snapshot_id = @snapshot AND s.image_id = images.id),
               reviewed = (SELECT reviewed FROM snapshot_images s WHERE s.snapshot_id = @snapshot AND s.image_id = images.id), updated_at = @now, rev = rev + 1
             WHERE id IN (SELECT value FROM json_each(@ids))`,
          ).run({ snapshot: snapshotId, now, ids: JSON.stringify(changedImages) });
          outbox(projectId, 'images', 'update', changedImages, now);
        }
        imagesUpdated = changedImages.length;
        const row = db.prepare('SELECT classes, attributes FROM snapshots WHERE id = ?').get(snapshotId) as { classes: string; attributes: string };
        const project = store.projects.get(projectId);
        const kept: LabelClass[] = JSON.parse(row.classes);
        const ids = new Set(kept.map((c) => c.id));
        const names = new Set(kept.map((c) => c.name.toLowerCase()));
        const classes = [...kept, ...project.classes.filter((c) => !ids.has(c.id) && !names.has(c.name.toLowerCase()))];
        const snapshotAttributes = JSON.parse(row.attributes) as LabelAttribute[];
        const attributes = [...snapshotAttributes, ...project.attributes.filter((a) => !snapshotAttributes.some((b) => b.name === a.name))];
        store.projects.update(projectId, { classes, attributes });
      })();
      return { snapshot, backup: before, restored, removed, images_updated: imagesUpdated };
    },
  };
}
