import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { migrations } from '../../src-main/core/store/migrations';
import { tempDir } from '../fixtures/images';
import { actAs, drawBox, projectWithImages } from './qa-fixtures';

let core: Core;
beforeEach(async () => {
  core = await createCore({ dataDir: tempDir(), transport: 'ipc', checkOutputs: true });
});
afterEach(() => core.close());

const outbox = () => core.store.db.prepare('SELECT entity, op FROM outbox ORDER BY seq').all().map((e) => `${(e as { entity: string }).entity}.${(e as { op: string }).op}`);

describe('migrations', () => {
  it('are numbered 1..n without gaps or duplicates', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });
});

describe('people and roles', () => {
  it('starts as a local admin, then becomes whoever sets the profile', async () => {
    const first = await core.call('getProfile', {});
    expect(first).toMatchObject({ full_name: 'Local user', role: 'admin', is_local: true });
    const ann = await core.call('setProfile', { full_name: 'Ann', email: 'ann@example.com', role: 'labeler' });
    expect(ann).toMatchObject({ id: first.id, full_name: 'Ann', role: 'annotator' });
    const bob = await actAs(core, 'Bob', 'reviewer');
    expect(bob.id).not.toBe(ann.id);
    const back = await core.call('setProfile', { full_name: 'Ann B.', email: 'ANN@example.com', role: 'annotator' });
    expect(back).toMatchObject({ id: ann.id, full_name: 'Ann B.', is_local: true });
    expect((await core.call('listPeople', {})).map((p) => [p.full_name, p.is_local])).toEqual([['Ann B.', true], ['Bob', false]]);
    // Someone without an email is switched to by id.
    await actAs(core, 'Root', 'admin');
    const cid = await core.call('savePerson', { full_name: 'Cid', role: 'reviewer' });
    expect(await core.call('setProfile', { person_id: cid.id, full_name: 'Cid', role: 'reviewer' })).toMatchObject({ id: cid.id, email: null, is_local: true });
    expect((await core.call('listPeople', {})).filter((p) => p.is_local).map((p) => p.id)).toEqual([cid.id]);
  });

  it('lets only an admin add people, and refuses a taken email', async () => {
    await actAs(core, 'Ann', 'annotator');
    expect(await core.dispatch('savePerson', { full_name: 'Cid', role: 'annotator' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/profile set/) } });
    await actAs(core, 'Root', 'admin');
    const cid = await core.call('savePerson', { full_name: 'Cid', email: 'cid@example.com', role: 'annotator' });
    expect(cid.is_local).toBe(false);
    expect(await core.dispatch('savePerson', { full_name: 'Other', email: 'cid@example.com', role: 'annotator' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('review', () => {
  it('queues images awaiting review, filtered by annotator, class, type and status', async () => {
    const { project, images } = await projectWithImages(core, 3);
    const ann = await actAs(core, 'Ann');
    const bob = await actAs(core, 'Bob');
    await drawBox(core, images[0].id, ann.id, [10, 10, 50, 50], 0);
    await drawBox(core, images[1].id, bob.id, [10, 10, 50, 50], 1);
    const queue = await core.call('reviewQueue', { project_id: project.id });
    expect(queue.items.map((e) => [e.filename, e.pending, e.annotator_ids])).toEqual([['img0.png', 1, [ann.id]], ['img1.png', 1, [bob.id]]]);
    expect((await core.call('reviewQueue', { project_id: project.id, annotator_id: bob.id })).items.map((e) => e.filename)).toEqual(['img1.png']);
    expect((await core.call('reviewQueue', { project_id: project.id, class_id: 0 })).total).toBe(1);
    expect((await core.call('reviewQueue', { project_id: project.id, annotation_type: 'polygon' })).total).toBe(0);
    expect((await core.call('reviewQueue', { project_id: project.id, annotation_status: 'approved' })).total).toBe(0);
  });

  it('runs approve, reject with a reason, next — recording reviewer, time and a pinned issue', async () => {
    const { project, images } = await projectWithImages(core, 3);
    const ann = await actAs(core, 'Ann');
    const a1 = await drawBox(core, images[0].id, ann.id, [10, 20, 40, 60]);
    const a2 = await drawBox(core, images[0].id, ann.id, [100, 10, 20, 20]);
    await drawBox(core, images[2].id, ann.id, [1, 1, 5, 5]);
    expect(await core.dispatch('reviewAnnotations', { annotation_ids: [a1.id], status: 'approved' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const rita = await actAs(core, 'Rita', 'reviewer');
    const approved = await core.call('reviewAnnotations', { annotation_ids: [a1.id], status: 'approved' });
    expect(approved.annotations[0]).toMatchObject({ annotation_status: 'approved', reviewer_id: rita.id });
    const rejected = await core.call('reviewAnnotations', { annotation_ids: [a2.id], status: 'rejected', reason: 'box too loose' });
    expect(rejected.comment_ids).toHaveLength(1);
    const [issue] = (await core.call('listComments', { project_id: project.id, annotation_id: a2.id })).items;
    expect(issue).toMatchObject({ text: 'Rejected: box too loose', comment_type: 'issue', x: 110, y: 20, image_id: images[0].id, author: { full_name: 'Rita' } });

    const done = await core.call('reviewImage', { image_id: images[0].id });
    expect(done.image.reviewed).toBe(true);
    expect(done.next_image_id).toBe(images[2].id);
    expect((await core.call('reviewQueue', { project_id: project.id })).items.map((e) => e.filename)).toEqual(['img2.png']);
    expect((await core.call('reviewQueue', { project_id: project.id, reviewed: true })).items[0]).toMatchObject({ approved: 1, rejected: 1, open_issues: 1 });

    const history = await core.call('reviewHistory', { project_id: project.id });
    expect(history.items.map((h) => h.action)).toEqual(['reviewed', 'reject', 'approve']);
    expect(history.items[1]).toMatchObject({ reviewer: { id: rita.id }, reason: 'box too loose', comment_id: issue.id });
    expect(outbox()).toEqual(expect.arrayContaining(['annotations.update', 'reviews.create', 'comments.create', 'images.update']));
  });

  it('steps through the queue with reviewNeighbours', async () => {
    const { images } = await projectWithImages(core, 3);
    const ann = await actAs(core, 'Ann');
    for (const image of images) await drawBox(core, image.id, ann.id, [1, 1, 5, 5]);
    expect(await core.call('reviewNeighbours', { image_id: images[1].id })).toEqual({ previous: images[0].id, next: images[2].id, index: 1, total: 3 });
  });
});

describe('comments', () => {
  it('threads pinned on an image with replies, resolve and reopen, and open issues per project', async () => {
    const { project, images } = await projectWithImages(core, 2);
    await actAs(core, 'Rita', 'reviewer');
    const thread = await core.call('createComment', { image_id: images[0].id, text: 'Poor lighting', comment_type: 'issue', x: 50, y: 40 });
    expect(thread).toMatchObject({ thread_level: 0, x: 50, y: 40, resolved: false, project_id: project.id });
    await actAs(core, 'Ann');
    const reply = await core.call('createComment', { parent_id: thread.id, text: 'Agreed, re-capture?' });
    expect(reply).toMatchObject({ thread_level: 1, parent_id: thread.id, image_id: images[0].id, comment_type: 'issue' });
    const replyToReply = await core.call('createComment', { parent_id: reply.id, text: 'Yes' });
    expect(replyToReply.parent_id).toBe(thread.id);

    let issues = await core.call('openIssues', { project_id: project.id });
    expect(issues).toMatchObject({ total: 1, by_image: [{ image_id: images[0].id, filename: 'img0.png', open: 1 }] });
    expect(issues.threads[0].replies.map((r) => r.text)).toEqual(['Agreed, re-capture?', 'Yes']);

    const resolved = await core.call('resolveComment', { comment_id: reply.id });
    expect(resolved).toMatchObject({ id: thread.id, resolved: true, resolved_by: { full_name: 'Ann' } });
    expect((await core.call('openIssues', { project_id: project.id })).total).toBe(0);
    await core.call('resolveComment', { comment_id: thread.id, resolved: false });
    issues = await core.call('openIssues', { project_id: project.id });
    expect(issues.threads[0]).toMatchObject({ resolved: false, resolved_by: null });

    expect(await core.dispatch('editComment', { comment_id: thread.id, text: 'hijack' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await core.call('editComment', { comment_id: reply.id, text: 'Agreed.' })).toMatchObject({ text: 'Agreed.', edited: true });
    expect(await core.dispatch('createComment', { image_id: images[0].id, text: 'x', x: 500, y: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    await actAs(core, 'Rita', 'reviewer');
    expect(await core.call('deleteComment', { comment_id: thread.id })).toEqual({ deleted: 3 });
    expect((await core.call('listComments', { project_id: project.id })).total).toBe(0);
  });
});

describe('tasks', () => {
  it('split images into batches for people, with gold mixed in and progress from the store', async () => {
    const { project, images } = await projectWithImages(core, 7);
    const ann = await actAs(core, 'Ann');
    const bob = await actAs(core, 'Bob');
    await actAs(core, 'Boss', 'admin');
    await core.call('markGold', { image_id: images[6].id, shapes: [{ class_id: 0, geometry: { type: 'bbox', bbox: [0, 0, 10, 10] } }] });
    await core.call('setQaSettings', { project_id: project.id, patch: { goldTaskPercentage: 20 } });
    const tasks = await core.call('createTaskBatches', { project_id: project.id, batch_size: 3, assignee_ids: [ann.id, bob.id], due_date: '2000-01-01' });
    expect(tasks.map((t) => [t.task_name, t.assignee?.full_name, t.total_images])).toEqual([['Batch 1', 'Ann', 4], ['Batch 2', 'Bob', 4]]);
    for (const t of tasks) expect(t.image_ids).toContain(images[6].id);
    expect(tasks[0]).toMatchObject({ progress: 0, status: 'pending', overdue: true, assigner: { full_name: 'Boss' } });
    expect(await core.dispatch('createTaskBatches', { project_id: project.id, batch_size: 3 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });

    await actAs(core, 'Ann');
    await drawBox(core, tasks[0].image_ids[0], ann.id, [1, 1, 5, 5]);
    const [mine] = await core.call('myTasks', {});
    expect(mine).toMatchObject({ id: tasks[0].id, done: 1, progress: 25, status: 'in_progress' });
    expect(await core.dispatch('updateTask', { task_id: tasks[0].id, patch: { task_name: 'mine now' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const completed = await core.call('updateTask', { task_id: tasks[0].id, patch: { status: 'completed' } });
    expect(completed).toMatchObject({ status: 'completed', overdue: false });
    expect(completed.completed_at).not.toBeNull();
    expect((await core.call('listTasks', { project_id: project.id, assignee_id: bob.id })).map((t) => t.task_name)).toEqual(['Batch 2']);
  });

  it('refuse images of another project', async () => {
    const { project } = await projectWithImages(core, 1);
    const other = await projectWithImages(core, 1);
    expect(await core.dispatch('createTask', { project_id: project.id, task_name: 't', image_ids: [other.images[0].id] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: expect.stringMatching(/Not in this project/) } });
  });
});

describe('geometry consensus', () => {
  it('merges boxes drawn by several annotators and scores them against gold shapes', async () => {
    const { project, images } = await projectWithImages(core, 1);
    const [ann, bob, cid] = [await actAs(core, 'Ann'), await actAs(core, 'Bob'), await actAs(core, 'Cid')];
    await drawBox(core, images[0].id, ann.id, [10, 10, 40, 40]);
    await drawBox(core, images[0].id, bob.id, [12, 10, 40, 40]);
    await drawBox(core, images[0].id, cid.id, [11, 13, 40, 40]);
    await drawBox(core, images[0].id, cid.id, [150, 50, 20, 20], 1);
    const consensus = await core.call('imageConsensus', { image_id: images[0].id });
    expect(consensus.min_votes).toBe(2);
    expect(consensus.kept).toHaveLength(1);
    expect(consensus.kept[0]).toMatchObject({ class_id: 0, method: 'box-average', geometry: { type: 'bbox', bbox: [11, 11, 40, 40] } });
    expect(consensus.dropped).toHaveLength(1);

    await actAs(core, 'Boss', 'admin');
    await core.call('markGold', { image_id: images[0].id, shapes: [{ class_id: 0, geometry: { type: 'bbox', bbox: [10, 10, 40, 40] } }] });
    const report = await core.call('qaReport', { project_id: project.id });
    expect(report.gold.per_annotator.map((g) => [g.person?.full_name, g.accuracy])).toEqual(expect.arrayContaining([['Ann', 1], ['Bob', 1]]));
    const cidGold = report.gold.geometry.find((g) => g.annotator === cid.id)!;
    expect(cidGold.overall).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(report.agreement.images.images_compared).toBe(1);
    expect(report.consensus.images).toMatchObject({ total: 1, reached: 1 });
  });
});
