import type { RateLimitRule } from '../config';
import { HttpError } from '../errors';

export interface Verdict {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  allowed: boolean;
}

/**
 * Fixed-window counters per key, in this process's memory (several processes each count their
 * own share: put a shared limiter in front for a strict global limit).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private sweeps = 0;

  constructor(
    readonly rule: RateLimitRule,
    private readonly clock: () => number = Date.now,
  ) {}

  hit(key: string): Verdict {
    const now = this.clock();
    const start = now - (now % this.rule.windowMs);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (++this.sweeps % 10_000 === 0) this.sweep(start);
    return {
      limit: this.rule.max,
      remaining: Math.max(0, this.rule.max - w.count),
      reset: Math.ceil((start + this.rule.windowMs) / 1000),
      allowed: w.count <= this.rule.max,
    };
  }

  private sweep(current: number) {
    for (const [k, w] of this.windows) if (w.start < current) this.windows.delete(k);
  }
}

export function rateLimitHeaders(v: Verdict): Record<string, string> {
  return { 'X-RateLimit-Limit': String(v.limit), 'X-RateLimit-Remaining': String(v.remaining), 'X-RateLimit-Reset': String(v.reset) };
}

export function tooMany(v: Verdict, what: string, nowMs = Date.now()): HttpError {
  const retryAfter = Math.max(1, v.reset - Math.floor(nowMs / 1000));
  return new HttpError(429, 'RATE_LIMIT_EXCEEDED', `Too many requests ${what}. Try again in ${retryAfter} seconds.`, { limit: v.limit, retry_after: retryAfter, reset: v.reset }, {}, { ...rateLimitHeaders(v), 'Retry-After': String(retryAfter) });
}

/** The verdict to show in headers: the one closest to its limit. */
export function tighter(a: Verdict | undefined, b: Verdict): Verdict {
  if (!a) return b;
  return b.remaining < a.remaining ? b : a;
}
