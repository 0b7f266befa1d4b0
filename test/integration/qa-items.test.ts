import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { csvRecords } from '../../src-shared/qa/csv';
import { tempDir } from '../fixtures/images';
import { actAs, projectWithImages } from './qa-fixtures';

let core: Core;
beforeEach(async () => {
  core = await createCore({ dataDir: tempDir(), transport: 'ipc', checkOutputs: true });
});
afterEach(() => core.close());

const textItems = (n: number, goldEvery = 0) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({
    type: 'TXT_CLS', id: `t${i}`, data: { text: `message ${i}`, categories: ['spam', 'ham'] },
    ...(goldEvery && i % goldEvery === 0 ? { expected: i % 2 ? 'spam' : 'ham' } : {}),
  })).join('\n');

/** The local annotator answers every item of their queue with `choose`, taking `ms` each. */
async function workThrough(projectId: string, choose: (item: { id: string; choices: { value: string }[] }, n: number) => string, ms = 5000) {
  const answered: string[] = [];
  for (let n = 0; n < 500; n++) {
    const { item } = await core.call('nextItem', { project_id: projectId });
    if (!item) break;
    await core.call('submitResponse', { item_id: item.id, answer: { choices: [choose(item, n)] }, time_spent_ms: ms });
    answered.push(item.id);
  }
  return answered;
}

describe('items', () => {
  it('import from JSONL and CSV, report bad lines, skip ids already there, and resolve IMG_CLS images by filename', async () => {
    const { project, images } = await projectWithImages(core, 2);
    const jsonl = [
      JSON.stringify({ type: 'TXT_CLS', id: 'a', data: { text: 'Win a prize', categories: ['spam', 'ham'] } }),
      JSON.stringify({ type: 'RLHF_PAIR', id: 'b', data: { prompt: 'Capital of France?', responseA: 'Paris.', responseB: 'Lyon.' }, expected: 'A' }),
      JSON.stringify({ type: 'IMG_CLS', id: 'c', image: 'img1.png', categories: ['cat', 'dog'] }),
      JSON.stringify({ type: 'IMG_CLS', id: 'd', image: 'missing.png', categories: ['cat', 'dog'] }),
      '{broken',
    ].join('\n');
    const report = await core.call('importItems', { project_id: project.id, content: jsonl });
    expect(report).toMatchObject({ format: 'jsonl', read: 5, imported: 3, gold: 1, skipped_existing: 0 });
    expect(report.failed.map((f) => f.line)).toEqual([4, 5]);
    expect(report.failed[0].reason).toMatch(/no image "missing.png"/);
    expect((await core.call('importItems', { project_id: project.id, content: jsonl })).skipped_existing).toBe(3);

    const file = path.join(tempDir(), 'items.csv');
    fs.writeFileSync(file, 'type,id,question,choices,allow_multiple,expected\r\nQUESTION,q1,"What do you see?","person|car|tree",yes,person|car\r\n');
    expect(await core.call('importItems', { project_id: project.id, path: file })).toMatchObject({ format: 'csv', imported: 1, gold: 1 });

    const items = await core.call('listItems', { project_id: project.id });
    expect(items.items.map((i) => [i.external_id, i.item_type, i.is_gold])).toEqual([['a', 'TXT_CLS', false], ['b', 'RLHF_PAIR', true], ['c', 'IMG_CLS', false], ['q1', 'QUESTION', true]]);
    expect(items.items[2]).toMatchObject({ data: { image_id: images[1].id } });
    expect(items.items[3]).toMatchObject({ expected: { choices: ['person', 'car'] }, data: { allowMultiple: true } });
    expect(await core.dispatch('importItems', { project_id: project.id, path: '/no/such.jsonl' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serve an annotator item by item with choices, never saying which are gold; skip needs a reason', async () => {
    const { project } = await projectWithImages(core, 0);
    await core.call('importItems', { project_id: project.id, content: textItems(3) + '\n' + JSON.stringify({ type: 'RLHF_PAIR', id: 'p', data: { prompt: 'Hi', responseA: 'Hello!', responseB: 'Go away.' } }) });
    await actAs(core, 'Ann');
    const first = await core.call('nextItem', { project_id: project.id });
    expect(first).toMatchObject({ position: 0, remaining: 4, total: 4, item: { item_type: 'TXT_CLS', choices: [{ value: 'spam' }, { value: 'ham' }], allow_multiple: false, my_response: null } });
    expect(JSON.stringify(first.item)).not.toMatch(/gold|expected/);
    expect(await core.dispatch('submitResponse', { item_id: first.item!.id, answer: { choices: ['eggs'] }, time_spent_ms: 900 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    const response = await core.call('submitResponse', { item_id: first.item!.id, answer: { choices: ['spam'] }, time_spent_ms: 2500, confidence: 0.9 });
    expect(response).toMatchObject({ answer: { choices: ['spam'] }, time_spent_ms: 2500, annotator: { full_name: 'Ann' }, review_status: 'pending' });
    const second = await core.call('nextItem', { project_id: project.id });
    expect(await core.dispatch('skipItem', { item_id: second.item!.id, reason: ' ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    await core.call('skipItem', { item_id: second.item!.id, reason: 'unclear text', time_spent_ms: 1200 });
    const peek = await core.call('nextItem', { project_id: project.id, after_item_id: (await core.call('nextItem', { project_id: project.id })).item!.id });
    expect(peek.item).toMatchObject({ item_type: 'RLHF_PAIR', choices: [{ value: 'A' }, { value: 'B' }, { value: 'tie' }] });
    await core.call('submitResponse', { item_id: peek.item!.id, answer: { choices: ['A'], rationale: 'polite' }, time_spent_ms: 8000 });
    expect((await core.call('nextItem', { project_id: project.id })).remaining).toBe(1);
    const again = await core.call('submitResponse', { item_id: first.item!.id, answer: { choices: ['ham'] }, time_spent_ms: 3000 });
    expect(again.id).toBe(response.id);
    expect((await core.call('listResponses', { project_id: project.id })).total).toBe(3);
  });

  it('mix the configured share of gold into each queue, deterministically per annotator', async () => {
    const { project } = await projectWithImages(core, 0);
    await core.call('importItems', { project_id: project.id, content: textItems(40, 4) });
    await core.call('setQaSettings', { project_id: project.id, patch: { goldTaskPercentage: 25, consensusRequired: 2 } });
    const queueOf = async (who: string) => {
      await actAs(core, who);
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const next = await core.call('nextItem', { project_id: project.id, after_item_id: after });
        if (!next.item || ids.includes(next.item.id)) break;
        ids.push(next.item.id);
        after = next.item.id;
      }
      return ids;
    };
    const gold = new Set((await core.call('listGold', { project_id: project.id })).map((g) => g.item_id));
    const ann = await queueOf('Ann');
    expect(ann).toHaveLength(40);
    expect(ann.filter((id) => gold.has(id))).toHaveLength(10);
    expect(await queueOf('Ann')).toEqual(ann);
    expect(await queueOf('Bob')).not.toEqual(ann);
  });
});

describe('quality report, consensus and analytics', () => {
  it('gives agreement, gold accuracy per annotator, consensus coverage and speed flags', async () => {
    const { project } = await projectWithImages(core, 0);
    await core.call('importItems', { project_id: project.id, content: textItems(12, 4) });
    await core.call('setQaSettings', { project_id: project.id, patch: { goldTaskPercentage: 25, consensusRequired: 3 } });
    const items = (await core.call('listItems', { project_id: project.id })).items;
    const label = new Map(items.map((i) => [i.id, Number(i.external_id!.slice(1)) % 3 === 0 ? 'spam' : 'ham']));
    const gold = new Map(items.filter((i) => i.expected).map((i) => [i.id, i.expected!.choices[0]]));
    const right = (item: { id: string }) => gold.get(item.id) ?? label.get(item.id)!;

    await actAs(core, 'Ann');
    await workThrough(project.id, right);
    await actAs(core, 'Bob');
    await workThrough(project.id, right);
    await actAs(core, 'Cid');
    await workThrough(project.id, () => 'spam', 300);

    await actAs(core, 'Rita', 'reviewer');
    const report = await core.call('qaReport', { project_id: project.id });
    const byName = new Map(report.gold.per_annotator.map((g) => [g.person!.full_name, g]));
    expect(byName.get('Ann')).toMatchObject({ attempts: 3, correct: 3, accuracy: 1 });
    expect(byName.get('Bob')).toMatchObject({ attempts: 3, accuracy: 1 });
    expect(byName.get('Cid')).toMatchObject({ attempts: 3, correct: 0, accuracy: 0 });
    const text = report.agreement.items[0];
    expect(text).toMatchObject({ item_type: 'TXT_CLS', items: 12, annotators: 3, ratings: 36 });
    expect(text.cohen.pairs.find((p) => p.n === 12 && p.kappa === 1)).toBeDefined();
    expect(report.consensus.items).toEqual({ total: 9, reached: 9, coverage: 1 });
    expect(report.flags.map((f) => [f.check_type, f.user.full_name])).toContainEqual(['speed_check', 'Cid']);
    expect(report.flags.find((f) => f.check_type === 'speed_check')!.flag_reason).toMatch(/100% of 12 answers took under 2 s/);

    const consensus = await core.call('itemConsensus', { project_id: project.id, method: 'majority' });
    expect(consensus.items.every((i) => i.choices[0] === label.get(i.item_id))).toBe(true);

    const cid = report.annotators.find((a) => a.full_name === 'Cid')!;
    await core.call('flagUser', { project_id: project.id, user_id: cid.id, reason: 'Inconsistent response patterns' });
    const flags = await core.call('listFlags', { project_id: project.id });
    expect(flags.filter((f) => f.user.id === cid.id).map((f) => f.check_type)).toEqual(['speed_check', 'gold_accuracy', 'manual']);
    expect(flags.find((f) => f.check_type === 'gold_accuracy')!.flag_reason).toBe('Low accuracy on gold: 0% (0 of 3), below 70%');

    const analytics = await core.call('analytics', { project_id: project.id, days: 7 });
    expect(analytics.overview).toMatchObject({ activeUsers: 3, labelsToday: 36, totalLabels: 36 });
    expect(analytics.labels_per_day).toHaveLength(7);
    expect(analytics.per_class.map((c) => c.label).sort()).toEqual(['ham', 'spam']);
    expect(analytics.accuracy_distribution.reduce((s, b) => s + b.value, 0)).toBe(3);
    expect(analytics.top_performers.slice(0, 2).sort()).toEqual(report.annotators.filter((a) => a.full_name !== 'Cid').map((a) => a.id).sort());
    expect(analytics.quality_alerts.map((a) => a.title)).toContain('Fast Responses');

    const csv = await core.call('exportAnalytics', { project_id: project.id, format: 'csv', section: 'annotators' });
    const parsed = csvRecords(csv.content!);
    expect(parsed.ok && parsed.records.map((r) => r.record.full_name).sort()).toEqual(['Ann', 'Bob', 'Cid']);
  });

  it('export responses as JSONL and CSV that read back', async () => {
    const { project } = await projectWithImages(core, 0);
    await core.call('importItems', { project_id: project.id, content: textItems(2, 2) });
    await actAs(core, 'Ann');
    await workThrough(project.id, () => 'spam');
    await actAs(core, 'Boss', 'admin');
    const jsonl = await core.call('exportResponses', { project_id: project.id, format: 'jsonl' });
    const rows = jsonl.content!.trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => (a.external_id < b.external_id ? -1 : 1));
    expect(rows.map((r) => [r.external_id, r.answer, r.annotator_name, r.is_gold, r.correct])).toEqual([['t0', ['spam'], 'Ann', true, false], ['t1', ['spam'], 'Ann', false, null]]);
    const file = path.join(tempDir(), 'out', 'responses.csv');
    const written = await core.call('exportResponses', { project_id: project.id, format: 'csv', path: file });
    expect(written).toMatchObject({ count: 2, path: file, content: null });
    const parsed = csvRecords(fs.readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.records.map((r) => [r.record.answer, r.record.time_spent_ms])).toEqual([['spam', '5000'], ['spam', '5000']]);
  });

  it('reviews responses with a reason that becomes a comment on the item', async () => {
    const { project } = await projectWithImages(core, 0);
    await core.call('importItems', { project_id: project.id, content: textItems(2) });
    await actAs(core, 'Ann');
    await workThrough(project.id, () => 'ham');
    await actAs(core, 'Rita', 'reviewer');
    const queue = await core.call('responseQueue', { project_id: project.id });
    expect(queue.total).toBe(2);
    const result = await core.call('reviewResponses', { response_ids: [queue.items[0].id], status: 'rejected', reason: 'this is spam' });
    expect(result.responses[0]).toMatchObject({ review_status: 'rejected' });
    expect((await core.call('listComments', { project_id: project.id, item_id: queue.items[0].item_id })).items[0].text).toBe('Rejected: this is spam');
    expect((await core.call('responseQueue', { project_id: project.id })).total).toBe(1);
  });
});
