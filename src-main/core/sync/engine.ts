import type { SyncReport, SyncState } from '../../../src-shared/contract/sync';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../src-shared/sync/backoff';
import { isTransient, SyncError, type SyncClock, type SyncDelegate } from './delegate';
import type { LinkRepository, LinkRow } from './links';
import type { Puller } from './pull';
import type { Queue } from './queue';
import type { MutationRow, SyncDb } from './sync-db';
import type { PushResultV1 } from '../../../src-shared/sync/wire';

/*
 * The sync loop. All I/O comes from the delegate (HTTP) and the clock; all local state from the
 * queue and the puller, each step one short transaction — never one held across an HTTP call.
 *
 *                   sign in
 *   ┌────────────┐ ─────────► ┌──────┐  timer (60 s), local change,    ┌─────────┐
 *   │ signed_out │            │ idle │  WebSocket hint, syncNow        │ pushing │ ◄─┐ batch answered,
 *   └────────────┘            └──────┘ ──────────────────────────────► └─────────┘ ──┘ more queued
 *         ▲                      ▲                                          │
 *         │                      │ feed read to the end                     │ queue empty
 *         │                      │                                          ▼
 *         │                      │                                     ┌─────────┐
 *         │                      └──────────────────────────────────── │ pulling │ ◄─┐ page + cursor stored
 *         │                                                            └─────────┘ ──┘ in one transaction
 *         │ 401, refreshed once, 401 again (queue kept)                     │
 *         └─────────────────────────────────────────────────────────────────┘ (and from pushing)
 *
 *                         ┌─────────┐  network error, 5xx: wait backoff(n) with jitter,
 *  (pushing / pulling) ─► │ backoff │  then retry the same request ──► (pushing / pulling)
 *                         └─────────┘
 *                         ┌──────────────┐  429: wait Retry-After / X-RateLimit-Reset,
 *  (pushing / pulling) ─► │ rate_limited │  then retry the same request ──► (pushing / pulling)
 *                         └──────────────┘
 *
 *  Any other refusal: a push parks that mutation (400/413 on a whole batch: smaller batches find
 *  it) and moves on; a pull shows the error on the link (state `error`).
 *
 * Push before pull: a pull never meets a mutation that was sent but not answered, so the merge
 * of a pulled row never has to guess whether the server applied it.
 */

export interface EngineOptions {
  sdb: SyncDb;
  queue: Queue;
  puller: Puller;
  links: LinkRepository;
  /** The delegate for the signed-in account, or null when signed out. */
  delegate(): SyncDelegate | null;
  clientId(): string | null;
  /** The server the account is signed in to (a link to another server is not synced). */
  serverUrl(): string | null;
  clock: SyncClock;
  backoff?: BackoffPolicy;
  /** Mutations per push (the server takes at most 1,000). */
  batchSize?: number;
  batchBytes?: number;
  /** Rows per change-feed page (the server gives at most 1,000). */
  pageSize?: number;
  /** Uploads the files of image creates in a batch (each request through `retry`); answers the batch without what it had to park. */
  prepareUploads(link: LinkRow, batch: MutationRow[], delegate: SyncDelegate, retry: <T>(op: () => Promise<T>) => Promise<T>): Promise<MutationRow[]>;
  /** After a project's feed is read to the end (download the images of my tasks). */
  afterPull?(link: LinkRow): Promise<void>;
  /** Status changed (state, counts). */
  onChange(): void;
  /** A request said the credentials are no good even after a refresh. */
  onSignedOut?(reason: string): void;
}

export interface RunOptions {
  /** Tries per request for network errors and 5xx (rate-limit waits count three times as many). */
  attempts?: number;
  mode?: 'both' | 'push' | 'pull';
}

const empty = (): SyncReport => ({ pushed: 0, pulled: 0, conflicts: 0, parked: 0, pending: 0 });

export function createEngine(options: EngineOptions) {
  const { queue, puller, links, clock } = options;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const batchSize = Math.min(1000, options.batchSize ?? 1000);
  const batchBytes = options.batchBytes ?? 4 * 1024 * 1024;
  const pageSize = Math.min(1000, options.pageSize ?? 1000);
  const status = { state: 'idle' as SyncState, project_id: null as string | null, last_error: null as string | null, retry_at: null as string | null, last_synced_at: null as string | null };
  let wake = new AbortController();
  let exclusive: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let loop: Promise<void> | null = null;
  let poked = false;
  let pokeWaiter: (() => void) | null = null;

  const setState = (state: SyncState, projectId: string | null = status.project_id, retryAt: number | null = null) => {
    const changed = status.state !== state || status.project_id !== projectId || retryAt !== null;
    status.state = state;
    status.project_id = projectId;
    status.retry_at = retryAt === null ? null : new Date(retryAt).toISOString();
    if (changed) options.onChange();
  };

  /** Runs a request, retrying transient failures with backoff and waiting out rate limits. */
  const attempt = async <T>(op: () => Promise<T>, attempts: number): Promise<T> => {
    let failures = 0;
    let limited = 0;
    const resume = status.state;
    for (;;) {
      try {
        const value = await op();
        if (status.state === 'backoff' || status.state === 'rate_limited') setState(resume);
        return value;
      } catch (error) {
        if (!isTransient(error) || stopped) throw error;
        const e = error as SyncError;
        let wait: number;
        if (e.kind === 'rate_limited') {
          if (++limited >= attempts * 3) throw error;
          wait = e.retryAfterMs ?? backoffDelay(limited, clock.random(), policy);
          setState('rate_limited', status.project_id, clock.now() + wait);
        } else {
          if (++failures >= attempts) throw error;
          wait = backoffDelay(failures, clock.random(), policy);
          setState('backoff', status.project_id, clock.now() + wait);
        }
        status.last_error = e.message;
        await clock.sleep(wait, wake.signal);
      }
    }
  };

  const delegate = (): SyncDelegate => {
    const d = options.delegate();
    if (!d) throw new SyncError('unauthorized', 'Not signed in to a Labeler server: sign in first.');
    return d;
  };

  const pushProject = async (link: LinkRow, m: MutationRow, attempts: number, report: SyncReport) => {
    try {
      const project = await attempt(() => delegate().patchProject(link.server_project_id, options.sdb.adapters.projects.wirePatch(JSON.parse(m.data))), attempts);
      queue.ack(m, project.rev);
      report.pushed++;
    } catch (error) {
      if (!(error instanceof SyncError) || isTransient(error) || error.kind === 'unauthorized') throw error;
      queue.park(m, error.code ?? error.kind.toUpperCase(), error.message);
      report.parked++;
    }
  };

  /**
   * Drains the queue, overlapping the workstation's work with the server's: while a push travels,
   * the previous push's answers are recorded and the next batch is staged and frozen (the rows of
   * the travelling batch excluded, so their revisions are never guessed). Answers with a conflict
   * are recorded before anything else is sent, because merging may touch other queued rows.
   */
  const push = async (link: LinkRow, attempts: number, report: SyncReport) => {
    let max = batchSize;
    const clientId = options.clientId();
    if (!clientId) throw new SyncError('unauthorized', 'Not signed in to a Labeler server: sign in first.');
    let prepared: MutationRow[] | null = null;
    let answered: { ready: MutationRow[]; results: PushResultV1[] } | null = null;
    const record = () => {
      if (!answered) return;
      const tally = queue.applyResults(answered.ready, answered.results);
      answered = null;
      report.pushed += tally.pushed;
      report.conflicts += tally.conflicts;
      report.parked += tally.parked;
      links.markPushed(link.project_id, new Date(clock.now()).toISOString());
      options.onChange();
    };
    try {
      while (!stopped) {
        let batch = prepared;
        prepared = null;
        if (answered && (!batch?.length || batch[0].entity === 'projects' || answered.results.some((r) => r.status === 'conflict'))) {
          record();
          batch = null;
        }
        batch ??= queue.nextBatch(link.project_id, max, batchBytes);
        if (!batch.length) break;
        setState('pushing', link.project_id);
        if (batch[0].entity === 'projects') {
          await pushProject(link, batch[0], attempts, report);
          continue;
        }
        const ready = await options.prepareUploads(link, batch, delegate(), (op) => attempt(op, attempts));
        report.parked += batch.length - ready.length;
        if (!ready.length) continue;
        try {
          const request = attempt(() => delegate().push({ client_id: clientId, mutations: queue.toWire(ready, link.server_project_id) }), attempts);
          request.catch(() => undefined); // awaited below; this only keeps it quiet meanwhile
          await new Promise((resolve) => setImmediate(resolve)); // let the request leave first
          record();
          prepared = queue.nextBatch(link.project_id, max, batchBytes, batch);
          answered = { ready, results: (await request).results };
        } catch (error) {
          prepared = null;
          if (!(error instanceof SyncError) || (error.kind !== 'invalid' && error.kind !== 'too_large')) throw error;
          // The server refused the request as a whole: find the culprit by sending smaller batches, then park it.
          if (ready.length > 1) {
            max = Math.max(1, ready.length >> 1);
            continue;
          }
          queue.park(ready[0], error.code ?? 'VALIDATION_ERROR', error.message);
          report.parked++;
        }
      }
    } finally {
      record();
    }
  };

  const pull = async (link: LinkRow, attempts: number, report: SyncReport) => {
    const fetchPage = (since: string) => {
      const request = attempt(() => delegate().changes(link.server_project_id, since, pageSize), attempts);
      request.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch quiet
      return request;
    };
    setState('pulling', link.project_id);
    let next: ReturnType<typeof fetchPage> | null = fetchPage(links.get(link.project_id)?.cursor ?? '0');
    while (next && !stopped) {
      let page;
      try {
        page = await next;
      } catch (error) {
        if (error instanceof SyncError && (error.kind === 'not_found' || error.kind === 'forbidden')) {
          throw new SyncError(error.kind, `The server project ${link.server_project_id} is gone or you lost access to it (${error.message}). Unlink the project or ask an admin.`, error.status, error.code);
        }
        throw error;
      }
      // The next page travels while this one is stored (its cursor is stored only with its own rows).
      next = page.has_more ? fetchPage(page.cursor) : null;
      const applied = puller.applyPage(link.project_id, page);
      report.pulled += applied.pulled;
      report.conflicts += applied.conflicts;
      if (applied.pulled || applied.conflicts) options.onChange();
    }
    if (stopped) return;
    report.parked += queue.parkLeftovers(link.project_id);
    await options.afterPull?.(link);
  };

  /** Pushes then pulls one project. */
  const syncLink = async (link: LinkRow, run: RunOptions, report: SyncReport) => {
    const attempts = run.attempts ?? 6;
    try {
      const server = options.serverUrl();
      if (server && server !== link.server_url) throw new SyncError('forbidden', `This project is linked to ${link.server_url}, but you are signed in to ${server}: sign in there, or unlink it.`);
      if (run.mode !== 'pull') await push(link, attempts, report);
      if (run.mode !== 'push') await pull(link, attempts, report);
      links.setError(link.project_id, null);
    } catch (error) {
      const message = (error as Error).message;
      links.setError(link.project_id, message);
      status.last_error = message;
      if (error instanceof SyncError && error.kind === 'unauthorized') {
        options.onSignedOut?.(message);
        setState('signed_out', null);
      } else setState(isTransient(error) ? 'backoff' : 'error', link.project_id);
      throw error;
    }
  };

  /** One pass over the given project (or every enabled link); runs are never concurrent. */
  const runOnce = (projectId: string | undefined, run: RunOptions): Promise<SyncReport> => {
    const next = exclusive.then(async () => {
      const report = empty();
      const targets = projectId ? [links.get(projectId)].filter((l): l is LinkRow => Boolean(l)) : links.all().filter((l) => l.enabled === 1);
      if (projectId && !targets.length) throw new SyncError('not_found', `Project ${projectId} is not linked to a server project: link it first (labeler link).`);
      let failure: unknown = null;
      for (const link of targets) {
        try {
          await syncLink(link, run, report);
        } catch (error) {
          failure ??= error;
          if (error instanceof SyncError && error.kind === 'unauthorized') break;
        }
      }
      // Pending: what is not on the server yet — of the project asked for, else of every link (sync on or off).
      report.pending = (projectId ? targets : links.all()).reduce((n, l) => n + links.pending(l.project_id), 0);
      if (failure) throw Object.assign(failure as Error, { report });
      status.last_error = null;
      status.last_synced_at = new Date(clock.now()).toISOString();
      setState('idle', null);
      options.onChange();
      return report;
    });
    exclusive = next.catch(() => undefined);
    return next;
  };

  const waitForWork = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked || stopped) return resolve();
      const timer = setTimeout(done, ms);
      pokeWaiter = done;
      function done() {
        clearTimeout(timer);
        pokeWaiter = null;
        resolve();
      }
    });

  return {
    status: () => ({ ...status }),
    /** Syncs now; retries transient failures up to `attempts` times per request. */
    syncNow: (projectId?: string, run: RunOptions = {}) => runOnce(projectId, run),
    /** Asks the background loop to run soon (a local change, a WebSocket hint); ends any backoff wait. */
    poke(): void {
      poked = true;
      pokeWaiter?.();
    },
    /** Ends a backoff or rate-limit wait at once (the user pressed "Sync now"). */
    wakeUp(): void {
      wake.abort();
      wake = new AbortController();
    },
    /** Runs the background loop: a pass on every poke and every `intervalMs`, backing off after failures. */
    start(intervalMs = 60_000): void {
      if (loop) return;
      stopped = false;
      poked = true;
      loop = (async () => {
        let failures = 0;
        while (!stopped) {
          await waitForWork(intervalMs);
          poked = false;
          if (stopped) break;
          if (!options.delegate()) {
            setState('signed_out', null);
            continue;
          }
          try {
            await runOnce(undefined, { attempts: 1 });
            failures = 0;
          } catch (error) {
            if (!isTransient(error)) continue;
            const wait = backoffDelay(++failures, clock.random(), policy);
            setState('backoff', status.project_id, clock.now() + wait);
            await clock.sleep(wait, wake.signal);
            poked = true;
          }
        }
      })();
    },
    async stop(): Promise<void> {
      stopped = true;
      pokeWaiter?.();
      wake.abort();
      await loop?.catch(() => undefined);
      loop = null;
      await exclusive.catch(() => undefined);
    },
    isRunning: () => loop !== null,
  };
}

export type Engine = ReturnType<typeof createEngine>;
