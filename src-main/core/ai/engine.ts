import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/contract/errors';
import { createEmbeddingCache, embeddingKey, type EmbeddingCacheStats } from './embedding-cache';
import { cancelledError, createEncodeQueue, type Priority } from './encode-queue';
import { Lru } from './lru';
import { createHashCache, sha256File, verifyModelFiles, type HashCache } from './model-files';
import { openDecoder, type DecoderSession } from './sessions';
import { SUPPORTED_DECODERS, type DecodeOptions, type Embedding, type EmbeddingSource, type ResolvedModel, type SamPrompts, type SegmentResult } from './types';
import { startWorker, type WorkerClient } from './worker-client';
import { EMBEDDING_MISSING, type EmbeddingPayload } from './worker-protocol';

/**
 * The on-device Segment Anything engine: one model, an encoder worker, a decoder (worker or
 * in-process), an embedding cache and the encode queue with prefetch. It knows images only as
 * bytes or paths with a sha256, so the workstation and the REST server share it unchanged.
 *
 *   encode(image) ──► memory LRU ──► disk cache ──► queue (now > prefetch > batch) ──► encoder worker
 *   decode(embedding, prompts) ──► decoder worker (keeps the last embeddings) ──► mask, polygons, RLE
 */
export interface SamEngineOptions {
  model: ResolvedModel;
  /** Folder for cached embeddings; null keeps them in memory only. */
  cacheDir?: string | null;
  /** Disk cap for cached embeddings (one is ~4 MB); default 2 GiB. */
  cacheBytes?: number;
  /** Embeddings kept in memory; default 6. */
  memoryEntries?: number;
  /** Where the decoder runs: its own worker (default) or the calling thread. */
  decoderThread?: 'worker' | 'main';
  threads?: { encoder?: number; decoder?: number };
  /** Remembers verified model hashes across starts (a JSON file), or a shared cache object. */
  hashes?: HashCache | string | null;
}

/** An image as the engine knows it: a file or bytes, and its sha256 when the caller has it. */
export interface ImageRef {
  sha256?: string;
  path?: string;
  bytes?: Uint8Array;
}

export interface Encoded {
  embedding: Embedding;
  source: EmbeddingSource;
  ms: number;
}

export interface PrefetchHandle {
  /** sha256 of the images queued for encoding (not cached yet). */
  queued: string[];
  /** sha256 of the images already cached. */
  ready: string[];
  cancel(): void;
  /** Settles when every queued image is encoded or cancelled. */
  done: Promise<{ encoded: number; cancelled: number; failed: number }>;
}

export interface SamEngineStats {
  model_id: string;
  decoder_thread: 'worker' | 'main';
  cache: EmbeddingCacheStats;
  queue: { waiting: number; running: number; completed: number; dropped: number };
  encoded: number;
  decoded: number;
}

export const DEFAULT_CACHE_BYTES = 2 * 1024 ** 3;
const DECODER_EMBEDDINGS = 4;

export async function createSamEngine(options: SamEngineOptions) {
  const { model } = options;
  const modelId = model.spec.id;
  if (!SUPPORTED_DECODERS.includes(model.spec.decoderVariant)) {
    throw new AppError('NOT_IMPLEMENTED', `Model "${modelId}" uses the "${model.spec.decoderVariant}" decoder, which this version cannot run yet (supported: ${SUPPORTED_DECODERS.join(', ')}). Choose another model.`);
  }
  const hashes = typeof options.hashes === 'object' && options.hashes ? options.hashes : createHashCache(options.hashes ?? null);
  await verifyModelFiles(model, hashes);

  const decoderThread = options.decoderThread ?? 'worker';
  const encoder = startWorker({ role: 'encoder', file: model.files.encoder, spec: model.spec, threads: options.threads?.encoder });
  let decoderWorker: WorkerClient | null = null;
  let mainDecoder: DecoderSession | null = null;
  try {
    if (decoderThread === 'worker') {
      decoderWorker = startWorker({ role: 'decoder', file: model.files.decoder, spec: model.spec, threads: options.threads?.decoder });
      await Promise.all([encoder.ready, decoderWorker.ready]);
    } else {
      [mainDecoder] = await Promise.all([openDecoder(model.files.decoder, model.spec, { threads: options.threads?.decoder }), encoder.ready]);
    }
  } catch (error) {
    await Promise.allSettled([encoder.close(), decoderWorker?.close(), mainDecoder?.close()]);
    throw error;
  }

  const cache = createEmbeddingCache({ dir: options.cacheDir ?? null, maxBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES, memoryEntries: options.memoryEntries ?? 6 });
  await cache.ready();
  // Which embeddings the decoder worker holds (it keeps as many, in the same order of use).
  const decoderHas = new Lru<string, true>(DECODER_EMBEDDINGS);
  let encoded = 0;
  let decoded = 0;
  let closed = false;
  let prefetching: AbortController | null = null;

  const shaOf = async (image: ImageRef): Promise<string> => {
    if (image.sha256) return image.sha256;
    if (image.bytes) return createHash('sha256').update(image.bytes).digest('hex');
    if (image.path) return sha256File(image.path);
    throw new AppError('VALIDATION_ERROR', 'An image needs a path or bytes.');
  };

  const queue = createEncodeQueue<ImageRef & { sha256: string }, Embedding>(async (image) => {
    const source = image.path ?? image.bytes;
    if (!source) throw new AppError('VALIDATION_ERROR', 'An image needs a path or bytes.');
    const out = await encoder.call<{ width: number; height: number; dims: number[]; data: Float32Array }>({ op: 'encode', source });
    const embedding: Embedding = { key: embeddingKey(modelId, image.sha256), modelId, sha256: image.sha256, width: out.width, height: out.height, dims: out.dims, data: out.data };
    await cache.put(embedding);
    encoded++;
    return embedding;
  });

  const ensureOpen = () => {
    if (closed) throw new AppError('CONFLICT', 'The SAM engine was closed.');
  };

  const engine = {
    modelId,
    decoderThread,

    /** Where an image's embedding is cached, without reading it. */
    where: (sha256: string) => cache.where(modelId, sha256),

    /** The embedding of an image: from memory, from disk, or encoded at `priority` (default now). */
    async encode(image: ImageRef, opts: { priority?: Priority; signal?: AbortSignal } = {}): Promise<Encoded> {
      ensureOpen();
      const started = performance.now();
      const sha256 = await shaOf(image);
      const hit = await cache.get(modelId, sha256);
      if (hit) return { ...hit, ms: performance.now() - started };
      const embedding = await queue.request(embeddingKey(modelId, sha256), { ...image, sha256 }, opts.priority ?? 'now', opts.signal);
      return { embedding, source: 'computed', ms: performance.now() - started };
    },

    /**
     * Encodes the given images (next in navigation order) at low priority, replacing the previous
     * prefetch: images that are no longer wanted and not started yet are dropped.
     */
    prefetch(images: (ImageRef & { sha256: string })[]): PrefetchHandle {
      ensureOpen();
      const controller = new AbortController();
      const previous = prefetching;
      prefetching = controller;
      const queued: string[] = [];
      const ready: string[] = [];
      const jobs: Promise<unknown>[] = [];
      for (const image of images) {
        if (cache.where(modelId, image.sha256)) {
          ready.push(image.sha256);
          continue;
        }
        queued.push(image.sha256);
        jobs.push(queue.request(embeddingKey(modelId, image.sha256), image, 'prefetch', controller.signal));
      }
      // Cancelled after the new requests exist, so an image wanted by both keeps its job.
      previous?.abort();
      const done = Promise.allSettled(jobs).then((results) => {
        const cancelled = results.filter((r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.message === cancelledError().message).length;
        const failed = results.filter((r) => r.status === 'rejected').length - cancelled;
        return { encoded: results.length - cancelled - failed, cancelled, failed };
      });
      return { queued, ready, cancel: () => controller.abort(), done };
    },

    /** Runs the prompt decoder on an embedding and post-processes its mask. */
    async decode(embedding: Embedding, prompts: SamPrompts, opts: DecodeOptions = {}): Promise<SegmentResult> {
      ensureOpen();
      if (embedding.modelId !== modelId) throw new AppError('VALIDATION_ERROR', `This embedding was made by model "${embedding.modelId}", not "${modelId}".`);
      decoded++;
      if (mainDecoder) return mainDecoder.decode(embedding, prompts, opts);
      const payload: EmbeddingPayload = { data: embedding.data, dims: embedding.dims, width: embedding.width, height: embedding.height };
      const send = (withEmbedding: boolean) => decoderWorker!.call<SegmentResult>({ op: 'decode', key: embedding.key, embedding: withEmbedding ? payload : undefined, prompts, options: opts });
      let result: SegmentResult;
      try {
        result = await send(!decoderHas.get(embedding.key));
      } catch (error) {
        if (!(error instanceof AppError && error.message === EMBEDDING_MISSING)) throw error;
        result = await send(true);
      }
      decoderHas.set(embedding.key, true);
      return result;
    },

    /** Encode (or reuse) and decode in one call. */
    async segment(image: ImageRef, prompts: SamPrompts, opts: DecodeOptions = {}): Promise<SegmentResult & { embedding: EmbeddingSource; encode_ms: number }> {
      const { embedding, source, ms } = await engine.encode(image);
      return { ...(await engine.decode(embedding, prompts, opts)), embedding: source, encode_ms: ms };
    },

    stats(): SamEngineStats {
      return { model_id: modelId, decoder_thread: decoderThread, cache: cache.stats(), queue: queue.stats(), encoded, decoded };
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      prefetching?.abort();
      await Promise.allSettled([encoder.close(), decoderWorker?.close(), mainDecoder?.close()]);
    },
  };
  return engine;
}

export type SamEngine = Awaited<ReturnType<typeof createSamEngine>>;
