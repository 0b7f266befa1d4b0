import fs from 'node:fs';
import path from 'node:path';
import { Lru } from './lru';
import type { Embedding, EmbeddingSource } from './types';

/**
 * Image embeddings by (model id, image sha256): a few in memory, many on disk under
 * `<dir>/<model id>/<sha[0..2]>/<sha>.emb`, the disk part capped in bytes with least-recently-used
 * eviction. "Used" is the file's mtime, refreshed on every read, so the order survives restarts.
 *
 * File format (little-endian): "LSEM", version, width, height, 4 dims (u32 each), float32 data.
 */
const MAGIC = 0x4d45534c; // "LSEM"
const VERSION = 1;
const HEADER = 32;

export interface EmbeddingCacheOptions {
  /** Null keeps embeddings in memory only. */
  dir: string | null;
  maxBytes: number;
  memoryEntries: number;
}

export interface EmbeddingCacheStats {
  memory_entries: number;
  disk_entries: number;
  disk_bytes: number;
  max_bytes: number;
}

export const embeddingKey = (modelId: string, sha256: string) => `${modelId}:${sha256}`;

export function createEmbeddingCache(options: EmbeddingCacheOptions) {
  const memory = new Lru<string, Embedding>(Math.max(1, options.memoryEntries));
  const index = new Map<string, { bytes: number; used: number }>();
  let diskBytes = 0;
  let writes = 0;
  let lastUsed = 0;
  // Strictly increasing, so two uses in the same millisecond still have an order.
  const stamp = () => (lastUsed = Math.max(Date.now(), lastUsed + 0.001));
  let loaded: Promise<void> | null = null;

  const fileOf = (modelId: string, sha256: string) => path.join(options.dir!, encodeURIComponent(modelId), sha256.slice(0, 2), `${sha256}.emb`);

  /** Reads the sizes and use times of what an earlier run left on disk. */
  const load = () =>
    (loaded ??= (async () => {
      if (!options.dir) return;
      let names: string[] = [];
      try {
        names = (await fs.promises.readdir(options.dir, { recursive: true })) as string[];
      } catch {
        return;
      }
      for (const name of names.filter((n) => n.endsWith('.emb'))) {
        const file = path.join(options.dir, name);
        try {
          const stat = await fs.promises.stat(file);
          index.set(file, { bytes: stat.size, used: stat.mtimeMs });
          lastUsed = Math.max(lastUsed, stat.mtimeMs);
          diskBytes += stat.size;
        } catch {
          // Deleted meanwhile by another process: nothing to account for.
        }
      }
    })());

  const forget = async (file: string) => {
    const entry = index.get(file);
    if (!entry) return;
    index.delete(file);
    diskBytes -= entry.bytes;
    await fs.promises.rm(file, { force: true });
  };

  const evict = async (keep: string) => {
    if (diskBytes <= options.maxBytes) return;
    const oldest = [...index.entries()].filter(([file]) => file !== keep).sort((a, b) => a[1].used - b[1].used);
    for (const [file] of oldest) {
      if (diskBytes <= options.maxBytes) break;
      await forget(file);
    }
  };

  const read = async (file: string, modelId: string, sha256: string): Promise<Embedding | null> => {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch {
      await forget(file);
      return null;
    }
    const head = new DataView(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEADER));
    const count = bytes.length >= HEADER ? [0, 1, 2, 3].reduce((n, i) => n * head.getUint32(16 + 4 * i, true), 1) : -1;
    if (bytes.length < HEADER || head.getUint32(0, true) !== MAGIC || head.getUint32(4, true) !== VERSION || bytes.length !== HEADER + 4 * count) {
      // A stale format or a torn write from a crash: drop it, the encoder makes a new one.
      await forget(file);
      return null;
    }
    const start = bytes.byteOffset + HEADER;
    const data = start % 4 === 0 ? new Float32Array(bytes.buffer, start, count) : new Float32Array(bytes.buffer.slice(start, start + 4 * count));
    const used = stamp();
    const now = new Date(used);
    index.set(file, { bytes: bytes.length, used });
    fs.promises.utimes(file, now, now).catch(() => undefined);
    return {
      key: embeddingKey(modelId, sha256),
      modelId,
      sha256,
      width: head.getUint32(8, true),
      height: head.getUint32(12, true),
      dims: [0, 1, 2, 3].map((i) => head.getUint32(16 + 4 * i, true)),
      data,
    };
  };

  return {
    /** Loads the disk index; call once before `where` is trusted for disk entries. */
    ready: load,

    /** Where an embedding is, without reading it. */
    where(modelId: string, sha256: string): Exclude<EmbeddingSource, 'computed'> | null {
      if (memory.has(embeddingKey(modelId, sha256))) return 'memory';
      return options.dir && index.has(fileOf(modelId, sha256)) ? 'disk' : null;
    },

    async get(modelId: string, sha256: string): Promise<{ embedding: Embedding; source: Exclude<EmbeddingSource, 'computed'> } | null> {
      const inMemory = memory.get(embeddingKey(modelId, sha256));
      if (inMemory) return { embedding: inMemory, source: 'memory' };
      if (!options.dir) return null;
      await load();
      const file = fileOf(modelId, sha256);
      if (!index.has(file)) return null;
      const embedding = await read(file, modelId, sha256);
      if (!embedding) return null;
      memory.set(embedding.key, embedding);
      return { embedding, source: 'disk' };
    },

    async put(embedding: Embedding): Promise<void> {
      memory.set(embedding.key, embedding);
      if (!options.dir) return;
      await load();
      const size = HEADER + embedding.data.byteLength;
      if (size > options.maxBytes || embedding.dims.length !== 4) return;
      const file = fileOf(embedding.modelId, embedding.sha256);
      const header = Buffer.alloc(HEADER);
      [MAGIC, VERSION, embedding.width, embedding.height, ...embedding.dims].forEach((v, i) => header.writeUInt32LE(v, 4 * i));
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed, so a reader never sees half a file.
      const temp = `${file}.${process.pid}.${++writes}.tmp`;
      const handle = await fs.promises.open(temp, 'w');
      try {
        await handle.writev([header, Buffer.from(embedding.data.buffer, embedding.data.byteOffset, embedding.data.byteLength)]);
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, file);
      const previous = index.get(file);
      diskBytes += size - (previous?.bytes ?? 0);
      index.set(file, { bytes: size, used: stamp() });
      await evict(file);
    },

    stats(): EmbeddingCacheStats {
      return { memory_entries: memory.size, disk_entries: index.size, disk_bytes: diskBytes, max_bytes: options.maxBytes };
    },
  };
}

export type EmbeddingCache = ReturnType<typeof createEmbeddingCache>;
