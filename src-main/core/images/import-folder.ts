import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportReport } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import type { EventBus } from '../events';
import { progressReporter } from '../events';
import type { Store } from '../store';
import type { NewImage } from '../store/images';
import { IMAGE_EXTENSIONS, probeImage } from './probe';

/** Lists image files under `root` (sorted, so imports are deterministic), skipping hidden entries. */
export async function listImageFiles(root: string, recursive: boolean): Promise<string[]> {
  let stat;
  try {
    stat = await fs.stat(root);
  } catch {
    throw new AppError('NOT_FOUND', `Folder not found: ${root}. Check the path and that you can read it.`);
  }
  if (!stat.isDirectory()) throw new AppError('VALIDATION_ERROR', `${root} is not a folder. Give the folder that holds the images.`);
  const entries = await fs.readdir(root, { recursive, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && IMAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !path.relative(root, file).split(path.sep).some((part) => part.startsWith('.')))
    .sort();
}

const BATCH = 500;
const CONCURRENCY = 4;

/**
 * Registers every image under `root` in the project, in place. Files already registered are
 * skipped; a file that cannot be read is reported with its path and reason and the rest go on.
 */
export async function importFolder(
  store: Store,
  bus: EventBus,
  projectId: string,
  root: string,
  options: { recursive: boolean; jobId: string },
): Promise<ImportReport> {
  store.projects.get(projectId);
  const absoluteRoot = path.resolve(root);
  const files = await listImageFiles(absoluteRoot, options.recursive);
  const report = progressReporter(bus, { job_id: options.jobId, kind: 'import', project_id: projectId });
  const existing = store.images.existingPaths(projectId);
  const todo = files.filter((f) => !existing.has(f));
  const failed: ImportReport['failed'] = [];
  let pending: NewImage[] = [];
  let imported = 0;
  let done = files.length - todo.length;
  const flush = () => {
    if (!pending.length) return;
    store.images.insertMany(projectId, pending);
    imported += pending.length;
    pending = [];
    bus.emit('dataChanged', { project_id: projectId, tables: ['images'] });
  };
  report(done, files.length, 'Reading images…');
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const file = todo[next++];
      try {
        const facts = await probeImage(file);
        pending.push({ filename: path.relative(absoluteRoot, file).split(path.sep).join('/'), path: file, width: facts.width, height: facts.height, size_bytes: facts.size_bytes, sha256: facts.sha256 });
      } catch (error) {
        const e = error instanceof AppError ? error : new AppError('IO_ERROR', (error as Error).message);
        failed.push({ path: file, code: e.code, reason: e.message });
      }
      done++;
      if (pending.length >= BATCH) flush();
      report(done, files.length, path.basename(file));
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    flush();
  }
  failed.sort((a, b) => a.path.localeCompare(b.path));
  report(files.length, files.length, `Imported ${imported} images${failed.length ? `, ${failed.length} failed` : ''}`, true);
  return { job_id: options.jobId, scanned: files.length, imported, skipped_existing: files.length - todo.length, failed };
}
