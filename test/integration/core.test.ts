import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/app';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir, writeImage } from '../fixtures/images';

let core: Core;
beforeEach(async () => {
  core = await createCore({ dataDir: tempDir(), transport: 'ipc', checkOutputs: true });
});
afterEach(() => core.close());

const classes = [
  { id: 0, name: 'cat', color: '#ff0000' },
  { id: 1, name: 'dog', color: '#00ff00' },
];

async function projectWithImages(count = 2, size = { width: 200, height: 100 }) {
  const project = await core.call('createProject', { name: 'pets', classes });
  const dir = tempDir();
  for (let i = 0; i < count; i++) await writeImage(path.join(dir, `img${i}.png`), size.width, size.height);
  await core.call('importFolder', { project_id: project.id, path: dir });
  const images = await core.call('listImages', { project_id: project.id });
  return { project, dir, images: images.items };
}

const outbox = () => core.store.db.prepare('SELECT entity, op, ids FROM outbox ORDER BY seq').all() as { entity: string; op: string; ids: string }[];

describe('projects', () => {
  it('are created, listed with counts, patched and deleted, each change queued in the outbox', async () => {
    const project = await core.call('createProject', { name: 'pets', classes });
    expect(project.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(project.task_types).toEqual(['detection']);
    const updated = await core.call('updateProject', { project_id: project.id, patch: { name: 'pets v2', classes: [...classes, { id: 2, name: 'bird', color: '#0000ff' }] } });
    expect(updated.classes.map((c) => c.name)).toEqual(['cat', 'dog', 'bird']);
    expect((await core.call('listProjects', {}))[0]).toMatchObject({ name: 'pets v2', stats: { images: 0 } });
    await core.call('deleteProject', { project_id: project.id });
    expect(await core.call('listProjects', {})).toEqual([]);
    expect(outbox().map((e) => `${e.entity}.${e.op}`)).toEqual(['projects.create', 'projects.update', 'projects.delete']);
  });

  it('refuse duplicate class names and empty names with VALIDATION_ERROR naming the field', async () => {
    const result = await core.dispatch('createProject', { name: 'x', classes: [classes[0], { ...classes[1], name: 'CAT' }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(result)).toMatch(/duplicate class name/);
    expect(await core.dispatch('createProject', { name: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', details: [{ field: 'name' }] } });
    expect(await core.call('listProjects', {})).toEqual([]);
  });

  it('refuse to drop a class that annotations still use', async () => {
    const { project, images } = await projectWithImages(1);
    await core.call('createAnnotation', { image_id: images[0].id, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [1, 1, 10, 10] } });
    const result = await core.dispatch('updateProject', { project_id: project.id, patch: { classes: [classes[0]] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await core.call('getProject', { project_id: project.id })).classes).toHaveLength(2);
  });

  it('answer NOT_FOUND for an unknown id and for unknown procedures', async () => {
    expect(await core.dispatch('getProject', { project_id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.dispatch('dropDatabase', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('folder import', () => {
  it('registers every format in place with dimensions, size and sha256, recursing into subfolders', async () => {
    const project = await core.call('createProject', { name: 'formats' });
    const dir = tempDir();
    const formats = ['png', 'jpeg', 'webp', 'tiff', 'gif'] as const;
    for (const [i, format] of formats.entries()) await writeImage(path.join(dir, i % 2 ? 'sub/deeper' : '', `f${i}.${format}`), 30 + i, 20 + i, format);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an image');
    const report = await core.call('importFolder', { project_id: project.id, path: dir });
    expect(report).toMatchObject({ scanned: 5, imported: 5, failed: [] });
    const { items } = await core.call('listImages', { project_id: project.id });
    expect(items.map((i) => [i.filename, i.width, i.height])).toEqual([
      ['f0.png', 30, 20], ['f2.webp', 32, 22], ['f4.gif', 34, 24], ['sub/deeper/f1.jpeg', 31, 21], ['sub/deeper/f3.tiff', 33, 23],
    ]);
    for (const image of items) {
      expect(image.size_bytes).toBe(fs.statSync(image.path).size);
      expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reports a corrupt, an empty and a truncated file by path and reason and imports the rest', async () => {
    const project = await core.call('createProject', { name: 'mixed' });
    const dir = tempDir();
    await writeImage(path.join(dir, 'good1.png'), 10, 10);
    await writeImage(path.join(dir, 'good2.jpg'), 10, 10, 'jpeg');
    fs.writeFileSync(path.join(dir, 'broken.jpg'), Buffer.from('definitely not a jpeg, just text'));
    fs.writeFileSync(path.join(dir, 'empty.png'), Buffer.alloc(0));
    const jpeg = fs.readFileSync(path.join(dir, 'good2.jpg'));
    fs.writeFileSync(path.join(dir, 'truncated.jpg'), jpeg.subarray(0, jpeg.length - 200));
    const report = await core.call('importFolder', { project_id: project.id, path: dir });
    expect(report.imported).toBe(2);
    expect(report.failed.map((f) => path.basename(f.path))).toEqual(['broken.jpg', 'empty.png', 'truncated.jpg']);
    expect(report.failed.every((f) => f.code === 'UNSUPPORTED_FILE' && f.reason.length > 5)).toBe(true);
  });

  it('skips files already registered when the folder is imported again', async () => {
    const { project, dir } = await projectWithImages(3);
    await writeImage(path.join(dir, 'new.png'), 5, 5);
    const again = await core.call('importFolder', { project_id: project.id, path: dir });
    expect(again).toMatchObject({ scanned: 4, imported: 1, skipped_existing: 3 });
  });

  it('emits progress events that end with a finished one', async () => {
    const project = await core.call('createProject', { name: 'p' });
    const dir = tempDir();
    for (let i = 0; i < 3; i++) await writeImage(path.join(dir, `${i}.png`), 8, 8);
    const seen: { done: number; total: number; finished: boolean }[] = [];
    core.bus.listen((name, payload) => name === 'progress' && seen.push(payload as never));
    await core.call('importFolder', { project_id: project.id, path: dir });
    expect(seen.at(-1)).toMatchObject({ done: 3, total: 3, finished: true });
  });

  it('answers NOT_FOUND for a missing folder', async () => {
    const project = await core.call('createProject', { name: 'p' });
    expect(await core.dispatch('importFolder', { project_id: project.id, path: '/no/such/folder' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  const coco128 = datasetFolder('coco128-yolo/images/train2017');
  it.skipIf(!coco128.dir)(`imports the 128 real coco128 images with the sizes the files have ${coco128.reason}`, async () => {
    const project = await core.call('createProject', { name: 'coco128' });
    const report = await core.call('importFolder', { project_id: project.id, path: coco128.dir! });
    expect(report).toMatchObject({ scanned: 128, imported: 128, failed: [] });
    expect((await core.call('projectStats', { project_id: project.id })).images).toBe(128);
    const { items } = await core.call('listImages', { project_id: project.id, limit: 1000 });
    for (const image of items) {
      const meta = await sharp(image.path).metadata();
      expect([image.width, image.height]).toEqual([meta.width, meta.height]);
    }
  });
});

describe('annotations', () => {
  const geometries = [
    { type: 'bbox', bbox: [10, 10, 50, 30] },
    { type: 'rotated_bbox', cx: 100, cy: 50, width: 40, height: 20, angle: 30 },
    { type: 'polygon', points: [[10, 10], [60, 10], [30, 80]] },
    { type: 'line', p1: [0, 0], p2: [100, 50], width: 3 },
    { type: 'polyline', points: [[0, 0], [50, 50], [100, 20]], width: 2, closed: false },
    { type: 'circle', center: [100, 50], radius: 20, start_angle: 0, end_angle: 360 },
    { type: 'points', points: [[5, 5], [150, 90]] },
    { type: 'mask', rle: { size: [100, 200], counts: [0, 100, 19900] } },
  ] as const;

  it('stores every annotation type of the Labeler API exactly as given', async () => {
    const { images } = await projectWithImages(1);
    for (const geometry of geometries) {
      await core.call('createAnnotation', { image_id: images[0].id, annotation_type: geometry.type, class_id: 0, geometry: geometry as never });
    }
    const stored = await core.call('listAnnotations', { image_id: images[0].id });
    expect(stored.map((a) => a.geometry)).toEqual(geometries);
    expect(stored.every((a) => a.annotation_status === 'pending' && a.source === 'human')).toBe(true);
  });

  it('refuses geometry outside the image, a type mismatch or an unknown class, and stores nothing', async () => {
    const { images } = await projectWithImages(1);
    const image_id = images[0].id;
    const bad = [
      { image_id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [190, 10, 50, 30] } },
      { image_id, annotation_type: 'polygon', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } },
      { image_id, annotation_type: 'bbox', class_id: 7, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } },
      { image_id, annotation_type: 'polygon', class_id: 0, geometry: { type: 'polygon', points: [[1, 1], [2, 2]] } },
      { image_id, annotation_type: 'mask', class_id: 0, geometry: { type: 'mask', rle: { size: [10, 10], counts: [100] } } },
    ];
    for (const input of bad) {
      const result = await core.dispatch('createAnnotation', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    }
    expect(await core.call('listAnnotations', { image_id })).toEqual([]);
  });

  it('applies the project task_config rules to creates and updates alike', async () => {
    const { project, images } = await projectWithImages(1);
    await core.call('updateProject', {
      project_id: project.id,
      // classes again: the patch schema re-applies defaults to fields it is not given (reported to the lead).
      patch: { classes, task_config: { detection: { bbox_types: ['horizontal'], min_bbox_size: 10 }, segmentation: { types: ['polygon'], min_polygon_vertices: 4 } } },
    });
    const image_id = images[0].id;
    const refused = [
      { type: 'bbox', bbox: [1, 1, 30, 5] },
      { type: 'rotated_bbox', cx: 50, cy: 50, width: 30, height: 30, angle: 20 },
      { type: 'polygon', points: [[10, 10], [60, 10], [30, 80]] },
      { type: 'mask', rle: { size: [100, 200], counts: [0, 100, 19900] } },
    ];
    for (const geometry of refused) {
      const result = await core.dispatch('createAnnotation', { image_id, annotation_type: geometry.type, class_id: 0, geometry });
      expect(result, JSON.stringify(geometry)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    }
    const box = await core.call('createAnnotation', { image_id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 30, 30] } });
    const shrink = await core.dispatch('updateAnnotation', { annotation_id: box.id, patch: { geometry: { type: 'bbox', bbox: [1, 1, 30, 9] } } });
    expect(shrink).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', details: [{ field: 'geometry' }] } });
    expect((await core.call('listAnnotations', { image_id })).map((a) => a.geometry)).toEqual([{ type: 'bbox', bbox: [1, 1, 30, 30] }]);
  });

  it('creates a batch in one transaction: one bad annotation and none land', async () => {
    const { images } = await projectWithImages(2);
    const good = { image_id: images[0].id, annotation_type: 'bbox' as const, class_id: 0, geometry: { type: 'bbox' as const, bbox: [1, 1, 5, 5] as [number, number, number, number] } };
    const badOne = { ...good, image_id: images[1].id, geometry: { type: 'bbox' as const, bbox: [1, 1, 500, 5] as [number, number, number, number] } };
    const result = await core.dispatch('createAnnotations', { annotations: [good, badOne] });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', details: [{ field: 'annotations[1].geometry.bbox[1]' }] } });
    expect((await core.call('projectStats', { project_id: images[0].project_id })).annotations).toBe(0);
    const ok = await core.call('createAnnotations', { annotations: [good, { ...good, image_id: images[1].id, class_id: 1 }] });
    expect(ok.created).toBe(2);
  });

  it('updates and deletes with tombstones, counts by class and type, and filters annotated images', async () => {
    const { project, images } = await projectWithImages(3);
    const a = await core.call('createAnnotation', { image_id: images[0].id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } });
    const b = await core.call('createAnnotation', { image_id: images[1].id, annotation_type: 'polygon', class_id: 1, geometry: { type: 'polygon', points: [[1, 1], [9, 1], [5, 9]] } });
    const moved = await core.call('updateAnnotation', { annotation_id: a.id, patch: { class_id: 1, attributes: { occluded: true } } });
    expect(moved).toMatchObject({ class_id: 1, attributes: { occluded: true }, rev: 2 });
    expect(await core.call('projectStats', { project_id: project.id })).toMatchObject({
      images: 3, annotated_images: 2, annotations: 2, by_class: { dog: 2 }, by_type: { bbox: 1, polygon: 1 },
    });
    const annotated = await core.call('listImages', { project_id: project.id, annotated: true });
    expect(annotated.items.map((i) => i.id)).toEqual([images[0].id, images[1].id]);
    expect((await core.call('listImages', { project_id: project.id, annotated: false })).total).toBe(1);
    expect(await core.call('deleteAnnotations', { annotation_ids: [a.id, b.id] })).toEqual({ deleted: 2 });
    expect(await core.call('listAnnotations', { image_id: images[0].id })).toEqual([]);
    const tombstones = core.store.db.prepare('SELECT COUNT(*) FROM annotations WHERE deleted_at IS NOT NULL').pluck().get();
    expect(tombstones).toBe(2);
    expect(outbox().filter((e) => e.entity === 'annotations').map((e) => [e.op, JSON.parse(e.ids).length])).toEqual([
      ['create', 1], ['create', 1], ['update', 1], ['delete', 2],
    ]);
  });

  it('gives next and previous images in filename order', async () => {
    const { images } = await projectWithImages(3);
    expect(await core.call('imageNeighbours', { image_id: images[1].id })).toEqual({ previous: images[0].id, next: images[2].id, index: 1, total: 3 });
    expect(await core.call('imageNeighbours', { image_id: images[2].id })).toMatchObject({ next: null });
  });
});

describe('attribution and deletion', () => {
  it('records the local profile as the annotator of every new annotation', async () => {
    const { images } = await projectWithImages(1);
    const me = await core.call('setProfile', { full_name: 'Ada Annotator', email: 'ada@example.com', role: 'annotator' });
    const created = await core.call('createAnnotation', { image_id: images[0].id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } });
    expect(created.annotator_id).toBe(me.id);
  });

  it('removes every local row of a deleted project, from every feature table', async () => {
    const { project, images } = await projectWithImages(2);
    await core.call('createAnnotation', { image_id: images[0].id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } });
    await core.call('createComment', { project_id: project.id, image_id: images[0].id, text: 'check this', x: 3, y: 3 });
    await core.call('deleteProject', { project_id: project.id });
    const tables = core.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('projects', 'outbox')").pluck().all() as string[];
    for (const table of tables) {
      const columns = core.store.db.pragma(`table_info(${table})`) as { name: string }[];
      if (!columns.some((c) => c.name === 'project_id')) continue;
      expect(core.store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE project_id = ?`).pluck().get(project.id), table).toBe(0);
    }
  });
});

describe('project patches', () => {
  it('change only the fields they name', async () => {
    const project = await core.call('createProject', { name: 'keep', description: 'mine', classes });
    const patched = await core.call('updateProject', { project_id: project.id, patch: { task_config: { detection: { min_bbox_size: 4 } } } });
    expect(patched).toMatchObject({ name: 'keep', description: 'mine', task_types: ['detection'], task_config: { detection: { min_bbox_size: 4 } } });
    expect(patched.classes).toHaveLength(2);
  });
});

describe('image-level labels', () => {
  it('refuse two classes in a single-label classification project and unknown classes anywhere', async () => {
    const project = await core.call('createProject', { name: 'cls', task_types: ['classification'], task_config: { classification: { multi_label: false } }, classes });
    const dir = tempDir();
    await writeImage(path.join(dir, 'a.png'), 10, 10);
    await core.call('importFolder', { project_id: project.id, path: dir });
    const [image] = (await core.call('listImages', { project_id: project.id })).items;
    expect(await core.dispatch('updateImage', { image_id: image.id, image_annotations: { classes: [0, 1] } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await core.dispatch('updateImage', { image_id: image.id, image_annotations: { classes: [9] } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect((await core.call('updateImage', { image_id: image.id, image_annotations: { classes: [1] } })).image_annotations.classes).toEqual([1]);
  });
});
