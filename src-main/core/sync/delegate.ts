import type { ChangesPageV1, PushRequestV1, PushResponseV1, ServerProjectV1 } from '../../../src-shared/sync/wire';

/**
 * Everything the sync loop does beyond the local database goes through this delegate (the
 * Replicache pattern): the HTTP calls, and the clock. Production passes the axios client and the
 * real clock; tests pass the same client pointed at a fault-injecting proxy and a fast clock.
 */
export interface SyncDelegate {
  /** POST /sync/push: one answer per mutation, in order. */
  push(request: PushRequestV1): Promise<PushResponseV1>;
  /** GET /projects/{id}/changes: rows newer than `since`, oldest first. */
  changes(serverProjectId: string, since: string, limit: number): Promise<ChangesPageV1>;
  /** PATCH /projects/{id}: project settings (classes, name…) are not part of the push. */
  patchProject(serverProjectId: string, patch: Record<string, unknown>): Promise<ServerProjectV1>;
  /** HEAD /files/{sha256}: does the team already hold this file? */
  hasFile(sha256: string): Promise<boolean>;
  /** PUT /files/{sha256}: content-addressed, idempotent upload. */
  putFile(sha256: string, bytes: Buffer): Promise<void>;
}

export interface SyncClock {
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1): the jitter of backoff. */
  random(): number;
}

export const realClock: SyncClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * How a request failed, which decides what the loop does: `network` and `server` (5xx) are
 * retried with backoff, `rate_limited` waits as the server says, `unauthorized` (after one
 * refresh) stops and asks to sign in, the rest are answers about this request.
 */
export type SyncErrorKind = 'network' | 'server' | 'rate_limited' | 'unauthorized' | 'forbidden' | 'not_found' | 'invalid' | 'too_large' | 'conflict' | 'protocol';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** Failures that go away by themselves: retried with backoff. */
export function isTransient(error: unknown): boolean {
  return error instanceof SyncError && (error.kind === 'network' || error.kind === 'server' || error.kind === 'rate_limited' || error.kind === 'protocol');
}
