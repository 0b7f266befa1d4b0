import { describe, expect, it } from 'vitest';
import { createEncodeQueue } from './encode-queue';

/** A runner whose jobs finish only when the test says so. */
function manualRunner() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const run = (input: string) =>
    new Promise<string>((resolve) => {
      started.push(input);
      finish.set(input, () => resolve(`embedding of ${input}`));
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { started, finish: async (key: string) => { finish.get(key)!(); await tick(); await tick(); }, run, tick };
}

describe('encode queue', () => {
  it('runs one job at a time, the most urgent first, oldest first within a priority', async () => {
    const r = manualRunner();
    const queue = createEncodeQueue<string, string>(r.run);
    void queue.request('a', 'a', 'batch');
    await r.tick();
    void queue.request('b', 'b', 'batch');
    void queue.request('c', 'c', 'prefetch');
    void queue.request('d', 'd', 'now');
    void queue.request('e', 'e', 'prefetch');
    expect(queue.waiting()).toEqual(['d', 'c', 'e', 'b']);
    await r.finish('a');
    await r.finish('d');
    await r.finish('c');
    await r.finish('e');
    expect(r.started).toEqual(['a', 'd', 'c', 'e', 'b']);
  });

  it('shares one job between requests for the same image, at the most urgent priority', async () => {
    const r = manualRunner();
    const queue = createEncodeQueue<string, string>(r.run);
    void queue.request('busy', 'busy', 'now');
    await r.tick();
    void queue.request('x', 'x', 'batch');
    void queue.request('y', 'y', 'prefetch');
    const both = [queue.request('x', 'x', 'batch'), queue.request('x', 'x', 'now')];
    expect(queue.waiting()).toEqual(['x', 'y']);
    await r.finish('busy');
    await r.finish('x');
    expect(await Promise.all(both)).toEqual(['embedding of x', 'embedding of x']);
    expect(r.started.filter((s) => s === 'x')).toHaveLength(1);
  });

  it('drops a cancelled job before it starts, but lets a running one finish', async () => {
    const r = manualRunner();
    const queue = createEncodeQueue<string, string>(r.run);
    const moveAway = new AbortController();
    const running = queue.request('a', 'a', 'prefetch', moveAway.signal);
    await r.tick();
    const waiting = queue.request('b', 'b', 'prefetch', moveAway.signal);
    const stillWanted = queue.request('c', 'c', 'prefetch');
    moveAway.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(running).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(queue.waiting()).toEqual(['c']);
    await r.finish('a');
    await r.finish('c');
    expect(await stillWanted).toBe('embedding of c');
    expect(r.started).toEqual(['a', 'c']);
    expect(queue.stats()).toMatchObject({ completed: 2, dropped: 1 });
  });

  it('keeps a job that another requester still wants when one cancels', async () => {
    const r = manualRunner();
    const queue = createEncodeQueue<string, string>(r.run);
    void queue.request('busy', 'busy', 'now');
    await r.tick();
    const prefetch = new AbortController();
    const cancelled = queue.request('x', 'x', 'prefetch', prefetch.signal);
    const kept = queue.request('x', 'x', 'batch');
    prefetch.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CONFLICT' });
    await r.finish('busy');
    await r.finish('x');
    expect(await kept).toBe('embedding of x');
  });
});
