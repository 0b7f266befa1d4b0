import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source';
import { ReportCollector } from '../report';
import { labelCandidates, pairLabels, splitOf } from './layout';
import { parseDataYaml, readYolo } from './parse';
import { formatNormalised, yoloLabelText, yoloNames } from './write';

const size = { width: 640, height: 480 };

describe('YOLO', () => {
  it('finds label files the Ultralytics way and splits from folder names', () => {
    expect(labelCandidates('images/train2017/a.jpg')).toEqual(['labels/train2017/a.txt', 'images/train2017/a.txt']);
    expect(splitOf('images/train2017/a.jpg')).toBe('train');
    expect(splitOf('x/valid/a.jpg')).toBe('val');
    const { pairs, orphans } = pairLabels(['images/a.jpg', 'images/b.jpg', 'labels/a.txt', 'labels/c.txt', 'classes.txt', 'notes/readme.txt']);
    expect([...pairs]).toEqual([['images/a.jpg', 'labels/a.txt'], ['images/b.jpg', null]]);
    expect(orphans).toEqual(['labels/c.txt']);
  });

  it('reads names as a list or a mapping, kpt_shape and task', () => {
    expect(parseDataYaml('names: [cat, dog]\n')).toMatchObject({ names: new Map([[0, 'cat'], [1, 'dog']]), task: null });
    expect(parseDataYaml('names:\n  0: cat\n  2: bird\ntask: obb\n')).toMatchObject({ names: new Map([[0, 'cat'], [2, 'bird']]), task: 'obb' });
    expect(parseDataYaml('kpt_shape: [17, 3]\nnames: [person]')).toMatchObject({ task: 'pose', kptShape: [17, 3] });
    expect(parseDataYaml('names: [a\n')).toMatchObject({ reason: expect.stringMatching(/not valid YAML/) });
  });

  it('reads detect, segment, OBB and scored lines in pixels; reports background images and orphan label files', () => {
    const files = new Map([
      ['data.yaml', 'names: [cat, dog]\ntask: obb\n'],
      ['labels/a.txt', '0 0.5 0.5 0.25 0.5\n1 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n0 0.5 0.5 0.1 0.1 0.75\n\n'],
      ['labels/orphan.txt', '0 0.5 0.5 0.1 0.1\n'],
    ]);
    const sizes = new Map([['images/a.jpg', size], ['images/b.jpg', size]]);
    const { dataset, rejected, warnings } = readYolo(memorySource(files, sizes));
    expect(rejected).toEqual([]);
    expect(dataset.annotations.map((a) => a.geometry)).toEqual([
      { type: 'bbox', bbox: [240, 120, 160, 240] },
      expect.objectContaining({ type: 'rotated_bbox', width: expect.closeTo(64, 9), height: expect.closeTo(48, 9) }),
      { type: 'bbox', bbox: [288, 216, 64, 48] },
    ]);
    expect(dataset.annotations[2]).toMatchObject({ confidence: 0.75, source: 'model' });
    expect(warnings.find((w) => w.code === 'yolo-background')).toMatchObject({ count: 1, examples: ['b.jpg'] });
    expect(warnings.find((w) => w.code === 'yolo-label-without-image')).toMatchObject({ count: 1, examples: ['labels/orphan.txt (1 labels)'] });
  });

  it('rejects bad lines with their line number and reason', () => {
    const files = new Map([
      ['classes.txt', 'cat\n'],
      ['labels/a.txt', ['0 0.5 0.5 0.1', 'x 0.5 0.5 0.1 0.1', '5 0.5 0.5 0.1 0.1', '0 0.5 0.5 1.7 0.1', '0 350 200 40 40', '0 0.5 0.5 0.1 nan', '0 0.5 0.5 0.1 0.1 1.5', '0 0.5 0.5 0.1 0.1'].join('\n')],
    ]);
    const { dataset, rejected } = readYolo(memorySource(files, new Map([['images/a.jpg', size]])));
    expect(dataset.annotations).toHaveLength(1);
    expect(rejected.map((r) => `${r.position}: ${r.reason}`)).toEqual([
      expect.stringMatching(/^line 1: .*has 5 values/),
      expect.stringMatching(/^line 2: class "x"/),
      expect.stringMatching(/^line 3: class index 5 is not in the names list/),
      expect.stringMatching(/^line 4: coordinate 1.7 is outside 0–1/),
      expect.stringMatching(/^line 5: coordinate 350 is outside 0–1/),
      expect.stringMatching(/^line 6: "nan" is not a number/),
      expect.stringMatching(/^line 7: confidence 1.5/),
    ]);
  });

  it('writes 8 decimals, clips to the image, and keeps class ids as indices with placeholders for gaps', () => {
    expect(formatNormalised(0.47949199999999997)).toBe('0.479492');
    expect(formatNormalised(1)).toBe('1');
    const report = new ReportCollector();
    expect(yoloNames([{ name: 'a', id: 0 }, { name: 'c', id: 2 }], report)).toEqual(['a', 'unused_1', 'c']);
    const text = yoloLabelText({ file: 'a.jpg', width: 100, height: 100 }, [{ image: 'a.jpg', label: 'a', geometry: { type: 'bbox', bbox: [-0.4, 10, 20, 10] } }], 'detect', () => 0, report);
    expect(text).toBe('0 0.098 0.15 0.196 0.1\n');
  });
});
