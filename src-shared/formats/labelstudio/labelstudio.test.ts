import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rleToMask } from '../../geometry/rle';
import { rotatedCorners } from '../shape-conversion';
import { decodeBrushRle, encodeBrushRle } from './brush';
import { imageRefOf, parseLabelStudio } from './parse';

const result = (type: string, value: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ id: 'r1', type, from_name: 'label', to_name: 'image', original_width: 200, original_height: 100, image_rotation: 0, value, ...extra });
const task = (results: unknown[], extra: Record<string, unknown> = {}) => ({ id: 1, data: { image: '/data/upload/3/8f1a2b3c-cat.jpg' }, annotations: [{ id: 1, result: results, was_cancelled: false }], ...extra });

describe('Label Studio', () => {
  it('turns its image URLs into paths to match', () => {
    expect(imageRefOf('/data/upload/3/8f1a2b3c-cat%201.jpg')).toBe('cat 1.jpg');
    expect(imageRefOf('/data/local-files/?d=datasets/x/a.jpg')).toBe('datasets/x/a.jpg');
    expect(imageRefOf('https://host/bucket/img/a.png?sig=1')).toBe('bucket/img/a.png');
    expect(imageRefOf('s3://bucket/a.jpg')).toBe('a.jpg');
  });

  it('reads percentages in pixels, rotation about the top-left corner, keypoints, choices, texts and predictions', () => {
    const tasks = [
      task(
        [
          result('rectanglelabels', { x: 10, y: 20, width: 25, height: 50, rotation: 0, rectanglelabels: ['cat'] }),
          result('rectanglelabels', { x: 50, y: 50, width: 10, height: 20, rotation: 90, rectanglelabels: ['cat'] }, { id: 'r2' }),
          result('polygonlabels', { points: [[0, 0], [50, 0], [50, 100]], polygonlabels: ['dog'] }, { id: 'r3' }),
          result('keypointlabels', { x: 50, y: 50, width: 1, keypointlabels: ['nose'] }, { id: 'r4' }),
          result('textarea', { text: ['the left cat'] }, { id: 'r1', from_name: 'region_caption' }),
          { id: 'c1', type: 'choices', from_name: 'c', to_name: 'image', value: { choices: ['indoor'] } },
          { id: 't1', type: 'textarea', from_name: 'caption', to_name: 'image', value: { text: ['two pets'] } },
        ],
        { predictions: [{ score: 0.4, result: [result('rectanglelabels', { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ['cat'] }, { score: 0.8 })] }] },
      ),
    ];
    const { dataset, rejected } = parseLabelStudio(tasks, 'export.json');
    expect(rejected).toEqual([]);
    expect(dataset.images).toEqual([expect.objectContaining({ file: 'cat.jpg', width: 200, height: 100, classes: ['indoor'], captions: [{ text: 'two pets', source: 'human' }] })]);
    const [rect, rotated, polygon, point, predicted] = dataset.annotations;
    expect(rect).toMatchObject({ label: 'cat', caption: 'the left cat', geometry: { type: 'bbox', bbox: [20, 20, 50, 50] } });
    expect(rotatedCorners(rotated.geometry as never)[0].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([100, 50]);
    expect(rotated.geometry).toMatchObject({ type: 'rotated_bbox', width: 20, height: 20, angle: 90 });
    expect(polygon.geometry).toEqual({ type: 'polygon', points: [[0, 0], [100, 0], [100, 100]] });
    expect(point).toMatchObject({ label: 'nose', geometry: { type: 'points', points: [[100, 50]] } });
    expect(predicted).toMatchObject({ confidence: 0.8, source: 'model' });
  });

  it('rejects out-of-range percentages, bad brush data, unknown types and missing images', () => {
    const tasks = [
      task([
        result('rectanglelabels', { x: 150, y: 0, width: 10, height: 10, rectanglelabels: ['cat'] }),
        result('brushlabels', { format: 'rle', rle: [0, 0, 0, 5], brushlabels: ['cat'] }),
        result('videorectangle', { sequence: [] }),
      ]),
      { id: 3, data: { image: 'b.jpg' }, annotations: [{ result: [{ type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1 } }] }] },
      { id: 2, data: { text: 'hello' }, annotations: [] },
      'junk',
    ];
    const { rejected } = parseLabelStudio(tasks, 'export.json');
    expect(rejected.map((r) => `${r.position}: ${r.reason}`)).toEqual([
      '[0].annotations[0].result[0]: x = 150 is outside 0–100: Label Studio coordinates are percentages of the image',
      expect.stringMatching(/^\[0\]\.annotations\[0\]\.result\[1\]: brush RLE: /),
      '[0].annotations[0].result[2]: result type "videorectangle" is not supported',
      '[1].annotations[0].result[0]: no original_width/original_height and the image size is unknown, so percentages cannot be placed',
      '[2]: task data names no image',
      '[3]: a task must be an object',
    ]);
    expect(parseLabelStudio({ nope: true }, 'x.json').rejected[0].reason).toMatch(/list of tasks/);
  });

  it('brush RLE: decodes what it encodes, and a hand-made stream of one run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (w, h, seed) => {
        const mask = Uint8Array.from({ length: w * h }, (_, i) => ((i * 2654435761 + seed) >>> 0) % 5 === 0 ? 1 : 0);
        expect(Array.from(decodeBrushRle(encodeBrushRle(mask, w, h), w, h))).toEqual(Array.from(mask));
      }),
    );
    // 2×1 image, 8 values all 255: header (num=8, word 8, sizes 3,4,8,16), one run record of 8.
    const bytes = encodeBrushRle([1, 1], 2, 1);
    expect(Array.from(decodeBrushRle(bytes, 2, 1))).toEqual([1, 1]);
    expect(() => decodeBrushRle(bytes, 3, 1)).toThrow(/holds 8 values but a 3×1 RGBA image has 12/);
  });

  it('a brush region becomes a COCO RLE mask of the image size', () => {
    const mask = new Uint8Array(200 * 100);
    mask[5 * 200 + 7] = 1;
    const { dataset } = parseLabelStudio([task([result('brushlabels', { format: 'rle', rle: encodeBrushRle(mask, 200, 100), brushlabels: ['cat'] })])], 'x.json');
    const g = dataset.annotations[0].geometry as { type: 'mask'; rle: { size: [number, number]; counts: number[] } };
    expect(g.rle.size).toEqual([100, 200]);
    expect(Array.from(rleToMask(g.rle)).indexOf(1)).toBe(5 * 200 + 7);
  });
});
