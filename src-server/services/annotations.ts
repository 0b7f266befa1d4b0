import type { LabelClass } from '../../src-shared/contract/entities';
import type { ErrorDetail } from '../../src-shared/contract/errors';
import type { Geometry } from '../../src-shared/geometry/schemas';
import { validateGeometry } from '../../src-shared/geometry/validate';
import { can, type Principal, type ProjectRow } from '../auth/access';
import { conflict, forbidden, notFound, validation } from '../errors';
import type { AnnotationCreate, AnnotationOut, AnnotationPatchIn } from '../schemas/annotations';
import type { Sql, Tx } from '../storage/types';
import { json, newId, now, pageOf, pageRows, rowsByIds, takeRevs, Where, type Page, type PageQuery } from './common';
import { publish, publishMany } from './events';
import { annotationView, annotationViews, type AnnotationRow } from './views';

export interface AnnotationFilters {
  image_id?: string;
  class_id?: number;
  annotation_type?: string;
  annotator_id?: number;
  annotation_status?: string;
  created_after?: string;
  created_before?: string;
}

const COLUMNS = 'a.*, i.filename AS image_filename';
const FROM = 'annotations a JOIN images i ON i.id = a.image_id';

export async function listAnnotations(db: Sql, project: ProjectRow, q: PageQuery & AnnotationFilters): Promise<Page<AnnotationOut>> {
  const where = new Where()
    .add('a.project_id = ?', project.id)
    .add('a.deleted_at IS NULL')
    .when(q.image_id, 'a.image_id = ?', q.image_id ?? null)
    .when(q.class_id, 'a.class_id = ?', q.class_id ?? null)
    .when(q.annotation_type, 'a.annotation_type = ?', q.annotation_type ?? null)
    .when(q.annotator_id, 'a.annotator_id = ?', q.annotator_id ?? null)
    .when(q.annotation_status, 'a.annotation_status = ?', q.annotation_status ?? null)
    .when(q.created_after, 'a.created_at >= ?', q.created_after ?? null)
    .when(q.created_before, 'a.created_at < ?', q.created_before ?? null);
  const { rows, total } = await pageRows<AnnotationRow>(db, COLUMNS, FROM, where, q, 'a');
  return pageOf(await annotationViews(db, project, rows), total, q);
}

/** Every live annotation of one image, in drawing order (no pagination, as the reference says). */
export async function annotationsForImage(db: Sql, project: ProjectRow, imageId: string): Promise<AnnotationOut[]> {
  const rows = await db.all<AnnotationRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.image_id = ? AND a.project_id = ? AND a.deleted_at IS NULL ORDER BY a.z_order, a.created_at, a.id`, [imageId, project.id]);
  return annotationViews(db, project, rows);
}

export async function annotationRow(db: Sql, projectId: string, id: string): Promise<AnnotationRow> {
  const row = await db.get<AnnotationRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = ? AND a.project_id = ?`, [id, projectId]);
  if (!row) throw notFound('annotation', id);
  return row;
}

export async function annotationOut(db: Sql, project: ProjectRow, row: AnnotationRow): Promise<AnnotationOut> {
  return (await annotationViews(db, project, [row]))[0];
}

interface ImageSize {
  id: string;
  width: number;
  height: number;
  deleted_at: string | null;
}

/** The workstation's rules (src-shared/geometry/validate) plus: the class belongs to the project. */
function problemsOf(input: { class_id?: number | null; geometry?: Geometry }, image: ImageSize, classes: Set<number>, at: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (input.geometry) for (const p of validateGeometry(input.geometry, { width: Number(image.width), height: Number(image.height) })) problems.push({ field: `${at}${p.field ?? 'geometry'}`, message: p.message });
  if (input.class_id !== undefined && input.class_id !== null && !classes.has(input.class_id)) problems.push({ field: `${at}class_id`, message: `class ${input.class_id} is not a class of this project` });
  return problems;
}

function refuse(problems: ErrorDetail[]): never {
  const first = problems[0];
  throw validation(`Invalid annotation: ${first.field ? `${first.field}: ` : ''}${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}. Nothing was saved.`, problems);
}

const classIds = (project: ProjectRow) => new Set(json<LabelClass[]>(project.classes, []).map((c) => c.id));

/**
 * Creates annotations (all or none) after checking each against its image and the project's
 * classes. The annotator is the caller and the status `pending`, whatever the body says.
 * Answers the new annotations as the API shows them. Everything is read and built before the
 * project's revisions are taken, so the project lock is held only for the writes.
 */
export async function insertAnnotations(tx: Tx, p: Principal, project: ProjectRow, inputs: AnnotationCreate[], ids?: string[]): Promise<AnnotationOut[]> {
  const images = await rowsByIds<ImageSize & { filename: string }>(tx, (m) => `SELECT id, width, height, deleted_at, filename FROM images WHERE project_id = ? AND id IN (${m})`, inputs.map((a) => a.image_id), [project.id]);
  const classes = classIds(project);
  const problems: ErrorDetail[] = [];
  inputs.forEach((input, i) => {
    const at = inputs.length > 1 ? `annotations[${i}].` : '';
    const image = images.get(input.image_id);
    if (!image || image.deleted_at) problems.push({ field: `${at}image_id`, message: `image ${input.image_id} is not in this project` });
    else problems.push(...problemsOf(input, image, classes, at));
  });
  if (problems.length) refuse(problems);
  const newIds = ids ?? inputs.map(() => newId());
  if (ids) {
    const taken = await rowsByIds<AnnotationRow>(tx, (m) => `SELECT ${COLUMNS} FROM ${FROM} WHERE a.id IN (${m})`, ids);
    if (taken.size) {
      const row = [...taken.values()][0];
      throw conflict(`An annotation with id ${row.id} already exists.`, row.project_id === project.id ? { server_row: (await annotationOut(tx, project, row)) as unknown as Record<string, unknown> } : undefined);
    }
  }
  const t = now();
  const rows: AnnotationRow[] = inputs.map((a, i) => ({
    id: newIds[i], project_id: project.id, image_id: a.image_id, annotation_type: a.annotation_type, class_id: a.class_id, geometry: JSON.stringify(a.geometry),
    attributes: JSON.stringify(a.attributes), caption: a.caption, confidence: a.confidence, source: a.source, annotation_status: 'pending', z_order: a.z_order,
    annotator_id: p.user.id, reviewer_id: null, created_at: t, updated_at: t, rev: 0, deleted_at: null, image_filename: images.get(a.image_id)!.filename,
  }));
  const first = await takeRevs(tx, project.id, inputs.length);
  rows.forEach((r, i) => (r.rev = first + i));
  const CHUNK = 100;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, annotation_status, z_order, annotator_id, reviewer_id, created_at, updated_at, rev)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, NULL, ?, ?, ?)").join(', ')}`,
      chunk.flatMap((r) => [r.id, r.project_id, r.image_id, r.annotation_type, r.class_id, r.geometry, r.attributes, r.caption, r.confidence, r.source, r.z_order, r.annotator_id, r.created_at, r.updated_at, r.rev]),
    );
  }
  const names = new Map(json<LabelClass[]>(project.classes, []).map((c) => [c.id, c.name]));
  const me = new Map([[Number(p.user.id), { id: Number(p.user.id), email: p.user.email, full_name: p.user.full_name }]]);
  const views = rows.map((r) => annotationView(r, names, me, r.image_filename!));
  await publishMany(tx, views.map((view) => ({ type: 'annotation.created' as const, project_id: project.id, annotation: view as unknown as Record<string, unknown>, timestamp: t, rev: view.rev })));
  return views;
}

function mayEdit(p: Principal, row: AnnotationRow, what: string) {
  if (!can(p, 'annotation.edit_any') && Number(row.annotator_id) !== Number(p.user.id)) throw forbidden(`Annotators can ${what} only their own annotations.`);
}

async function checkBase(tx: Sql, project: ProjectRow, row: AnnotationRow, baseRev?: number | null) {
  if (baseRev !== undefined && baseRev !== null && Number(row.rev) !== baseRev) {
    throw conflict(`The annotation changed on the server (rev ${row.rev}, you had ${baseRev}).`, { server_row: { ...(await annotationOut(tx, project, row)), deleted_at: row.deleted_at } });
  }
}

export async function patchAnnotation(tx: Tx, p: Principal, project: ProjectRow, id: string, patch: AnnotationPatchIn, baseRev?: number | null): Promise<AnnotationRow> {
  const row = await annotationRow(tx, project.id, id);
  await checkBase(tx, project, row, baseRev);
  if (row.deleted_at) {
    if (baseRev !== undefined) throw conflict('This annotation was deleted.', { server_row: { ...(await annotationOut(tx, project, row)), deleted_at: row.deleted_at } });
    throw notFound('annotation', id);
  }
  mayEdit(p, row, 'change');
  const changes: Record<string, unknown> = { ...patch };
  for (const k of Object.keys(changes)) if (changes[k] === undefined) delete changes[k];
  // Review status is the reviewers': ignored for annotators, like any other server-owned field.
  if (!can(p, 'annotation.review')) delete changes.annotation_status;
  const image = (await tx.get<ImageSize>('SELECT id, width, height, deleted_at FROM images WHERE id = ?', [row.image_id]))!;
  const problems = problemsOf(patch, image, classIds(project), '');
  if (problems.length) refuse(problems);
  if (!Object.keys(changes).length) return row;
  const sets: string[] = [];
  const params: (string | number | null)[] = [];
  for (const [key, value] of Object.entries(changes)) {
    sets.push(`${key} = ?`);
    params.push(key === 'geometry' || key === 'attributes' ? JSON.stringify(value) : (value as string | number | null));
  }
  if (patch.geometry) {
    sets.push('annotation_type = ?');
    params.push(patch.geometry.type);
  }
  if (changes.annotation_status !== undefined) {
    sets.push('reviewer_id = ?');
    params.push(p.user.id);
  }
  const rev = await takeRevs(tx, project.id);
  const t = now();
  await tx.run(`UPDATE annotations SET ${sets.join(', ')}, updated_at = ?, rev = ? WHERE id = ?`, [...params, t, rev, id]);
  await publish(tx, { type: 'annotation.updated', project_id: project.id, annotation_id: id, changes, timestamp: t, rev });
  return annotationRow(tx, project.id, id);
}

/** Tombstones annotations (kept for the change feed); answers how many were live. */
export async function deleteAnnotations(tx: Tx, p: Principal, project: ProjectRow, ids: string[], baseRev?: number | null): Promise<number> {
  const rows = await rowsByIds<AnnotationRow>(tx, (m) => `SELECT ${COLUMNS} FROM ${FROM} WHERE a.project_id = ? AND a.id IN (${m})`, ids, [project.id]);
  if (baseRev !== undefined && rows.size === 1) await checkBase(tx, project, [...rows.values()][0], baseRev);
  const live = [...rows.values()].filter((r) => !r.deleted_at).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const r of live) mayEdit(p, r, 'delete');
  if (!live.length) return 0;
  const first = await takeRevs(tx, project.id, live.length);
  const t = now();
  for (const [i, r] of live.entries()) {
    await tx.run('UPDATE annotations SET deleted_at = ?, updated_at = ?, rev = ? WHERE id = ?', [t, t, first + i, r.id]);
    await publish(tx, { type: 'annotation.deleted', project_id: project.id, annotation_id: r.id, timestamp: t, rev: first + i });
  }
  return live.length;
}
