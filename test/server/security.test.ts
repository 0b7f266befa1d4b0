import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src-server/http/rate-limit';
import { addImage, createProject, PASSWORD, ROLES, signed, STORAGES, startHarness, TEAMS, type Actor, type Harness, type Role } from './harness';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function jwt(header: object, claims: object, key: Buffer | string | null, alg = 'sha256') {
  const head = `${b64(header)}.${b64(claims)}`;
  return `${head}.${key === null ? '' : createHmac(alg, key).update(head).digest('base64url')}`;
}

describe.each(STORAGES)('security on $label', ({ kind, skip }) => {
  let h: Harness;
  let project: any;
  let image: any;
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    project = await createProject(h, h.users.a.admin);
    image = await addImage(h, h.users.a.admin, project.id, 'a.png', 200, 100);
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;

  /**
   * The access matrix: every endpoint that takes an id, for both teams and all three roles.
   * Team b never sees team a's objects (404, as if they did not exist); within team a, each role
   * gets exactly what the role table allows.
   */
  it_('enforces team scope and roles on every endpoint that takes an id', async () => {
    const a = h.users.a;
    const P = `/api/v1/projects/${project.id}`;
    const bbox = { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } };
    const annotationBy = async (actor: Actor) => (await h.call(actor, 'POST', `${P}/annotations`, bbox)).body.id as string;
    const task = (await h.call(a.admin, 'POST', `${P}/tasks`, { task_name: 't', assignee_id: a.annotator.id, image_ids: [image.id] })).body.id;
    const comment = async () => (await h.call(a.admin, 'POST', `${P}/comments`, { image_id: image.id, text: 'by admin' })).body.id as string;
    const exp = (await h.call(a.admin, 'POST', `${P}/export`, { format: 'custom' })).body.export_id;
    await Promise.allSettled([...h.app.ctx.jobs]);
    const all = { admin: true, reviewer: true, annotator: true };
    const managers = { admin: true, reviewer: true, annotator: false };
    const admins = { admin: true, reviewer: false, annotator: false };
    type Case = [string, string, () => Promise<string | { url: string; body?: unknown }>, Record<Role, boolean>, number];
    const u = (url: string, body?: unknown) => async () => ({ url, body });
    const cases: Case[] = [
      ['GET', 'project', u(P), all, 200],
      ['PATCH', 'project', u(P, { description: 'changed' }), admins, 200],
      ['GET', 'annotations', u(`${P}/annotations`), all, 200],
      ['POST', 'annotations', u(`${P}/annotations`, bbox), all, 201],
      ['POST', 'annotations/batch', u(`${P}/annotations/batch`, { annotations: [bbox] }), all, 201],
      ['PATCH', "admin's annotation", async () => ({ url: `${P}/annotations/${await annotationBy(a.admin)}`, body: { caption: 'x' } }), managers, 200],
      ['DELETE', "admin's annotation", async () => ({ url: `${P}/annotations/${await annotationBy(a.admin)}` }), managers, 204],
      ['DELETE', "admin's annotations (batch)", async () => ({ url: `${P}/annotations/batch`, body: { annotation_ids: [await annotationBy(a.admin)] } }), managers, 200],
      ['GET', 'images', u(`${P}/images`), all, 200],
      ['POST', 'images', u(`${P}/images`, { filename: 'again.png', sha256: image.sha256 }), managers, 201],
      ['GET', 'image', u(`${P}/images/${image.id}`), all, 200],
      ['PATCH', 'image', u(`${P}/images/${image.id}`, { image_annotations: { classes: [0], captions: [] } }), all, 200],
      ['GET', 'image annotations', u(`${P}/images/${image.id}/annotations`), all, 200],
      ['GET', 'image url', u(`${P}/images/${image.id}/url`), all, 200],
      ['GET', 'image file', u(`${P}/images/${image.id}/file`), all, 200],
      ['GET', 'tasks', u(`${P}/tasks`), all, 200],
      ['POST', 'tasks', u(`${P}/tasks`, { task_name: 'new' }), managers, 201],
      ['GET', 'task', u(`${P}/tasks/${task}`), all, 200],
      ['PATCH', 'task name', u(`${P}/tasks/${task}`, { task_name: 'renamed' }), managers, 200],
      ['GET', 'comments', u(`${P}/comments`), all, 200],
      ['POST', 'comments', u(`${P}/comments`, { text: 'hello' }), all, 201],
      ['PATCH', "admin's comment resolve", async () => ({ url: `${P}/comments/${await comment()}/resolve` }), managers, 200],
      ['POST', 'export', u(`${P}/export`, { format: 'custom' }), managers, 202],
      ['GET', 'export', u(`${P}/exports/${exp}`), all, 200],
      ['POST', 'snapshots', async () => ({ url: `${P}/snapshots`, body: { version_tag: `t${Math.random().toString(36).slice(2, 8)}` } }), managers, 201],
      ['GET', 'changes', u(`${P}/changes?since=0`), all, 200],
      ['POST', 'ai/caption', u('/api/v1/ai/caption', { project_id: project.id, image_id: image.id }), all, 501],
      ['DELETE', 'project', async () => ({ url: `/api/v1/projects/${(await createProject(h, a.admin, { name: 'victim' })).id}` }), admins, 204],
    ];
    const failures: string[] = [];
    for (const [method, what, make, allowed, ok] of cases) {
      for (const team of TEAMS) {
        for (const role of ROLES) {
          const target = await make();
          const { url, body } = typeof target === 'string' ? { url: target, body: undefined } : target;
          const res = await h.call(h.users[team][role], method, url, body);
          const expected = team === 'b' ? 404 : allowed[role] ? ok : 403;
          if (res.status !== expected) failures.push(`${role}@${team} ${method} ${what}: ${res.status} (expected ${expected}) ${res.raw.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    await Promise.allSettled([...h.app.ctx.jobs]);
  });

  it_('refuses pushes and changes into another team\'s project as if it did not exist', async () => {
    const P = `/api/v1/projects/${project.id}`;
    for (const role of ROLES) {
      const intruder = h.users.b[role];
      const push = await h.call(intruder, 'POST', '/api/v1/sync/push', { client_id: `intruder-${role}-01`, mutations: [{ seq: 1, op: 'create', entity: 'annotation', project_id: project.id, id: crypto.randomUUID(), data: { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } } }] });
      expect(push.status).toBe(200);
      expect(push.body.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
      expect((await h.call(intruder, 'GET', `${P}/changes`)).status).toBe(404);
      expect((await h.call(intruder, 'POST', '/api/v1/ai/segment', { project_id: project.id, image_id: image.id, prompts: { points: [{ x: 1, y: 1 }] } })).status).toBe(404);
    }
  });

  it_('lets annotators change and delete only their own annotations, and ignores their review status', async () => {
    const P = `/api/v1/projects/${project.id}`;
    const own = (await h.call(h.users.a.annotator, 'POST', `${P}/annotations`, { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] }, annotation_status: 'approved', annotator_id: 1, reviewer_id: 1, rev: 999, id: 'mine', project_id: 'elsewhere' })).body;
    expect(own).toMatchObject({ annotation_status: 'pending', annotator_id: h.users.a.annotator.id, reviewer_id: null, project_id: project.id });
    expect(own.id).not.toBe('mine');
    const patched = await h.call(h.users.a.annotator, 'PATCH', `${P}/annotations/${own.id}`, { annotation_status: 'approved', caption: 'ok', annotator_id: 1, rev: 1 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ annotation_status: 'pending', caption: 'ok', annotator_id: h.users.a.annotator.id });
    const reviewed = await h.call(h.users.a.reviewer, 'PATCH', `${P}/annotations/${own.id}`, { annotation_status: 'rejected' });
    expect(reviewed.body).toMatchObject({ annotation_status: 'rejected', reviewer_id: h.users.a.reviewer.id });
    const batch = await h.call(h.users.a.admin, 'POST', `${P}/annotations/batch`, { annotations: [{ image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } }] });
    // A batch delete with one foreign annotation deletes nothing.
    expect((await h.call(h.users.a.annotator, 'DELETE', `${P}/annotations/batch`, { annotation_ids: [own.id, ...batch.body.annotation_ids] })).status).toBe(403);
    expect((await h.call(h.users.a.annotator, 'GET', `${P}/images/${image.id}/annotations`)).body.map((x: any) => x.id)).toEqual(expect.arrayContaining([own.id, ...batch.body.annotation_ids]));
  });

  it_('refuses tokens with alg none, a wrong key, another algorithm, an expired exp or a tampered payload', async () => {
    const me = h.users.a.admin;
    const [headB64, claimsB64] = me.token.split('.');
    const claims = JSON.parse(Buffer.from(claimsB64, 'base64url').toString());
    const key = h.app.ctx.secrets.jwt;
    const now = Math.floor(Date.now() / 1000);
    const bad: Record<string, string> = {
      'alg none': jwt({ alg: 'none', typ: 'JWT' }, claims, null),
      'alg none with signature': `${b64({ alg: 'none', typ: 'JWT' })}.${claimsB64}.${me.token.split('.')[2]}`,
      'wrong key': jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-server-key'),
      'HS512 with the right key': jwt({ alg: 'HS512', typ: 'JWT' }, claims, key, 'sha512'),
      expired: jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, key),
      'tampered payload': `${headB64}.${b64({ ...claims, sub: String(h.users.a.reviewer.id) })}.${me.token.split('.')[2]}`,
      'wrong issuer': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, key),
      'not a refresh-able type': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, typ: 'refresh' }, key),
      garbage: 'a.b.c',
    };
    for (const [name, token] of Object.entries(bad)) {
      const res = await h.call(null, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${token}` });
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe('UNAUTHORIZED');
    }
    expect((await h.call(null, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, key)}` })).body.error.message).toMatch(/expired/);
    // The same claims, correctly signed, pass: the refusals above are about the token, not the claims.
    expect((await h.call(null, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, claims, key)}` })).status).toBe(200);
    expect((await h.call(null, 'GET', '/api/v1/projects')).status).toBe(401);
    expect((await h.call(null, 'GET', '/api/v1/projects', undefined, { authorization: 'Basic eDp5' })).status).toBe(401);
  });

  it_('rotates refresh tokens, forgives a quick retry of a lost answer, revokes the session when an old one is reused, and ends it at logout', async () => {
    const login = (await h.call(null, 'POST', '/api/v1/auth/login', { email: 'reviewer@b.test', password: PASSWORD })).body;
    expect((await h.call(null, 'POST', '/api/v1/auth/login', { email: 'reviewer@b.test', password: 'wrong password' })).status).toBe(401);
    expect((await h.call(null, 'POST', '/api/v1/auth/login', { email: 'nobody@b.test', password: PASSWORD })).status).toBe(401);
    const first = await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: login.refresh_token });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(login.refresh_token);
    expect((await h.call(null, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${first.body.access_token}` })).status).toBe(200);
    // A retry of the same refresh soon after (the client lost the answer) gets a new pair; the lost successor stops working.
    const retried = await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: login.refresh_token });
    expect(retried.status).toBe(200);
    const next = await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: retried.body.refresh_token });
    expect(next.status).toBe(200);
    // Once a later token was used, presenting an old one again means theft: the whole session is gone, new tokens included.
    const reused = await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: login.refresh_token });
    expect(reused.status).toBe(401);
    expect((await h.call(null, 'GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${next.body.access_token}` })).status).toBe(401);
    expect((await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: next.body.refresh_token })).status).toBe(401);
    expect((await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: first.body.refresh_token })).status).toBe(401);

    const second = (await h.call(null, 'POST', '/api/v1/auth/login', { email: 'reviewer@b.test', password: PASSWORD })).body;
    const auth = { authorization: `Bearer ${second.access_token}` };
    expect((await h.call(null, 'POST', '/api/v1/auth/logout', undefined, auth)).status).toBe(204);
    expect((await h.call(null, 'GET', '/api/v1/auth/me', undefined, auth)).status).toBe(401);
    expect((await h.call(null, 'POST', '/api/v1/auth/refresh', { refresh_token: second.refresh_token })).status).toBe(401);
    expect((await h.call(h.users.b.reviewer, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });

  it_('accepts HMAC-signed API key requests once, within 5 minutes, byte for byte', async () => {
    const created = await h.call(h.users.a.reviewer, 'POST', '/api/v1/auth/api-keys', { name: 'Production API Key', permissions: ['read', 'write'], expires_at: '2099-12-31T23:59:59Z', user_id: h.users.a.admin.id });
    expect(created.status).toBe(201);
    const { api_key: key, api_secret: secret, id } = created.body;
    expect(created.body).toMatchObject({ name: 'Production API Key', permissions: ['read', 'write'], expires_at: '2099-12-31T23:59:59.000Z' });
    const listed = await h.call(h.users.a.reviewer, 'GET', '/api/v1/auth/api-keys');
    expect(listed.body.items[0]).not.toHaveProperty('api_secret');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const me = await h.call(null, 'GET', '/api/v1/auth/me', undefined, signed(key, secret, ''));
    expect(me.body).toMatchObject({ user_id: h.users.a.reviewer.id, role: 'reviewer', auth: 'api_key' });
    const body = JSON.stringify({ text: 'signed comment' });
    const url = `/api/v1/projects/${project.id}/comments`;
    const headers = { ...signed(key, secret, body), 'content-type': 'application/json' };
    const post = await h.app.inject({ method: 'POST', url, payload: body, headers });
    expect(post.statusCode).toBe(201);
    const replay = await h.app.inject({ method: 'POST', url, payload: body, headers });
    expect(replay.statusCode).toBe(401);
    expect(JSON.parse(replay.body).error.message).toMatch(/replay/);
    const now = Math.floor(Date.now() / 1000);
    for (const [name, hdrs, payload] of [
      ['stale timestamp', signed(key, secret, body, now - 301), body],
      ['future timestamp', signed(key, secret, body, now + 301), body],
      ['one byte changed', signed(key, secret, body), body.replace('signed', 'signeD')],
      ['wrong secret', signed(key, `${secret}x`, body), body],
      ['unknown key', signed(`${key}x`, secret, body), body],
      ['no signature', { 'x-api-key': key, 'x-timestamp': String(now) }, body],
      ['short signature', { ...signed(key, secret, body), 'x-signature': 'abcd' }, body],
    ] as const) {
      const res = await h.app.inject({ method: 'POST', url, payload, headers: { ...hdrs, 'content-type': 'application/json' } });
      expect(res.statusCode, name).toBe(401);
    }
    // Keys act as their user: no cross-team reach, no minting more keys.
    expect((await h.call(null, 'GET', `/api/v1/projects/${(await createProject(h, h.users.b.admin)).id}`, undefined, signed(key, secret, '', Date.now() + 5000))).status).toBe(404);
    // Millisecond timestamps keep two body-less requests in the same second apart.
    const ms = Date.now();
    expect((await h.call(null, 'GET', '/api/v1/projects', undefined, signed(key, secret, '', ms))).status).toBe(200);
    expect((await h.call(null, 'GET', '/api/v1/projects', undefined, signed(key, secret, '', ms + 1))).status).toBe(200);
    expect((await h.call(null, 'GET', '/api/v1/projects', undefined, signed(key, secret, '', ms + 1))).status).toBe(401);
    const mint = JSON.stringify({ name: 'child' });
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/api-keys', payload: mint, headers: { ...signed(key, secret, mint), 'content-type': 'application/json' } })).statusCode).toBe(403);
    // Read-only keys read only.
    const ro = (await h.call(h.users.a.reviewer, 'POST', '/api/v1/auth/api-keys', { name: 'ro', permissions: ['read'] })).body;
    expect((await h.call(null, 'GET', '/api/v1/projects', undefined, signed(ro.api_key, ro.api_secret, ''))).status).toBe(200);
    const write = JSON.stringify({ text: 'nope' });
    expect((await h.app.inject({ method: 'POST', url, payload: write, headers: { ...signed(ro.api_key, ro.api_secret, write), 'content-type': 'application/json' } })).statusCode).toBe(403);
    // Revoked keys stop at once; other users cannot revoke them.
    expect((await h.call(h.users.a.admin, 'DELETE', `/api/v1/auth/api-keys/${id}`)).status).toBe(404);
    expect((await h.call(h.users.a.reviewer, 'DELETE', `/api/v1/auth/api-keys/${id}`)).status).toBe(204);
    const revoked = await h.call(null, 'GET', '/api/v1/auth/me', undefined, signed(key, secret, '', Date.now() + 3));
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
    // Secrets are sealed at rest.
    const stored = await h.db.all<{ secret_sealed: string; key_hash: string }>('SELECT secret_sealed, key_hash FROM api_keys');
    expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
    expect(stored.map((s) => s.key_hash)).toContain(createHash('sha256').update(key).digest('hex'));
  });

  it_('refuses oversized bodies, pages and batches with 4xx', async () => {
    const P = `/api/v1/projects/${project.id}`;
    const huge = { name: 'x', description: 'y'.repeat(9 * 1024 * 1024) };
    const res = await h.call(h.users.a.admin, 'POST', '/api/v1/projects', huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await h.call(h.users.a.admin, 'GET', `${P}/annotations?page_size=101`)).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'GET', `${P}/annotations?page=0`)).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'GET', `${P}/changes?limit=100000`)).status).toBe(400);
    const one = { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } };
    expect((await h.call(h.users.a.admin, 'POST', `${P}/annotations/batch`, { annotations: Array.from({ length: 1001 }, () => one) })).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'DELETE', `${P}/annotations/batch`, { annotation_ids: Array.from({ length: 1001 }, (_, i) => `id${i}`) })).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'POST', '/api/v1/sync/push', { client_id: 'client-oversized', mutations: Array.from({ length: 1001 }, (_, i) => ({ seq: i, op: 'delete', entity: 'annotation', project_id: project.id, id: `x${i}` })) })).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'POST', `${P}/annotations`, { ...one, geometry: { type: 'polygon', points: Array.from({ length: 10 }, () => [1, 1]) }, annotation_type: 'polygon' })).status).toBe(400);
  });
});

describe.each(STORAGES)('rate limits on $label', ({ kind, skip }) => {
  let h: Harness;
  // Fixed windows: pin the clock mid-window so a test never straddles two windows.
  const start = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
  const fixedClock = () => start;
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind, { rateLimits: { enabled: true, user: { max: 1000, windowMs: 60_000 }, ip: { max: 10_000, windowMs: 60_000 }, login: { max: 100, windowMs: 60_000 } } });
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;

  it_('limits each user and answers 429 with X-RateLimit headers and Retry-After', async () => {
    h.app.ctx.limiters.user = new RateLimiter({ max: 3, windowMs: 60_000 }, fixedClock);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await h.call(h.users.a.annotator, 'GET', '/api/v1/projects'));
    expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[0].headers['x-ratelimit-limit']).toBe('3');
    expect(replies[2].headers['x-ratelimit-remaining']).toBe('0');
    // In the future of the limiter's (pinned) clock: the wall clock may have crossed into the next window by now.
    expect(Number(replies[0].headers['x-ratelimit-reset'])).toBeGreaterThan(start / 1000);
    const limited = replies[3];
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another user still passes: the limit is per user.
    expect((await h.call(h.users.a.reviewer, 'GET', '/api/v1/projects')).status).toBe(200);
  });

  it_('allows 5 logins per minute per address', async () => {
    h.app.ctx.limiters.login = new RateLimiter({ max: 5, windowMs: 60_000 }, fixedClock);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.call(null, 'POST', '/api/v1/auth/login', { email: 'admin@a.test', password: i < 5 ? 'wrong one' : PASSWORD })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it_('limits each address, before authentication', async () => {
    h.app.ctx.limiters.ip = new RateLimiter({ max: 2, windowMs: 60_000 }, fixedClock);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call(null, 'GET', '/api/v1/projects')).status);
    expect(statuses).toEqual([401, 401, 429]);
    h.app.ctx.limiters.ip = new RateLimiter({ max: 10_000, windowMs: 60_000 });
  });
});
