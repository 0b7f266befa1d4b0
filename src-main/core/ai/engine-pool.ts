import path from 'node:path';
import { toErrorPayload, type ErrorPayload } from '../../../src-shared/contract/errors';
import { createSamEngine, DEFAULT_CACHE_BYTES, type SamEngine } from './engine';
import type { ModelManager } from './model-manager';

type Entry = { state: 'loading'; promise: Promise<SamEngine> } | { state: 'ready'; engine: SamEngine; promise: Promise<SamEngine> } | { state: 'error'; error: ErrorPayload };

/**
 * One engine per model, started on first use. A model that fails to load (missing, wrong hash,
 * damaged) leaves its error here for aiStatus and is retried on the next request, so fixing the
 * file needs no restart; nothing else in core depends on it.
 */
export function createEnginePool(manager: ModelManager, dataDir: string) {
  const entries = new Map<string, Entry>();
  const cacheMb = Number(process.env.LABELER_SAM_CACHE_MB);
  const decoderThread = process.env.LABELER_SAM_DECODER === 'main' ? ('main' as const) : ('worker' as const);
  // All cores by default (fastest encode); fewer keeps clicks quicker while prefetch encodes run.
  const encoderThreads = Number(process.env.LABELER_SAM_ENCODER_THREADS) || undefined;

  const start = (modelId: string): Promise<SamEngine> => {
    const promise = (async () => createSamEngine({
      model: manager.resolve(modelId),
      cacheDir: path.join(dataDir, 'ai', 'embeddings'),
      cacheBytes: cacheMb > 0 ? cacheMb * 1024 * 1024 : DEFAULT_CACHE_BYTES,
      hashes: manager.hashes,
      decoderThread,
      threads: { encoder: encoderThreads },
    }))();
    entries.set(modelId, { state: 'loading', promise });
    // A reset while loading replaces the entry; the late engine is then closed, not installed.
    const current = () => { const e = entries.get(modelId); return e && e.state !== 'error' && e.promise === promise; };
    promise.then(
      (engine) => {
        if (current()) entries.set(modelId, { state: 'ready', engine, promise });
        else void engine.close();
      },
      (error) => {
        if (current()) entries.set(modelId, { state: 'error', error: toErrorPayload(error) });
      },
    );
    return promise;
  };

  return {
    /** The engine of a model, loading it (again, after an error) when needed. */
    get(modelId: string): Promise<SamEngine> {
      const entry = entries.get(modelId);
      return entry && entry.state !== 'error' ? entry.promise : start(modelId);
    },
    /** The engine if it is loaded, without starting anything. */
    peek(modelId: string): SamEngine | null {
      const entry = entries.get(modelId);
      return entry?.state === 'ready' ? entry.engine : null;
    },
    state(modelId: string): { state: 'idle' | 'loading' | 'ready' | 'error'; error: ErrorPayload | null } {
      const entry = entries.get(modelId);
      if (!entry) return { state: 'idle', error: null };
      return { state: entry.state, error: entry.state === 'error' ? entry.error : null };
    },
    /** Forgets a model's engine (its files changed); the next request loads them anew. */
    reset(modelId: string): void {
      const entry = entries.get(modelId);
      entries.delete(modelId);
      if (entry?.state === 'ready') void entry.engine.close();
    },
    close(): void {
      for (const entry of entries.values()) if (entry.state !== 'error') void entry.promise.then((engine) => engine.close(), () => undefined);
      entries.clear();
    },
  };
}

export type EnginePool = ReturnType<typeof createEnginePool>;
