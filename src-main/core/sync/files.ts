import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SyncError, type SyncClock, type SyncDelegate } from './delegate';
import type { ServerClient } from './http';
import type { LinkRow } from './links';
import type { Queue } from './queue';
import type { MutationRow, SyncDb } from './sync-db';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Image files travel beside the rows: before an image create is pushed its file is uploaded
 * (content-addressed by sha256, so a retry or a second project never uploads it twice, and a
 * file the team already holds is not uploaded at all); images pulled from the server are
 * downloaded on demand and for the tasks assigned to me, so they can be annotated offline.
 */
export function createFiles(s: SyncDb, queue: Queue) {
  const statements = {
    known: s.db.prepare('SELECT 1 FROM sync_uploads WHERE server_url = ? AND sha256 = ?').pluck(),
    remember: s.db.prepare('INSERT OR IGNORE INTO sync_uploads (server_url, sha256, uploaded_at) VALUES (?, ?, ?)'),
    images: s.db.prepare('SELECT id, path, sha256 FROM images WHERE project_id = ? AND deleted_at IS NULL'),
    myTasks: s.db.prepare('SELECT image_ids FROM tasks WHERE project_id = ? AND assignee_id = ? AND deleted_at IS NULL').pluck(),
  };

  return {
    /** Uploads what the batch's image creates need; parks those whose file is missing or refused. */
    async prepareUploads(link: LinkRow, batch: MutationRow[], delegate: SyncDelegate, retry: <T>(op: () => Promise<T>) => Promise<T>): Promise<MutationRow[]> {
      const ready: MutationRow[] = [];
      for (const m of batch) {
        if (m.entity !== 'images' || m.op !== 'create') {
          ready.push(m);
          continue;
        }
        const data = JSON.parse(m.data) as { sha256: string; path: string };
        if (statements.known.get(link.server_url, data.sha256) !== undefined || (await retry(() => delegate.hasFile(data.sha256)))) {
          statements.remember.run(link.server_url, data.sha256, s.now());
          ready.push(m);
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = await fs.promises.readFile(data.path);
        } catch {
          queue.park(m, 'NOT_FOUND', `The image file ${data.path} is missing, so it cannot be uploaded. Put it back and retry this change.`);
          continue;
        }
        if (sha256(bytes) !== data.sha256) {
          queue.park(m, 'CONFLICT', `The image file ${data.path} changed on disk since it was imported; re-import it.`);
          continue;
        }
        try {
          await retry(() => delegate.putFile(data.sha256, bytes));
        } catch (error) {
          if (!(error instanceof SyncError) || !['forbidden', 'invalid', 'too_large'].includes(error.kind)) throw error;
          queue.park(m, error.code ?? error.kind.toUpperCase(), error.message);
          continue;
        }
        statements.remember.run(link.server_url, data.sha256, s.now());
        ready.push(m);
      }
      return ready;
    },

    /** Downloads missing files of server images (all of the project, or the given ids). */
    async download(link: LinkRow, client: ServerClient, imageIds?: string[]): Promise<{ downloaded: number; present: number; failed: { image_id: string; reason: string }[] }> {
      const wanted = imageIds ? new Set(imageIds) : null;
      const result = { downloaded: 0, present: 0, failed: [] as { image_id: string; reason: string }[] };
      for (const image of statements.images.all(link.project_id) as { id: string; path: string; sha256: string }[]) {
        if (wanted && !wanted.has(image.id)) continue;
        if (fs.existsSync(image.path)) {
          result.present++;
          continue;
        }
        try {
          const bytes = await client.downloadImage(link.server_project_id, image.id, image.path);
          if (sha256(bytes) !== image.sha256) {
            await fs.promises.rm(image.path, { force: true });
            throw new Error('the downloaded bytes do not match the image sha256');
          }
          result.downloaded++;
        } catch (error) {
          result.failed.push({ image_id: image.id, reason: (error as Error).message });
        }
      }
      return result;
    },

    /** Image ids of the project's tasks assigned to `localUserId`. */
    myTaskImages(projectId: string, localUserId: string | null): string[] {
      if (!localUserId) return [];
      return [...new Set((statements.myTasks.all(projectId, localUserId) as string[]).flatMap((ids) => JSON.parse(ids) as string[]))];
    },

    /** Fetches an export made on the server into `target` (asking for a new one when no id is given). */
    async fetchExport(link: LinkRow, client: ServerClient, clock: SyncClock, request: { export_id?: string; format: string; include_images: boolean; out_path: string }) {
      const id = request.export_id ?? (await client.startExport(link.server_project_id, { format: request.format, include_images: request.include_images })).export_id;
      const deadline = clock.now() + 30 * 60_000;
      for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
        const status = await client.exportStatus(link.server_project_id, id);
        if (status.status === 'failed') throw new SyncError('invalid', `The server could not make export ${id}: ${status.error ?? 'no reason given'}.`);
        if (status.status === 'completed' && status.download_url) {
          const target = path.resolve(request.out_path);
          const size = await client.downloadSigned(status.download_url, target);
          return { export_id: id, path: target, size_bytes: size };
        }
        if (clock.now() > deadline) throw new SyncError('server', `Export ${id} is still being made after 30 minutes; fetch it later with its id.`);
        await clock.sleep(wait);
      }
    },
  };
}

export type Files = ReturnType<typeof createFiles>;
