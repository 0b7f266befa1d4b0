import type { LabelClass } from '../../src-shared/contract/entities';
import { geometryArea } from '../../src-shared/geometry/validate';
import type { Geometry } from '../../src-shared/geometry/schemas';
import type { ProjectRow } from '../auth/access';
import { usersById } from '../auth/users';
import type { AnnotationOut } from '../schemas/annotations';
import type { CommentBase } from '../schemas/comments';
import type { UserBrief } from '../schemas/common';
import type { ImageOut } from '../schemas/images';
import type { ProjectOut } from '../schemas/projects';
import type { TaskOut } from '../schemas/tasks';
import type { Sql } from '../storage/types';
import { bool, json } from './common';

export const EMPTY_IMAGE_LABELS = JSON.stringify({ classes: [], captions: [] });

export interface AnnotationRow {
  id: string;
  project_id: string;
  image_id: string;
  annotation_type: string;
  class_id: number | null;
  geometry: string;
  attributes: string;
  caption: string | null;
  confidence: number | null;
  source: string;
  annotation_status: string;
  z_order: number;
  annotator_id: number | null;
  reviewer_id: number | null;
  created_at: string;
  updated_at: string;
  rev: number;
  deleted_at: string | null;
  image_filename?: string;
}

/** Annotations as the reference shows them: class name, image filename, annotator and reviewer inline, geometry with its area. */
export async function annotationViews(db: Sql, project: ProjectRow, rows: AnnotationRow[]): Promise<AnnotationOut[]> {
  const classes = new Map(json<LabelClass[]>(project.classes, []).map((c) => [c.id, c.name]));
  const users = await usersById(db, rows.flatMap((r) => [r.annotator_id, r.reviewer_id]));
  const missingNames = rows.filter((r) => r.image_filename === undefined).map((r) => r.image_id);
  const names = new Map<string, string>();
  if (missingNames.length) {
    const unique = [...new Set(missingNames)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      for (const r of await db.all<{ id: string; filename: string }>(`SELECT id, filename FROM images WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk)) names.set(r.id, r.filename);
    }
  }
  return rows.map((r) => annotationView(r, classes, users, r.image_filename ?? names.get(r.image_id) ?? ''));
}

export function annotationView(r: AnnotationRow, classes: Map<number, string>, users: Map<number, UserBrief>, filename: string): AnnotationOut {
  const geometry = JSON.parse(r.geometry) as Geometry;
  const area = geometryArea(geometry);
  const annotator = r.annotator_id === null ? null : Number(r.annotator_id);
  const reviewer = r.reviewer_id === null ? null : Number(r.reviewer_id);
  return {
    id: r.id,
    project_id: r.project_id,
    image_id: r.image_id,
    image_filename: filename,
    annotation_type: r.annotation_type as AnnotationOut['annotation_type'],
    class_id: r.class_id === null ? null : Number(r.class_id),
    class_name: r.class_id === null ? null : (classes.get(Number(r.class_id)) ?? null),
    geometry: (area === undefined ? geometry : { ...geometry, area }) as AnnotationOut['geometry'],
    attributes: json(r.attributes, {}),
    caption: r.caption,
    confidence: r.confidence === null ? null : Number(r.confidence),
    validated: r.annotation_status === 'approved',
    annotation_status: r.annotation_status as AnnotationOut['annotation_status'],
    source: r.source as AnnotationOut['source'],
    z_order: Number(r.z_order),
    annotator_id: annotator,
    annotator: annotator === null ? null : (users.get(annotator) ?? null),
    reviewer_id: reviewer,
    reviewer: reviewer === null ? null : (users.get(reviewer) ?? null),
    rev: Number(r.rev),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export interface ImageRow {
  id: string;
  project_id: string;
  filename: string;
  sha256: string;
  width: number;
  height: number;
  size_bytes: number;
  image_annotations: string;
  reviewed: number;
  created_at: string;
  updated_at: string;
  rev: number;
  deleted_at: string | null;
  annotation_count?: number;
  first_annotator?: number | null;
}

/** Columns of an image with its live annotation count and first annotator. */
export const IMAGE_COLUMNS = `i.*,
  (SELECT COUNT(*) FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL) AS annotation_count,
  (SELECT a.annotator_id FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL ORDER BY a.created_at, a.id LIMIT 1) AS first_annotator`;

export function imageView(r: ImageRow): ImageOut {
  const count = Number(r.annotation_count ?? 0);
  return {
    id: r.id,
    project_id: r.project_id,
    filename: r.filename,
    sha256: r.sha256,
    width: Number(r.width),
    height: Number(r.height),
    size_bytes: Number(r.size_bytes),
    annotation_count: count,
    annotated: count > 0 || r.image_annotations !== EMPTY_IMAGE_LABELS,
    reviewed: bool(r.reviewed),
    annotator_id: r.first_annotator === null || r.first_annotator === undefined ? null : Number(r.first_annotator),
    group_id: null,
    image_annotations: json(r.image_annotations, { classes: [], captions: [] }),
    rev: Number(r.rev),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export interface TaskRow {
  id: string;
  project_id: string;
  task_name: string;
  task_description: string;
  assignee_id: number | null;
  assigner_id: number | null;
  status: string;
  progress: number;
  due_date: string | null;
  assigned_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
  deleted_at: string | null;
}

export async function taskViews(db: Sql, rows: TaskRow[]): Promise<TaskOut[]> {
  const users = await usersById(db, rows.flatMap((r) => [r.assignee_id, r.assigner_id].map((v) => (v === null ? null : Number(v)))));
  const images = new Map<string, string[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (!chunk.length) continue;
    for (const r of await db.all<{ task_id: string; image_id: string }>(`SELECT task_id, image_id FROM task_images WHERE task_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY task_id, position`, chunk)) {
      let list = images.get(r.task_id);
      if (!list) images.set(r.task_id, (list = []));
      list.push(r.image_id);
    }
  }
  return rows.map((r) => {
    const imageIds = images.get(r.id) ?? [];
    const assignee = r.assignee_id === null ? null : Number(r.assignee_id);
    const progress = Number(r.progress);
    return {
      id: r.id,
      project_id: r.project_id,
      task_name: r.task_name,
      task_description: r.task_description,
      assignee_id: assignee,
      assignee: assignee === null ? null : (users.get(assignee) ?? null),
      assigner: r.assigner_id === null ? null : (users.get(Number(r.assigner_id)) ?? null),
      image_ids: imageIds,
      total_images: imageIds.length,
      status: r.status as TaskOut['status'],
      progress,
      completion_percentage: imageIds.length ? Math.round((progress / imageIds.length) * 1000) / 10 : r.status === 'completed' ? 100 : 0,
      assigned_at: r.assigned_at,
      due_date: r.due_date,
      started_at: r.started_at,
      completed_at: r.completed_at,
      rev: Number(r.rev),
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  });
}

export interface CommentRow {
  id: string;
  project_id: string;
  image_id: string | null;
  annotation_id: string | null;
  parent_id: string | null;
  root_id: string | null;
  thread_level: number;
  author_id: number | null;
  text: string;
  comment_type: string;
  edited: number;
  resolved: number;
  resolved_by: number | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
  deleted_at: string | null;
}

export function commentView(r: CommentRow, users: Map<number, UserBrief>): CommentBase {
  return {
    id: r.id,
    project_id: r.project_id,
    image_id: r.image_id,
    annotation_id: r.annotation_id,
    text: r.text,
    comment_type: r.comment_type as CommentBase['comment_type'],
    parent_id: r.parent_id,
    thread_level: Number(r.thread_level),
    author: r.author_id === null ? null : (users.get(Number(r.author_id)) ?? null),
    created_at: r.created_at,
    updated_at: r.updated_at,
    edited: bool(r.edited),
    resolved: bool(r.resolved),
    resolved_by: r.resolved_by === null ? null : Number(r.resolved_by),
    resolved_at: r.resolved_at,
    rev: Number(r.rev),
  };
}

export interface ProjectStatsRow {
  total_images: number;
  annotated_images: number;
  reviewed_images: number;
  total_annotations: number;
}

/** Image and annotation counts of several projects, in two grouped queries. */
export async function projectStats(db: Sql, ids: string[]): Promise<Map<string, ProjectStatsRow>> {
  const out = new Map<string, ProjectStatsRow>(ids.map((id) => [id, { total_images: 0, annotated_images: 0, reviewed_images: 0, total_annotations: 0 }]));
  if (!ids.length) return out;
  const marks = ids.map(() => '?').join(', ');
  const images = await db.all<{ project_id: string; total: number; reviewed: number; annotated: number }>(
    `SELECT i.project_id, COUNT(*) AS total,
       SUM(CASE WHEN i.reviewed = 1 THEN 1 ELSE 0 END) AS reviewed,
       SUM(CASE WHEN i.image_annotations <> ? OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted_at IS NULL) THEN 1 ELSE 0 END) AS annotated
     FROM images i WHERE i.project_id IN (${marks}) AND i.deleted_at IS NULL GROUP BY i.project_id`,
    [EMPTY_IMAGE_LABELS, ...ids],
  );
  for (const r of images) Object.assign(out.get(r.project_id)!, { total_images: Number(r.total), reviewed_images: Number(r.reviewed ?? 0), annotated_images: Number(r.annotated ?? 0) });
  const annotations = await db.all<{ project_id: string; n: number }>(`SELECT project_id, COUNT(*) AS n FROM annotations WHERE project_id IN (${marks}) AND deleted_at IS NULL GROUP BY project_id`, ids);
  for (const r of annotations) out.get(r.project_id)!.total_annotations = Number(r.n);
  return out;
}

export async function projectViews(db: Sql, rows: ProjectRow[]): Promise<ProjectOut[]> {
  const stats = await projectStats(db, rows.map((r) => r.id));
  const owners = await usersById(db, rows.map((r) => (r.owner_id === null ? null : Number(r.owner_id))));
  return rows.map((r) => {
    const s = stats.get(r.id)!;
    const owner = r.owner_id === null ? null : Number(r.owner_id);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      dataset_id: r.dataset_id,
      dataset_name: r.dataset_name,
      owner_id: owner,
      owner: owner === null ? null : (owners.get(owner) ?? null),
      team_id: Number(r.team_id),
      task_types: json(r.task_types, []),
      task_config: json(r.task_config, {}),
      classes: json(r.classes, []),
      attributes: json(r.attributes, []),
      settings: json(r.settings, {}),
      workflow_type: r.workflow_type as ProjectOut['workflow_type'],
      enable_ai_assist: bool(r.enable_ai_assist),
      stats: {
        total_images: s.total_images,
        annotated_images: s.annotated_images,
        reviewed_images: s.reviewed_images,
        completion_percentage: s.total_images ? Math.round((s.annotated_images / s.total_images) * 1000) / 10 : 0,
      },
      total_images: s.total_images,
      annotated_images: s.annotated_images,
      total_annotations: s.total_annotations,
      status: r.status as ProjectOut['status'],
      rev: Number(r.rev),
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  });
}
