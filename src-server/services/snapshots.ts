import { demand, type Principal, type ProjectRow } from '../auth/access';
import type { ServerContext } from '../context';
import { conflict } from '../errors';
import { now } from './common';
import { loadProjectData } from './exports';

interface SnapshotRow {
  id: string;
  project_id: string;
  version_tag: string;
  description: string;
  snapshot_type: string;
  storage_path: string;
  status: string;
  total_images: number;
  total_annotations: number;
  head_rev: number;
  created_at: string;
}

function view(r: SnapshotRow, datasetId: string | null) {
  return {
    snapshot_id: r.id,
    project_id: r.project_id,
    dataset_id: datasetId,
    snapshot_type: 'manual' as const,
    version_tag: r.version_tag,
    description: r.description,
    storage_path: r.storage_path,
    status: 'valid' as const,
    total_images: Number(r.total_images),
    total_annotations: Number(r.total_annotations),
    rev: Number(r.head_rev),
    created_at: r.created_at,
  };
}

/**
 * A frozen copy of the project (project, images, annotations as the API shows them) written as
 * JSON under the file store; `version_tag` defaults to v1, v2, … and is unique per project.
 */
export async function createSnapshot(ctx: ServerContext, p: Principal, project: ProjectRow, input: { version_tag?: string; description: string }) {
  demand(p, 'snapshot', 'create snapshots');
  const count = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM snapshots WHERE project_id = ?', [project.id]);
  const tag = input.version_tag ?? `v${Number(count?.n ?? 0) + 1}`;
  const id = `${project.id}-${tag}`;
  if (await ctx.db.get('SELECT id FROM snapshots WHERE id = ? OR (project_id = ? AND version_tag = ?)', [id, project.id, tag])) throw conflict(`Snapshot ${tag} of this project already exists: choose another version_tag.`);
  const data = await loadProjectData(ctx.db, project);
  const storagePath = `projects/${project.id}/snapshots/${id}.json`;
  const created = now();
  await ctx.files.writeAtomic(storagePath, JSON.stringify({ snapshot_id: id, version_tag: tag, description: input.description, created_at: created, ...data }));
  const row: SnapshotRow = { id, project_id: project.id, version_tag: tag, description: input.description, snapshot_type: 'manual', storage_path: storagePath, status: 'valid', total_images: data.images.length, total_annotations: data.annotations.length, head_rev: data.head_rev, created_at: created };
  try {
    await ctx.db.run(
      'INSERT INTO snapshots (id, project_id, version_tag, description, snapshot_type, storage_path, status, total_images, total_annotations, head_rev, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, row.project_id, row.version_tag, row.description, row.snapshot_type, row.storage_path, row.status, row.total_images, row.total_annotations, row.head_rev, p.user.id, row.created_at],
    );
  } catch {
    throw conflict(`Snapshot ${tag} of this project already exists: choose another version_tag.`);
  }
  return view(row, project.dataset_id);
}
