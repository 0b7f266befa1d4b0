/**
 * Waiting rules of the sync loop, pure so tests can check them without a clock.
 */

export interface BackoffPolicy {
  /** First wait in milliseconds. */
  baseMs: number;
  /** Longest wait in milliseconds. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/**
 * Exponential backoff with "equal jitter" (a random wait between half and all of the exponential
 * cap), so many workstations that lost the same server do not come back in lockstep, yet never
 * retry at once. `attempt` counts from 1; `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.max(1, Math.floor(cap / 2 + (random * cap) / 2));
}

/**
 * How long a 429 asks to wait: `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset`
 * (Unix seconds), else null. Never negative; at most `maxMs`.
 */
export function retryAfterMs(headers: Record<string, unknown>, nowMs: number, maxMs = 15 * 60_000): number | null {
  const header = (name: string): string | undefined => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const value = key === undefined ? undefined : headers[key];
    if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
    return value === undefined || value === null ? undefined : String(value);
  };
  const clamp = (ms: number) => Math.min(maxMs, Math.max(0, Math.ceil(ms)));
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return clamp(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return clamp(date - nowMs);
  }
  const reset = Number(header('x-ratelimit-reset'));
  if (header('x-ratelimit-reset') !== undefined && Number.isFinite(reset)) return clamp(reset * 1000 - nowMs);
  return null;
}
