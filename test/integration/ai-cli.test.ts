import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bboxIou } from '../../src-shared/geometry/mask/binary-mask';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir } from '../fixtures/images';

/** The built CLI (out/main, SAM worker bundle included) segmenting a real photo with the default model. */
const root = path.resolve(import.meta.dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/cli.js')) && fs.existsSync(path.join(root, 'out/main/sam-worker.js'));
const demo = datasetFolder('sam-demo-images');
const labeler = (data: string, ...args: string[]) => execFileSync('node', [path.join(root, 'bin/labeler.js'), '--data', data, ...args], { encoding: 'utf8' });

describe.skipIf(!built || !demo.dir)('labeler precompute / segment (needs `npm run build`)', () => {
  it('precomputes a project, then prints polygons, bbox, area, score and RLE in image pixels', () => {
    const data = tempDir();
    labeler(data, 'project', 'create', '--name', 'demo', '--classes', 'wheel');
    labeler(data, 'import', demo.dir!, '--project', 'demo');
    const report = JSON.parse(labeler(data, 'precompute', '--project', 'demo', '--json'));
    expect(report).toMatchObject({ total: 4, computed: 4, failed: [] });

    const wheel = JSON.parse(labeler(data, 'segment', '--project', 'demo', '--image', 'truck.jpg', '--box', '425,600,275,275', '--json'));
    expect(Object.keys(wheel)).toEqual(['polygons', 'bbox', 'area', 'score', 'rle']);
    expect(bboxIou(wheel.bbox, [415, 560, 294, 294])).toBeGreaterThanOrEqual(0.9);
    expect(wheel.rle.size).toEqual([1200, 1800]);
    expect(wheel.polygons[0].points.length).toBeGreaterThan(10);

    const window = JSON.parse(labeler(data, 'segment', '--project', 'demo', '--image', 'truck.jpg', '--point', '500,375,1', '--json', '--accept', '--class', '0'));
    expect(bboxIou(window.bbox, [424, 318, 203, 128])).toBeGreaterThanOrEqual(0.9);
    expect(window.annotation_ids).toHaveLength(1);
    expect(JSON.parse(labeler(data, 'stats', '--project', 'demo', '--json')).by_type).toEqual({ polygon: 1 });
  });
});
