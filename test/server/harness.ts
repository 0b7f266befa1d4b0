import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addUser, buildServer, openStorage, type LabelerServer, type Storage } from '../../src-server/index';
import type { BuildOptions } from '../../src-server/app';
import { writeImage } from '../fixtures/images';

/**
 * The server suites run once per storage: SQLite always, PostgreSQL when LABELER_TEST_PG_URL
 * names a database (each app gets its own schema, dropped afterwards).
 */
export const PG_URL = process.env.LABELER_TEST_PG_URL ?? '';
export const STORAGES = [
  { kind: 'sqlite' as const, skip: false, label: 'sqlite' },
  { kind: 'postgres' as const, skip: !PG_URL, label: PG_URL ? 'postgres' : 'postgres (skipped: no LABELER_TEST_PG_URL)' },
];
if (!PG_URL) console.warn('server tests on PostgreSQL skipped: LABELER_TEST_PG_URL is not set (.ci/run starts a throw-away cluster and sets it)');
export type StorageKind = (typeof STORAGES)[number]['kind'];

export const ROLES = ['admin', 'reviewer', 'annotator'] as const;
export type Role = (typeof ROLES)[number];
export const TEAMS = ['a', 'b'] as const;
export type Team = (typeof TEAMS)[number];

export interface Actor {
  id: number;
  email: string;
  role: Role;
  team: Team;
  token: string;
  refresh: string;
}

export interface Harness {
  app: LabelerServer;
  db: Storage;
  kind: StorageKind;
  users: Record<Team, Record<Role, Actor>>;
  /** app.inject as a user (or anonymously), JSON in and out. */
  call(actor: Actor | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

async function openFor(kind: StorageKind): Promise<{ db: Storage; dispose(): Promise<void>; files: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-server-test-'));
  if (kind === 'sqlite') {
    const db = await openStorage(path.join(dir, 'server.db'));
    return { db, files: path.join(dir, 'files'), dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openStorage(PG_URL, { schema });
  return {
    db,
    files: path.join(dir, 'files'),
    async dispose() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'correct horse battery';

/** A server with two teams (a, b), each with an admin, a reviewer and an annotator, all logged in. */
export async function startHarness(kind: StorageKind, options: Partial<BuildOptions> = {}): Promise<Harness> {
  const { db, dispose, files } = await openFor(kind);
  const app = await buildServer({
    db,
    filesDir: files,
    validateResponses: true,
    ...options,
    rateLimits: { enabled: false, ...options.rateLimits },
  });
  const call: Harness['call'] = async (actor, method, url, body, headers = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      headers: { ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}), ...(actor ? { authorization: `Bearer ${actor.token}` } : {}), ...headers },
    });
    let parsed: unknown = undefined;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, body: parsed, headers: res.headers as Reply['headers'], raw: res.body };
  };
  const users = {} as Record<Team, Record<Role, Actor>>;
  for (const team of TEAMS) {
    users[team] = {} as Record<Role, Actor>;
    for (const role of ROLES) {
      const email = `${role}@${team}.test`;
      const row = await addUser(db, { email, password: PASSWORD, role, team: `team-${team}`, full_name: `${role} of ${team}` });
      const login = await call(null, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
      if (login.status !== 200) throw new Error(`login failed: ${login.raw}`);
      users[team][role] = { id: row.id, email, role, team, token: login.body.access_token, refresh: login.body.refresh_token };
    }
  }
  return {
    app,
    db,
    kind,
    users,
    call,
    async close() {
      await app.close();
      await db.close();
      await dispose();
    },
  };
}

/** Uploads a generated image and adds it to the project; answers the image object. */
export async function addImage(h: Harness, actor: Actor, projectId: string, filename: string, width = 640, height = 480) {
  const file = path.join(os.tmpdir(), `labeler-img-${randomBytes(6).toString('hex')}.png`);
  await writeImage(file, width, height);
  const bytes = fs.readFileSync(file);
  fs.rmSync(file);
  const sha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
  const put = await h.call(actor, 'PUT', `/api/v1/files/${sha}`, bytes, { 'content-type': 'application/octet-stream' });
  if (put.status >= 300) throw new Error(`upload failed: ${put.raw}`);
  const created = await h.call(actor, 'POST', `/api/v1/projects/${projectId}/images`, { filename, sha256: sha });
  if (created.status !== 201) throw new Error(`image failed: ${created.raw}`);
  return created.body;
}

export async function createProject(h: Harness, actor: Actor, extra: Record<string, unknown> = {}) {
  const res = await h.call(actor, 'POST', '/api/v1/projects', {
    name: 'Pet Detection Project',
    description: 'Annotate cats and dogs',
    task_types: ['classification', 'detection'],
    classes: [
      { id: 0, name: 'cat', color: '#FF5733' },
      { id: 1, name: 'dog', color: '#33C3FF' },
      { id: 2, name: 'line', color: '#33FF57' },
      { id: 3, name: 'round', color: '#3357FF' },
    ],
    ...extra,
  });
  if (res.status !== 201) throw new Error(`project failed: ${res.raw}`);
  return res.body;
}

/** Headers of an API-key request signed as the reference shows: hex HMAC-SHA256(secret, timestamp + body). */
export function signed(apiKey: string, secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return { 'x-api-key': apiKey, 'x-timestamp': String(timestamp), 'x-signature': createHmac('sha256', secret).update(`${timestamp}${body}`).digest('hex') };
}
