import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeImage } from '../fixtures/images';

const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/cli.js'));
const labeler = (data: string, ...args: string[]) => execFileSync('node', [path.join(root, 'bin/labeler.js'), '--data', data, ...args], { encoding: 'utf8' });

describe.skipIf(!built)('labeler CLI (needs `npm run build`)', () => {
  it('creates a project, imports a folder, and reports stats and images as JSON', async () => {
    const data = tempDir();
    const dir = tempDir();
    await writeImage(path.join(dir, 'a.png'), 64, 48);
    await writeImage(path.join(dir, 'b.jpg'), 32, 16, 'jpeg');
    const id = labeler(data, 'project', 'create', '--name', 'cli', '--classes', 'cat,dog').trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(labeler(data, 'import', dir, '--project', 'cli')).toMatch(/Imported 2 of 2/);
    expect(JSON.parse(labeler(data, 'stats', '--project', id, '--json'))).toEqual({
      images: 2, annotated_images: 0, reviewed_images: 0, annotations: 0, by_class: {}, by_type: {},
    });
    const images = JSON.parse(labeler(data, 'images', '--project', 'cli', '--json'));
    expect(images.map((i: { width: number; height: number }) => [i.width, i.height])).toEqual([[64, 48], [32, 16]]);
    expect(JSON.parse(labeler(data, 'project', 'list', '--json'))[0].classes.map((c: { name: string }) => c.name)).toEqual(['cat', 'dog']);
  });

  it('prints an error code and a fix, and exits non-zero, for an unknown project', () => {
    const result = spawnSync('node', [path.join(root, 'bin/labeler.js'), '--data', tempDir(), 'stats', '--project', 'ghost'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/NOT_FOUND.*labeler project list/);
  });

  it('lists a corrupt file with its reason and exits 2 while importing the rest', async () => {
    const data = tempDir();
    const dir = tempDir();
    await writeImage(path.join(dir, 'ok.png'), 8, 8);
    fs.writeFileSync(path.join(dir, 'bad.png'), 'garbage');
    labeler(data, 'project', 'create', '--name', 'p');
    const result = spawnSync('node', [path.join(root, 'bin/labeler.js'), '--data', data, 'import', dir, '--project', 'p'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/Imported 1 of 2/);
    expect(result.stdout).toMatch(/bad\.png: not a readable image/);
  });
});
