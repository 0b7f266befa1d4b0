import path from 'node:path';
import { z } from 'zod';
import { AppError, toErrorPayload } from '../../src-shared/contract/errors';
import type { Result } from '../../src-shared/contract/client';
import { procedures, type ProcedureName, type ProcedureOutput } from '../../src-shared/contract/procedures';
import { createEventBus, type EventBus } from './events';
import { createMedia, type Media } from './media/media';
import { workspaceHandlers } from './services/workspace-handlers';
import { qaHandlers } from './qa/handlers';
import { aiHandlers } from './ai/ai-handlers';
import { ioHandlers } from './io/io-handlers';
import { syncHandlers, type SyncHostOptions } from './sync/sync-handlers';
import type { CoreDeps, Handlers } from './deps';
import { openStore, type Store } from './store';

export interface CoreOptions {
  /** Directory holding labeler.db and caches (Electron passes userData; CLI and serve take --data). */
  dataDir: string;
  transport: 'ipc' | 'ws';
  version?: string;
  /** Validate every output against its schema too (on in tests). */
  checkOutputs?: boolean;
  /** Sync with a Labeler server: the secret store (Electron: safeStorage), background sync, tuning. */
  sync?: SyncHostOptions;
}


export interface Core {
  store: Store;
  bus: EventBus;
  media: Media;
  dataDir: string;
  /** Validates the input, runs the procedure, and answers a Result (never throws). */
  dispatch(name: string, input: unknown): Promise<Result<unknown>>;
  /** Typed direct call for in-process users (CLI, tests); throws AppError. */
  call<N extends ProcedureName>(name: N, input: z.input<(typeof procedures)[N]['input']>): Promise<ProcedureOutput<N>>;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'labeler.db');
}

/** Builds core over a data directory: the store, the services and the procedure handlers. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  const store = await openStore(databaseFile(dataDir));
  const bus = createEventBus();
  const media = createMedia(store, dataDir);
  const closers: (() => void)[] = [];
  let jobs = 0;
  const changed: CoreDeps['changed'] = (project_id, tables, image_id) =>
    bus.emit('dataChanged', { project_id, tables, image_id: image_id ?? null });

  const deps: CoreDeps = { store, bus, media, dataDir, options, changed, jobId: (kind) => `${kind}-${Date.now()}-${++jobs}`, onClose: (fn) => closers.push(fn) };
  const handlers: Handlers = {
    ...workspaceHandlers(deps),
    ...qaHandlers(deps),
    ...aiHandlers(deps),
    ...ioHandlers(deps),
    ...syncHandlers(deps),
  };

  const run = async (name: string, input: unknown): Promise<unknown> => {
    if (!Object.hasOwn(procedures, name)) throw new AppError('NOT_FOUND', `Unknown procedure ${name}.`);
    const procedure = procedures[name as ProcedureName];
    const parsed = procedure.input.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
      throw new AppError('VALIDATION_ERROR', `Invalid input for ${name}: ${details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')}`, details);
    }
    const output = await (handlers[name as ProcedureName] as (i: unknown) => unknown)(parsed.data);
    if (options.checkOutputs) procedure.output.parse(output);
    return output;
  };

  return {
    store,
    bus,
    media,
    dataDir,
    async dispatch(name, input) {
      try {
        return { ok: true, value: await run(name, input) };
      } catch (error) {
        return { ok: false, error: toErrorPayload(error) };
      }
    },
    call: (name, input) => run(name, input) as Promise<never>,
    close: () => {
      for (const close of closers.splice(0).reverse()) close();
      store.close();
    },
  };
}
