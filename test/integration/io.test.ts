import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { DATASET_FORMATS } from '../../src-shared/formats/model';
import { maskToRle } from '../../src-shared/geometry/rle';
import type { Geometry } from '../../src-shared/geometry/schemas';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir, writeImage } from '../fixtures/images';

/**
 * Dataset import and export through core, against real SQLite files and real image files:
 * the coco128 round trip, every format out and back in, all-or-nothing imports, missing and
 * embedded images, and what each format cannot hold reported before and after an export.
 */

let core: Core;
beforeEach(async () => {
  core = await createCore({ dataDir: tempDir(), transport: 'ipc', checkOutputs: true });
});
afterEach(() => core.close());

const coco128 = datasetFolder('coco128-yolo');

/** Label lines of a YOLO file as [class, ...numbers], sorted so order does not matter. */
function labelLines(file: string): number[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/).map(Number))
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

describe.skipIf(!coco128.dir)(`coco128 (real data${coco128.dir ? '' : `: ${coco128.reason}`})`, () => {
  it('YOLO → COCO → a new project → YOLO gives back the label files within 1e-6, with the quirks reported', async () => {
    const root = coco128.dir!;
    const first = await core.call('createProject', { name: 'coco128' });
    const imported = await core.call('importDataset', { project_id: first.id, path: root });
    expect(imported).toMatchObject({ format: 'yolo', committed: true, images: 128, annotations: 929, rejected: [] });
    const warning = (code: string) => imported.warnings.find((w) => w.code === code);
    expect(warning('yolo-background')).toMatchObject({ count: 2, examples: ['000000000250.jpg', '000000000508.jpg'] });
    expect(warning('yolo-label-without-image')).toMatchObject({ count: 2, examples: ['labels/train2017/000000000656.txt (3 labels)', 'labels/train2017/000000000659.txt (9 labels)'] });

    const cocoOut = path.join(tempDir(), 'coco');
    const exported = await core.call('exportDataset', { project_id: first.id, format: 'coco', out: cocoOut, with_images: true });
    expect(exported).toMatchObject({ images: 128, annotations: 929, splits: { train2017: 128 }, warnings: [] });
    const second = await core.call('createProject', { name: 'from coco' });
    const back = await core.call('importDataset', { project_id: second.id, path: cocoOut });
    expect(back).toMatchObject({ format: 'coco', committed: true, images: 128, images_missing: 0, annotations: 929, rejected: [] });

    const yoloOut = path.join(tempDir(), 'yolo');
    await core.call('exportDataset', { project_id: second.id, format: 'yolo', out: yoloOut });
    const originals = fs.readdirSync(path.join(root, 'labels/train2017')).filter((f) => fs.existsSync(path.join(root, 'images/train2017', f.replace(/\.txt$/, '.jpg'))));
    expect(originals).toHaveLength(126);
    const written = fs.readdirSync(path.join(yoloOut, 'labels/train2017')).sort();
    expect(written).toEqual([...originals].sort());
    for (const file of originals) {
      const want = labelLines(path.join(root, 'labels/train2017', file));
      const got = labelLines(path.join(yoloOut, 'labels/train2017', file));
      expect(got.length, file).toBe(want.length);
      got.forEach((line, i) => {
        expect(line[0], file).toBe(want[i][0]);
        line.slice(1).forEach((v, k) => expect(Math.abs(v - want[i][k + 1]), `${file} line ${i}`).toBeLessThanOrEqual(1e-6));
      });
    }
    const yaml = fs.readFileSync(path.join(yoloOut, 'data.yaml'), 'utf8');
    expect(yaml).toMatch(/train: images\/train2017/);
    expect(yaml).toMatch(/0: class_0/);
  });
});

/** A project holding one of every annotation type, image-level labels and attributes, on real image files. */
async function richProject() {
  const dir = tempDir();
  await writeImage(path.join(dir, 'photos/a.png'), 120, 80);
  await writeImage(path.join(dir, 'photos/b.jpg'), 64, 48, 'jpeg');
  const project = await core.call('createProject', {
    name: 'rich',
    classes: [
      { id: 0, name: 'cat', color: '#ff0000' },
      { id: 1, name: 'dog', color: '#00ff00' },
    ],
    attributes: [{ name: 'occluded', type: 'boolean' }],
  });
  await core.call('importFolder', { project_id: project.id, path: dir });
  const [a, b] = (await core.call('listImages', { project_id: project.id })).items;
  const bits = new Uint8Array(120 * 80);
  for (let y = 10; y < 20; y++) for (let x = 30; x < 45; x++) bits[y * 120 + x] = 1;
  const shapes: Geometry[] = [
    { type: 'bbox', bbox: [10.25, 5.5, 30, 20] },
    { type: 'rotated_bbox', cx: 60, cy: 40, width: 20, height: 10, angle: 30 },
    { type: 'polygon', points: [[1, 1], [40, 2], [20, 30]] },
    { type: 'line', p1: [5, 5], p2: [50, 60], width: 1 },
    { type: 'polyline', points: [[5, 5], [50, 60], [70, 10]], width: 1, closed: false },
    { type: 'circle', center: [90, 40], radius: 12, start_angle: 0, end_angle: 360 },
    { type: 'points', points: [[3, 4], [9, 9]] },
    { type: 'mask', rle: maskToRle(bits, 120, 80) },
  ];
  await core.call('createAnnotations', {
    annotations: [
      ...shapes.map((geometry, i) => ({ image_id: a.id, annotation_type: geometry.type, class_id: i % 2, geometry, attributes: i === 0 ? { occluded: true } : {} })),
      { image_id: b.id, annotation_type: 'bbox' as const, class_id: 1, geometry: { type: 'bbox' as const, bbox: [1, 1, 10, 10] }, confidence: 0.7, source: 'model' as const },
    ],
  });
  await core.call('updateImage', { image_id: b.id, image_annotations: { classes: [0], captions: [{ text: 'a dog', source: 'human' }] } });
  return { project, dir, images: [a, b] };
}

describe('every format out and back in', () => {
  it.each(DATASET_FORMATS)('%s: exports with images, warns before about what it cannot hold, and re-imports what it said it keeps', async (format) => {
    const { project } = await richProject();
    const preview = await core.call('previewExport', { project_id: project.id, format });
    const out = path.join(tempDir(), `out-${format}`);
    const report = await core.call('exportDataset', { project_id: project.id, format, out, with_images: true });
    expect(report.warnings.map((w) => w.code)).toEqual(preview.warnings.map((w) => w.code));
    const dropped = preview.warnings.filter((w) => w.code.endsWith('-dropped') && !['attributes-dropped', 'captions-dropped', 'confidence-dropped', 'z-order-dropped', 'image-classes-dropped', 'image-captions-dropped'].includes(w.code)).reduce((n, w) => n + w.count, 0);
    const target = await core.call('createProject', { name: `back-${format}` });
    const back = await core.call('importDataset', { project_id: target.id, path: out });
    expect(back).toMatchObject({ format, committed: true, rejected: [], images: 2, images_missing: 0 });
    const split = format === 'labelstudio' ? 1 : 0; // its keypoints are one per point
    expect(back.annotations).toBe(9 - dropped + split);
    const stats = await core.call('projectStats', { project_id: target.id });
    expect(stats.annotations).toBe(back.annotations);
  });

  it('writes and reads zips, with the images inside', async () => {
    const { project } = await richProject();
    const zip = path.join(tempDir(), 'export.zip');
    const report = await core.call('exportDataset', { project_id: project.id, format: 'cvat', out: zip, zip: true, with_images: true });
    expect(report).toMatchObject({ out: zip, files: 3 });
    expect(await core.call('detectDatasetFormat', { path: zip })).toMatchObject({ kind: 'zip', format: 'cvat', images: 2 });
    const target = await core.call('createProject', { name: 'from zip' });
    const back = await core.call('importDataset', { project_id: target.id, path: zip });
    expect(back).toMatchObject({ committed: true, images: 2, images_missing: 0, rejected: [] });
    const images = (await core.call('listImages', { project_id: target.id })).items;
    expect(images.every((i) => fs.existsSync(i.path) && i.sha256.length === 64)).toBe(true);
  });

  it('splits by seed the same way twice, one COCO file per split and YOLO folders with data.yaml', async () => {
    const dir = tempDir();
    for (let i = 0; i < 20; i++) await writeImage(path.join(dir, `img${i}.png`), 16, 16);
    const project = await core.call('createProject', { name: 'split', classes: [{ id: 0, name: 'a', color: '#ff0000' }] });
    await core.call('importFolder', { project_id: project.id, path: dir });
    const split = { train: 0.6, val: 0.2, test: 0.2 };
    const one = await core.call('exportDataset', { project_id: project.id, format: 'coco', out: path.join(tempDir(), 'c1'), split, seed: 7 });
    const two = await core.call('exportDataset', { project_id: project.id, format: 'coco', out: path.join(tempDir(), 'c2'), split, seed: 7 });
    expect(one.splits).toEqual({ train: 12, val: 4, test: 4 });
    const names = (out: string, s: string) => JSON.parse(fs.readFileSync(path.join(out, `annotations/instances_${s}.json`), 'utf8')).images.map((i: { file_name: string }) => i.file_name);
    for (const s of ['train', 'val', 'test']) expect(names(one.out, s)).toEqual(names(two.out, s));
    const yolo = await core.call('exportDataset', { project_id: project.id, format: 'yolo', out: path.join(tempDir(), 'y'), split, seed: 7, with_images: true });
    expect(fs.readdirSync(path.join(yolo.out, 'images')).sort()).toEqual(['test', 'train', 'val']);
    expect(fs.readFileSync(path.join(yolo.out, 'data.yaml'), 'utf8')).toMatch(/test: images\/test\ntrain: images\/train\nval: images\/val/);
  });
});

function writeCoco(dir: string, annotations: unknown[], images = [{ id: 1, file_name: 'a.png', width: 32, height: 32 }]) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'instances.json'), JSON.stringify({ images, categories: [{ id: 1, name: 'cat' }], annotations }));
}

describe('imports are all or nothing, and say why', () => {
  it('one bad record stops the import and nothing lands; --partial imports the rest and keeps the report; dry runs write nothing', async () => {
    const dir = tempDir();
    await writeImage(path.join(dir, 'a.png'), 32, 32);
    writeCoco(dir, [
      { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 5, 5] },
      { id: 2, image_id: 1, category_id: 1, bbox: [20, 20, 50, 50] },
      { id: 3, image_id: 1, category_id: 7, bbox: [1, 1, 5, 5] },
    ]);
    const project = await core.call('createProject', { name: 'strict' });
    const dry = await core.call('importDataset', { project_id: project.id, path: dir, dry_run: true });
    expect(dry).toMatchObject({ committed: false, dry_run: true, annotations: 1, classes_created: [{ name: 'cat' }] });
    const strict = await core.call('importDataset', { project_id: project.id, path: dir });
    expect(strict.committed).toBe(false);
    expect(strict.message).toMatch(/Nothing was imported/);
    expect(strict.rejected).toEqual([
      { file: 'instances.json', position: 'annotations[1]', reason: 'point (70, 70) lies outside the 32×32 image' },
      { file: 'instances.json', position: 'annotations[2]', reason: 'category_id 7 is not in "categories"' },
    ]);
    expect(await core.call('projectStats', { project_id: project.id })).toMatchObject({ images: 0, annotations: 0 });
    expect((await core.call('getProject', { project_id: project.id })).classes).toEqual([]);
    const partial = await core.call('importDataset', { project_id: project.id, path: dir, partial: true });
    expect(partial).toMatchObject({ committed: true, annotations: 1, images: 1 });
    expect(partial.rejected).toHaveLength(2);
    expect(await core.call('projectStats', { project_id: project.id })).toMatchObject({ images: 1, annotations: 1, by_class: { cat: 1 } });
  });

  it('truncated JSON, XML with missing tags and a 2 GB file are reported, not crashed on', async () => {
    const project = await core.call('createProject', { name: 'bad' });
    const cut = tempDir();
    fs.writeFileSync(path.join(cut, 'instances.json'), '{"images": [{"id": 1, "file_name": "a.png", "width": 3');
    expect(await core.call('importDataset', { project_id: project.id, path: cut, format: 'coco' })).toMatchObject({
      committed: false,
      rejected: [{ file: 'instances.json', position: expect.stringMatching(/^line 1, column/), reason: expect.stringMatching(/truncated/) }],
    });
    const voc = tempDir();
    fs.mkdirSync(path.join(voc, 'Annotations'));
    fs.writeFileSync(path.join(voc, 'Annotations/a.xml'), '<annotation><filename>a.png</filename><size><width>10</width><height>10</height></size><object><name>cat</name></object></annotation>');
    expect((await core.call('importDataset', { project_id: project.id, path: voc })).rejected).toEqual([{ file: 'Annotations/a.xml', position: 'object[1]', reason: '<object> has no <bndbox>' }]);
    const huge = tempDir();
    fs.closeSync(fs.openSync(path.join(huge, 'instances.json'), 'w'));
    fs.truncateSync(path.join(huge, 'instances.json'), 2 * 1024 ** 3);
    const big = await core.call('importDataset', { project_id: project.id, path: path.join(huge, 'instances.json'), format: 'coco' });
    expect(big.rejected[0].reason).toMatch(/the file is 2\.00 GB; annotation files up to 512 MB/);
    expect(await core.call('projectStats', { project_id: project.id })).toMatchObject({ images: 0, annotations: 0 });
  });

  it('a zip entry claiming 2 GB is refused before anything is extracted', async () => {
    const { project } = await richProject();
    const zip = path.join(tempDir(), 'small.zip');
    await core.call('exportDataset', { project_id: project.id, format: 'coco', out: zip, zip: true });
    const bytes = fs.readFileSync(zip);
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0x80000000, central + 24);
    fs.writeFileSync(zip, bytes);
    const target = await core.call('createProject', { name: 'bomb' });
    const report = await core.call('importDataset', { project_id: target.id, path: zip, format: 'coco' });
    expect(report.committed).toBe(false);
    expect(report.rejected.find((r) => r.position === 'zip entry')).toMatchObject({ file: 'small.zip:annotations/instances_default.json', reason: expect.stringMatching(/claims 2\.0 GB/) });
  });
});

describe('images the dataset names', () => {
  it('missing files are registered from the stated size and reported; LabelMe imageData is written out', async () => {
    const dir = tempDir();
    writeCoco(dir, [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 5, 5] }], [{ id: 1, file_name: 'gone.jpg', width: 640, height: 480 }]);
    const project = await core.call('createProject', { name: 'missing' });
    const report = await core.call('importDataset', { project_id: project.id, path: dir });
    expect(report).toMatchObject({ committed: true, images_missing: 1, annotations: 1 });
    expect(report.warnings.find((w) => w.code === 'image-missing')).toMatchObject({ count: 1, examples: ['gone.jpg'] });
    const [image] = (await core.call('listImages', { project_id: project.id })).items;
    expect(image).toMatchObject({ width: 640, height: 480, sha256: '' });

    const lm = tempDir();
    const png = path.join(tempDir(), 'x.png');
    await writeImage(png, 20, 10);
    fs.writeFileSync(path.join(lm, 'x.json'), JSON.stringify({ shapes: [{ label: 'cat', points: [[1, 1], [5, 5]], shape_type: 'rectangle' }], imagePath: 'x.png', imageData: fs.readFileSync(png).toString('base64'), imageWidth: 20, imageHeight: 10 }));
    const embedded = await core.call('importDataset', { project_id: project.id, path: lm });
    expect(embedded).toMatchObject({ format: 'labelme', committed: true, images_new: 1, images_missing: 0, annotations: 1 });
    const written = (await core.call('listImages', { project_id: project.id, search: 'x.png' })).items[0];
    expect(fs.existsSync(written.path)).toBe(true);
  });

  it('YOLO labels for images the project already has are matched to them', async () => {
    const dir = tempDir();
    await writeImage(path.join(dir, 'images/train/a.png'), 40, 20);
    const project = await core.call('createProject', { name: 'labels later' });
    await core.call('importFolder', { project_id: project.id, path: dir });
    const labels = tempDir();
    fs.mkdirSync(path.join(labels, 'labels/train'), { recursive: true });
    fs.writeFileSync(path.join(labels, 'labels/train/a.txt'), '0 0.5 0.5 0.5 0.5\n');
    fs.writeFileSync(path.join(labels, 'classes.txt'), 'cat\n');
    const report = await core.call('importDataset', { project_id: project.id, path: labels, format: 'yolo' });
    expect(report).toMatchObject({ committed: true, images_existing: 1, images_new: 0, annotations: 1 });
    const [image] = (await core.call('listImages', { project_id: project.id })).items;
    expect((await core.call('listAnnotations', { image_id: image.id }))[0].geometry).toEqual({ type: 'bbox', bbox: [10, 5, 20, 10] });
  });

  it('VOC segmentation PNGs become masks of their objects', async () => {
    const dir = tempDir();
    await writeImage(path.join(dir, 'JPEGImages/a.png'), 8, 6);
    fs.mkdirSync(path.join(dir, 'Annotations'));
    fs.writeFileSync(path.join(dir, 'Annotations/a.xml'), '<annotation><filename>a.png</filename><size><width>8</width><height>6</height></size><object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax></bndbox></object></annotation>');
    const pixels = Buffer.alloc(8 * 6 * 3);
    for (const [x, y] of [[1, 1], [2, 1], [2, 2]]) pixels.set([128, 0, 0], (y * 8 + x) * 3);
    pixels.set([224, 224, 192], (0 * 8 + 5) * 3);
    fs.mkdirSync(path.join(dir, 'SegmentationObject'));
    const sharp = (await import('sharp')).default;
    await sharp(pixels, { raw: { width: 8, height: 6, channels: 3 } }).png().toFile(path.join(dir, 'SegmentationObject/a.png'));
    const project = await core.call('createProject', { name: 'voc seg' });
    const report = await core.call('importDataset', { project_id: project.id, path: dir });
    expect(report).toMatchObject({ format: 'voc', committed: true, annotations: 2, rejected: [] });
    const stats = await core.call('projectStats', { project_id: project.id });
    expect(stats.by_type).toEqual({ bbox: 1, mask: 1 });
  });
});

describe('snapshots', () => {
  it('freeze annotations, export as they were, refuse edits, and restore (keeping a copy of what they replace)', async () => {
    const { project, images } = await richProject();
    const v1 = await core.call('createSnapshot', { project_id: project.id, description: 'first' });
    expect(v1).toMatchObject({ version: 1, version_tag: 'v1', total_images: 2, total_annotations: 9, status: 'valid', snapshot_type: 'manual' });
    expect((await core.dispatch('createSnapshot', { project_id: project.id, version_tag: 'v1' })) as object).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(() => core.store.db.prepare('UPDATE snapshot_annotations SET caption = ?').run('x')).toThrow(/immutable/);

    const before = await core.call('listAnnotations', { image_id: images[0].id });
    await core.call('deleteAnnotation', { annotation_id: before[0].id });
    await core.call('updateAnnotation', { annotation_id: before[1].id, patch: { class_id: 0 } });
    await core.call('createAnnotation', { image_id: images[0].id, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [1, 1, 2, 2] } });
    await core.call('updateImage', { image_id: images[1].id, image_annotations: { classes: [], captions: [] } });

    const frozen = await core.call('exportDataset', { project_id: project.id, format: 'coco', out: path.join(tempDir(), 'snap'), snapshot_id: v1.snapshot_id });
    expect(frozen.annotations).toBe(9);

    const result = await core.call('restoreSnapshot', { snapshot_id: v1.snapshot_id });
    expect(result).toMatchObject({ restored: 2, removed: 1, images_updated: 1, backup: { version: 2, snapshot_type: 'auto', total_annotations: 9 } });
    const after = await core.call('listAnnotations', { image_id: images[0].id });
    const strip = (list: typeof before) => list.map(({ id, class_id, geometry }) => ({ id, class_id, geometry })).sort((a, b) => a.id.localeCompare(b.id));
    expect(strip(after)).toEqual(strip(before));
    expect((await core.call('getImage', { image_id: images[1].id })).image_annotations.captions).toEqual([{ text: 'a dog', source: 'human' }]);
    expect((await core.call('listSnapshots', { project_id: project.id })).map((s) => s.version)).toEqual([2, 1]);
  });
});

describe('jobs', () => {
  it('an export cancelled mid-way leaves nothing behind', async () => {
    const project = await core.call('createProject', { name: 'big', classes: [{ id: 0, name: 'a', color: '#ff0000' }] });
    core.store.images.insertMany(project.id, Array.from({ length: 3000 }, (_, i) => ({ filename: `i${i}.jpg`, path: `/nowhere/i${i}.jpg`, width: 10, height: 10, size_bytes: 0, sha256: '' })));
    const out = path.join(tempDir(), 'cancelled');
    const stop = core.bus.listen((event, payload) => {
      if (event === 'progress' && (payload as { job_id: string }).job_id === 'job-1') void core.call('cancelDatasetJob', { job_id: 'job-1' });
    });
    const result = await core.dispatch('exportDataset', { project_id: project.id, format: 'labelme', out, job_id: 'job-1' });
    stop();
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/cancelled/) } });
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });
});
