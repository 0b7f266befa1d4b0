import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/contract/errors';
import { AutosaveQueue, type SaveApi, type SaveState } from './autosave-queue';
import { diff } from './diff';
import { IdMap } from './ids';
import { rec } from './test-records';

/** A fake store behind the contract, and a clock stepped by hand. */
function setup(options: { failNext?: AppError[] } = {}) {
  const calls: string[] = [];
  const failures = [...(options.failNext ?? [])];
  let nextId = 1;
  const maybeFail = () => {
    const f = failures.shift();
    if (f) throw f;
  };
  const api: SaveApi = {
    createAnnotations: async (inputs) => {
      maybeFail();
      calls.push(`create ${inputs.map((i) => JSON.stringify(i.geometry)).join(' ')}`);
      return inputs.map(() => `id${nextId++}`);
    },
    updateAnnotation: async (id, patch) => {
      maybeFail();
      calls.push(`update ${id} ${JSON.stringify(patch)}`);
    },
    deleteAnnotations: async (ids) => {
      maybeFail();
      calls.push(`delete ${ids.join(',')}`);
    },
    updateImage: async (imageId, level) => {
      maybeFail();
      calls.push(`image ${imageId} ${JSON.stringify(level.classes)}`);
    },
  };
  const timers: { fn: () => void; ms: number }[] = [];
  const states: SaveState[] = [];
  const rejected: string[] = [];
  const ids = new IdMap();
  const queue = new AutosaveQueue({
    api,
    ids,
    scheduler: { set: (fn, ms) => timers.push({ fn, ms }), clear: () => timers.splice(0) },
    onState: (s) => states.push(s),
    onRejected: (images, e) => rejected.push(`${images.join()} ${e.code}`),
  });
  const tick = async () => {
    const t = timers.shift();
    t?.fn();
    // The fake store answers at once, so one macrotask lets the whole flush run.
    await new Promise((r) => setTimeout(r, 0));
    return t?.ms;
  };
  return { queue, calls, timers, states, rejected, ids, tick };
}

describe('autosave queue', () => {
  it('writes a new record within the flush delay and binds its id', async () => {
    const { queue, calls, ids, tick, timers, states } = setup();
    queue.enqueue('img', diff({ added: [rec('a')] }));
    expect(timers[0].ms).toBeLessThanOrEqual(1000);
    expect(states.at(-1)).toMatchObject({ status: 'saving', pending: 1 });
    await tick();
    expect(calls).toEqual(['create {"type":"bbox","bbox":[0,0,10,10]}']);
    expect(ids.idOf('a')).toBe('id1');
    expect(states.at(-1)).toMatchObject({ status: 'saved', pending: 0 });
  });

  it('coalesces a create and its later moves into one create', async () => {
    const { queue, calls, tick } = setup();
    queue.enqueue('img', diff({ added: [rec('a')] }));
    queue.enqueue('img', diff({ updated: [[rec('a'), rec('a', { x: 5 })]] }));
    queue.enqueue('img', diff({ updated: [[rec('a', { x: 5 }), rec('a', { x: 9 })]] }));
    await tick();
    expect(calls).toEqual(['create {"type":"bbox","bbox":[9,0,10,10]}']);
  });

  it('sends nothing for a record created and deleted before the flush', async () => {
    const { queue, calls, tick } = setup();
    queue.enqueue('img', diff({ added: [rec('a')] }));
    queue.enqueue('img', diff({ removed: [rec('a')] }));
    await tick();
    expect(calls).toEqual([]);
  });

  it('turns delete-then-undo of a stored record into no write at all', async () => {
    const { queue, calls, ids, tick } = setup();
    ids.bind('s', 'stored');
    queue.enqueue('img', diff({ removed: [rec('s')] }));
    queue.enqueue('img', diff({ added: [rec('s')] }));
    await tick();
    expect(calls).toEqual([]);
  });

  it('updates with only the changed fields and deletes in one batch', async () => {
    const { queue, calls, ids, tick } = setup();
    ids.bind('s', 'stored');
    ids.bind('t', 'other');
    queue.enqueue('img', diff({ updated: [[rec('s'), rec('s', { class_id: 2, attributes: { occluded: true } })]] }));
    queue.enqueue('img', diff({ removed: [rec('t'), rec('u')] }));
    await tick();
    expect(calls).toEqual(['update stored {"class_id":2,"attributes":{"occluded":true}}', 'delete other']);
  });

  it('updates a record whose create was in flight once its id is known', async () => {
    const { queue, calls, tick } = setup();
    queue.enqueue('img', diff({ added: [rec('a')] }));
    const flushing = queue.flush();
    queue.enqueue('img', diff({ updated: [[rec('a'), rec('a', { x: 3 })]] }));
    await flushing;
    await tick();
    expect(calls).toEqual(['create {"type":"bbox","bbox":[0,0,10,10]}', 'update id1 {"geometry":{"type":"bbox","bbox":[3,0,10,10]}}']);
  });

  it('retries with backoff after a lost connection, keeping newer edits on top', async () => {
    const { queue, calls, tick, states } = setup({ failNext: [new AppError('INTERNAL_ERROR', 'Lost the connection')] });
    queue.enqueue('img', diff({ added: [rec('a')] }));
    await tick();
    expect(states.at(-1)).toMatchObject({ status: 'retrying', pending: 1, error: { code: 'INTERNAL_ERROR' } });
    queue.enqueue('img', diff({ updated: [[rec('a'), rec('a', { x: 7 })]] }));
    expect(await tick()).toBeGreaterThanOrEqual(1000);
    expect(calls).toEqual(['create {"type":"bbox","bbox":[7,0,10,10]}']);
    expect(states.at(-1)).toMatchObject({ status: 'saved', error: null });
  });

  it('reports a refused write once and drops it, so the view reloads the truth', async () => {
    const { queue, rejected, tick, states } = setup({ failNext: [new AppError('VALIDATION_ERROR', 'outside the image')] });
    queue.enqueue('img', diff({ added: [rec('a')] }));
    await tick();
    expect(rejected).toEqual(['img VALIDATION_ERROR']);
    expect(queue.idle).toBe(true);
    expect(states.at(-1)).toMatchObject({ status: 'saved', error: { code: 'VALIDATION_ERROR' } });
  });

  it('saves image-level labels, the last value winning', async () => {
    const { queue, calls, tick } = setup();
    queue.enqueue('img', diff({ image: [{ classes: [], captions: [] }, { classes: [1], captions: [] }] }));
    queue.enqueue('img', diff({ image: [{ classes: [1], captions: [] }, { classes: [2], captions: [] }] }));
    await tick();
    expect(calls).toEqual(['image img [2]']);
  });
});
