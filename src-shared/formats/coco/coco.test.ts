import { describe, expect, it } from 'vitest';
import { parseJson } from '../text';
import { ReportCollector } from '../report';
import { cocoResolver, parseCoco } from './parse';
import { writeCoco } from './write';

const doc = (extra: Record<string, unknown> = {}) => ({
  info: { description: 'x' },
  licenses: [{ id: 1, name: 'CC' }],
  images: [{ id: 7, file_name: 'sub/a.jpg', width: 100, height: 50 }],
  categories: [
    { id: 1, name: 'person', supercategory: 'person', keypoints: ['nose', 'eye'] },
    { id: 3, name: 'car', supercategory: 'vehicle' },
  ],
  annotations: [],
  ...extra,
});

describe('COCO parse', () => {
  it('reads boxes, polygons (split per part), RLE in both forms, iscrowd, scores, keypoints and CVAT attributes', () => {
    const { dataset, rejected, warnings } = parseCoco(
      doc({
        annotations: [
          { id: 1, image_id: 7, category_id: 3, bbox: [1, 2, 3, 4], segmentation: [], area: 12, iscrowd: 0, attributes: { occluded: true, rotation: 0 } },
          { id: 2, image_id: 7, category_id: 3, bbox: [0, 0, 1, 1], segmentation: [[0, 0, 10, 0, 10, 10], [20, 20, 30, 20, 30, 30]], iscrowd: 0 },
          { id: 3, image_id: 7, category_id: 1, segmentation: { size: [50, 100], counts: [10, 5, 4985] }, iscrowd: 1 },
          { id: 4, image_id: 7, category_id: 1, segmentation: { size: [50, 100], counts: '05' }, score: 0.5 },
          { id: 5, image_id: 7, category_id: 1, segmentation: [], area: 0, bbox: [1, 1, 1, 1], keypoints: [1, 2, 2, 0, 0, 0], num_keypoints: 1 },
          { id: 6, image_id: 7, category_id: 3, bbox: [10, 10, 20, 10], attributes: { rotation: 30 } },
        ],
      }),
      'instances.json',
    );
    expect(rejected).toEqual([]);
    expect(dataset.classes).toEqual([
      { name: 'person', id: 0, parent: null },
      { name: 'car', id: 2, parent: 'vehicle' },
    ]);
    expect(dataset.meta.coco).toEqual({ info: { description: 'x' }, licenses: [{ id: 1, name: 'CC' }] });
    const types = dataset.annotations.map((a) => a.geometry.type);
    expect(types).toEqual(['bbox', 'polygon', 'polygon', 'mask', 'mask', 'points', 'rotated_bbox']);
    expect(dataset.annotations[0].attributes).toEqual({ occluded: true });
    expect(dataset.annotations[3].attributes).toEqual({ iscrowd: true });
    expect(dataset.annotations[4]).toMatchObject({ confidence: 0.5, source: 'model' });
    expect(dataset.annotations[5].geometry).toEqual({ type: 'points', points: [[1, 2]], labels: ['nose'], visible: [true] });
    expect(dataset.annotations[6].geometry).toEqual({ type: 'rotated_bbox', cx: 20, cy: 15, width: 20, height: 10, angle: 30 });
    expect(warnings.map((w) => w.code)).toContain('coco-multipolygon');
  });

  it('rejects bad records with their position and keeps the rest', () => {
    const { dataset, rejected } = parseCoco(
      doc({
        images: [
          { id: 7, file_name: 'a.jpg', width: 100, height: 50 },
          { id: 8, file_name: 'b.jpg', width: 2_000_000_000, height: 50 },
          { id: 9, file_name: 'c.jpg', width: '100', height: 50 },
          { id: 7, file_name: 'd.jpg', width: 1, height: 1 },
        ],
        annotations: [
          { image_id: 7, category_id: 99, bbox: [0, 0, 1, 1] },
          { image_id: 123, category_id: 1, bbox: [0, 0, 1, 1] },
          { image_id: 7, category_id: 1, bbox: [0, 0, 'x', 1] },
          { image_id: 7, category_id: 1, segmentation: [[0, 0, 1]] },
          { image_id: 7, category_id: 1, segmentation: { size: [50, 100], counts: [6000] } },
          { image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], score: 3 },
          'junk',
          { image_id: 7, category_id: 1, bbox: [0, 0, 5, 5] },
        ],
      }),
      'bad.json',
    );
    expect(dataset.annotations).toHaveLength(1);
    expect(rejected.map((r) => r.position)).toEqual(['images[1]', 'images[2]', 'images[3]', 'annotations[0]', 'annotations[1]', 'annotations[2]', 'annotations[3]', 'annotations[4]', 'annotations[5]', 'annotations[6]']);
    expect(rejected[0].reason).toMatch(/larger than 100000/);
    expect(rejected[3].reason).toMatch(/category_id 99 is not in "categories"/);
    expect(rejected[7].reason).toMatch(/cover 6000 pixels/);
  });

  it('says where truncated JSON ends and that it was cut short', () => {
    const text = JSON.stringify(doc()).slice(0, 60);
    const parsed = parseJson(text, 'cut.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.rejection).toMatchObject({ file: 'cut.json', position: expect.stringMatching(/^line 1, column/), reason: expect.stringMatching(/truncated/) });
  });

  it('reads a results file through the instances file beside it, as model predictions', () => {
    const resolver = cocoResolver(doc());
    const { dataset, rejected } = parseCoco([{ image_id: 7, category_id: 3, bbox: [1, 1, 2, 2], score: 0.9 }, { image_id: 8, category_id: 3, bbox: [1, 1, 2, 2], score: 0.9 }], 'results.json', resolver!);
    expect(dataset.annotations).toMatchObject([{ image: 'sub/a.jpg', label: 'car', confidence: 0.9, source: 'model' }]);
    expect(rejected).toMatchObject([{ position: '[1]', reason: expect.stringMatching(/matches no image/) }]);
  });

  it('writes category ids as class id + 1, supercategory from the parent, and keeps info and licenses', () => {
    const report = new ReportCollector();
    const text = writeCoco(
      { classes: [{ name: 'vehicle', id: 0 }, { name: 'car', id: 1, parent: 'vehicle' }], attributes: [], meta: { coco: { info: { year: 2017 }, licenses: [] } } },
      [{ image: { file: 'a.jpg', width: 10, height: 10 }, annotations: [{ image: 'a.jpg', label: 'car', geometry: { type: 'bbox', bbox: [1, 2, 3, 4] }, attributes: { iscrowd: true, color: 'red' } }] }],
      report,
    );
    const out = JSON.parse(text);
    expect(out.info).toEqual({ year: 2017 });
    expect(out.categories).toEqual([{ id: 1, name: 'vehicle', supercategory: 'vehicle' }, { id: 2, name: 'car', supercategory: 'vehicle' }]);
    expect(out.annotations).toEqual([{ id: 1, image_id: 1, category_id: 2, segmentation: [], area: 12, bbox: [1, 2, 3, 4], iscrowd: 1, attributes: { color: 'red' } }]);
  });
});
