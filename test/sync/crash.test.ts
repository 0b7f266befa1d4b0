import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/core/store';
import { createSyncService } from '../../src-main/core/sync/service';
import { defaultSecretStore } from '../../src-main/core/sync/sync-handlers';
import { PASSWORD, serverProject, startServer, tempDir, type TestServer } from './harness';
import { prng } from './proxy';

/**
 * kill -9 of a workstation process in the middle of a push and in the middle of a pull, KILLS
 * times each at random points. After every kill: every change the server acknowledged is on the
 * server, every other local change is still queued, the feed cursor matches exactly the rows that
 * landed, and the last acknowledged seq has not gone back. After the last restart the queue drains
 * and the workstation holds the server's data.
 */
const KILLS = Number(process.env.SYNC_KILLS ?? 50);
const SEED = Number(process.env.SYNC_FUZZ_SEED ?? Date.now() % 2 ** 31);
const WORKER_DIR = path.resolve('node_modules/.cache/labeler-sync-test');
let worker = '';

async function buildWorker(): Promise<string> {
  const { build } = await import('esbuild');
  fs.mkdirSync(WORKER_DIR, { recursive: true });
  const out = path.join(WORKER_DIR, 'crash-worker.mjs');
  await build({ entryPoints: [path.resolve('test/sync/crash-worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, packages: 'external', logLevel: 'error' });
  return out;
}

interface Run {
  killed: boolean;
  output: string;
}

/** Runs the worker; kills it (SIGKILL) `delayMs` after its first request line, unless it finished first. */
function runWorker(args: string[], killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfterMs !== null && !armed && /^(push|pull) /m.test(output)) {
        armed = true;
        setTimeout(() => {
          if (child.exitCode === null) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!killed && code !== 0) reject(new Error(`worker failed (${code ?? signal}): ${output}`));
      else resolve({ killed: killed && signal === 'SIGKILL', output });
    });
  });
}

async function signedInWorkstation(server: TestServer, user: string, serverProjectId: string): Promise<{ dir: string; projectId: string }> {
  const dir = tempDir('labeler-sync-crash-');
  const store = await openStore(path.join(dir, 'labeler.db'));
  const service = createSyncService({ store, dataDir: dir, secrets: defaultSecretStore(dir) });
  await service.signIn({ server_url: server.url, email: `${user}@sync.test`, password: PASSWORD });
  const link = await service.link({ server_project_id: serverProjectId });
  await service.syncNow(link.project_id);
  await service.close();
  store.close();
  return { dir, projectId: link.project_id };
}

const readOnly = (dir: string) => new Database(path.join(dir, 'labeler.db'), { readonly: true, fileMustExist: true });

describe('kill -9 during push and pull', () => {
  let server: TestServer;
  beforeAll(async () => {
    [server, worker] = await Promise.all([startServer(), buildWorker()]);
    process.stdout.write(`sync crash test: seed ${SEED}, ${KILLS} kills per phase\n`);
  });
  afterAll(async () => server?.close());

  it(`loses nothing acknowledged when killed ${KILLS} times mid-push`, async () => {
    const random = prng(SEED);
    const project = await serverProject(server, `crash-push-${SEED}`, 1);
    const { dir, projectId } = await signedInWorkstation(server, 'reviewer', project.id);
    let store: Store = await openStore(path.join(dir, 'labeler.db'));
    const image = project.images[0];
    const edit = (n: number) => {
      const ids = store.annotations.insertMany(projectId, Array.from({ length: n }, (_, i) => ({ image_id: image.id, annotation_type: 'bbox' as const, class_id: i % 3, geometry: { type: 'bbox' as const, bbox: [i % 100, 5, 10, 10] as [number, number, number, number] } })));
      const live = store.db.prepare('SELECT id FROM annotations WHERE project_id = ? AND deleted_at IS NULL ORDER BY random() LIMIT ?').pluck().all(projectId, Math.ceil(n / 2)) as string[];
      for (const [k, id] of live.entries()) {
        if (k % 5 === 4) store.annotations.deleteMany([id]);
        else store.annotations.update(id, { caption: `edit ${n}-${k}`, class_id: k % 3 });
      }
      return ids.length;
    };
    for (let i = 0; i < 40; i++) edit(25);
    store.close();

    let kills = 0;
    let lastAcked = 0;
    for (let round = 0; kills < KILLS && round < KILLS * 4; round++) {
      const run = await runWorker([dir, projectId, 'push', '20', '500'], Math.floor(random() * 150));
      if (run.killed) kills++;
      const db = readOnly(dir);
      // Acknowledged means on the server: every row with a server revision is there at that revision or later.
      const acked = db.prepare('SELECT id, server_rev FROM annotations WHERE project_id = ? AND server_rev IS NOT NULL').all(projectId) as { id: string; server_rev: number }[];
      const remote = new Map((await server.db.all<{ id: string; rev: number }>('SELECT id, rev FROM annotations WHERE project_id = ?', [project.id])).map((r) => [r.id, Number(r.rev)]));
      for (const a of acked) expect(remote.get(a.id), `acknowledged annotation ${a.id} is on the server`).toBeGreaterThanOrEqual(a.server_rev);
      // Not acknowledged means still queued.
      const unacked = db.prepare(`SELECT a.id FROM annotations a WHERE a.project_id = ? AND a.server_rev IS NULL AND a.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM sync_mutations m WHERE m.entity = 'annotations' AND m.row_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM outbox o, json_each(o.ids) j WHERE o.entity = 'annotations' AND j.value = a.id)`).pluck().all(projectId);
      expect(unacked, 'every unacknowledged local annotation is still queued').toEqual([]);
      const seq = Number(db.prepare("SELECT value FROM sync_meta WHERE key = 'last_acked_seq'").pluck().get() ?? 0);
      expect(seq, 'the last acknowledged seq never goes back').toBeGreaterThanOrEqual(lastAcked);
      lastAcked = seq;
      const pending = Number(db.prepare('SELECT COUNT(*) FROM sync_mutations').pluck().get()) + Number(db.prepare('SELECT COUNT(*) FROM outbox WHERE project_id = ?').pluck().get(projectId));
      db.close();
      if (pending < 40) {
        store = await openStore(path.join(dir, 'labeler.db'));
        for (let i = 0; i < 10; i++) edit(20);
        store.close();
      }
    }
    expect(kills).toBe(KILLS);
    await runWorker([dir, projectId, 'both', '200', '500'], null);
    await expectConverged(server, dir, projectId, project.id);
  }, 600_000);

  it(`loses nothing and keeps the cursor with the rows when killed ${KILLS} times mid-pull`, async () => {
    const random = prng(SEED + 1);
    const project = await serverProject(server, `crash-pull-${SEED}`, 1);
    const image = project.images[0];
    const more = async (n: number) => {
      for (let i = 0; i < n; i += 1000) {
        const annotations = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ image_id: image.id, annotation_type: 'bbox', class_id: k % 3, geometry: { type: 'bbox', bbox: [k % 100, 7, 9, 9] } }));
        await server.api('admin', 'POST', `/projects/${project.id}/annotations/batch`, { annotations });
      }
    };
    const { dir, projectId } = await signedInWorkstation(server, 'reviewer', project.id);
    await more(6000);
    let kills = 0;
    let lastCursor = 0;
    for (let round = 0; kills < KILLS && round < KILLS * 4; round++) {
      const run = await runWorker([dir, projectId, 'pull', '100', '40'], Math.floor(random() * 120));
      if (run.killed) kills++;
      const db = readOnly(dir);
      const cursor = Number(db.prepare('SELECT cursor FROM sync_links WHERE project_id = ?').pluck().get(projectId));
      expect(cursor, 'the cursor never goes back').toBeGreaterThanOrEqual(lastCursor);
      lastCursor = cursor;
      // The cursor was stored with its rows: exactly the rows of revisions up to it are here, at their revision.
      const local = new Map((db.prepare('SELECT id, server_rev FROM annotations WHERE project_id = ?').all(projectId) as { id: string; server_rev: number }[]).map((r) => [r.id, r.server_rev]));
      const upTo = await server.db.all<{ id: string; rev: number }>('SELECT id, rev FROM annotations WHERE project_id = ? AND rev <= ?', [project.id, cursor]);
      for (const r of upTo) expect(local.get(r.id), `annotation ${r.id} (rev ${r.rev} ≤ cursor ${cursor}) landed`).toBe(Number(r.rev));
      for (const [id, rev] of local) expect(rev, `annotation ${id} landed from a page past the cursor`).toBeLessThanOrEqual(cursor);
      db.close();
      if (!run.killed) await more(3000);
      if (random() < 0.3) {
        // Edits on both sides of rows already pulled: the next pull merges them while it may be killed.
        const store = await openStore(path.join(dir, 'labeler.db'));
        const mine = store.db.prepare('SELECT id FROM annotations WHERE project_id = ? AND deleted_at IS NULL ORDER BY random() LIMIT 6').pluck().all(projectId) as string[];
        for (const [k, id] of mine.entries()) store.annotations.update(id, k % 2 ? { caption: `local ${round}` } : { class_id: 2 });
        store.close();
        for (const id of mine.slice(0, 3)) await server.api('admin', 'PATCH', `/projects/${project.id}/annotations/${id}`, { caption: `server ${round}` });
      }
    }
    expect(kills).toBe(KILLS);
    await runWorker([dir, projectId, 'both', '200', '1000'], null);
    await runWorker([dir, projectId, 'both', '200', '1000'], null);
    await expectConverged(server, dir, projectId, project.id);
  }, 600_000);
});

async function expectConverged(server: TestServer, dir: string, projectId: string, serverProjectId: string) {
  const db = readOnly(dir);
  try {
    expect(db.prepare('SELECT COUNT(*) FROM sync_mutations').pluck().get(), 'the queue drained').toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM outbox WHERE project_id = ?').pluck().get(projectId)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM sync_parked').pluck().get()).toBe(0);
    const shape = (r: Record<string, unknown>) => `${r.id}|${r.class_id}|${r.geometry}|${r.caption}|${r.deleted_at !== null}`;
    const local = (db.prepare('SELECT * FROM annotations WHERE project_id = ? AND server_rev IS NOT NULL ORDER BY id').all(projectId) as Record<string, unknown>[]).map(shape);
    const remote = (await server.db.all<Record<string, unknown>>('SELECT * FROM annotations WHERE project_id = ? ORDER BY id', [serverProjectId])).map((r) => shape({ ...r, geometry: JSON.stringify(JSON.parse(r.geometry as string)) }));
    expect(local).toEqual(remote);
    const neverSent = db.prepare('SELECT COUNT(*) FROM annotations WHERE project_id = ? AND server_rev IS NULL AND deleted_at IS NULL').pluck().get(projectId);
    expect(neverSent, 'every live local annotation reached the server').toBe(0);
  } finally {
    db.close();
  }
}
