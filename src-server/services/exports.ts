import fs from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { writeZip } from '../../src-main/core/io/zip';
import { demand, type Principal, type ProjectRow } from '../auth/access';
import type { ServerContext } from '../context';
import { notFound, notImplemented } from '../errors';
import type { AnnotationOut } from '../schemas/annotations';
import type { ExportCreate } from '../schemas/exports';
import type { ImageOut } from '../schemas/images';
import type { ProjectOut } from '../schemas/projects';
import type { Sql } from '../storage/types';
import { annotationViews, IMAGE_COLUMNS, imageView, type AnnotationRow, type ImageRow } from './views';
import { now } from './common';
import { projectView } from './projects';

/** A project's live content, as the API shows it: what exports and snapshots are made of. */
export interface ProjectData {
  project: ProjectOut;
  images: ImageOut[];
  annotations: AnnotationOut[];
  head_rev: number;
}

export async function loadProjectData(db: Sql, project: ProjectRow): Promise<ProjectData> {
  const images = (await db.all<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.project_id = ? AND i.deleted_at IS NULL ORDER BY i.filename, i.id`, [project.id])).map(imageView);
  const rows = await db.all<AnnotationRow>('SELECT a.*, i.filename AS image_filename FROM annotations a JOIN images i ON i.id = a.image_id WHERE a.project_id = ? AND a.deleted_at IS NULL ORDER BY a.image_id, a.z_order, a.id', [project.id]);
  return { project: await projectView(db, project), images, annotations: await annotationViews(db, project, rows), head_rev: Number(project.head_rev) };
}

export type Split = 'train' | 'val' | 'test';

/** Deterministic split of an image by the hash of its id, so re-exports keep images where they were. */
export function splitOf(imageId: string, split: ExportCreate['split']): Split {
  if (!split) return 'train';
  const x = createHash('sha256').update(imageId).digest().readUInt32BE(0) / 2 ** 32;
  return x < split.train ? 'train' : x < split.train + split.val ? 'val' : 'test';
}

export interface ExportJob {
  data: ProjectData;
  options: ExportCreate;
  /** Path of the image file of an image (for include_images). */
  imageFile: (image: ImageOut) => string;
  /** Where to write the archive (or file). */
  outFile: string;
}

/** A format writer: writes the export of `job.data` to `job.outFile`, answers its media type and file extension. */
export type ExportWriter = (job: ExportJob) => Promise<{ mime: string; ext: string }>;
export type ExportWriters = Partial<Record<ExportCreate['format'], ExportWriter>>;

/** `custom`: the server's own JSON (the API's objects), zipped with the image files when asked. */
export const customWriter: ExportWriter = async (job) => {
  const body = JSON.stringify({
    format: 'labeler-custom/1',
    exported_at: now(),
    project: job.data.project,
    images: job.data.images.map((i) => ({ ...i, split: splitOf(i.id, job.options.split) })),
    annotations: job.data.annotations,
  });
  if (!job.options.include_images) {
    await fs.promises.writeFile(job.outFile, body);
    return { mime: 'application/json', ext: 'json' };
  }
  const json = `${job.outFile}.annotations.json`;
  await fs.promises.writeFile(json, body);
  try {
    const names = new Set<string>();
    const images = job.data.images
      .map((image) => ({ file: job.imageFile(image), name: `images/${image.filename.split('/').filter((p) => p && p !== '..' && p !== '.').join('/')}` }))
      .filter((e) => !names.has(e.name) && names.add(e.name));
    await writeZip([{ file: json, name: 'annotations.json' }, ...images], job.outFile);
  } finally {
    await fs.promises.rm(json, { force: true });
  }
  return { mime: 'application/zip', ext: 'zip' };
};

interface ExportRow {
  id: string;
  project_id: string;
  format: string;
  options: string;
  status: string;
  file_name: string | null;
  file_size_bytes: number | null;
  error: string | null;
  created_at: string;
  completed_at: string | null;
  expires_at: string | null;
}

/** Accepts an export: records it as processing and runs it in the background. */
export async function startExport(ctx: ServerContext, p: Principal, project: ProjectRow, options: ExportCreate) {
  demand(p, 'export', 'export projects');
  const writer = ctx.exportWriters[options.format];
  if (!writer) throw notImplemented(`Export to ${options.format} is not available on this server yet (its format writer is not installed). Use "custom" for the server's JSON.`);
  const counts = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM annotations WHERE project_id = ? AND deleted_at IS NULL', [project.id]);
  const id = `export-${randomUUID()}`;
  const created = now();
  await ctx.db.run('INSERT INTO exports (id, project_id, format, options, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, project.id, options.format, JSON.stringify(options), 'processing', p.user.id, created]);
  const job = runExport(ctx, project, id, options, writer).catch(() => undefined);
  ctx.jobs.add(job);
  void job.finally(() => ctx.jobs.delete(job));
  const estimate = 2000 + Number(counts?.n ?? 0) * 0.05 + (options.include_images ? 60_000 : 0);
  return { export_id: id, status: 'processing' as const, created_at: created, estimated_completion: new Date(Date.parse(created) + estimate).toISOString() };
}

async function runExport(ctx: ServerContext, project: ProjectRow, id: string, options: ExportCreate, writer: ExportWriter) {
  const temp = ctx.files.tempPath();
  try {
    const data = await loadProjectData(ctx.db, project);
    const { ext } = await writer({ data, options, imageFile: (i) => ctx.files.blobPath(i.sha256), outFile: temp });
    const name = `exports/${id}.${ext}`;
    const target = ctx.files.resolve(name);
    await fs.promises.mkdir(ctx.files.resolve('exports'), { recursive: true });
    await fs.promises.rename(temp, target);
    const size = (await fs.promises.stat(target)).size;
    const done = now();
    await ctx.db.run('UPDATE exports SET status = ?, file_name = ?, file_size_bytes = ?, completed_at = ?, expires_at = ? WHERE id = ?', ['completed', name, size, done, new Date(Date.now() + ctx.config.exportTtlSeconds * 1000).toISOString(), id]);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    await ctx.db.run('UPDATE exports SET status = ?, error = ?, completed_at = ? WHERE id = ?', ['failed', (error as Error).message.slice(0, 2000), now(), id]).catch(() => undefined);
  }
}

export async function exportRow(db: Sql, project: ProjectRow, id: string): Promise<ExportRow> {
  const row = await db.get<ExportRow>('SELECT * FROM exports WHERE id = ? AND project_id = ?', [id, project.id]);
  if (!row) throw notFound('export', id);
  return row;
}

export async function exportById(db: Sql, id: string): Promise<ExportRow | undefined> {
  return db.get<ExportRow>('SELECT * FROM exports WHERE id = ?', [id]);
}

export function exportView(row: ExportRow, downloadUrl: string | null) {
  return {
    export_id: row.id,
    status: row.status as 'processing' | 'completed' | 'failed',
    format: row.format as ExportCreate['format'],
    download_url: row.status === 'completed' ? downloadUrl : null,
    file_size_bytes: row.file_size_bytes === null ? null : Number(row.file_size_bytes),
    expires_at: row.expires_at,
    created_at: row.created_at,
    completed_at: row.completed_at,
    error: row.error,
  };
}
