import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncServiceOf } from '../../src-main/core/sync/sync-handlers';
import { writeImage } from '../fixtures/images';
import { CLASSES, PASSWORD, localAnnotations, serverAnnotations, serverProject, signIn, startServer, tempDir, workstation, type TestServer, type Workstation } from './harness';
import { startProxy, type Fault, type FaultProxy } from './proxy';

/** Sync scenarios against the real server on loopback (faults, where needed, from the proxy). */
describe('sync', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  const open: Workstation[] = [];
  const ws = async (options?: Parameters<typeof workstation>[1]) => {
    const w = await workstation(undefined, options);
    open.push(w);
    return w;
  };
  beforeAll(async () => {
    server = await startServer();
    proxy = await startProxy(server.url);
  });
  afterAll(async () => {
    for (const w of open) w.close();
    await proxy?.close();
    await server?.close();
  });
  const bbox = (imageId: string, x: number) => ({ image_id: imageId, annotation_type: 'bbox' as const, class_id: 0, geometry: { type: 'bbox' as const, bbox: [x, 10, 20, 20] as [number, number, number, number] } });
  const sync = (w: Workstation, projectId?: string) => w.core.call('syncNow', { project_id: projectId });

  it('converges two workstations after concurrent offline edits, merging fields and keeping every losing version', async () => {
    const project = await serverProject(server, 'offline edits', 1);
    const image = project.images[0].id;
    const a = await ws();
    const b = await ws();
    await signIn(a, server, 'reviewer');
    await signIn(b, server, 'reviewer2');
    await a.core.call('syncLink', { server_project_id: project.id });
    await b.core.call('syncLink', { server_project_id: project.id });
    expect(await sync(a)).toMatchObject({ pulled: 1, pending: 0 });
    const made = await a.core.call('createAnnotations', { annotations: [bbox(image, 1), bbox(image, 2), bbox(image, 3)] });
    const [one, two, three] = made.annotation_ids;
    expect(await sync(a)).toMatchObject({ pushed: 3, pending: 0 });
    expect(await sync(b)).toMatchObject({ pulled: 4 });

    // Offline on both sides.
    await a.core.call('updateAnnotation', { annotation_id: one, patch: { geometry: { type: 'bbox', bbox: [50, 50, 10, 10] } } });
    await b.core.call('updateAnnotation', { annotation_id: one, patch: { class_id: 2 } });
    await a.core.call('updateAnnotation', { annotation_id: two, patch: { caption: 'a says cat' } });
    await b.core.call('updateAnnotation', { annotation_id: two, patch: { caption: 'b says dog' } });
    await a.core.call('updateAnnotation', { annotation_id: three, patch: { caption: 'a keeps it' } });
    await b.core.call('deleteAnnotation', { annotation_id: three });

    await sync(a);
    const report = await sync(b);
    expect(report.conflicts).toBe(2);
    await sync(a);
    const onServer = await serverAnnotations(server, project.id);
    expect(localAnnotations(a.core, project.id)).toEqual(onServer);
    expect(localAnnotations(b.core, project.id)).toEqual(onServer);
    // Different fields merge: A's geometry and B's class.
    expect(onServer.get(one)).toMatchObject({ class_id: 2, geometry: { type: 'bbox', bbox: [50, 50, 10, 10] } });
    // Same field: the version the server had first (A's) wins everywhere; B's is kept and listed.
    expect(onServer.get(two)).toMatchObject({ caption: 'a says cat' });
    expect(onServer.get(three)).toMatchObject({ caption: 'a keeps it', deleted: false });
    const status = await b.core.call('syncStatus', {});
    expect(status.conflicts).toBe(2);
    const conflicts = await b.core.call('syncConflicts', {});
    const caption = conflicts.find((c) => c.row_id === two)!;
    expect(caption).toMatchObject({ groups: ['attributes'], winner: 'remote', losing: { caption: 'b says dog' }, winning: { caption: 'a says cat' } });
    const deletion = conflicts.find((c) => c.row_id === three)!;
    expect(deletion).toMatchObject({ groups: ['deleted'], winner: 'remote', losing: { deleted: true } });
    expect(await a.core.call('syncConflicts', {})).toEqual([]);

    // Restoring a losing version is a new local edit, pushed like any other.
    await b.core.call('syncRestoreConflict', { conflict_id: caption.id });
    await b.core.call('syncRestoreConflict', { conflict_id: deletion.id });
    await expect(b.core.call('syncRestoreConflict', { conflict_id: caption.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await sync(b);
    await sync(a);
    const after = await serverAnnotations(server, project.id);
    expect(after.get(two)).toMatchObject({ caption: 'b says dog' });
    expect(after.get(three)).toMatchObject({ deleted: true });
    expect(localAnnotations(a.core, project.id)).toEqual(after);
    expect((await b.core.call('syncStatus', {})).conflicts).toBe(0);
    expect((await b.core.call('syncConflicts', { include_resolved: true })).map((c) => c.resolution).sort()).toEqual(['restored', 'restored']);
  });

  it('parks a change the server refuses, with its reason and data, and keeps the queue moving', async () => {
    const project = await serverProject(server, 'refusals', 1);
    const image = project.images[0].id;
    const admins = await server.api('admin', 'POST', `/projects/${project.id}/annotations`, bbox(image, 5));
    const a = await ws();
    await signIn(a, server, 'annotator');
    await a.core.call('syncLink', { server_project_id: project.id });
    await sync(a);
    // An annotator may not change someone else's annotation: refused; their own new one goes through.
    await a.core.call('updateAnnotation', { annotation_id: admins.id, patch: { caption: 'not mine to change' } });
    const mine = await a.core.call('createAnnotation', bbox(image, 40));
    const report = await sync(a);
    expect(report).toMatchObject({ pushed: 1, parked: 1, pending: 0 });
    const parked = await a.core.call('syncParked', {});
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ op: 'update', entity: 'annotations', row_id: admins.id, code: 'FORBIDDEN', data: { caption: 'not mine to change' } });
    expect(parked[0].reason).toMatch(/only their own/);
    expect((await serverAnnotations(server, project.id)).has(mine.id)).toBe(true);
    expect((await a.core.call('syncStatus', {})).parked).toBe(1);

    // Retrying fails the same way; discarding takes the server's version back.
    await a.core.call('syncRetryParked', { seq: parked[0].seq });
    expect(await sync(a)).toMatchObject({ parked: 1 });
    const again = await a.core.call('syncParked', {});
    await a.core.call('syncDiscardParked', { seq: again[0].seq });
    await sync(a);
    expect(await a.core.call('syncParked', {})).toEqual([]);
    expect(localAnnotations(a.core, project.id).get(admins.id)).toMatchObject({ caption: null });
    expect(localAnnotations(a.core, project.id)).toEqual(await serverAnnotations(server, project.id));
  });

  it('creates a local project on the server, uploads each image once, and another workstation gets its tasks with their files and a server export', async () => {
    const folder = tempDir('labeler-sync-images-');
    await writeImage(path.join(folder, 'a.png'), 120, 80);
    await writeImage(path.join(folder, 'b.jpg'), 90, 60, 'jpeg');
    const admin = await ws();
    await signIn(admin, server, 'admin', proxy.url);
    const local = await admin.core.call('createProject', { name: 'from a workstation', classes: CLASSES.map((c) => ({ ...c, parent_id: null })) });
    await admin.core.call('importFolder', { project_id: local.id, path: folder });
    const images = (await admin.core.call('listImages', { project_id: local.id })).items;
    await admin.core.call('createAnnotation', bbox(images[0].id, 5));
    const puts: string[] = [];
    proxy.decide = (r): Fault => {
      if (r.method === 'PUT') puts.push(r.path);
      return 'pass';
    };
    const link = await admin.core.call('syncLink', { project_id: local.id });
    expect(await sync(admin)).toMatchObject({ pushed: 3, parked: 0, pending: 0 });
    expect(puts).toHaveLength(2);
    await admin.core.call('updateImage', { image_id: images[1].id, image_annotations: { classes: [1], captions: [] } });
    await sync(admin);
    expect(puts, 'files are content-addressed: never uploaded twice').toHaveLength(2);
    const serverImages = await server.db.all<{ id: string; sha256: string; image_annotations: string }>('SELECT id, sha256, image_annotations FROM images WHERE project_id = ? ORDER BY filename', [link.server_project_id]);
    expect(serverImages.map((i) => i.id)).toEqual(images.map((i) => i.id));
    expect(JSON.parse(serverImages[1].image_annotations).classes).toEqual([1]);

    // A task on the server for the reviewer: their workstation pulls it with its image files.
    await server.api('admin', 'POST', `/projects/${link.server_project_id}/tasks`, { task_name: 'label these', assignee_id: server.ids.reviewer, image_ids: [images[0].id] });
    const reviewer = await ws();
    await signIn(reviewer, server, 'reviewer');
    await reviewer.core.call('syncLink', { server_project_id: link.server_project_id });
    await sync(reviewer);
    const theirImages = (await reviewer.core.call('listImages', { project_id: link.server_project_id })).items;
    expect(theirImages.map((i) => i.filename)).toEqual(['a.png', 'b.jpg']);
    const assigned = theirImages.find((i) => i.id === images[0].id)!;
    expect(createHash('sha256').update(fs.readFileSync(assigned.path)).digest('hex')).toBe(images[0].sha256);
    expect(fs.existsSync(theirImages.find((i) => i.id === images[1].id)!.path), 'only the images of my tasks come by themselves').toBe(false);
    const tasks = reviewer.core.store.db.prepare('SELECT name, assignee_id FROM tasks WHERE project_id = ?').all(link.server_project_id);
    expect(tasks).toEqual([{ name: 'label these', assignee_id: `server-user-${server.ids.reviewer}` }]);
    expect(await reviewer.core.call('syncDownloadImages', { project_id: link.server_project_id })).toMatchObject({ downloaded: 1, present: 1, failed: [] });
    expect(await reviewer.core.call('listAnnotations', { image_id: images[0].id })).toHaveLength(1);

    const out = path.join(tempDir(), 'export.zip');
    const fetched = await reviewer.core.call('syncFetchExport', { project_id: link.server_project_id, format: 'coco', out_path: out });
    expect(fetched.size_bytes).toBeGreaterThan(100);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    proxy.decide = () => 'pass';
  });

  it('waits as a 429 says, refreshes once on a 401, and asks to sign in again after a second 401, keeping the queue', async () => {
    const project = await serverProject(server, 'failures', 1);
    const a = await ws();
    await signIn(a, server, 'reviewer', proxy.url);
    await a.core.call('syncLink', { server_project_id: project.id });
    await sync(a);
    const script: Fault[] = ['rate_limit', 'unauthorized'];
    proxy.decide = (r) => (r.path.includes('/sync/push') ? (script.shift() ?? 'pass') : 'pass');
    await a.core.call('createAnnotation', bbox(project.images[0].id, 1));
    expect(await sync(a)).toMatchObject({ pushed: 1, pending: 0 });
    expect(Math.max(...a.clock.waits), 'waited as Retry-After / X-RateLimit-Reset said').toBeGreaterThanOrEqual(900);

    script.push('unauthorized', 'unauthorized');
    await a.core.call('createAnnotation', bbox(project.images[0].id, 2));
    await expect(sync(a)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const status = await a.core.call('syncStatus', {});
    expect(status).toMatchObject({ state: 'signed_out', pending: 1, account: { needs_sign_in: true } });
    await expect(sync(a)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await signIn(a, server, 'reviewer', proxy.url);
    expect(await sync(a)).toMatchObject({ pushed: 1, pending: 0 });
    expect((await serverAnnotations(server, project.id)).size).toBe(2);
    proxy.decide = () => 'pass';
  });

  it('signs requests with an API key (HMAC over timestamp and body)', async () => {
    const project = await serverProject(server, 'api key', 1);
    const key = await server.api('reviewer', 'POST', '/auth/api-keys', { name: 'workstation', permissions: ['read', 'write'] });
    const a = await ws();
    const account = await a.core.call('syncSignIn', { server_url: `${server.url}/api/v1/`, api_key: key.api_key, api_secret: key.api_secret });
    expect(account).toMatchObject({ auth_method: 'api_key', user_id: server.ids.reviewer, server_url: server.url });
    await a.core.call('syncLink', { server_project_id: project.id });
    expect(await sync(a)).toMatchObject({ pushed: 0, pulled: 1 });
    await a.core.call('createAnnotation', bbox(project.images[0].id, 3));
    expect(await sync(a)).toMatchObject({ pushed: 1, pulled: 0, pending: 0 });
    expect(localAnnotations(a.core, project.id)).toEqual(await serverAnnotations(server, project.id));
  });

  it('delivers all N changes made offline after quitting and starting again online', async () => {
    const N = 150;
    const project = await serverProject(server, 'quit offline', 1);
    const image = project.images[0].id;
    let a = await ws({ attempts: 2 });
    await signIn(a, server, 'reviewer', proxy.url);
    await a.core.call('syncLink', { server_project_id: project.id });
    await sync(a);
    proxy.decide = () => 'drop_request';
    const ids: string[] = [];
    const captions = new Map<string, string>();
    for (let i = 0; i < N; i++) {
      if (i % 3 === 2) {
        await a.core.call('updateAnnotation', { annotation_id: ids.at(-1)!, patch: { caption: `edit ${i}` } });
        captions.set(ids.at(-1)!, `edit ${i}`);
      } else ids.push((await a.core.call('createAnnotation', bbox(image, i % 100))).id);
    }
    await expect(sync(a)).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect((await a.core.call('syncStatus', {})).pending).toBeGreaterThanOrEqual(ids.length);
    a = await a.reopen();
    open.push(a);
    proxy.decide = () => 'pass';
    expect(await sync(a)).toMatchObject({ pending: 0, parked: 0 });
    const remote = await serverAnnotations(server, project.id);
    expect(remote.size).toBe(ids.length);
    for (const [id, caption] of captions) expect(remote.get(id)?.caption).toBe(caption);
    expect(localAnnotations(a.core, project.id)).toEqual(remote);
  });

  it('syncs in the background: local edits push by themselves, WebSocket hints pull sooner than the timer', async () => {
    const project = await serverProject(server, 'background', 1);
    const a = await ws({ background: true });
    const b = await ws({ background: true });
    await signIn(a, server, 'reviewer');
    await signIn(b, server, 'reviewer2');
    await a.core.call('syncLink', { server_project_id: project.id });
    await b.core.call('syncLink', { server_project_id: project.id });
    const events: string[] = [];
    b.core.bus.listen((name, payload) => name === 'syncStatus' && events.push((payload as { state: string }).state));
    await a.core.call('syncStatus', {});
    await b.core.call('syncStatus', {});
    const until = async (what: () => boolean, ms = 8000) => {
      for (const start = Date.now(); !what(); ) {
        if (Date.now() - start > ms) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => localAnnotations(b.core, project.id).size === 0 && b.core.store.db.prepare('SELECT COUNT(*) FROM images WHERE project_id = ?').pluck().get(project.id) === 1);
    await new Promise((r) => setTimeout(r, 300));
    const made = await a.core.call('createAnnotation', bbox(project.images[0].id, 7));
    await until(() => localAnnotations(b.core, project.id).has(made.id));
    expect(events.length, 'the status indicator heard about it').toBeGreaterThan(0);
    expect((await a.core.call('syncStatus', {})).pending).toBe(0);
  });

  it('keeps tokens out of the database, in a file only its owner can read; signing out forgets them', async () => {
    const a = await ws();
    await signIn(a, server, 'reviewer');
    const file = path.join(a.dir, 'sync-secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(fs.readFileSync(file, 'utf8'));
    const token = JSON.parse(Object.values(secrets)[0] as string).access_token as string;
    expect(fs.readFileSync(path.join(a.dir, 'labeler.db')).includes(Buffer.from(token))).toBe(false);
    expect(fs.readFileSync(path.join(a.dir, 'labeler.db')).includes(Buffer.from(PASSWORD))).toBe(false);
    await a.core.call('syncSignOut', {});
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({});
    expect(await a.core.call('syncStatus', {})).toMatchObject({ state: 'signed_out', account: null });
    // The session ended on the server too.
    expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(syncServiceOf(a.core.store).status().account).toBeNull();
  });

  it('takes the role from the server while signed in, and refuses to change it locally', async () => {
    const a = await ws();
    expect(await a.core.call('getProfile', {})).toMatchObject({ role: 'admin' });
    await signIn(a, server, 'annotator');
    const profile = await a.core.call('getProfile', {});
    expect(profile).toMatchObject({ role: 'annotator', role_from_server: server.url });
    // Admin-only work is refused as it would be on the server.
    await expect(a.core.call('savePerson', { full_name: 'Someone', role: 'annotator' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(a.core.call('setProfile', { full_name: profile.full_name, role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(server.url) });
    expect(await a.core.call('setProfile', { full_name: 'Ann Otator', role: 'annotator' })).toMatchObject({ full_name: 'Ann Otator', role: 'annotator' });
    await a.core.call('syncSignOut', {});
    const local = await a.core.call('getProfile', {});
    expect(local).toMatchObject({ full_name: 'Ann Otator', role: 'annotator' });
    expect(local.role_from_server).toBeUndefined();
  });
});
