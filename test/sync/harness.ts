import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../src-main/core/app';
import type { SyncClock } from '../../src-main/core/sync/delegate';
import { addUser, buildServer, openStorage, type LabelerServer, type Storage } from '../../src-server/index';
import { writeImage } from '../fixtures/images';

/**
 * A real Labeler server (src-server) listening on loopback, its users, and workstations (real
 * cores over real SQLite files) that sync with it. Nothing of ours is mocked; tests that need
 * faults put the proxy of proxy.ts between the two.
 */
export const PASSWORD = 'correct horse battery';
export const USERS = ['admin', 'reviewer', 'reviewer2', 'annotator'] as const;
export type UserName = (typeof USERS)[number];

export interface TestServer {
  url: string;
  app: LabelerServer;
  db: Storage;
  dir: string;
  ids: Record<UserName, number>;
  email(user: UserName): string;
  /** A REST call as a user (a fresh login per user, cached). */
  api(user: UserName, method: string, route: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'labeler-sync-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(options: { rateLimit?: number } = {}): Promise<TestServer> {
  const dir = tempDir('labeler-sync-server-');
  const db = await openStorage(path.join(dir, 'server.db'));
  const app = await buildServer({
    db,
    filesDir: path.join(dir, 'files'),
    rateLimits: options.rateLimit ? { enabled: true, user: { max: options.rateLimit, windowMs: 60_000 } } : { enabled: false },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const email = (user: UserName) => `${user}@sync.test`;
  const ids = {} as Record<UserName, number>;
  for (const user of USERS) {
    const role = user === 'reviewer2' ? 'reviewer' : user;
    ids[user] = (await addUser(db, { email: email(user), password: PASSWORD, role, team: 'sync', full_name: `The ${user}` })).id;
  }
  const tokens = new Map<UserName, string>();
  const api = async (user: UserName, method: string, route: string, body?: unknown) => {
    if (!tokens.has(user)) {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: email(user), password: PASSWORD }) });
      tokens.set(user, ((await res.json()) as { access_token: string }).access_token);
    }
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(user)}`, ...(body === undefined ? {} : Buffer.isBuffer(body) ? { 'content-type': 'application/octet-stream' } : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    app,
    db,
    dir,
    ids,
    email,
    api,
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CLASSES = [
  { id: 0, name: 'cat', color: '#FF5733' },
  { id: 1, name: 'dog', color: '#33C3FF' },
  { id: 2, name: 'bird', color: '#33FF57' },
];

/** A server project with `images` uploaded images (admin). */
export async function serverProject(server: TestServer, name: string, images = 2): Promise<{ id: string; images: { id: string; width: number; height: number }[] }> {
  const project = await server.api('admin', 'POST', '/projects', { name, task_types: ['detection'], classes: CLASSES });
  const out: { id: string; width: number; height: number }[] = [];
  for (let i = 0; i < images; i++) {
    const file = path.join(server.dir, `img-${name}-${i}.png`);
    await writeImage(file, 200 + i, 150);
    const bytes = fs.readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await server.api('admin', 'PUT', `/files/${sha}`, bytes);
    out.push(await server.api('admin', 'POST', `/projects/${project.id}/images`, { filename: `img-${i}.png`, sha256: sha }));
  }
  return { id: project.id, images: out };
}

/** A clock whose waits are short (recorded, capped at `capMs`), so backoff and Retry-After cost no real time. */
export function fastClock(capMs = 2): SyncClock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        waits.push(ms);
        if (signal?.aborted) return resolve();
        const timer = setTimeout(resolve, Math.min(ms, capMs));
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      }),
  };
}

export interface Workstation {
  core: Core;
  dir: string;
  clock: ReturnType<typeof fastClock>;
  reopen(): Promise<Workstation>;
  close(): void;
}

/** A workstation (a real core) over `dir`, with a fast clock; `reopen` is quitting and starting again. */
export async function workstation(dir = tempDir('labeler-sync-ws-'), tuning: { attempts?: number; batchSize?: number; pageSize?: number; background?: boolean } = {}): Promise<Workstation> {
  const clock = fastClock();
  const core = await createCore({
    dataDir: dir,
    transport: 'ipc',
    checkOutputs: true,
    sync: { background: tuning.background ?? false, tuning: { clock, backoff: { baseMs: 1, maxMs: 4 }, attempts: tuning.attempts ?? 8, batchSize: tuning.batchSize, pageSize: tuning.pageSize, timeoutMs: 20_000 } },
  });
  const ws: Workstation = {
    core,
    dir,
    clock,
    async reopen() {
      core.close();
      return workstation(dir, tuning);
    },
    close: () => core.close(),
  };
  return ws;
}

/** Signs a workstation in as `user` (email and password) at `url`. */
export async function signIn(ws: Workstation, server: TestServer, user: UserName, url = server.url) {
  return ws.core.call('syncSignIn', { server_url: url, email: server.email(user), password: PASSWORD });
}

/** Local annotations of a project as comparable records (id → synced fields), tombstones included. */
export function localAnnotations(core: Core, projectId: string): Map<string, Record<string, unknown>> {
  const rows = core.store.db.prepare('SELECT * FROM annotations WHERE project_id = ?').all(projectId) as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.id as string, comparable({ ...r, geometry: JSON.parse(r.geometry as string), attributes: JSON.parse(r.attributes as string) })]));
}

/** Server annotations of a project, same shape. */
export async function serverAnnotations(server: TestServer, projectId: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await server.db.all<Record<string, unknown>>('SELECT * FROM annotations WHERE project_id = ?', [projectId]);
  return new Map(rows.map((r) => [r.id as string, comparable({ ...r, geometry: JSON.parse(r.geometry as string), attributes: JSON.parse(r.attributes as string) })]));
}

function comparable(r: Record<string, unknown>): Record<string, unknown> {
  return {
    image_id: r.image_id,
    annotation_type: r.annotation_type,
    class_id: r.class_id === null ? null : Number(r.class_id),
    geometry: r.geometry,
    attributes: r.attributes,
    caption: r.caption,
    annotation_status: r.annotation_status,
    z_order: Number(r.z_order),
    deleted: r.deleted_at !== null,
  };
}
