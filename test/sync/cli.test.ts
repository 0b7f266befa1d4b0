import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { writeImage } from '../fixtures/images';
import { tempDir } from './harness';

const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/cli.js'));
const run = promisify(execFile);
const labeler = async (...args: string[]) => (await run('node', [path.join(root, 'bin/labeler.js'), ...args], { encoding: 'utf8', env: { ...process.env, LABELER_DATA: '' } })).stdout;

/**
 * The built CLI end to end: `labeler server start` in its own process, two workstations that
 * `login`, `link` and `sync` with it, edit offline, converge, and show the conflict.
 */
describe.skipIf(!built)('labeler login / link / sync against `labeler server start` (needs `npm run build`)', () => {
  let server: ChildProcess;
  let url = '';
  const db = path.join(tempDir('labeler-sync-cli-'), 'server.db');

  beforeAll(async () => {
    for (const [email, role] of [['admin@cli.test', 'admin'], ['rev@cli.test', 'reviewer']]) {
      await labeler('server', 'add-user', '--db', db, '--email', email, '--password', 'cli password 1', '--role', role, '--team', 'cli');
    }
    server = spawn('node', [path.join(root, 'bin/labeler.js'), 'server', 'start', '--db', db, '--port', '0', '--no-sam', '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Listening on (http:\/\/[^/\s]+)\/api\/v1/.exec(out);
        if (match) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
  }, 60_000);
  afterAll(() => void server?.kill('SIGTERM'));

  it('pushes a local project to the server, pulls it elsewhere, and reports a conflict after concurrent offline edits', async () => {
    const a = tempDir('labeler-sync-cli-a-');
    const b = tempDir('labeler-sync-cli-b-');
    const images = tempDir('labeler-sync-cli-img-');
    await writeImage(path.join(images, 'one.png'), 64, 48);
    await labeler('--data', a, 'login', '--server', url, '--email', 'admin@cli.test', '--password', 'cli password 1');
    const projectId = (await labeler('--data', a, 'project', 'create', '--name', 'cli sync', '--classes', 'cat,dog')).trim();
    await labeler('--data', a, 'import', images, '--project', projectId);
    const link = JSON.parse(await labeler('--data', a, 'link', '--project', projectId, '--json'));
    expect(JSON.parse(await labeler('--data', a, 'sync', '--json'))).toEqual({ pushed: 1, pulled: 0, conflicts: 0, parked: 0, pending: 0 });

    await labeler('--data', b, 'login', '--server', url, '--email', 'rev@cli.test', '--password', 'cli password 1');
    expect(await labeler('--data', b, 'link', '--list')).toContain(link.server_project_id);
    await labeler('--data', b, 'link', '--server-project', link.server_project_id);
    expect(JSON.parse(await labeler('--data', b, 'sync', '--json'))).toMatchObject({ pulled: 1, pending: 0 });

    // Offline edits on both (through core, as the app makes them), then sync from the CLI.
    const edit = async (dir: string, work: (core: Core) => Promise<unknown>) => {
      const core = await createCore({ dataDir: dir, transport: 'ipc' });
      try {
        await work(core);
      } finally {
        core.close();
      }
    };
    const imageId = JSON.parse(await labeler('--data', a, 'images', '--project', projectId, '--json'))[0].id;
    let annotationId = '';
    await edit(a, async (core) => (annotationId = (await core.call('createAnnotation', { image_id: imageId, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 9, 9] } })).id));
    await labeler('--data', a, 'sync');
    await labeler('--data', b, 'sync');
    await edit(a, (core) => core.call('updateAnnotation', { annotation_id: annotationId, patch: { caption: 'from a', class_id: 1 } }));
    await edit(b, (core) => core.call('updateAnnotation', { annotation_id: annotationId, patch: { caption: 'from b' } }));
    expect(JSON.parse(await labeler('--data', a, 'sync', '--json'))).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(JSON.parse(await labeler('--data', b, 'sync', '--json'))).toMatchObject({ conflicts: 1, pending: 0 });
    const conflicts = JSON.parse(await labeler('--data', b, 'conflicts', '--json'));
    expect(conflicts).toMatchObject([{ row_id: annotationId, groups: ['attributes'], winner: 'remote', losing: { caption: 'from b' }, winning: { caption: 'from a' } }]);
    await labeler('--data', b, 'conflicts', '--restore', conflicts[0].id);
    await labeler('--data', b, 'sync');
    await labeler('--data', a, 'sync');
    for (const dir of [a, b]) {
      await edit(dir, async (core) => expect((await core.call('listAnnotations', { image_id: imageId }))[0]).toMatchObject({ caption: 'from b', class_id: 1 }));
    }
    expect(JSON.parse(await labeler('--data', b, 'sync', '--status', '--json'))).toMatchObject({ pending: 0, conflicts: 0, parked: 0 });
    await labeler('--data', a, 'logout');
    expect(JSON.parse(await labeler('--data', a, 'sync', '--status', '--json')).account).toBeNull();
  }, 120_000);
});
