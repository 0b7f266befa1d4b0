import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { startServer, type RunningServer } from '../../src-main/serve/server';
import { tempDir, writeImage } from '../fixtures/images';

let core: Core;
let server: RunningServer;
let base: string;

beforeEach(async () => {
  core = await createCore({ dataDir: tempDir(), transport: 'ws' });
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServer(core, { host: '127.0.0.1', port: 0, rendererDir, token: 'secret-token' });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(async () => {
  await server.close();
  core.close();
});

function call(name: string, input: unknown, url = `ws://127.0.0.1:${server.port}/rpc?token=secret-token`) {
  return new Promise<{ ok: boolean; value?: any; error?: any }>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, name, input })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'result') {
        resolve(message.result);
        ws.close();
      }
    });
    ws.on('error', reject);
  });
}

describe('serve mode', () => {
  it('refuses pages, media and the socket without the token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/media/image/x`)).status).toBe(401);
    await expect(call('listProjects', {}, `ws://127.0.0.1:${server.port}/rpc`)).rejects.toThrow(/401/);
  });

  it('serves the page with the token and then by cookie', async () => {
    const first = await fetch(`${base}/?token=secret-token`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/index.html`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
  });

  it('carries the contract over the WebSocket, validation errors included', async () => {
    const created = await call('createProject', { name: 'over ws' });
    expect(created).toMatchObject({ ok: true, value: { name: 'over ws' } });
    expect(await call('createProject', { name: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('serves media only for registered images, never arbitrary paths', async () => {
    const project = await core.call('createProject', { name: 'm' });
    const dir = tempDir();
    await writeImage(path.join(dir, 'a.png'), 300, 200);
    await core.call('importFolder', { project_id: project.id, path: dir });
    const [image] = (await core.call('listImages', { project_id: project.id })).items;
    const original = await fetch(`${base}/media/image/${image.id}?token=secret-token`);
    expect(original.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await original.arrayBuffer()).equals(fs.readFileSync(image.path))).toBe(true);
    const thumb = await fetch(`${base}/media/thumb/${image.id}?token=secret-token`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await fetch(`${base}/media/image/${encodeURIComponent('../../etc/passwd')}?token=secret-token`)).status).toBe(404);
    expect((await fetch(`${base}/..%2F..%2Fetc%2Fpasswd?token=secret-token`)).status).toBe(404);
  });
});
