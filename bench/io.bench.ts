import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { createCore } from '../src-main/core/app';
import { openStore } from '../src-main/core/store';
import { median, writeResult } from './result';

/**
 * export-coco: a synthetic project of 100,000 images and 1,000,000 annotations (half polygons,
 * half boxes) exported to COCO through core (SQLite → streaming writer → file), vs a baseline
 * that JSON.stringify()s the same COCO structure, already built in memory, and writes it.
 * import-coco: that file imported into a new project through core (parse, match, check, one
 * transaction) vs JSON.parse of it plus a raw better-sqlite3 insert of the same rows.
 * Each side runs in its own child process, so its peak RSS is its own.
 */

const IMAGES = Number(process.env.BENCH_IMAGES ?? 100_000);
const ANNOTATIONS = Number(process.env.BENCH_ANNOTATIONS ?? 1_000_000);
const CLASSES = 20;
const W = 1000;
const H = 800;
const self = fileURLToPath(import.meta.url);

type ChildResult = { seconds: number; cpu_s?: number; rss_mb: number; max_event_loop_delay_ms?: number; bytes?: number; rows?: number };

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Timed section: wall seconds, and CPU seconds of this process (less sensitive to a busy machine). */
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number; cpu_s: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpu_s: (c.user + c.system) / 1e6 };
}

/** A deterministic pseudo-random stream, so every run builds the same project. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

async function buildProject(dir: string): Promise<{ dataDir: string; projectId: string }> {
  const dataDir = path.join(dir, 'data');
  const store = await openStore(path.join(dataDir, 'labeler.db'));
  const project = store.projects.create({
    name: 'bench', description: '', dataset_id: null, task_types: ['detection', 'segmentation'], task_config: {},
    classes: Array.from({ length: CLASSES }, (_, i) => ({ id: i, name: `class_${i}`, color: '#ff0000', parent_id: null })),
    attributes: [], workflow_type: 'simple', status: 'active',
  });
  const imageIds = store.images.insertMany(project.id, Array.from({ length: IMAGES }, (_, i) => ({ filename: `images/img${String(i).padStart(6, '0')}.jpg`, path: `/nowhere/img${i}.jpg`, width: W, height: H, size_bytes: 0, sha256: '' })));
  const insert = store.db.prepare(`INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, source, z_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '{}', 'human', 0, ?, ?)`);
  const rnd = random(1);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const now = new Date().toISOString();
  store.db.transaction(() => {
    for (let i = 0; i < ANNOTATIONS; i++) {
      const x = r2(rnd() * (W - 100));
      const y = r2(rnd() * (H - 100));
      let geometry;
      if (i % 2) {
        geometry = { type: 'bbox', bbox: [x, y, r2(10 + rnd() * 80), r2(10 + rnd() * 80)] };
      } else {
        const n = 8 + Math.floor(rnd() * 9);
        geometry = { type: 'polygon', points: Array.from({ length: n }, (_, k) => [r2(x + 40 + 35 * Math.cos((2 * Math.PI * k) / n)), r2(y + 40 + 35 * Math.sin((2 * Math.PI * k) / n))]) };
      }
      insert.run(uuidv7(), project.id, imageIds[i % IMAGES], geometry.type, i % CLASSES, JSON.stringify(geometry), now, now);
    }
  })();
  store.close();
  return { dataDir, projectId: project.id };
}

function runChild(role: string, ...args: string[]): ChildResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', self, role, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${role} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/** Child: our export, timed from the call to the finished file, with event-loop stalls measured. */
async function childExport(dataDir: string, projectId: string, out: string): Promise<ChildResult> {
  const core = await createCore({ dataDir, transport: 'ipc' });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const { value: report, seconds, cpu_s } = await timed(() => core.call('exportDataset', { project_id: projectId, format: 'coco', out }));
  delay.disable();
  core.close();
  return { seconds, cpu_s, rss_mb: rssMb(), max_event_loop_delay_ms: Math.round(delay.max / 1e6), bytes: report.bytes };
}

/** Child: the baseline builds the COCO structure in memory (untimed), then stringifies and writes it (timed). */
async function childBaselineExport(dataDir: string, projectId: string, out: string): Promise<ChildResult> {
  const db = new Database(path.join(dataDir, 'labeler.db'), { readonly: true });
  const images = db.prepare('SELECT id, filename, width, height FROM images WHERE project_id = ? ORDER BY filename, id').all(projectId) as { id: string; filename: string; width: number; height: number }[];
  const cocoId = new Map(images.map((img, i) => [img.id, i + 1]));
  const annotations: unknown[] = [];
  let id = 1;
  for (const row of db.prepare('SELECT image_id, class_id, geometry FROM annotations WHERE project_id = ? ORDER BY image_id').iterate(projectId) as Iterable<{ image_id: string; class_id: number; geometry: string }>) {
    const g = JSON.parse(row.geometry);
    const base = { id: id++, image_id: cocoId.get(row.image_id), category_id: row.class_id + 1 };
    if (g.type === 'bbox') annotations.push({ ...base, segmentation: [], area: g.bbox[2] * g.bbox[3], bbox: g.bbox, iscrowd: 0 });
    else {
      const xs = g.points.map((p: number[]) => p[0]);
      const ys = g.points.map((p: number[]) => p[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      annotations.push({ ...base, segmentation: [g.points.flat()], area: 0, bbox: [x, y, Math.max(...xs) - x, Math.max(...ys) - y], iscrowd: 0 });
    }
  }
  const structure = {
    info: { description: 'baseline' },
    licenses: [],
    images: images.map((img, i) => ({ id: i + 1, file_name: img.filename, width: img.width, height: img.height })),
    annotations,
    categories: Array.from({ length: CLASSES }, (_, i) => ({ id: i + 1, name: `class_${i}`, supercategory: `class_${i}` })),
  };
  db.close();
  const { seconds, cpu_s } = await timed(() => fs.writeFileSync(out, JSON.stringify(structure)));
  return { seconds, cpu_s, rss_mb: rssMb(), bytes: fs.statSync(out).size };
}

async function emptyProject(dataDir: string): Promise<string> {
  const store = await openStore(path.join(dataDir, 'labeler.db'));
  const project = store.projects.create({ name: 'import', description: '', dataset_id: null, task_types: ['detection'], task_config: {}, classes: [], attributes: [], workflow_type: 'simple', status: 'active' });
  store.close();
  return project.id;
}

/** Child: our import of the COCO file into an empty project. */
async function childImport(dataDir: string, file: string): Promise<ChildResult> {
  const projectId = await emptyProject(dataDir);
  const core = await createCore({ dataDir, transport: 'ipc' });
  const { value: report, seconds, cpu_s } = await timed(() => core.call('importDataset', { project_id: projectId, path: file, format: 'coco' }));
  core.close();
  if (!report.committed) throw new Error(`import refused: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  return { seconds, cpu_s, rss_mb: rssMb(), rows: report.annotations };
}

/** Child: JSON.parse plus a raw insert of the same image and annotation rows. */
async function childBaselineImport(dataDir: string, file: string): Promise<ChildResult> {
  const projectId = await emptyProject(dataDir);
  const db = new Database(path.join(dataDir, 'labeler.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const insertImage = db.prepare('INSERT INTO images (id, project_id, filename, path, width, height, size_bytes, sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, \'\', ?, ?)');
  const insertAnnotation = db.prepare(`INSERT INTO annotations (id, project_id, image_id, annotation_type, class_id, geometry, attributes, source, z_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '{}', 'import', 0, ?, ?)`);
  const now = new Date().toISOString();
  const ids = new Map<number, string>();
  db.transaction(() => {
    for (const img of doc.images) {
      const id = uuidv7();
      ids.set(img.id, id);
      insertImage.run(id, projectId, img.file_name, `/x/${img.file_name}`, img.width, img.height, now, now);
    }
    for (const a of doc.annotations) {
      const seg = a.segmentation;
      const geometry = seg.length ? { type: 'polygon', points: seg[0].reduce((acc: number[][], v: number, k: number) => (k % 2 ? acc : [...acc, [v, seg[0][k + 1]]]), []) } : { type: 'bbox', bbox: a.bbox };
      insertAnnotation.run(uuidv7(), projectId, ids.get(a.image_id), geometry.type, a.category_id - 1, JSON.stringify(geometry), now, now);
    }
  })();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  db.close();
  return { seconds, cpu_s: (c.user + c.system) / 1e6, rss_mb: rssMb(), rows: doc.annotations.length };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-io-bench-'));
  try {
    process.stdout.write(`building a project of ${IMAGES} images and ${ANNOTATIONS} annotations…\n`);
    const { dataDir, projectId } = await buildProject(dir);
    // Rounds alternate the two sides, so a busy moment on the machine does not fall on one side only.
    const ours: ChildResult[] = [];
    const baseline: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(runChild('child-export', dataDir, projectId, path.join(dir, `ours-${round}`)));
      baseline.push(runChild('child-baseline-export', dataDir, projectId, path.join(dir, `baseline-${round}.json`)));
      if (round) fs.rmSync(path.join(dir, `ours-${round}`), { recursive: true, force: true });
      fs.rmSync(path.join(dir, `baseline-${round}.json`), { force: true });
    }
    const med = (list: ChildResult[], key: 'seconds' | 'cpu_s' | 'rss_mb') => median(list.map((r) => r[key] ?? 0));
    writeResult({
      id: 'export-coco', metric: `export ${ANNOTATIONS.toLocaleString('en')} annotations to COCO JSON (median wall time)`, unit: 's',
      value: med(ours, 'seconds'), baseline: med(baseline, 'seconds'), target: '≤ 1.5; our peak RSS < 1024 MB',
      params: {
        images: IMAGES, annotations: ANNOTATIONS, rounds: ROUNDS,
        ours_runs_s: ours.map((r) => r.seconds), baseline_runs_s: baseline.map((r) => r.seconds),
        ours_cpu_s: med(ours, 'cpu_s'), baseline_cpu_s: med(baseline, 'cpu_s'),
        ours_rss_mb: Math.max(...ours.map((r) => r.rss_mb)), baseline_rss_mb: Math.max(...baseline.map((r) => r.rss_mb)),
        ours_max_event_loop_delay_ms: Math.max(...ours.map((r) => r.max_event_loop_delay_ms ?? 0)), ours_bytes: ours[0].bytes, baseline_bytes: baseline[0].bytes,
      },
    });
    process.stdout.write(`  peak RSS: ours ${Math.max(...ours.map((r) => r.rss_mb))} MB, baseline ${Math.max(...baseline.map((r) => r.rss_mb))} MB; CPU ${med(ours, 'cpu_s').toFixed(1)} s vs ${med(baseline, 'cpu_s').toFixed(1)} s; longest event-loop stall during our export ${Math.max(...ours.map((r) => r.max_event_loop_delay_ms ?? 0))} ms\n`);
    const file = path.join(dir, 'ours-0/annotations/instances_default.json');
    const ourImport: ChildResult[] = [];
    const baseImport: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ourImport.push(runChild('child-import', path.join(dir, `import-ours-${round}`), file));
      fs.rmSync(path.join(dir, `import-ours-${round}`), { recursive: true, force: true });
      baseImport.push(runChild('child-baseline-import', path.join(dir, `import-baseline-${round}`), file));
      fs.rmSync(path.join(dir, `import-baseline-${round}`), { recursive: true, force: true });
    }
    writeResult({
      id: 'import-coco', metric: `import a ${ANNOTATIONS.toLocaleString('en')}-annotation COCO JSON into a project (median wall time)`, unit: 's',
      value: med(ourImport, 'seconds'), baseline: med(baseImport, 'seconds'), target: '≤ 1.5',
      params: {
        images: IMAGES, annotations: ANNOTATIONS, rounds: ROUNDS, ours_rows: ourImport[0].rows, baseline_rows: baseImport[0].rows,
        ours_runs_s: ourImport.map((r) => r.seconds), baseline_runs_s: baseImport.map((r) => r.seconds),
        ours_cpu_s: med(ourImport, 'cpu_s'), baseline_cpu_s: med(baseImport, 'cpu_s'),
        ours_rss_mb: Math.max(...ourImport.map((r) => r.rss_mb)), baseline_rss_mb: Math.max(...baseImport.map((r) => r.rss_mb)),
      },
    });
    process.stdout.write(`  peak RSS: ours ${Math.max(...ourImport.map((r) => r.rss_mb))} MB, baseline ${Math.max(...baseImport.map((r) => r.rss_mb))} MB; CPU ${med(ourImport, 'cpu_s').toFixed(1)} s vs ${med(baseImport, 'cpu_s').toFixed(1)} s\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const [role, ...args] = process.argv.slice(2);
const children: Record<string, (...a: string[]) => unknown> = {
  /** Builds the synthetic project in a folder and prints where (for profiling one side alone). */
  'child-build': (d) => buildProject(d),
  'child-export': (d, p, o) => childExport(d, p, o),
  'child-baseline-export': (d, p, o) => childBaselineExport(d, p, o),
  'child-import': (d, f) => childImport(d, f),
  'child-baseline-import': (d, f) => childBaselineImport(d, f),
};
if (role && children[role]) process.stdout.write(`${JSON.stringify(await children[role](...args))}\n`);
else await main();
