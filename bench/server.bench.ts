import { fork } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { addUser, buildServer, openStorage } from '../src-server/index';
import { writeResult } from './result';

/**
 * server-load: a bounded load test of the Labeler server on loopback, the server in its own
 * process. Mixed workload (create an annotation, list one image's annotations, read the change
 * feed) vs a plain GET /api/v1/health on the same server in the same run; ratio = p99 mixed ÷
 * p99 health. SQLite always; PostgreSQL when LABELER_TEST_PG_URL (or LABELER_BENCH_PG_URL) is set.
 */
const DURATION = Number(process.env.BENCH_SERVER_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 10);
const IMAGES = Number(process.env.BENCH_SERVER_IMAGES ?? 200);
const PG_URL = process.env.LABELER_BENCH_PG_URL ?? process.env.LABELER_TEST_PG_URL ?? '';

interface CannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
type Tracker = PromiseLike<CannonResult> & { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Tracker;

/** autocannon's own percentiles are whole milliseconds; keep every 2xx response time (µs precision) instead. */
async function load(options: Record<string, unknown>): Promise<CannonResult & { ms: number[] }> {
  const ms: number[] = [];
  const tracker = autocannon(options);
  tracker.on('response', (_client, status, _bytes, time) => {
    if (status < 300) ms.push(time);
  });
  const result = await tracker;
  return { ...result, ms: ms.sort((a, b) => a - b) };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Child process: open the storage, start the server, report the port, wait to be killed. */
async function serve(location: string, schema: string | undefined, filesDir: string) {
  const db = await openStorage(location, schema ? { schema } : {});
  await addUser(db, { email: 'bench@bench.test', password: 'bench-password', role: 'admin', team: 'bench' });
  const app = await buildServer({ db, closeDb: true, filesDir, rateLimits: { enabled: false } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send!({ port: (app.server.address() as { port: number }).port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(base: string, method: string, url: string, token?: string, body?: unknown, raw?: Buffer): Promise<any> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(raw ? { 'content-type': 'application/octet-stream' } : body ? { 'content-type': 'application/json' } : {}) },
    body: raw ?? (body ? JSON.stringify(body) : undefined),
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

async function measure(kind: string, location: string, filesDir: string, schema?: string) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', location, schema ?? '', filesDir], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const { access_token: token } = await json(base, 'POST', '/api/v1/auth/login', undefined, { email: 'bench@bench.test', password: 'bench-password' });
    const project = await json(base, 'POST', '/api/v1/projects', token, { name: 'bench', classes: [{ id: 0, name: 'a', color: '#ff0000' }] });
    const png = await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#808080' } }).png().toBuffer();
    const sha = createHash('sha256').update(png).digest('hex');
    await json(base, 'PUT', `/api/v1/files/${sha}`, token, undefined, png);
    const images: string[] = [];
    for (let i = 0; i < IMAGES; i++) images.push((await json(base, 'POST', `/api/v1/projects/${project.id}/images`, token, { filename: `img${i}.png`, sha256: sha })).id);
    for (let i = 0; i < IMAGES; i += 20) {
      await json(base, 'POST', `/api/v1/projects/${project.id}/annotations/batch`, token, {
        annotations: Array.from({ length: 100 }, (_, k) => ({ image_id: images[(i + k) % IMAGES], annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [k, k, 50, 40] } })),
      });
    }
    const auth = { authorization: `Bearer ${token}` };
    const pick = () => images[Math.floor(Math.random() * images.length)];
    // Seeded revisions: the project, the images and the annotations; readers follow the tail of the feed.
    let cursor = 1 + IMAGES + Math.ceil(IMAGES / 20) * 100;

    const health = await load({ url: `${base}/api/v1/health`, connections: CONNECTIONS, duration: DURATION });
    const mixed = await load({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: CannonRequest) => ({
            ...req,
            path: `/api/v1/projects/${project.id}/annotations`,
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ image_id: pick(), annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [Math.random() * 500, Math.random() * 500, 40, 30] } }),
          }),
        },
        { method: 'GET', setupRequest: (req: CannonRequest) => ({ ...req, path: `/api/v1/projects/${project.id}/images/${pick()}/annotations`, headers: auth }) },
        { method: 'GET', setupRequest: (req: CannonRequest) => ({ ...req, path: `/api/v1/projects/${project.id}/changes?since=${Math.max(0, (cursor += 3) - 200)}&limit=100`, headers: auth }) },
      ],
    });
    for (const [name, r] of [['health', health], ['mixed', mixed]] as const) {
      if (r.errors || r.timeouts || r.non2xx) process.stdout.write(`warning: ${kind} ${name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx\n`);
    }
    writeResult({
      id: `server-load-${kind}`,
      metric: 'p99 latency, mixed workload (create annotation, list per image, change feed)',
      unit: 'ms',
      value: round(percentile(mixed.ms, 0.99)),
      baseline: round(percentile(health.ms, 0.99)),
      params: {
        storage: kind,
        connections: CONNECTIONS,
        duration_s: DURATION,
        images: IMAGES,
        mixed_rps: mixed.requests.average,
        mixed_p50_ms: round(percentile(mixed.ms, 0.5)),
        mixed_requests: mixed.requests.total,
        mixed_non2xx: mixed.non2xx,
        health_rps: health.requests.average,
        health_p50_ms: round(percentile(health.ms, 0.5)),
        cpus: os.cpus().length,
      },
    });
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
  }
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3], process.argv[4] || undefined, process.argv[5]);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-bench-server-'));
  await measure('sqlite', path.join(dir, 'server.db'), path.join(dir, 'sqlite-files'));
  if (PG_URL) {
    const schema = `bench_${randomUUID().slice(0, 8)}`;
    await measure('postgres', PG_URL, path.join(dir, 'postgres-files'), schema);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  } else {
    process.stdout.write('server-load-postgres: skipped (set LABELER_TEST_PG_URL or LABELER_BENCH_PG_URL to a PostgreSQL database)\n');
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
