import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addImage, createProject, STORAGES, startHarness, type Harness } from './harness';

/** Every endpoint of the reference (api-spec 003) with its example payloads, on each storage. */
describe.each(STORAGES)('REST API on $label', ({ kind, skip }) => {
  let h: Harness;
  let project: any;
  let image: any;
  let image2: any;
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    project = await createProject(h, h.users.a.admin);
    image = await addImage(h, h.users.a.admin, project.id, 'images/cats/cat001.jpg', 1920, 1080);
    image2 = await addImage(h, h.users.a.admin, project.id, 'images/dogs/dog001.jpg', 800, 600);
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;

  it_('answers health without auth, with database status, version and uptime', async () => {
    const res = await h.call(null, 'GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', services: { database: 'healthy' }, storage: kind });
    expect(typeof res.body.uptime).toBe('number');
    expect(res.headers['x-request-id']).toMatch(/^req_/);
  });

  it_('keeps a valid X-Request-ID from the client and makes one otherwise', async () => {
    expect((await h.call(null, 'GET', '/api/v1/health', undefined, { 'x-request-id': 'abc-123' })).headers['x-request-id']).toBe('abc-123');
    expect((await h.call(null, 'GET', '/api/v1/health', undefined, { 'x-request-id': 'bad id\u0000' })).headers['x-request-id']).toMatch(/^req_/);
  });

  it_('logs in as the reference shows and validates the token', async () => {
    const login = await h.call(null, 'POST', '/api/v1/auth/login', { email: 'admin@a.test', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { email: 'admin@a.test', role: 'admin', full_name: 'admin of a' } });
    const me = await h.call(h.users.a.reviewer, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ user_id: h.users.a.reviewer.id, email: 'reviewer@a.test', role: 'reviewer' });
    expect(me.body.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it_('lists the members of your team only', async () => {
    const res = await h.call(h.users.a.annotator, 'GET', '/api/v1/users');
    expect(res.body.items.map((u: any) => u.email).sort()).toEqual(['admin@a.test', 'annotator@a.test', 'reviewer@a.test']);
    expect(res.body.items[0]).not.toHaveProperty('password_hash');
  });

  it_('creates a project from the reference payload and ignores server-owned fields', async () => {
    const res = await h.call(h.users.a.admin, 'POST', '/api/v1/projects', {
      name: 'Pet Detection Project',
      description: 'Annotate cats and dogs',
      dataset_id: 'dataset-xyz789',
      task_types: ['classification', 'detection'],
      task_config: {
        classification: { mode: 'multi-label', enable_group_labeling: true },
        detection: { bbox_types: ['horizontal', 'rotated'], min_bbox_size: 10, enable_attributes: true, attributes: [{ name: 'occluded', type: 'boolean', default: false }, { name: 'truncated', type: 'boolean', default: false }] },
      },
      classes: [
        { id: 0, name: 'cat', color: '#FF5733' },
        { id: 1, name: 'dog', color: '#33C3FF' },
      ],
      workflow_type: 'simple',
      enable_ai_assist: true,
      owner_id: 999,
      team_id: 999,
      rev: 77,
      id: 'chosen-by-client',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Pet Detection Project', dataset_id: 'dataset-xyz789', enable_ai_assist: true, owner_id: h.users.a.admin.id, owner: { email: 'admin@a.test' }, status: 'active' });
    expect(res.body.id).not.toBe('chosen-by-client');
    expect(res.body.rev).not.toBe(77);
    expect(res.body.classes[1]).toEqual({ id: 1, name: 'dog', color: '#33C3FF', parent_id: null });
    expect(res.body.stats).toEqual({ total_images: 0, annotated_images: 0, reviewed_images: 0, completion_percentage: 0 });
    // One project per dataset: the dataset endpoint finds it, a second one conflicts.
    const byDataset = await h.call(h.users.a.annotator, 'GET', '/api/v1/datasets/dataset-xyz789/project');
    expect(byDataset.body.id).toBe(res.body.id);
    expect((await h.call(h.users.a.admin, 'POST', '/api/v1/projects', { name: 'again', dataset_id: 'dataset-xyz789' })).status).toBe(409);
  });

  it_('auto-creates the project of a new dataset once (admins), refuses annotators', async () => {
    const first = await h.call(h.users.a.admin, 'GET', '/api/v1/datasets/pets-2/project');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dataset_id: 'pets-2', task_types: ['classification'], total_images: 0, annotated_images: 0, total_annotations: 0, status: 'active' });
    expect((await h.call(h.users.a.admin, 'GET', '/api/v1/datasets/pets-2/project')).body.id).toBe(first.body.id);
    expect((await h.call(h.users.a.annotator, 'GET', '/api/v1/datasets/never-made/project')).status).toBe(403);
    // Team b has its own project for the same dataset id.
    const other = await h.call(h.users.b.admin, 'GET', '/api/v1/datasets/pets-2/project');
    expect(other.body.id).not.toBe(first.body.id);
  });

  it_('lists projects with filters, pagination and sort', async () => {
    for (const [i, status] of ['paused', 'paused', 'completed'].entries()) await createProject(h, h.users.a.admin, { name: `p${i}`, status });
    const paused = await h.call(h.users.a.annotator, 'GET', '/api/v1/projects?status=paused&page=1&page_size=1&sort_by=name&order=asc');
    expect(paused.body).toMatchObject({ total: 2, page: 1, page_size: 1, total_pages: 2 });
    expect(paused.body.items[0].name).toBe('p0');
    const page2 = await h.call(h.users.a.annotator, 'GET', '/api/v1/projects?status=paused&page=2&page_size=1&sort_by=name&order=asc');
    expect(page2.body.items[0].name).toBe('p1');
    expect((await h.call(h.users.a.annotator, 'GET', '/api/v1/projects?dataset_id=dataset-xyz789')).body.total).toBe(1);
    expect((await h.call(h.users.b.admin, 'GET', '/api/v1/projects?status=paused')).body.total).toBe(0);
    expect((await h.call(h.users.a.admin, 'GET', '/api/v1/projects?page_size=101')).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'GET', '/api/v1/projects?sort_by=password_hash')).status).toBe(400);
  });

  it_('updates a project as the reference shows and keeps classes that are in use', async () => {
    const p = await createProject(h, h.users.a.admin, { name: 'to update' });
    const img = await addImage(h, h.users.a.admin, p.id, 'x.png', 100, 100);
    const res = await h.call(h.users.a.admin, 'PATCH', `/api/v1/projects/${p.id}`, {
      name: 'Updated Project Name',
      classes: [
        { id: 0, name: 'cat', color: '#FF5733' },
        { id: 1, name: 'dog', color: '#33C3FF' },
        { id: 2, name: 'bird', color: '#33FF57' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Updated Project Name');
    expect(res.body.classes.map((c: any) => c.name)).toEqual(['cat', 'dog', 'bird']);
    await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${p.id}/annotations`, { image_id: img.id, annotation_type: 'bbox', class_id: 2, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } });
    const removing = await h.call(h.users.a.admin, 'PATCH', `/api/v1/projects/${p.id}`, { classes: [{ id: 0, name: 'cat', color: '#FF5733' }] });
    expect(removing.status).toBe(409);
    expect(removing.body.error.code).toBe('CONFLICT');
    expect((await h.call(h.users.a.admin, 'PATCH', `/api/v1/projects/${p.id}`, { classes: [{ id: 0, name: 'a', color: '#FF5733' }, { id: 0, name: 'b', color: '#FF5733' }] })).status).toBe(400);
  });

  it_('creates every annotation type of the reference and reports area', async () => {
    const payloads = [
      { annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [100, 200, 300, 400] }, attributes: { occluded: false, truncated: false }, caption: 'Main cat in focus' },
      { annotation_type: 'rotated_bbox', class_id: 0, geometry: { type: 'rotated_bbox', cx: 250, cy: 400, width: 300, height: 200, angle: 45 } },
      { annotation_type: 'polygon', class_id: 0, geometry: { type: 'polygon', points: [[100, 200], [150, 180], [200, 220], [180, 250]] } },
      { annotation_type: 'line', class_id: 2, geometry: { type: 'line', p1: [100, 500], p2: [800, 600], width: 5 } },
      { annotation_type: 'polyline', class_id: 2, geometry: { type: 'polyline', points: [[100, 500], [300, 520], [500, 540], [800, 600]], width: 5, closed: false } },
      { annotation_type: 'circle', class_id: 3, geometry: { type: 'circle', center: [500, 500], radius: 200, start_angle: 0, end_angle: 360 } },
      { annotation_type: 'points', class_id: 0, geometry: { type: 'points', points: [[10, 10], [20, 20]] } },
      { annotation_type: 'mask', class_id: 0, geometry: { type: 'mask', rle: { size: [1080, 1920], counts: [0, 10, 2073590] } } },
    ];
    for (const payload of payloads) {
      const res = await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${project.id}/annotations`, { image_id: image.id, ...payload });
      expect(res.status, res.raw).toBe(201);
      expect(res.body).toMatchObject({ project_id: project.id, image_id: image.id, image_filename: 'images/cats/cat001.jpg', annotation_type: payload.annotation_type, annotation_status: 'pending', annotator_id: h.users.a.annotator.id, annotator: { email: 'annotator@a.test' }, reviewer: null });
    }
    const list = await h.call(h.users.a.reviewer, 'GET', `/api/v1/projects/${project.id}/images/${image.id}/annotations`);
    expect(list.body).toHaveLength(payloads.length);
    const bbox = list.body.find((a: any) => a.annotation_type === 'bbox');
    expect(bbox).toMatchObject({ class_name: 'cat', geometry: { type: 'bbox', bbox: [100, 200, 300, 400], area: 120000 }, caption: 'Main cat in focus', attributes: { occluded: false, truncated: false }, validated: false });
  });

  it_('refuses geometry the workstation would refuse, with field details', async () => {
    const url = `/api/v1/projects/${project.id}/annotations`;
    const cases = [
      [{ annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [100, 200, 300] } }, 'geometry.bbox'],
      [{ annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1900, 1000, 300, 400] } }, 'geometry.bbox'],
      [{ annotation_type: 'polygon', class_id: 0, geometry: { type: 'polygon', points: [[0, 0], [1, 1]] } }, 'geometry.points'],
      [{ annotation_type: 'polygon', class_id: 0, geometry: { type: 'polygon', points: [[0, 0], [1, 1], [2, 2]] } }, 'geometry.points'],
      [{ annotation_type: 'bbox', class_id: 9, geometry: { type: 'bbox', bbox: [1, 1, 2, 2] } }, 'class_id'],
      [{ annotation_type: 'polygon', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 2, 2] } }, 'geometry.type'],
      [{ annotation_type: 'mask', class_id: 0, geometry: { type: 'mask', rle: { size: [10, 10], counts: 'abc' } } }, 'geometry.rle.size'],
    ] as const;
    for (const [payload, field] of cases) {
      const res = await h.call(h.users.a.annotator, 'POST', url, { image_id: image.id, ...payload });
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: any) => d.field).some((f: string) => f.startsWith(field)), JSON.stringify(res.body.error.details)).toBe(true);
    }
    const foreign = await h.call(h.users.a.annotator, 'POST', url, { image_id: 'no-such-image', annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 2, 2] } });
    expect(foreign.status).toBe(400);
  });

  it_('lists annotations with every filter of the reference', async () => {
    const p = await createProject(h, h.users.a.admin, { name: 'filters' });
    const i1 = await addImage(h, h.users.a.admin, p.id, '1.png', 100, 100);
    const i2 = await addImage(h, h.users.a.admin, p.id, '2.png', 100, 100);
    const mk = (actor: any, img: any, cls: number, type = 'bbox') =>
      h.call(actor, 'POST', `/api/v1/projects/${p.id}/annotations`, type === 'bbox' ? { image_id: img.id, annotation_type: 'bbox', class_id: cls, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } } : { image_id: img.id, annotation_type: 'polygon', class_id: cls, geometry: { type: 'polygon', points: [[1, 1], [5, 1], [5, 5]] } });
    const a1 = (await mk(h.users.a.annotator, i1, 0)).body;
    await mk(h.users.a.annotator, i1, 1, 'polygon');
    await mk(h.users.a.reviewer, i2, 1);
    await new Promise((r) => setTimeout(r, 5));
    const cut = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await mk(h.users.a.reviewer, i2, 0, 'polygon');
    await h.call(h.users.a.reviewer, 'PATCH', `/api/v1/projects/${p.id}/annotations/${a1.id}`, { annotation_status: 'approved' });
    const count = async (q: string) => (await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/annotations?${q}`)).body.total;
    expect(await count('')).toBe(4);
    expect(await count(`image_id=${i1.id}`)).toBe(2);
    expect(await count('class_id=1')).toBe(2);
    expect(await count('annotation_type=polygon')).toBe(2);
    expect(await count(`annotator_id=${h.users.a.reviewer.id}`)).toBe(2);
    expect(await count('annotation_status=approved')).toBe(1);
    expect(await count('annotation_status=pending')).toBe(3);
    expect(await count(`created_after=${encodeURIComponent(cut)}`)).toBe(1);
    expect(await count(`created_before=${encodeURIComponent(cut)}`)).toBe(3);
    expect(await count('class_id=0&annotation_type=bbox')).toBe(1);
    const page = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/annotations?page=2&page_size=3&sort_by=created_at&order=asc`);
    expect(page.body).toMatchObject({ total: 4, page: 2, page_size: 3, total_pages: 2 });
    expect(page.body.items).toHaveLength(1);
    const approved = (await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/annotations?annotation_status=approved`)).body.items[0];
    expect(approved).toMatchObject({ validated: true, reviewer_id: h.users.a.reviewer.id, reviewer: { email: 'reviewer@a.test' } });
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/annotations?annotation_status=bogus`)).status).toBe(400);
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${p.id}/annotations?created_after=yesterday`)).status).toBe(400);
  });

  it_('updates, deletes, batch-creates and batch-deletes annotations as the reference shows', async () => {
    const url = `/api/v1/projects/${project.id}/annotations`;
    const created = (await h.call(h.users.a.annotator, 'POST', url, { image_id: image2.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [100, 200, 300, 400] }, attributes: { occluded: false } })).body;
    const patched = await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.id}`, { geometry: { type: 'bbox', bbox: [105, 205, 295, 395] }, attributes: { occluded: true } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ geometry: { bbox: [105, 205, 295, 395] }, attributes: { occluded: true } });
    expect(patched.body.rev).toBeGreaterThan(created.rev);
    const batch = await h.call(h.users.a.annotator, 'POST', `${url}/batch`, {
      annotations: [
        { image_id: image2.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 2, 3, 4] } },
        { image_id: image2.id, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [5, 6, 7, 8] } },
      ],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.created).toBe(2);
    expect(batch.body.annotation_ids).toHaveLength(2);
    // All or none: one bad item refuses the batch.
    const bad = await h.call(h.users.a.annotator, 'POST', `${url}/batch`, { annotations: [{ image_id: image2.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 2, 3, 4] } }, { image_id: image2.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [900, 2, 3, 4] } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toMatch(/^annotations\[1\]\.geometry\.bbox/);
    const removed = await h.call(h.users.a.annotator, 'DELETE', `${url}/batch`, { annotation_ids: [...batch.body.annotation_ids, 'unknown-id'] });
    expect(removed.body).toEqual({ deleted: 2 });
    expect((await h.call(h.users.a.annotator, 'DELETE', `${url}/${created.id}`)).status).toBe(204);
    expect((await h.call(h.users.a.annotator, 'DELETE', `${url}/${created.id}`)).status).toBe(404);
    expect((await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.id}`, { caption: 'x' })).status).toBe(404);
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images/${image2.id}/annotations`)).body).toHaveLength(0);
  });

  it_('lists and gets images, sets image-level labels and serves signed URLs', async () => {
    const list = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images?page_size=50`);
    expect(list.body).toMatchObject({ total: 2, page_size: 50 });
    const item = list.body.items.find((i: any) => i.id === image.id);
    expect(item).toMatchObject({ filename: 'images/cats/cat001.jpg', width: 1920, height: 1080, annotated: true, reviewed: false, group_id: null, annotator_id: h.users.a.annotator.id });
    expect(item.annotation_count).toBeGreaterThan(0);
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images?annotated=false`)).body.items.map((i: any) => i.id)).toEqual([image2.id]);
    const patched = await h.call(h.users.a.annotator, 'PATCH', `/api/v1/projects/${project.id}/images/${image2.id}`, { image_annotations: { classes: [0, 1], captions: [{ text: 'A fluffy cat and a small dog', source: 'human', confidence: 1.0 }] }, reviewed: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ annotated: true, reviewed: false, image_annotations: { classes: [0, 1], captions: [{ text: 'A fluffy cat and a small dog', source: 'human', confidence: 1 }] } });
    expect((await h.call(h.users.a.reviewer, 'PATCH', `/api/v1/projects/${project.id}/images/${image2.id}`, { reviewed: true })).body.reviewed).toBe(true);
    expect((await h.call(h.users.a.annotator, 'PATCH', `/api/v1/projects/${project.id}/images/${image2.id}`, { image_annotations: { classes: [42], captions: [] } })).status).toBe(400);
    const one = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images/${image.id}`);
    expect(one.body).toMatchObject({ id: image.id, width: 1920, height: 1080 });
    expect(one.body.annotations.length).toBe(item.annotation_count);

    const url = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images/${image.id}/url?expires_in=60`);
    expect(url.body.expires_in).toBe(60);
    expect(Date.parse(url.body.expires_at)).toBeGreaterThan(Date.now());
    const path = new URL(url.body.url).pathname + new URL(url.body.url).search;
    const file = await h.app.inject({ url: path });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await h.app.inject({ url: path.replace(/signature=(.)/, (_m, c) => `signature=${c === '0' ? '1' : '0'}`) })).statusCode).toBe(403);
    expect((await h.app.inject({ url: path.replace(/expires=\d+/, 'expires=1') })).statusCode).toBe(403);
    const download = await h.app.inject({ url: `/api/v1/projects/${project.id}/images/${image.id}/file`, headers: { authorization: `Bearer ${h.users.a.annotator.token}` } });
    expect(download.rawPayload.equals(file.rawPayload)).toBe(true);
  });

  it_('uploads files idempotently by sha256 and refuses damaged or non-image bytes', async () => {
    const bytes = (await h.app.inject({ url: `/api/v1/projects/${project.id}/images/${image.id}/file`, headers: { authorization: `Bearer ${h.users.a.admin.token}` } })).rawPayload;
    const sha = image.sha256;
    const head = await h.call(h.users.a.admin, 'HEAD', `/api/v1/files/${sha}`);
    expect(head.status).toBe(200);
    expect((await h.call(h.users.b.admin, 'HEAD', `/api/v1/files/${sha}`)).status).toBe(404);
    const again = await h.call(h.users.a.admin, 'PUT', `/api/v1/files/${sha}`, bytes, { 'content-type': 'application/octet-stream' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sha256: sha, width: 1920, height: 1080, created: false });
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 1] ^= 1;
    expect((await h.call(h.users.a.admin, 'PUT', `/api/v1/files/${sha}`, damaged, { 'content-type': 'application/octet-stream' })).status).toBe(400);
    const text = Buffer.from('not an image at all');
    const textSha = (await import('node:crypto')).createHash('sha256').update(text).digest('hex');
    const refused = await h.call(h.users.a.admin, 'PUT', `/api/v1/files/${textSha}`, text, { 'content-type': 'application/octet-stream' });
    expect(refused.status).toBe(415);
    expect(refused.body.error.code).toBe('UNSUPPORTED_FILE');
    expect((await h.call(h.users.b.admin, 'POST', `/api/v1/projects/${(await createProject(h, h.users.b.admin)).id}/images`, { filename: 'stolen.png', sha256: sha })).status).toBe(400);
  });

  it_('creates, lists and updates tasks as the reference shows', async () => {
    const url = `/api/v1/projects/${project.id}/tasks`;
    const created = await h.call(h.users.a.reviewer, 'POST', url, { task_name: 'Annotate batch 1', task_description: 'First 100 images', assignee_id: h.users.a.annotator.id, image_ids: [image.id, image2.id], due_date: '2025-01-20T23:59:59Z' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ project_id: project.id, task_name: 'Annotate batch 1', assignee: { id: h.users.a.annotator.id, email: 'annotator@a.test' }, assigner: { id: h.users.a.reviewer.id }, image_ids: [image.id, image2.id], total_images: 2, status: 'pending', progress: 0, completion_percentage: 0, due_date: '2025-01-20T23:59:59.000Z', started_at: null, completed_at: null });
    expect(created.body.assigned_at).toBeTruthy();
    const started = await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.body.id}`, { status: 'in_progress', progress: 1 });
    expect(started.body).toMatchObject({ status: 'in_progress', progress: 1, completion_percentage: 50 });
    expect(started.body.started_at).toBeTruthy();
    expect((await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.body.id}`, { task_name: 'mine now' })).status).toBe(403);
    expect((await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.body.id}`, { progress: 3 })).status).toBe(400);
    const done = await h.call(h.users.a.annotator, 'PATCH', `${url}/${created.body.id}`, { status: 'completed' });
    expect(done.body.completed_at).toBeTruthy();
    expect((await h.call(h.users.a.annotator, 'POST', url, { task_name: 'x' })).status).toBe(403);
    expect((await h.call(h.users.a.admin, 'POST', url, { task_name: 'x', assignee_id: h.users.b.annotator.id })).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'POST', url, { task_name: 'x', image_ids: ['nope'] })).status).toBe(400);
    await h.call(h.users.a.admin, 'POST', url, { task_name: 'unassigned' });
    const mine = await h.call(h.users.a.annotator, 'GET', `${url}?assignee_id=${h.users.a.annotator.id}`);
    expect(mine.body.total).toBe(1);
    expect((await h.call(h.users.a.annotator, 'GET', `${url}?status=pending`)).body.total).toBe(1);
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images?assigned_to=${h.users.a.annotator.id}`)).body.total).toBe(2);
    expect((await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images?assigned_to=${h.users.a.reviewer.id}`)).body.total).toBe(0);
  });

  it_('threads comments with replies, filters them and resolves them', async () => {
    const url = `/api/v1/projects/${project.id}/comments`;
    const top = await h.call(h.users.a.admin, 'POST', url, { image_id: image.id, annotation_id: null, text: 'This image has poor lighting', comment_type: 'issue' });
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ image_id: image.id, parent_id: null, thread_level: 0, comment_type: 'issue', resolved: false, edited: false, replies: [], author: { email: 'admin@a.test' } });
    const reply = await h.call(h.users.a.annotator, 'POST', url, { parent_id: top.body.id, text: 'Agreed, should we re-capture?' });
    expect(reply.body).toMatchObject({ parent_id: top.body.id, thread_level: 1, image_id: image.id });
    const deeper = await h.call(h.users.a.reviewer, 'POST', url, { parent_id: reply.body.id, text: 'Yes.' });
    expect(deeper.body.thread_level).toBe(2);
    await h.call(h.users.a.annotator, 'POST', url, { text: 'Project-wide remark' });
    const threads = await h.call(h.users.a.annotator, 'GET', `${url}?image_id=${image.id}`);
    expect(threads.body.total).toBe(1);
    expect(threads.body.items[0].replies.map((r: any) => r.text)).toEqual(['Agreed, should we re-capture?', 'Yes.']);
    expect((await h.call(h.users.a.annotator, 'PATCH', `${url}/${top.body.id}/resolve`)).status).toBe(403);
    const resolved = await h.call(h.users.a.reviewer, 'PATCH', `${url}/${top.body.id}/resolve`);
    expect(resolved.body).toMatchObject({ id: top.body.id, resolved: true, resolved_by: h.users.a.reviewer.id });
    expect((await h.call(h.users.a.annotator, 'GET', `${url}?resolved=true`)).body.total).toBe(1);
    expect((await h.call(h.users.a.annotator, 'GET', `${url}?resolved=false`)).body.total).toBe(1);
    expect((await h.call(h.users.a.annotator, 'POST', url, { parent_id: 'missing', text: 'x' })).status).toBe(400);
    const ann = (await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/images/${image.id}/annotations`)).body[0];
    const onAnnotation = await h.call(h.users.a.annotator, 'POST', url, { annotation_id: ann.id, text: 'box too loose' });
    expect(onAnnotation.body.image_id).toBe(image.id);
    expect((await h.call(h.users.a.annotator, 'GET', `${url}?annotation_id=${ann.id}`)).body.total).toBe(1);
  });

  it_('exports asynchronously (202, then status and a signed download) and snapshots', async () => {
    const started = await h.call(h.users.a.reviewer, 'POST', `/api/v1/projects/${project.id}/export`, { format: 'custom', include_images: false, split: { train: 0.8, val: 0.1, test: 0.1 } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'processing' });
    expect(started.body.export_id).toMatch(/^export-/);
    await Promise.allSettled([...h.app.ctx.jobs]);
    const status = await h.call(h.users.a.annotator, 'GET', `/api/v1/projects/${project.id}/exports/${started.body.export_id}`);
    expect(status.body).toMatchObject({ export_id: started.body.export_id, status: 'completed', format: 'custom' });
    expect(status.body.file_size_bytes).toBeGreaterThan(0);
    const u = new URL(status.body.download_url);
    const file = await h.app.inject({ url: u.pathname + u.search });
    expect(file.statusCode).toBe(200);
    const content = JSON.parse(file.body);
    expect(content.images.map((i: any) => i.split).every((s: string) => ['train', 'val', 'test'].includes(s))).toBe(true);
    expect(content.annotations.length).toBe(content.project.total_annotations);
    const zipped = await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/export`, { format: 'custom', include_images: true });
    await Promise.allSettled([...h.app.ctx.jobs]);
    const zipStatus = await h.call(h.users.a.admin, 'GET', `/api/v1/projects/${project.id}/exports/${zipped.body.export_id}`);
    const zu = new URL(zipStatus.body.download_url);
    const zip = await h.app.inject({ url: zu.pathname + zu.search });
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${project.id}/export`, { format: 'custom' })).status).toBe(403);
    expect((await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/export`, { format: 'custom', split: { train: 0.5, val: 0.1, test: 0.1 } })).status).toBe(400);
    expect((await h.call(h.users.a.admin, 'GET', `/api/v1/projects/${project.id}/exports/export-missing`)).status).toBe(404);

    const snap = await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/snapshots`, { version_tag: 'v1', description: 'First complete version' });
    expect(snap.status).toBe(201);
    expect(snap.body).toMatchObject({ snapshot_id: `${project.id}-v1`, snapshot_type: 'manual', version_tag: 'v1', status: 'valid', total_images: 2 });
    expect(snap.body.storage_path).toMatch(/snapshots\/.*-v1\.json$/);
    expect((await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/snapshots`, { version_tag: 'v1' })).status).toBe(409);
    expect((await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/snapshots`, {})).body.version_tag).toBe('v2');
  });

  it_('exports coco, yolo and pascal_voc through the shared format writers', async () => {
    const { default: yauzl } = await import('yauzl');
    const entries = (buffer: Buffer) =>
      new Promise<string[]>((resolve, reject) =>
        yauzl.fromBuffer(buffer, { lazyEntries: false }, (error, zip) => {
          if (error || !zip) return reject(error);
          const names: string[] = [];
          zip.on('entry', (e) => names.push(e.fileName));
          zip.on('end', () => resolve(names));
        }),
      );
    const expected: Record<string, RegExp> = { coco: /\.json$/, yolo: /^labels\/.*\.txt$|data\.yaml$/, pascal_voc: /\.xml$/ };
    for (const format of ['coco', 'yolo', 'pascal_voc']) {
      const started = await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/export`, { format, include_images: format === 'yolo', split: { train: 0.5, val: 0.5, test: 0 } });
      expect(started.status, started.raw).toBe(202);
      await Promise.allSettled([...h.app.ctx.jobs]);
      const status = await h.call(h.users.a.admin, 'GET', `/api/v1/projects/${project.id}/exports/${started.body.export_id}`);
      expect(status.body.status, JSON.stringify(status.body)).toBe('completed');
      const u = new URL(status.body.download_url);
      const zip = await h.app.inject({ url: u.pathname + u.search });
      const names = await entries(zip.rawPayload);
      expect(names, format).toContain('export_report.json');
      expect(names.some((n) => expected[format].test(n)), `${format}: ${names.join(', ')}`).toBe(true);
      if (format === 'yolo') expect(names.some((n) => /^images\/.*\.jpg$/.test(n)), names.join(", ")).toBe(true);
    }
  });

  it_('answers AI endpoints honestly when no model is configured', async () => {
    const seg = await h.call(h.users.a.annotator, 'POST', '/api/v1/ai/segment', { project_id: project.id, image_id: image.id, prompts: { points: [{ x: 500, y: 500, type: 'positive' }, { x: 600, y: 600, type: 'negative' }], boxes: [{ bbox: [400, 400, 200, 200] }] } });
    expect([200, 501]).toContain(seg.status);
    if (seg.status === 501) expect(seg.body.error.code).toBe('NOT_IMPLEMENTED');
    const cap = await h.call(h.users.a.annotator, 'POST', '/api/v1/ai/caption', { project_id: project.id, image_id: image.id, prompt_template: 'Describe this object in detail' });
    expect(cap.status).toBe(501);
    expect(cap.body.error.code).toBe('NOT_IMPLEMENTED');
    expect((await h.call(h.users.b.annotator, 'POST', '/api/v1/ai/caption', { project_id: project.id, image_id: image.id })).status).toBe(404);
  });

  it_('deletes a project with everything in it (cascade)', async () => {
    const p = await createProject(h, h.users.a.admin, { name: 'doomed' });
    const img = await addImage(h, h.users.a.admin, p.id, 'd.png', 50, 50);
    const a = await h.call(h.users.a.annotator, 'POST', `/api/v1/projects/${p.id}/annotations`, { image_id: img.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 2, 2] } });
    await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${p.id}/tasks`, { task_name: 't', image_ids: [img.id] });
    await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${p.id}/comments`, { annotation_id: a.body.id, text: 'c' });
    expect((await h.call(h.users.a.reviewer, 'DELETE', `/api/v1/projects/${p.id}`)).status).toBe(403);
    expect((await h.call(h.users.a.admin, 'DELETE', `/api/v1/projects/${p.id}`)).status).toBe(204);
    expect((await h.call(h.users.a.admin, 'GET', `/api/v1/projects/${p.id}`)).status).toBe(404);
    for (const table of ['images', 'annotations', 'tasks', 'comments', 'events']) {
      expect((await h.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ?`, [p.id]))!.n, table).toBe(0);
    }
    expect((await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM task_images WHERE image_id = ?', [img.id]))!.n).toBe(0);
  });

  it_('answers unknown routes, bad JSON and wrong content types in the error envelope', async () => {
    const missing = await h.call(h.users.a.admin, 'GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const badJson = await h.app.inject({ method: 'POST', url: '/api/v1/projects', payload: '{"name":', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.users.a.admin.token}` } });
    expect(badJson.statusCode).toBe(400);
    expect(JSON.parse(badJson.body).error.code).toBe('VALIDATION_ERROR');
    const xml = await h.app.inject({ method: 'POST', url: '/api/v1/projects', payload: '<x/>', headers: { 'content-type': 'application/xml', authorization: `Bearer ${h.users.a.admin.token}` } });
    expect(xml.statusCode).toBe(415);
    const notFound = await h.call(h.users.a.admin, 'GET', '/api/v1/projects/project-abc123');
    expect(notFound.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Project not found', resource_type: 'project', resource_id: 'project-abc123' } });
  });

  it_('serves an OpenAPI 3.1 document of every endpoint', async () => {
    const res = await h.call(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/projects/{project_id}/annotations', '/api/v1/auth/login', '/api/v1/sync/push', '/api/v1/projects/{project_id}/changes', '/api/v1/ai/segment']) expect(res.body.paths[path], path).toBeDefined();
    const create = res.body.paths['/api/v1/projects/{project_id}/annotations'].post;
    expect(create.requestBody.content['application/json'].schema.properties.geometry).toBeDefined();
    expect(create.responses['201']).toBeDefined();
  });
});
