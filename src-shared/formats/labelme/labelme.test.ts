import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source';
import { readLabelme, resolveRelative } from './parse';

const shape = (shape_type: string, points: number[][], extra: Record<string, unknown> = {}) => ({ label: 'cat', points, shape_type, group_id: null, flags: {}, description: '', ...extra });
const file = (shapes: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ version: '5.5.0', flags: { indoor: true, outdoor: false }, shapes, imagePath: '../images/a.jpg', imageData: null, imageHeight: 100, imageWidth: 200, ...extra });

describe('LabelMe', () => {
  it('resolves imagePath relative to the JSON file', () => {
    expect(resolveRelative('ann/x', '../../images/a.jpg')).toBe('images/a.jpg');
    expect(resolveRelative('', '../a.jpg')).toBe('../a.jpg');
  });

  it('reads every shape type, flags, attributes, group ids and descriptions', () => {
    const shapes = [
      shape('rectangle', [[30, 40], [10, 20]], { flags: { occluded: true }, group_id: 3, description: 'left one' }),
      shape('polygon', [[0, 0], [10, 0], [10, 10]], { attributes: { color: 'red' } }),
      shape('line', [[0, 0], [5, 5]]),
      shape('linestrip', [[0, 0], [5, 5], [9, 1]]),
      shape('circle', [[50, 50], [53, 54]]),
      shape('point', [[7, 8]]),
      shape('rotation', [[10, 10], [30, 10], [30, 20], [10, 20]]),
    ];
    const { dataset, rejected } = readLabelme(memorySource(new Map([['ann/a.json', file(shapes)]])));
    expect(rejected).toEqual([]);
    expect(dataset.images).toMatchObject([{ file: 'images/a.jpg', width: 200, height: 100, classes: ['indoor'] }]);
    expect(dataset.annotations.map((a) => a.geometry)).toEqual([
      { type: 'bbox', bbox: [10, 20, 20, 20] },
      { type: 'polygon', points: [[0, 0], [10, 0], [10, 10]] },
      { type: 'line', p1: [0, 0], p2: [5, 5], width: 1 },
      { type: 'polyline', points: [[0, 0], [5, 5], [9, 1]], width: 1, closed: false },
      { type: 'circle', center: [50, 50], radius: 5, start_angle: 0, end_angle: 360 },
      { type: 'points', points: [[7, 8]] },
      { type: 'rotated_bbox', cx: 20, cy: 15, width: 20, height: 10, angle: 0 },
    ]);
    expect(dataset.annotations[0]).toMatchObject({ attributes: { occluded: true, group_id: 3 }, caption: 'left one' });
    expect(dataset.annotations[1].attributes).toEqual({ color: 'red' });
  });

  it('rejects malformed shapes and files, and skips JSON that is not LabelMe', () => {
    const shapes = [shape('polygon', [[0, 0], [1, 1]]), shape('circle', [[1, 1], [1, 1]]), shape('hexagon', [[1, 1]]), { label: '', points: [[1, 1]] }, shape('point', [[1, 'a']] as unknown as number[][]), shape('mask', [[0, 0], [1, 1]])];
    const files = new Map([
      ['a.json', file(shapes)],
      ['b.json', file([], { imageWidth: -5 })],
      ['c.json', '{"shapes": [', ],
      ['other.json', '{"hello": 1}'],
    ]);
    const { dataset, rejected, warnings } = readLabelme(memorySource(files));
    expect(dataset.annotations).toEqual([]);
    expect(rejected.map((r) => `${r.file} ${r.position}: ${r.reason}`)).toEqual([
      'a.json shapes[0]: a polygon needs at least 3 points, got 2 points',
      'a.json shapes[1]: a circle needs a radius above 0',
      'a.json shapes[2]: unknown shape_type "hexagon"',
      'a.json shapes[3]: shape has no label',
      'a.json shapes[4]: shape points must be a list of [x, y] number pairs',
      expect.stringMatching(/^a.json shapes\[5\]: LabelMe mask shapes/),
      expect.stringMatching(/^b.json imageWidth\/imageHeight: width and height must be positive integers/),
      expect.stringMatching(/^c.json line 1, column \d+: .*truncated/),
    ]);
    expect(warnings).toMatchObject([{ code: 'labelme-other-json', examples: ['other.json'] }]);
  });
});
