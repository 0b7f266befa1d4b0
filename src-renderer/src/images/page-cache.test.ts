import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache';

/** A fake listImages over `total` numbers whose answers the test releases by hand. */
function source(total: number) {
  const calls: { offset: number; limit: number; release: (value?: number) => void }[] = [];
  let version = 0;
  const fetchPage = (offset: number, limit: number) =>
    new Promise<{ items: string[]; total: number }>((resolve) => {
      const v = version;
      calls.push({
        offset,
        limit,
        release: () => resolve({ items: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => `v${v}-${offset + i}`), total }),
      });
    });
  return { calls, fetchPage, bump: () => version++ };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('PageCache', () => {
  it('fetches only the pages of the asked range, once', async () => {
    const s = source(100_000);
    const cache = new PageCache({ fetchPage: s.fetchPage, onChange: () => {}, onError: () => {}, pageSize: 200 });
    cache.ensureRange(350, 450);
    cache.ensureRange(350, 450);
    expect(s.calls.map((c) => c.offset)).toEqual([200, 400]);
    s.calls.forEach((c) => c.release());
    await flush();
    expect(cache.total).toBe(100_000);
    expect(cache.get(399)).toBe('v0-399');
    expect(cache.get(0)).toBeUndefined();
  });

  it('keeps stale items visible until a refetch lands, and ignores older answers', async () => {
    const s = source(1000);
    const cache = new PageCache({ fetchPage: s.fetchPage, onChange: () => {}, onError: () => {}, pageSize: 100 });
    cache.ensureRange(0, 10);
    s.calls[0].release();
    await flush();
    s.bump();
    cache.invalidate();
    expect(cache.get(5)).toBe('v0-5');
    cache.ensureRange(0, 10);
    expect(s.calls).toHaveLength(2);
    s.calls[1].release();
    await flush();
    expect(cache.get(5)).toBe('v1-5');
  });

  it('drops the pages farthest from what is on screen', async () => {
    const s = source(100_000);
    const cache = new PageCache({ fetchPage: s.fetchPage, onChange: () => {}, onError: () => {}, pageSize: 10, maxPages: 3 });
    for (let p = 0; p < 5; p++) {
      cache.ensureRange(p * 10, p * 10 + 10);
      s.calls[p].release();
      await flush();
    }
    cache.ensureRange(40, 50);
    expect(cache.get(45)).toBeDefined();
    expect(cache.get(5)).toBeUndefined();
  });

  it('reports fetch errors and retries on the next ask', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const cache = new PageCache({
      fetchPage: async () => {
        if (fail) throw new Error('boom');
        return { items: ['x'], total: 1 };
      },
      onChange: () => {},
      onError: (e) => errors.push(e),
    });
    cache.ensureRange(0, 1);
    await flush();
    expect(errors).toHaveLength(1);
    fail = false;
    cache.ensureRange(0, 1);
    await flush();
    expect(cache.get(0)).toBe('x');
  });
});
