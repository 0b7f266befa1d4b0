import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addImage, createProject, STORAGES, startHarness, type Harness } from './harness';

/** The sync extension: change feed (GET …/changes) and idempotent push (POST /sync/push). */
describe.each(STORAGES)('sync extension on $label', ({ kind, skip }) => {
  let h: Harness;
  let project: any;
  let image: any;
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    project = await createProject(h, h.users.a.admin);
    image = await addImage(h, h.users.a.admin, project.id, 'sync.png', 400, 300);
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;
  const bbox = (x = 10) => ({ image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [x, 10, 20, 20] } });
  const id = () => crypto.randomUUID();

  it_('applies each (client_id, seq) exactly once and answers applied, duplicate, conflict or rejected', async () => {
    const me = h.users.a.annotator;
    const a1 = id();
    const a2 = id();
    const mutations = [
      { seq: 1, op: 'create', entity: 'annotation', project_id: project.id, id: a1, data: bbox(10) },
      { seq: 2, op: 'create', entity: 'annotation', project_id: project.id, id: a2, data: bbox(20) },
      { seq: 3, op: 'update', entity: 'annotation', project_id: project.id, id: a1, data: { caption: 'first edit' } },
      { seq: 4, op: 'create', entity: 'annotation', project_id: project.id, id: id(), data: { ...bbox(), geometry: { type: 'bbox', bbox: [390, 10, 50, 20] } } },
      { seq: 5, op: 'create', entity: 'annotation', project_id: 'no-such-project', id: id(), data: bbox() },
      { seq: 6, op: 'create', entity: 'annotation', project_id: project.id, id: a1, data: bbox(30) },
      { seq: 7, op: 'create', entity: 'comment', project_id: project.id, id: id(), data: { annotation_id: a1, text: 'pushed comment' } },
      { seq: 8, op: 'update', entity: 'image', project_id: project.id, id: image.id, data: { image_annotations: { classes: [1], captions: [] } } },
    ];
    const first = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations });
    expect(first.status).toBe(200);
    const statuses = first.body.results.map((r: any) => r.status);
    expect(statuses).toEqual(['applied', 'applied', 'applied', 'rejected', 'rejected', 'conflict', 'applied', 'applied']);
    expect(first.body.results[3]).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(first.body.results[4]).toMatchObject({ code: 'NOT_FOUND' });
    expect(first.body.results[5].server_row).toMatchObject({ id: a1, caption: 'first edit' });
    const rev1 = first.body.results[2].rev;

    // The same push again (a retry after a lost answer) changes nothing.
    const again = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations });
    expect(again.body.results.map((r: any) => r.status)).toEqual(Array(8).fill('duplicate'));
    expect(again.body.results.map((r: any) => r.original_status)).toEqual(statuses);
    expect(again.body.results[2].rev).toBe(rev1);
    const list = await h.call(me, 'GET', `/api/v1/projects/${project.id}/images/${image.id}/annotations`);
    expect(list.body.filter((a: any) => a.id === a1)).toHaveLength(1);
    expect(list.body.find((a: any) => a.id === a1).caption).toBe('first edit');

    // A stale base_rev is a conflict carrying the server's row; the current one applies.
    const stale = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations: [{ seq: 9, op: 'update', entity: 'annotation', project_id: project.id, id: a1, base_rev: rev1 - 1, data: { caption: 'lost' } }] });
    expect(stale.body.results[0]).toMatchObject({ status: 'conflict', server_row: { id: a1, caption: 'first edit', rev: rev1 } });
    const fresh = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations: [{ seq: 10, op: 'delete', entity: 'annotation', project_id: project.id, id: a2, base_rev: first.body.results[1].rev }] });
    expect(fresh.body.results[0].status).toBe('applied');
    // Rules are the REST rules: an annotator cannot delete someone else's annotation.
    const admins = (await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/annotations`, bbox())).body;
    const forbidden = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations: [{ seq: 11, op: 'delete', entity: 'annotation', project_id: project.id, id: admins.id }] });
    expect(forbidden.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    // A client id belongs to the user who used it first.
    expect((await h.call(h.users.a.reviewer, 'POST', '/api/v1/sync/push', { client_id: 'laptop-of-annotator', mutations: [{ seq: 99, op: 'delete', entity: 'annotation', project_id: project.id, id: a1 }] })).status).toBe(403);
  });

  it_('applies a run of creates together, and one by one when one of them is refused or was seen before', async () => {
    const me = h.users.a.annotator;
    const ids = Array.from({ length: 6 }, id);
    const create = (seq: number, i: number, data: Record<string, unknown> = bbox(10 + i)) => ({ seq, op: 'create', entity: 'annotation', project_id: project.id, id: ids[i], data });
    const together = await h.call(me, 'POST', '/api/v1/sync/push', { client_id: 'runs-of-creates', mutations: [create(1, 0), create(2, 1), create(3, 2)] });
    expect(together.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const revs = together.body.results.map((r: any) => r.rev);
    expect(new Set(revs).size).toBe(3);
    // Seq 3 again, in the middle of a run, and a refused create: the rest still apply, each once.
    const mixed = await h.call(me, 'POST', '/api/v1/sync/push', {
      client_id: 'runs-of-creates',
      mutations: [create(4, 3), create(3, 2), create(5, 4, { ...bbox(), class_id: 99 }), create(6, 5), { seq: 7, op: 'delete', entity: 'annotation', project_id: project.id, id: id() }],
    });
    expect(mixed.body.results.map((r: any) => r.status)).toEqual(['applied', 'duplicate', 'rejected', 'applied', 'rejected']);
    expect(mixed.body.results[1]).toMatchObject({ original_status: 'applied', rev: revs[2] });
    expect(mixed.body.results[4]).toMatchObject({ code: 'NOT_FOUND' });
    const list = (await h.call(me, 'GET', `/api/v1/projects/${project.id}/images/${image.id}/annotations`)).body.map((a: any) => a.id);
    expect(ids.filter((x) => list.includes(x))).toEqual([ids[0], ids[1], ids[2], ids[3], ids[5]]);
  });

  it_('applies a push sent twice at the same time only once', async () => {
    const ids = Array.from({ length: 20 }, id);
    const body = { client_id: 'racing-client-01', mutations: ids.map((a, i) => ({ seq: i, op: 'create', entity: 'annotation', project_id: project.id, id: a, data: bbox(i) })) };
    const [x, y] = await Promise.all([h.call(h.users.a.reviewer, 'POST', '/api/v1/sync/push', body), h.call(h.users.a.reviewer, 'POST', '/api/v1/sync/push', body)]);
    for (let i = 0; i < ids.length; i++) {
      expect([x.body.results[i].status, y.body.results[i].status].sort()).toEqual(['applied', 'duplicate']);
    }
    const n = await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM annotations WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(Number(n!.n)).toBe(ids.length);
  });

  it_('pages the change feed by cursor with tombstones, in revision order', async () => {
    const p = await createProject(h, h.users.a.admin, { name: 'feed' });
    const img = await addImage(h, h.users.a.admin, p.id, 'f.png', 100, 100);
    const mk = async () => (await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${p.id}/annotations`, { image_id: img.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } })).body;
    const a = await mk();
    const b = await mk();
    await h.call(h.users.a.annotator, 'DELETE', `/api/v1/projects/${p.id}/annotations/${a.id}`);
    await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${p.id}/tasks`, { task_name: 'feed task', image_ids: [img.id] });
    await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${p.id}/comments`, { annotation_id: b.id, text: 'c' });
    const seen: any[] = [];
    let cursor = '0';
    for (let guard = 0; guard < 20; guard++) {
      const page = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/changes?since=${cursor}&limit=2`);
      expect(page.status).toBe(200);
      seen.push(...page.body.changes);
      expect(Number(page.body.cursor)).toBeGreaterThanOrEqual(Number(cursor));
      cursor = page.body.cursor;
      if (!page.body.has_more) break;
    }
    expect(seen.map((c) => c.entity)).toEqual(['project', 'image', 'annotation', 'annotation', 'task', 'comment']);
    const revs = seen.map((c) => c.rev);
    expect([...revs].sort((x, y) => x - y)).toEqual(revs);
    const tomb = seen.find((c) => c.id === a.id);
    expect(tomb).toMatchObject({ deleted: true, data: { id: a.id } });
    expect(tomb.data.deleted_at).toBeTruthy();
    const empty = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/changes?since=${cursor}`);
    expect(empty.body).toEqual({ changes: [], cursor, has_more: false });
    expect((await h.call(h.users.b.admin, 'GET', `/api/v1/projects/${p.id}/changes`)).status).toBe(404);
    expect((await h.call(h.users.a.admin, 'GET', `/api/v1/projects/${p.id}/changes?since=abc`)).status).toBe(400);
  });

  it_('never misses or repeats a row across pages while others write', async () => {
    const p = await createProject(h, h.users.a.admin, { name: 'concurrent feed' });
    const img = await addImage(h, h.users.a.admin, p.id, 'c.png', 100, 100);
    const P = `/api/v1/projects/${p.id}`;
    const writers = [h.users.a.annotator, h.users.a.reviewer, h.users.a.admin];
    let writing = true;
    const write = async (actor: any, w: number) => {
      const mine: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = Math.random();
        if (r < 0.5 || mine.length === 0) {
          const res = await h.call(actor, 'POST', `${P}/annotations/batch`, { annotations: [1, 2].map((k) => ({ image_id: img.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [k + w, i % 50, 5, 5] } })) });
          mine.push(...res.body.annotation_ids);
        } else if (r < 0.8) {
          await h.call(actor, 'PATCH', `${P}/annotations/${mine[Math.floor(Math.random() * mine.length)]}`, { caption: `edit ${w}.${i}` });
        } else {
          await h.call(actor, 'DELETE', `${P}/annotations/${mine.splice(Math.floor(Math.random() * mine.length), 1)[0]}`);
        }
      }
    };
    const seenPairs = new Set<string>();
    const lastRev = new Map<string, number>();
    let cursor = '0';
    let previous = 0;
    const readPage = async () => {
      const page = await h.call(h.users.a.annotator, 'GET', `${P}/changes?since=${cursor}&limit=7`);
      expect(page.status).toBe(200);
      for (const c of page.body.changes) {
        const key = `${c.entity}:${c.id}@${c.rev}`;
        expect(seenPairs.has(key), `repeated ${key}`).toBe(false);
        seenPairs.add(key);
        expect(c.rev).toBeGreaterThan(previous);
        previous = c.rev;
        expect(c.data.rev).toBe(c.rev);
        lastRev.set(`${c.entity}:${c.id}`, c.rev);
      }
      cursor = page.body.cursor;
      return page.body.has_more as boolean;
    };
    const reader = (async () => {
      // app.inject of a body-less GET never leaves the microtask queue: yield so the writers run.
      while (writing) {
        await readPage();
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all(writers.map((w, i) => write(w, i)));
    writing = false;
    await reader;
    while (await readPage());
    // Every row's final revision was seen: nothing missed.
    const finals = await h.db.all<{ id: string; rev: number }>('SELECT id, rev FROM annotations WHERE project_id = ?', [p.id]);
    expect(finals.length).toBeGreaterThan(0);
    for (const f of finals) expect(lastRev.get(`annotation:${f.id}`), f.id).toBe(Number(f.rev));
  });
});
