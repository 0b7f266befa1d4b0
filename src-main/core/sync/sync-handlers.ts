import path from 'node:path';
import type { ProcedureName } from '../../../src-shared/contract/procedures';
import type { syncProcedures } from '../../../src-shared/contract/sync';
import type { CoreDeps, HandlerGroup } from '../deps';
import { fileSecretStore, type SecretStore } from './accounts';
import { createSyncService, type SyncService, type SyncServiceOptions } from './service';

type SyncProcedure = Extract<ProcedureName, keyof typeof syncProcedures>;

/** What a host may set on core for sync (CoreOptions.sync). */
export interface SyncHostOptions {
  /** Electron passes a safeStorage-backed store; elsewhere a 0600 file in the data directory. */
  secretStore?: SecretStore;
  /** Sync in the background once a window asks for the status (default: on in serve mode). */
  background?: boolean;
  /** Tuning (tests use a fast clock and short backoff). */
  tuning?: Pick<SyncServiceOptions, 'clock' | 'backoff' | 'batchSize' | 'pageSize' | 'attempts' | 'timeoutMs' | 'wrapDelegate'>;
}

/** Where secrets go when the host gives no secret store (CLI, serve mode, tests): a 0600 file. */
export function defaultSecretStore(dataDir: string): SecretStore {
  return fileSecretStore(path.join(dataDir, 'sync-secrets.json'));
}

const services = new WeakMap<CoreDeps['store'], SyncService>();

/** The sync service of a core (for the CLI and tests that drive it directly). */
export function syncServiceOf(store: CoreDeps['store']): SyncService {
  const service = services.get(store);
  if (!service) throw new Error('sync is not set up on this core');
  return service;
}

/**
 * Sync (issue 7) as contract procedures. Local writes (dataChanged) ask the background loop to
 * run soon; rows sync itself wrote do not.
 */
export function syncHandlers(deps: CoreDeps): HandlerGroup<SyncProcedure> {
  const host: SyncHostOptions = deps.options.sync ?? {};
  let own = false;
  const service = createSyncService({
    store: deps.store,
    dataDir: deps.dataDir,
    secrets: host.secretStore ?? defaultSecretStore(deps.dataDir),
    ...host.tuning,
    changed: (projectId, tables) => {
      own = true;
      try {
        deps.changed(projectId, tables);
      } finally {
        own = false;
      }
    },
    onStatus: (status) => deps.bus.emit('syncStatus', status),
  });
  services.set(deps.store, service);
  deps.onClose(() => void service.close());
  deps.bus.listen((event) => {
    if (event === 'dataChanged' && !own) service.poke();
  });
  const background = host.background ?? deps.options.transport === 'ws';

  return {
    syncStatus: () => {
      if (background) service.startBackground();
      return service.status();
    },
    syncSignIn: (input) => service.signIn(input),
    syncSignOut: async () => {
      await service.signOut();
      return { signed_out: true as const };
    },
    syncServerProjects: () => service.serverProjects(),
    syncLink: (input) => service.link(input),
    syncUnlink: ({ project_id }) => {
      service.unlink(project_id);
      return { unlinked: true as const };
    },
    syncSetEnabled: ({ project_id, enabled }) => service.setEnabled(project_id, enabled),
    syncNow: ({ project_id }) => service.syncNow(project_id),
    syncConflicts: (input) => service.conflicts(input),
    syncRestoreConflict: ({ conflict_id }) => service.restoreConflict(conflict_id),
    syncDismissConflict: ({ conflict_id }) => service.dismissConflict(conflict_id),
    syncParked: (input) => service.parked(input),
    syncRetryParked: ({ seq }) => {
      service.retryParked(seq);
      return { queued: true as const };
    },
    syncDiscardParked: ({ seq }) => {
      service.discardParked(seq);
      return { discarded: true as const };
    },
    syncDownloadImages: ({ project_id, image_ids }) => service.downloadImages(project_id, image_ids),
    syncFetchExport: ({ project_id, ...request }) => service.fetchExport(project_id, request),
  };
}
