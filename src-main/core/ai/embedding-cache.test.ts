import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddingCache, embeddingKey } from './embedding-cache';
import type { Embedding } from './types';

const dims = [1, 4, 8, 8];
const fake = (sha256: string, fill = 1): Embedding => ({ key: embeddingKey('m', sha256), modelId: 'm', sha256, width: 30, height: 20, dims, data: new Float32Array(256).fill(fill) });
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-emb-'));
const SIZE = 32 + 256 * 4;

describe('embedding cache', () => {
  it('keeps embeddings on disk across instances, with the image size', async () => {
    const dir = tempDir();
    await createEmbeddingCache({ dir, maxBytes: 1e6, memoryEntries: 2 }).put(fake('aa11', 0.5));
    const later = createEmbeddingCache({ dir, maxBytes: 1e6, memoryEntries: 2 });
    await later.ready();
    expect(later.where('m', 'aa11')).toBe('disk');
    const hit = await later.get('m', 'aa11');
    expect(hit?.source).toBe('disk');
    expect(hit?.embedding).toMatchObject({ width: 30, height: 20, dims, sha256: 'aa11' });
    expect(Array.from(hit!.embedding.data.slice(0, 3))).toEqual([0.5, 0.5, 0.5]);
    expect((await later.get('m', 'aa11'))?.source).toBe('memory');
    expect(await later.get('other-model', 'aa11')).toBeNull();
  });

  it('evicts the least recently used files when the disk cap is exceeded', async () => {
    const dir = tempDir();
    const cache = createEmbeddingCache({ dir, maxBytes: 3 * SIZE, memoryEntries: 1 });
    for (const sha of ['a1', 'b2', 'c3']) await cache.put(fake(sha));
    await cache.get('m', 'a1'); // a1 becomes the most recent, so b2 is now the oldest
    await cache.put(fake('d4'));
    expect(cache.stats()).toMatchObject({ disk_entries: 3, disk_bytes: 3 * SIZE, max_bytes: 3 * SIZE });
    expect(['a1', 'b2', 'c3', 'd4'].map((sha) => cache.where('m', sha) !== null)).toEqual([true, false, true, true]);
    expect(fs.existsSync(path.join(dir, 'm', 'b2', 'b2.emb'))).toBe(false);
    // A restart sees the same order through the files' times.
    const restarted = createEmbeddingCache({ dir, maxBytes: 2 * SIZE, memoryEntries: 1 });
    await restarted.put(fake('e5'));
    expect(['a1', 'c3', 'd4', 'e5'].map((sha) => restarted.where('m', sha) !== null)).toEqual([false, false, true, true]);
  });

  it('drops a torn or foreign file instead of returning garbage', async () => {
    const dir = tempDir();
    const cache = createEmbeddingCache({ dir, maxBytes: 1e6, memoryEntries: 1 });
    await cache.put(fake('ff00'));
    const file = path.join(dir, 'm', 'ff', 'ff00.emb');
    fs.truncateSync(file, 100);
    const fresh = createEmbeddingCache({ dir, maxBytes: 1e6, memoryEntries: 1 });
    expect(await fresh.get('m', 'ff00')).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    expect(fresh.stats().disk_entries).toBe(0);
  });

  it('works in memory only without a folder', async () => {
    const cache = createEmbeddingCache({ dir: null, maxBytes: 1e6, memoryEntries: 1 });
    await cache.put(fake('aa'));
    await cache.put(fake('bb'));
    expect([cache.where('m', 'aa'), cache.where('m', 'bb')]).toEqual([null, 'memory']);
  });
});
