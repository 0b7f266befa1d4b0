import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildServer, openStorage, type LabelerServer, type Storage } from '../../src-server/index';
import { addImage, createProject, STORAGES, startHarness, type Harness } from './harness';

interface Client {
  ws: WebSocket;
  messages: any[];
  send(message: unknown): void;
  /** Resolves with the first message (from now on or already received) matching `pred`. */
  next(pred: (m: any) => boolean, ms?: number): Promise<any>;
  closed: Promise<number>;
}

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const messages: any[] = [];
    const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      messages.push(m);
      for (const w of waiters.splice(0)) (w.pred(m) ? w.resolve(m) : waiters.push(w));
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        closed,
        send: (m) => ws.send(JSON.stringify(m)),
        next: (pred, ms = 5000) =>
          new Promise((res, rej) => {
            const found = messages.find(pred);
            if (found) return res(found);
            const timer = setTimeout(() => rej(new Error(`no matching message; got ${JSON.stringify(messages).slice(0, 500)}`)), ms);
            waiters.push({ pred, resolve: (m) => (clearTimeout(timer), res(m)) });
          }),
      }),
    );
  });
}

async function authed(port: number, token: string, projectId?: string): Promise<Client> {
  const c = await connect(port);
  c.send({ type: 'auth', token });
  await c.next((m) => m.type === 'auth.ok');
  if (projectId) {
    c.send({ type: 'subscribe', channel: `project:${projectId}` });
    await c.next((m) => m.type === 'subscribed' || m.type === 'error');
  }
  return c;
}

describe.each(STORAGES)('WebSocket /ws on $label', ({ kind, skip }) => {
  let h: Harness;
  let port: number;
  let project: any;
  let image: any;
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as { port: number }).port;
    project = await createProject(h, h.users.a.admin);
    image = await addImage(h, h.users.a.admin, project.id, 'ws.png', 300, 300);
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;

  it_('sends annotation events, in order, only to subscribers allowed to see the project', async () => {
    const insider = await authed(port, h.users.a.annotator.token, project.id);
    const reviewer = await authed(port, h.users.a.reviewer.token, project.id);
    const outsider = await authed(port, h.users.b.admin.token, project.id);
    expect(outsider.messages.find((m) => m.type === 'error')).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const idle = await authed(port, h.users.a.admin.token);
    const P = `/api/v1/projects/${project.id}/annotations`;
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await h.call(h.users.a.admin, 'POST', P, { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [i, i, 10, 10] } })).body);
    await h.call(h.users.a.admin, 'PATCH', `${P}/${created[0].id}`, { geometry: { type: 'bbox', bbox: [2, 2, 10, 10] }, attributes: { occluded: true } });
    await h.call(h.users.a.admin, 'DELETE', `${P}/${created[1].id}`);
    await h.call(h.users.a.admin, 'POST', `${P}/batch`, { annotations: [1, 2, 3].map((k) => ({ image_id: image.id, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [k, k, 5, 5] } })) });
    await insider.next((m) => m.type === 'annotation.created' && m.annotation.geometry.bbox[0] === 3 && m.annotation.class_id === 1);
    const events = insider.messages.filter((m) => m.type.startsWith('annotation.'));
    expect(events.map((e) => e.type)).toEqual([...Array(5).fill('annotation.created'), 'annotation.updated', 'annotation.deleted', ...Array(3).fill('annotation.created')]);
    const revs = events.map((e) => e.rev);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    expect(events[0]).toMatchObject({ project_id: project.id, annotation: { id: created[0].id, image_id: image.id, annotator_id: h.users.a.admin.id } });
    expect(events[5]).toMatchObject({ type: 'annotation.updated', project_id: project.id, annotation_id: created[0].id, changes: { geometry: { type: 'bbox', bbox: [2, 2, 10, 10] }, attributes: { occluded: true } } });
    expect(events[6]).toMatchObject({ type: 'annotation.deleted', annotation_id: created[1].id });
    expect(typeof events[0].timestamp).toBe('string');
    await reviewer.next((m) => m.type === 'annotation.created' && m.annotation.geometry.bbox[0] === 3 && m.annotation.class_id === 1);
    expect(reviewer.messages.filter((m) => m.type.startsWith('annotation.')).map((e) => e.rev)).toEqual(revs);
    await new Promise((r) => setTimeout(r, 100));
    expect(outsider.messages.filter((m) => m.type.startsWith('annotation.'))).toEqual([]);
    expect(idle.messages.filter((m) => m.type.startsWith('annotation.'))).toEqual([]);

    // Presence: user.viewing reaches the other subscribers in the reference's shape.
    insider.send({ type: 'user.viewing', project_id: project.id, image_id: image.id });
    const viewing = await reviewer.next((m) => m.type === 'user.viewing');
    expect(viewing).toMatchObject({ type: 'user.viewing', project_id: project.id, user_id: h.users.a.annotator.id, image_id: image.id });
    outsider.send({ type: 'user.viewing', project_id: project.id, image_id: image.id });
    expect(await outsider.next((m) => m.type === 'error' && m.error.code === 'FORBIDDEN')).toBeTruthy();
    for (const c of [insider, reviewer, outsider, idle]) c.ws.close();
  });

  it_('requires the auth message first and closes on a bad token', async () => {
    const anon = await connect(port);
    anon.send({ type: 'subscribe', channel: `project:${project.id}` });
    expect(await anon.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    anon.send({ type: 'auth', token: 'not-a-token' });
    expect(await anon.closed).toBe(4401);
    const garbage = await connect(port);
    garbage.ws.send('{not json');
    expect(await garbage.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    garbage.ws.close();
  });

  (skip || kind !== 'postgres' ? it.skip : it)('fans events out to another server process through LISTEN/NOTIFY (PostgreSQL only; one process per SQLite file)', async () => {
    // A second server on the same database (as another process would be): a write on one reaches subscribers of the other.
    let db2: Storage | undefined;
    let app2: LabelerServer | undefined;
    try {
      db2 = await openStorage(process.env.LABELER_TEST_PG_URL!, { schema: h.db.namespace });
      app2 = await buildServer({ db: db2, filesDir: h.app.ctx.config.filesDir, rateLimits: { enabled: false } });
      await app2.listen({ host: '127.0.0.1', port: 0 });
      const port2 = (app2.server.address() as { port: number }).port;
      const remote = await authed(port2, h.users.a.reviewer.token, project.id);
      const made = (await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/annotations`, { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [50, 50, 10, 10] } })).body;
      const event = await remote.next((m) => m.type === 'annotation.created');
      expect(event.annotation.id).toBe(made.id);
      remote.ws.close();
    } finally {
      await app2?.close();
      await db2?.close();
    }
  });
});
