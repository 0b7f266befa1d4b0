import axios from 'axios';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { openStore } from '../src-main/core/store';
import type { NewAnnotation } from '../src-main/core/store/annotations';
import { fileSecretStore } from '../src-main/core/sync/accounts';
import type { SyncDelegate } from '../src-main/core/sync/delegate';
import { createSyncService } from '../src-main/core/sync/service';
import { addUser, buildServer, openStorage } from '../src-server/index';
import { writeResult } from './result';

/**
 * sync-push: N annotation edits made on a workstation, pushed to a Labeler server on loopback by
 * the sync engine (outbox → (client_id, seq) mutations, 1,000 per push, each applied exactly once),
 * vs a baseline posting the same rows with the batch-create endpoint (1,000 per request) in the
 * same run. sync-pull: the first pull of an M-annotation project into an empty workstation (feed
 * pages of 1,000, validated and stored with their cursor) vs a raw paged fetch of the same feed
 * that parses and drops it. The server runs in its own process, rate limits off.
 */
const PUSH = Number(process.env.BENCH_SYNC_PUSH ?? 100_000);
const PULL = Number(process.env.BENCH_SYNC_PULL ?? 1_000_000);
const IMAGES = 50;
const EMAIL = 'bench@bench.test';
const PASSWORD = 'bench-password';
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Child process: the server over an SQLite file; answers its port. */
async function serve(location: string, filesDir: string) {
  const db = await openStorage(location);
  await addUser(db, { email: EMAIL, password: PASSWORD, role: 'admin', team: 'bench' });
  const app = await buildServer({ db, closeDb: true, filesDir, rateLimits: { enabled: false } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send!({ port: (app.server.address() as { port: number }).port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

const agent = new http.Agent({ keepAlive: true });
const client = axios.create({ httpAgent: agent, maxBodyLength: Infinity, maxContentLength: Infinity, validateStatus: () => true, proxy: false });

async function call(base: string, method: string, url: string, token: string | null, body?: unknown, raw?: Buffer) {
  const res = await client.request({
    method,
    url: `${base}/api/v1${url}`,
    data: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    transformResponse: [(d) => d],
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.data}`);
  return res.data ? JSON.parse(res.data as string) : undefined;
}

async function projectWithImages(base: string, token: string, name: string, sha: string) {
  const project = await call(base, 'POST', '/projects', token, { name, classes: [{ id: 0, name: 'a', color: '#ff0000' }, { id: 1, name: 'b', color: '#00ff00' }] });
  const images: string[] = [];
  for (let i = 0; i < IMAGES; i++) images.push((await call(base, 'POST', `/projects/${project.id}/images`, token, { filename: `img${i}.png`, sha256: sha })).id);
  return { id: project.id as string, images };
}

const row = (i: number, imageIds: string[]) => ({
  image_id: imageIds[i % imageIds.length],
  annotation_type: 'bbox' as const,
  class_id: i % 2,
  geometry: { type: 'bbox' as const, bbox: [i % 900, (i * 7) % 700, 50, 40] as [number, number, number, number] },
});

async function workstation(dir: string, base: string, wrapDelegate?: (d: SyncDelegate) => SyncDelegate) {
  const store = await openStore(path.join(dir, 'labeler.db'));
  const service = createSyncService({ store, dataDir: dir, secrets: fileSecretStore(path.join(dir, 'secrets.json')), wrapDelegate });
  await service.signIn({ server_url: base, email: EMAIL, password: PASSWORD });
  return { store, service };
}

async function benchPush(base: string, token: string, sha: string, dir: string) {
  const synced = await projectWithImages(base, token, 'push', sha);
  const direct = await projectWithImages(base, token, 'baseline', sha);
  let httpSeconds = 0;
  const { store, service } = await workstation(path.join(dir, 'push-ws'), base, (d) => ({
    ...d,
    push: async (request) => {
      const start = process.hrtime.bigint();
      try {
        return await d.push(request);
      } finally {
        httpSeconds += seconds(start);
      }
    },
  }));
  const link = await service.link({ server_project_id: synced.id });
  await service.syncNow(link.project_id);
  for (let i = 0; i < PUSH; i += 1000) store.annotations.insertMany(link.project_id, Array.from({ length: Math.min(1000, PUSH - i) }, (_, k) => row(i + k, synced.images)) as NewAnnotation[]);

  httpSeconds = 0;
  const pushStart = process.hrtime.bigint();
  const report = await service.syncNow(link.project_id, { mode: 'push' });
  const pushSeconds = seconds(pushStart);
  if (report.pushed !== PUSH || report.pending !== 0) throw new Error(`push incomplete: ${JSON.stringify(report)}`);

  const baseStart = process.hrtime.bigint();
  for (let i = 0; i < PUSH; i += 1000) {
    await call(base, 'POST', `/projects/${direct.id}/annotations/batch`, token, { annotations: Array.from({ length: Math.min(1000, PUSH - i) }, (_, k) => row(i + k, direct.images)) });
  }
  const baseSeconds = seconds(baseStart);
  await service.close();
  store.close();
  writeResult({
    id: 'sync-push',
    metric: `push ${PUSH.toLocaleString('en')} annotation edits from the outbox (1,000 mutations per push)`,
    unit: 's',
    value: pushSeconds,
    baseline: baseSeconds,
    target: '≤ 1.5',
    params: {
      edits: PUSH,
      baseline: 'POST /projects/{id}/annotations/batch, 1,000 per request',
      mutations_per_push: 1000,
      server: 'own process, SQLite, loopback',
      edits_per_second: Math.round(PUSH / pushSeconds),
      // Where the time goes: waiting for POST /sync/push answers vs the workstation's own work (staging, batches, acknowledgements).
      push_requests_s: Math.round(httpSeconds * 1000) / 1000,
      workstation_s: Math.round((pushSeconds - httpSeconds) * 1000) / 1000,
      workstation_ratio: Math.round(((pushSeconds - httpSeconds) / baseSeconds) * 1000) / 1000,
      cpus: os.cpus().length,
    },
  });
}

/** Writes M annotations straight into the server's database (the feed reads them like any others). */
function seedServer(dbFile: string, projectId: string, imageIds: string[], m: number) {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 10000');
  const head = Number(db.prepare('SELECT head_rev FROM projects WHERE id = ?').pluck().get(projectId));
  const insert = db.prepare(`INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, annotation_status, z_order, annotator_id, reviewer_id, created_at, updated_at, rev, deleted_at)
    VALUES (?, ?, ?, 'bbox', ?, ?, '{}', NULL, NULL, 'human', 'pending', 0, 1, NULL, ?, ?, ?, NULL)`);
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < m; i++) {
      const r = row(i, imageIds);
      insert.run(uuidv7(), projectId, r.image_id, r.class_id, JSON.stringify(r.geometry), now, now, head + 1 + i);
    }
    db.prepare('UPDATE projects SET head_rev = ? WHERE id = ?').run(head + m, projectId);
  })();
  db.close();
}

async function rawFeed(base: string, token: string, projectId: string): Promise<number> {
  let cursor = '0';
  let rows = 0;
  for (;;) {
    const res = await client.get(`${base}/api/v1/projects/${projectId}/changes`, { params: { since: cursor, limit: 1000 }, headers: { authorization: `Bearer ${token}` }, responseType: 'text', transformResponse: [(d) => d] });
    const page = JSON.parse(res.data as string) as { changes: unknown[]; cursor: string; has_more: boolean };
    rows += page.changes.length;
    cursor = page.cursor;
    if (!page.has_more) return rows;
  }
}

async function benchPull(base: string, token: string, sha: string, dir: string, serverDb: string) {
  const project = await projectWithImages(base, token, 'pull', sha);
  seedServer(serverDb, project.id, project.images, PULL);
  const expected = PULL + IMAGES + 1;
  if ((await rawFeed(base, token, project.id)) !== expected) throw new Error('the feed does not hold the seeded rows');

  const rawStart = process.hrtime.bigint();
  await rawFeed(base, token, project.id);
  const rawSeconds = seconds(rawStart);

  const { store, service } = await workstation(path.join(dir, 'pull-ws'), base);
  const link = await service.link({ server_project_id: project.id });
  const pullStart = process.hrtime.bigint();
  const report = await service.syncNow(link.project_id, { mode: 'pull' });
  const pullSeconds = seconds(pullStart);
  const stored = Number(store.db.prepare('SELECT COUNT(*) FROM annotations WHERE project_id = ?').pluck().get(link.project_id));
  if (stored !== PULL) throw new Error(`pull stored ${stored} of ${PULL} annotations (${JSON.stringify(report)})`);
  await service.close();
  store.close();
  writeResult({
    id: 'sync-pull',
    metric: `first pull of a ${PULL.toLocaleString('en')}-annotation project into an empty workstation`,
    unit: 's',
    value: pullSeconds,
    baseline: rawSeconds,
    target: '≤ 2',
    params: {
      annotations: PULL,
      images: IMAGES,
      page_size: 1000,
      baseline: 'raw paged GET …/changes, parsed and dropped',
      rows_per_second: Math.round(PULL / pullSeconds),
      server: 'own process, SQLite, loopback',
      // Seeded behind the server's back, so its planner statistics are stale: the feed must not depend on them.
      server_db_analyzed: false,
      cpus: os.cpus().length,
    },
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-sync-bench-'));
  const serverDb = path.join(dir, 'server.db');
  const child = fork(fileURLToPath(import.meta.url), ['--serve', serverDb, path.join(dir, 'files')], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])], stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const { access_token: token } = await call(base, 'POST', '/auth/login', null, { email: EMAIL, password: PASSWORD });
    const png = await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#808080' } }).png().toBuffer();
    const sha = createHash('sha256').update(png).digest('hex');
    await call(base, 'PUT', `/files/${sha}`, token, undefined, png);
    if (PUSH > 0) await benchPush(base, token, sha, dir);
    if (PULL > 0) await benchPull(base, token, sha, dir, serverDb);
  } finally {
    child.disconnect();
    agent.destroy();
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') void serve(process.argv[3], process.argv[4]);
else await main();
