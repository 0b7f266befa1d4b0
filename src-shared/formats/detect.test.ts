import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';

const detect = (files: Record<string, string | null>) => detectFormat(Object.keys(files), (f) => files[f] ?? null).format;

describe('format detection', () => {
  it('tells every format from its files', () => {
    expect(detect({ 'annotations/instances_val.json': '{"info": {}, "licenses": [], "images": [{"id": 1, "file_name": "a.jpg"', 'images/a.jpg': null })).toBe('coco');
    expect(detect({ 'results.json': '[{"image_id": 1, "category_id": 2, "bbox": [1,2,3,4], "score": 0.9}]' })).toBe('coco');
    expect(detect({ 'images/train/a.jpg': null, 'labels/train/a.txt': '0 0.5 0.5 0.2 0.2\n', 'data.yaml': 'names: [a]' })).toBe('yolo');
    expect(detect({ 'Annotations/a.xml': '<annotation><filename>a.jpg</filename><object>', 'JPEGImages/a.jpg': null })).toBe('voc');
    expect(detect({ 'a.json': '{"version": "5.5.0", "flags": {}, "shapes": [], "imagePath": "a.jpg"', 'a.jpg': null })).toBe('labelme');
    expect(detect({ 'annotations.xml': '<?xml version="1.0"?>\n<annotations>\n<version>1.1</version>', 'images/a.jpg': null })).toBe('cvat');
    expect(detect({ 'export.json': '[{"id": 1, "annotations": [{"result": []}], "data": {"image": "x.jpg"}}]' })).toBe('labelstudio');
    expect(detect({ 'train/cat/1.jpg': null, 'train/dog/2.jpg': null, 'val/cat/3.jpg': null })).toBe('yolo');
  });

  it('falls back to a plain image folder, and to nothing', () => {
    expect(detect({ 'a.jpg': null, 'sub/b.png': null, 'notes.txt': 'hello' })).toBe('images');
    expect(detect({ '2023/a.jpg': null, '2024/b.jpg': null })).toBe('images');
    expect(detect({ 'readme.md': null })).toBeNull();
  });
});
