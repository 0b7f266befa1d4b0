import path from 'node:path';
import { AppError, type ErrorCode } from '../../../src-shared/contract/errors';
import type { SyncAccount, SyncReport, SyncStatus } from '../../../src-shared/contract/sync';
import type { BackoffPolicy } from '../../../src-shared/sync/backoff';
import { TABLE_OF } from '../../../src-shared/sync/fields';
import type { Store } from '../store';
import { accountRepository, type SecretStore } from './accounts';
import { realClock, SyncError, type SyncClock, type SyncDelegate } from './delegate';
import { createEngine, type RunOptions } from './engine';
import { createFiles } from './files';
import { createHints } from './hints';
import { createServerClient, httpDelegate, normalizeServerUrl, type Credentials, type ServerClient } from './http';
import { linkRepository, type LinkRow } from './links';
import { createMerger } from './merge';
import { userMapper } from './people';
import { createPuller } from './pull';
import { createQueue } from './queue';
import { createAdapters } from './rows';
import { createSyncDb } from './sync-db';
import { createLinking } from './linking';
import { createResolutions } from './resolutions';

export interface SyncServiceOptions {
  store: Store;
  dataDir: string;
  secrets: SecretStore;
  clock?: SyncClock;
  backoff?: BackoffPolicy;
  batchSize?: number;
  pageSize?: number;
  /** Tries per request of `syncNow` for network errors and 5xx (default 6). */
  attempts?: number;
  timeoutMs?: number;
  /** Replaces the HTTP delegate (a test can wrap it; production never sets this). */
  wrapDelegate?(delegate: SyncDelegate): SyncDelegate;
  /** Views refresh from this: which tables of which project sync wrote. */
  changed?(projectId: string | null, tables: ('projects' | 'images' | 'annotations' | 'tasks' | 'comments')[]): void;
  onStatus?(status: SyncStatus): void;
}

const CODES: Record<SyncError['kind'], ErrorCode> = {
  network: 'IO_ERROR',
  server: 'IO_ERROR',
  rate_limited: 'IO_ERROR',
  protocol: 'IO_ERROR',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  invalid: 'VALIDATION_ERROR',
  too_large: 'VALIDATION_ERROR',
  conflict: 'CONFLICT',
};

/** A SyncError as the contract's AppError (the report of a failed run rides along). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof SyncError) return Object.assign(new AppError(CODES[error.kind], error.message), { report: (error as { report?: SyncReport }).report });
  return new AppError('INTERNAL_ERROR', (error as Error).message);
}

/**
 * Sync as core offers it: accounts, links, the loop (on demand or in the background), and the
 * lists a person acts on. One per core; everything it needs comes in `options`.
 */
export function createSyncService(options: SyncServiceOptions) {
  const { store } = options;
  const db = store.db;
  const clock = options.clock ?? realClock;
  const accounts = accountRepository(db, options.secrets);
  const users = userMapper(db, () => accounts.get()?.user_id ?? null);
  const adapters = createAdapters({ db, filesDir: path.join(options.dataDir, 'sync-files'), users, now: () => new Date(clock.now()).toISOString() });
  const sdb = createSyncDb(db, adapters, () => new Date(clock.now()).toISOString());
  const merger = createMerger(sdb);
  const queue = createQueue(sdb, merger);
  const puller = createPuller(sdb, queue, merger);
  const links = linkRepository(db);
  const files = createFiles(sdb, queue);
  let client: ServerClient | null = null;
  let clientFor = '';

  const signedIn = (): SyncAccount | null => {
    const account = accounts.get();
    return account && !account.needs_sign_in ? account : null;
  };
  const markSignedOut = () => accounts.setNeedsSignIn(true);
  const serverClient = (): ServerClient | null => {
    const account = signedIn();
    if (!account) return null;
    if (!client || clientFor !== account.server_url) {
      client?.close();
      client = createServerClient({ serverUrl: account.server_url, vault: accounts.vault(), onSignedOut: markSignedOut, timeoutMs: options.timeoutMs });
      clientFor = account.server_url;
    }
    return client;
  };
  const requireClient = (): ServerClient => {
    const c = serverClient();
    if (!c) throw new AppError('UNAUTHORIZED', accounts.get() ? 'The server refused the saved sign-in: sign in again (your unsent changes are kept).' : 'Not signed in to a Labeler server: sign in first (labeler login).');
    return c;
  };
  const delegate = (): SyncDelegate | null => {
    const c = serverClient();
    if (!c) return null;
    const d = httpDelegate(c);
    return options.wrapDelegate ? options.wrapDelegate(d) : d;
  };

  let statusTimer: NodeJS.Timeout | null = null;
  const status = (): SyncStatus => {
    const account = accounts.get();
    const e = engine.status();
    const all = links.all();
    const described = all.map((l) => links.describe(l));
    return {
      account,
      state: !account || account.needs_sign_in ? 'signed_out' : e.state === 'signed_out' ? 'idle' : e.state,
      project_id: e.project_id,
      pending: described.reduce((n, l) => n + l.pending, 0),
      parked: Number(db.prepare('SELECT COUNT(*) FROM sync_parked').pluck().get()),
      conflicts: Number(db.prepare('SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL').pluck().get()),
      last_synced_at: e.last_synced_at,
      last_error: e.last_error,
      retry_at: e.retry_at,
      links: described,
    };
  };
  const announce = () => {
    if (!options.onStatus || statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      options.onStatus?.(status());
    }, 100);
  };

  const engine = createEngine({
    sdb,
    queue: {
      ...queue,
      applyResults(batch, results) {
        const tally = queue.applyResults(batch, results);
        // A conflict merge rewrites local rows: views showing them refresh.
        if (tally.conflicts && batch.length) options.changed?.(batch[0].project_id, [...new Set(batch.map((m) => m.entity))]);
        return tally;
      },
    },
    puller: {
      applyPage(projectId, page) {
        users.refresh();
        const result = puller.applyPage(projectId, page);
        const tables = [...new Set(page.changes.map((c) => TABLE_OF[c.entity]))];
        if (tables.length) options.changed?.(projectId, tables);
        return result;
      },
    },
    links,
    delegate,
    clientId: () => signedIn()?.client_id ?? null,
    serverUrl: () => signedIn()?.server_url ?? null,
    clock,
    backoff: options.backoff,
    batchSize: options.batchSize,
    pageSize: options.pageSize,
    prepareUploads: (link, batch, d, retry) => files.prepareUploads(link, batch, d, retry),
    async afterPull(link) {
      const c = serverClient();
      const me = users.userIn(signedIn()?.user_id ?? null);
      const images = files.myTaskImages(link.project_id, me);
      if (c && images.length) await files.download(link, c, images);
    },
    onChange: announce,
    onSignedOut: markSignedOut,
  });

  let liveHints: ReturnType<typeof createHints> | null = null;
  const startHints = () => {
    const account = signedIn();
    liveHints?.stop();
    liveHints = null;
    if (!account || account.auth_method !== 'password') return;
    liveHints = createHints({
      serverUrl: account.server_url,
      token: async () => {
        const c = (await accounts.vault().load()) as Credentials | null;
        return c?.kind === 'password' ? c.access_token : null;
      },
      projects: () => links.all().filter((l) => l.enabled === 1 && l.server_url === account.server_url).map((l) => l.server_project_id),
      onHint: () => engine.poke(),
      clock,
    });
    liveHints.start();
  };

  const linkOf = (projectId: string): LinkRow => {
    const link = links.get(projectId);
    if (!link) throw new AppError('NOT_FOUND', `Project ${projectId} is not linked to a server project: link it first (labeler link).`);
    return link;
  };

  const linking = createLinking({ sdb, store, links, requireClient, signedIn });
  const resolutions = createResolutions({ sdb, store, links, changed: options.changed });

  return {
    status,
    account: () => accounts.get(),

    async signIn(input: { server_url: string; email: string; password: string } | { server_url: string; api_key: string; api_secret: string }): Promise<SyncAccount> {
      const serverUrl = normalizeServerUrl(input.server_url);
      let credentials: Credentials;
      const memory = { value: null as Credentials | null };
      const probe = (c: Credentials | null) =>
        createServerClient({ serverUrl, timeoutMs: options.timeoutMs, vault: { load: async () => c ?? memory.value, save: async (next) => void (memory.value = next) } });
      try {
        if ('password' in input) {
          const c = probe(null);
          try {
            const tokens = await c.login(input.email, input.password);
            credentials = { kind: 'password', access_token: tokens.access_token, refresh_token: tokens.refresh_token };
            const u = tokens.user;
            const account = await accounts.save({ server_url: serverUrl, auth_method: 'password', user_id: u.id, email: u.email, full_name: u.full_name, role: u.role, team_id: u.team_id }, credentials);
            return account;
          } finally {
            c.close();
          }
        }
        credentials = { kind: 'api_key', api_key: input.api_key, api_secret: input.api_secret };
        const c = probe(credentials);
        try {
          const me = await c.me();
          return await accounts.save({ server_url: serverUrl, auth_method: 'api_key', user_id: me.user_id, email: me.email, full_name: me.full_name, role: me.role, team_id: me.team_id }, credentials);
        } finally {
          c.close();
        }
      } catch (error) {
        throw toAppError(error);
      } finally {
        client?.close();
        client = null;
        users.refresh();
        if (engine.isRunning()) {
          startHints();
          engine.wakeUp();
          engine.poke();
        }
        announce();
      }
    },

    async signOut(): Promise<void> {
      const c = serverClient();
      if (c && accounts.get()?.auth_method === 'password') await c.logout().catch(() => undefined);
      liveHints?.stop();
      await accounts.clear();
      client?.close();
      client = null;
      announce();
    },

    async serverProjects() {
      const list = await requireClient().listProjects().catch((e) => Promise.reject(toAppError(e)));
      const account = signedIn()!;
      return list.map((p) => ({ id: p.id, name: p.name, total_images: p.total_images ?? null, total_annotations: p.total_annotations ?? null, linked_project_id: links.byServer(account.server_url, p.id)?.project_id ?? null }));
    },

    async link(input: { project_id?: string; server_project_id?: string }) {
      const row = await linking.link(input).catch((e) => Promise.reject(toAppError(e)));
      liveHints?.refresh();
      engine.poke();
      announce();
      return links.describe(row);
    },
    unlink(projectId: string) {
      linkOf(projectId);
      linking.unlink(projectId);
      liveHints?.refresh();
      announce();
    },
    setEnabled(projectId: string, enabled: boolean) {
      linkOf(projectId);
      links.setEnabled(projectId, enabled);
      liveHints?.refresh();
      if (enabled) engine.poke();
      announce();
      return links.describe(linkOf(projectId));
    },

    /** Pushes and pulls now. On failure the AppError carries the partial report. */
    async syncNow(projectId?: string, run: RunOptions = {}): Promise<SyncReport> {
      if (!signedIn()) requireClient();
      engine.wakeUp();
      try {
        return await engine.syncNow(projectId, { attempts: options.attempts, ...run });
      } catch (error) {
        throw toAppError(error);
      } finally {
        announce();
      }
    },

    conflicts: resolutions.conflicts,
    restoreConflict: (id: string) => {
      const out = resolutions.restoreConflict(id);
      engine.poke();
      announce();
      return out;
    },
    dismissConflict: (id: string) => {
      const out = resolutions.dismissConflict(id);
      announce();
      return out;
    },
    parked: resolutions.parked,
    retryParked: (seq: number) => {
      resolutions.retryParked(seq);
      engine.poke();
      announce();
    },
    discardParked: (seq: number) => {
      resolutions.discardParked(seq);
      engine.poke();
      announce();
    },

    async downloadImages(projectId: string, imageIds?: string[]) {
      return files.download(linkOf(projectId), requireClient(), imageIds).catch((e) => Promise.reject(toAppError(e)));
    },
    async fetchExport(projectId: string, request: { export_id?: string; format: string; include_images: boolean; out_path: string }) {
      return files.fetchExport(linkOf(projectId), requireClient(), clock, request).catch((e) => Promise.reject(toAppError(e)));
    },

    /** Starts background sync (the app): a pass now, on local changes, on WebSocket hints and every minute. */
    startBackground(intervalMs = 60_000): void {
      if (engine.isRunning()) return;
      engine.start(intervalMs);
      startHints();
    },
    /** A local change happened: sync soon. */
    poke: () => engine.poke(),
    lastAckedSeq: queue.lastAckedSeq,
    async close(): Promise<void> {
      liveHints?.stop();
      await engine.stop();
      if (statusTimer) clearTimeout(statusTimer);
      client?.close();
      client = null;
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
