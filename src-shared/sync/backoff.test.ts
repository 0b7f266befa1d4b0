import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from './backoff';

describe('backoff', () => {
  it('waits between half and all of an exponential cap, never beyond the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, random) => {
        const policy = { baseMs: 100, maxMs: 60_000 };
        const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        const wait = backoffDelay(attempt, random, policy);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(wait).toBeLessThanOrEqual(cap);
      }),
    );
    expect(backoffDelay(1, 0, { baseMs: 100, maxMs: 1000 })).toBe(50);
    expect(backoffDelay(20, 0.99, { baseMs: 100, maxMs: 1000 })).toBeLessThanOrEqual(1000);
  });

  it('reads Retry-After (seconds or a date), else X-RateLimit-Reset', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'Retry-After': 'Wed, 01 Jan 2025 00:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(42_000);
    expect(retryAfterMs({ 'retry-after': ['2'], 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(2000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': '99999' }, now, 60_000)).toBe(60_000);
    expect(retryAfterMs({}, now)).toBeNull();
  });
});
