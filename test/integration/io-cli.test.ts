import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASET_FORMATS } from '../../src-shared/formats/model';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir } from '../fixtures/images';

const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/cli.js'));
const coco8 = datasetFolder('coco8-yolo');
const run = (data: string, ...args: string[]) => spawnSync('node', [path.join(root, 'bin/labeler.js'), '--data', data, ...args], { encoding: 'utf8' });

describe.skipIf(!built || !coco8.dir)(`labeler import/export/snapshot (needs \`npm run build\`${coco8.dir ? '' : ` and ${coco8.reason}`})`, () => {
  it('imports coco8 into a new project, exports every format, snapshots and restores', () => {
    const data = tempDir();
    const imported = run(data, 'import', coco8.dir!, '--project', 'P', '--json');
    expect(imported.status).toBe(0);
    expect(imported.stderr).toMatch(/Created project "P"/);
    const report = JSON.parse(imported.stdout);
    expect(report).toMatchObject({ format: 'yolo', committed: true, images: 8, annotations: 30, rejected: [] });
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('yolo-no-names');

    const out = tempDir();
    for (const format of DATASET_FORMATS) {
      const exported = run(data, 'export', '--project', 'P', '--format', format, '--out', path.join(out, format), '--json');
      expect(exported.status, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ format, images: 8, annotations: 30, splits: { train: 4, val: 4 } });
    }
    const zipped = run(data, 'export', '--project', 'P', '--format', 'yolo', '--out', path.join(out, 'y.zip'), '--zip', '--with-images', '--split', '0.5,0.5', '--seed', '1');
    expect(zipped.stdout).toMatch(/as yolo \(detect\) to .*y\.zip \[train 4, val 4\]: 17 files/);

    const dry = run(data, 'export', '--project', 'P', '--format', 'voc', '--dry-run');
    expect(dry.stdout).toMatch(/Would export 30 annotations on 8 images as voc/);

    expect(run(data, 'snapshot', 'create', '--project', 'P', '--tag', 'first').stdout).toMatch(/first {2}v1 {2}manual {2}8 images, 30 annotations/);
    const again = run(data, 'import', path.join(out, 'coco'), '--project', 'P', '--replace');
    expect(again.status).toBe(0);
    const restored = run(data, 'snapshot', 'restore', 'first', '--project', 'P');
    expect(restored.stdout).toMatch(/Restored first: .* The state before is kept as before-restore-v1-/);
    expect(JSON.parse(run(data, 'snapshot', 'list', '--project', 'P', '--json').stdout).map((s: { version: number }) => s.version)).toEqual([2, 1]);
  });

  it('exits 2 with the rejected records listed when an import is refused, 1 with a code for bad options', () => {
    const data = tempDir();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'instances.json'), JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10 }], categories: [{ id: 1, name: 'a' }], annotations: [{ image_id: 1, category_id: 1, bbox: [1, 1, 50, 50] }] }));
    const refused = run(data, 'import', dir, '--project', 'Q');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/Nothing was imported: 1 records cannot be imported/);
    expect(refused.stdout).toMatch(/rejected: instances.json \(annotations\[0\]\): point \(51, 51\) lies outside the 10×10 image/);
    const bad = run(data, 'export', '--project', 'Q', '--format', 'tfrecord', '--out', dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/VALIDATION_ERROR.*Unknown format "tfrecord"/);
    const split = run(data, 'export', '--project', 'Q', '--format', 'coco', '--out', path.join(dir, 'x'), '--split', '0.9,0.9');
    expect(split.stderr).toMatch(/--split: split parts must add up to 1/);
  });
});
