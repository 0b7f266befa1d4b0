import { imageAnnotationsSchema } from '../../src-shared/contract/entities';
import type { z } from 'zod';
import { can, demand, type Principal, type ProjectRow } from '../auth/access';
import { conflict, notFound, validation } from '../errors';
import type { ImageOut } from '../schemas/images';
import type { Sql, Tx } from '../storage/types';
import { newId, now, pageOf, pageRows, takeRevs, Where, type Page, type PageQuery } from './common';
import { annotationsForImage } from './annotations';
import { publish } from './events';
import { EMPTY_IMAGE_LABELS, IMAGE_COLUMNS, imageView, type ImageRow } from './views';

type ImageLabels = z.infer<typeof imageAnnotationsSchema>;

export interface ImageFilters {
  annotated?: boolean;
  reviewed?: boolean;
  assigned_to?: number;
  filename?: string;
}

const ANNOTATED = `(i.image_annotations <> ? OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL))`;

export async function listImages(db: Sql, project: ProjectRow, q: PageQuery & ImageFilters): Promise<Page<ImageOut>> {
  const where = new Where().add('i.project_id = ?', project.id).add('i.deleted_at IS NULL');
  if (q.annotated !== undefined) where.add(q.annotated ? ANNOTATED : `NOT ${ANNOTATED}`, EMPTY_IMAGE_LABELS);
  where.when(q.reviewed, 'i.reviewed = ?', q.reviewed ?? null);
  where.when(q.filename, 'i.filename = ?', q.filename ?? null);
  where.when(q.assigned_to, 'EXISTS (SELECT 1 FROM task_images ti JOIN tasks t ON t.id = ti.task_id WHERE ti.image_id = i.id AND t.assignee_id = ? AND t.deleted_at IS NULL)', q.assigned_to ?? null);
  const { rows, total } = await pageRows<ImageRow>(db, IMAGE_COLUMNS, 'images i', where, q, 'i');
  return pageOf(rows.map(imageView), total, q);
}

export async function imageRow(db: Sql, projectId: string, imageId: string, withDeleted = false): Promise<ImageRow> {
  const row = await db.get<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ? AND i.project_id = ?${withDeleted ? '' : ' AND i.deleted_at IS NULL'}`, [imageId, projectId]);
  if (!row) throw notFound('image', imageId);
  return row;
}

export async function getImage(db: Sql, project: ProjectRow, imageId: string) {
  const image = imageView(await imageRow(db, project.id, imageId));
  return { ...image, annotations: await annotationsForImage(db, project, imageId) };
}

/** Normalised image-level labels: classes of the project, unique and sorted; captions as given. */
function labelsJson(project: ProjectRow, labels: ImageLabels): string {
  const known = new Set((JSON.parse(project.classes) as { id: number }[]).map((c) => c.id));
  const unknown = labels.classes.filter((c) => !known.has(c));
  if (unknown.length) throw validation(`image_annotations.classes: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not classes' : 'is not a class'} of this project`, [{ field: 'image_annotations.classes', message: `unknown class ids ${unknown.join(', ')}` }]);
  const normal = { classes: [...new Set(labels.classes)].sort((a, b) => a - b), captions: labels.captions };
  return JSON.stringify(normal);
}

export interface ImagePatchIn {
  image_annotations?: ImageLabels;
  reviewed?: boolean;
}

export async function patchImage(tx: Tx, p: Principal, project: ProjectRow, imageId: string, patch: ImagePatchIn, baseRev?: number | null): Promise<ImageRow> {
  const row = await imageRow(tx, project.id, imageId, true);
  if (row.deleted_at) throw conflict('This image was deleted.', { server_row: imageView(row) });
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) throw conflict(`The image changed on the server (rev ${row.rev}, you had ${baseRev}).`, { server_row: imageView(row) });
  const sets: string[] = [];
  const params: (string | number)[] = [];
  if (patch.image_annotations) {
    sets.push('image_annotations = ?');
    params.push(labelsJson(project, patch.image_annotations));
  }
  // Review flags are the reviewers': silently ignored for annotators, like any server-owned field.
  if (patch.reviewed !== undefined && can(p, 'image.review')) {
    sets.push('reviewed = ?');
    params.push(patch.reviewed ? 1 : 0);
  }
  if (sets.length) {
    const rev = await takeRevs(tx, project.id);
    await tx.run(`UPDATE images SET ${sets.join(', ')}, updated_at = ?, rev = ? WHERE id = ?`, [...params, now(), rev, imageId]);
  }
  return imageRow(tx, project.id, imageId);
}

export interface ImageCreateIn {
  id?: string;
  filename: string;
  sha256: string;
  image_annotations?: ImageLabels;
}

/** Adds an uploaded file (which the caller's team holds) to the project as an image. */
export async function insertImage(tx: Tx, p: Principal, project: ProjectRow, input: ImageCreateIn): Promise<ImageRow> {
  demand(p, 'image.add', 'add images');
  const blob = await tx.get<{ width: number; height: number; size_bytes: number }>(
    'SELECT b.width, b.height, b.size_bytes FROM blobs b JOIN blob_owners o ON o.sha256 = b.sha256 WHERE b.sha256 = ? AND o.team_id = ?',
    [input.sha256, p.user.team_id],
  );
  if (!blob) throw validation(`No uploaded file has sha256 ${input.sha256}: upload it first (PUT /api/v1/files/{sha256}).`, [{ field: 'sha256', message: 'file not uploaded' }]);
  const id = input.id ?? newId();
  const existing = await tx.get<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ?`, [id]);
  if (existing) throw conflict(`An image with id ${id} already exists.`, existing.project_id === project.id ? { server_row: imageView(existing) } : undefined);
  const labels = input.image_annotations ? labelsJson(project, input.image_annotations) : EMPTY_IMAGE_LABELS;
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run(
    'INSERT INTO images (id, project_id, filename, sha256, width, height, size_bytes, image_annotations, reviewed, created_by, created_at, updated_at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)',
    [id, project.id, input.filename, input.sha256, blob.width, blob.height, blob.size_bytes, labels, p.user.id, t, t, rev],
  );
  return imageRow(tx, project.id, id);
}

/** Tombstones an image and its annotations (sync only: the reference has no image delete). */
export async function deleteImage(tx: Tx, p: Principal, project: ProjectRow, imageId: string, baseRev?: number | null): Promise<ImageRow> {
  demand(p, 'image.add', 'delete images');
  const row = await imageRow(tx, project.id, imageId, true);
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) throw conflict(`The image changed on the server (rev ${row.rev}, you had ${baseRev}).`, { server_row: imageView(row) });
  if (row.deleted_at) return row;
  const live = await tx.all<{ id: string }>('SELECT id FROM annotations WHERE image_id = ? AND deleted_at IS NULL ORDER BY id', [imageId]);
  const first = await takeRevs(tx, project.id, live.length + 1);
  const t = now();
  for (const [i, a] of live.entries()) {
    await tx.run('UPDATE annotations SET deleted_at = ?, updated_at = ?, rev = ? WHERE id = ?', [t, t, first + i, a.id]);
    await publish(tx, { type: 'annotation.deleted', project_id: project.id, annotation_id: a.id, timestamp: t, rev: first + i });
  }
  await tx.run('UPDATE images SET deleted_at = ?, updated_at = ?, rev = ? WHERE id = ?', [t, t, first + live.length, imageId]);
  return imageRow(tx, project.id, imageId, true);
}

