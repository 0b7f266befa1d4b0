import type { ErrorPayload } from '../../../src-shared/contract/errors';
import type { DecodeOptions, ModelSpec, SamPrompts } from './types';

/** Messages between the engine and its SAM workers (one encoder worker, one decoder worker). */

export interface SamWorkerData {
  role: 'encoder' | 'decoder';
  file: string;
  spec: ModelSpec;
  threads?: number;
  /** Only for the dev bootstrap: the TypeScript worker module to import. */
  entry?: string;
}

export interface EmbeddingPayload {
  data: Float32Array;
  dims: number[];
  width: number;
  height: number;
}

export type WorkerRequest =
  | { id: number; op: 'encode'; source: string | Uint8Array }
  | { id: number; op: 'decode'; key: string; embedding?: EmbeddingPayload; prompts: SamPrompts; options: DecodeOptions }
  /** Finish the running request, release the model and exit; requests still queued are refused. */
  | { id: number; op: 'close' };

/** A request before the client numbers it. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: ErrorPayload }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorPayload };

/** The decoder worker answers this when it no longer holds an embedding; the engine resends it. */
export const EMBEDDING_MISSING = 'EMBEDDING_MISSING';
