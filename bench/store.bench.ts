import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openStore, type Store } from '../src-main/core/store';
import type { NewAnnotation } from '../src-main/core/store/annotations';
import { openDatabase } from '../src-main/core/store/db';
import { median, writeResult } from './result';

/**
 * store-insert: 1,000,000 annotations through the store's public API (ids, timestamps, JSON,
 * outbox entry) vs a raw better-sqlite3 prepared-statement loop inserting the same rows in one
 * transaction. store-query: one image's annotations through the store vs a raw indexed select.
 */
const ANNOTATIONS = Number(process.env.BENCH_ANNOTATIONS ?? 1_000_000);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERIES = 2000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-bench-'));
let files = 0;

async function storeWithImages(): Promise<{ store: Store; projectId: string; imageIds: string[] }> {
  const store = await openStore(path.join(dir, `bench-${files++}.db`));
  const project = store.projects.create({ name: 'bench', description: '', dataset_id: null, task_types: ['detection'], task_config: {}, classes: [{ id: 0, name: 'a', color: '#ff0000', parent_id: null }], attributes: [], workflow_type: 'simple', status: 'active' });
  const imageIds = store.images.insertMany(project.id, Array.from({ length: IMAGES }, (_, i) => ({ filename: `img${i}.jpg`, path: `/data/img${i}.jpg`, width: 1000, height: 1000, size_bytes: 1, sha256: String(i) })));
  return { store, projectId: project.id, imageIds };
}

function annotations(imageIds: string[]): NewAnnotation[] {
  return Array.from({ length: ANNOTATIONS }, (_, i) => ({
    image_id: imageIds[i % imageIds.length],
    annotation_type: 'bbox' as const,
    class_id: 0,
    geometry: { type: 'bbox' as const, bbox: [i % 900, (i * 7) % 900, 50, 40] as [number, number, number, number] },
  }));
}

function rawInsert(store: Store, projectId: string, rows: NewAnnotation[]) {
  const insert = store.db.prepare(`INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, caption, confidence, source, z_order, annotator_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const now = new Date().toISOString();
  store.db.transaction(() => {
    for (const a of rows) insert.run(uuidv7(), projectId, a.image_id, a.annotation_type, a.class_id, JSON.stringify(a.geometry), '{}', null, null, 'human', 0, null, now, now);
  })();
}

async function timeInsert(kind: 'api' | 'raw'): Promise<{ seconds: number; store: Store; imageIds: string[] }> {
  const { store, projectId, imageIds } = await storeWithImages();
  const rows = annotations(imageIds);
  const start = process.hrtime.bigint();
  if (kind === 'api') store.annotations.insertMany(projectId, rows);
  else rawInsert(store, projectId, rows);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, store, imageIds };
}

async function main() {
  await openDatabase(':memory:');
  const api: number[] = [];
  const raw: number[] = [];
  let kept: { store: Store; imageIds: string[] } | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const r = await timeInsert('raw');
    raw.push(r.seconds);
    r.store.close();
    const a = await timeInsert('api');
    api.push(a.seconds);
    if (kept) kept.store.close();
    kept = a;
  }
  writeResult({
    id: 'store-insert', metric: 'bulk insert time (median of rounds)', unit: 's',
    value: median(api), baseline: median(raw), target: '≤ 1.3',
    params: { annotations: ANNOTATIONS, images: IMAGES, rounds: ROUNDS, api_runs: api, raw_runs: raw },
  });

  const { store, imageIds } = kept!;
  const rawSelect = store.db.prepare('SELECT * FROM annotations WHERE image_id = ?');
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  // Alternate which one runs first, so neither always finds the pages the other just read.
  const timed = (work: () => unknown) => {
    const t0 = process.hrtime.bigint();
    work();
    return Number(process.hrtime.bigint() - t0) / 1e3;
  };
  for (let i = 0; i < QUERIES; i++) {
    const imageId = imageIds[(i * 7919) % imageIds.length];
    const runApi = () => apiTimes.push(timed(() => store.annotations.forImage(imageId)));
    const runRaw = () => rawTimes.push(timed(() => rawSelect.all(imageId)));
    if (i % 2) {
      runApi();
      runRaw();
    } else {
      runRaw();
      runApi();
    }
  }
  writeResult({
    id: 'store-query', metric: "p50 time to list one image's annotations", unit: 'µs',
    value: median(apiTimes), baseline: median(rawTimes), target: '≤ 1.5',
    params: { annotations: ANNOTATIONS, images: IMAGES, per_image: ANNOTATIONS / IMAGES, queries: QUERIES },
  });
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
