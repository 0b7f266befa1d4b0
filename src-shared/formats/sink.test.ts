import { describe, expect, it } from 'vitest';
import { exportRelative, splitFolderOf, uniqueNames } from './sink';

describe('export layout', () => {
  it('drops a leading images/ folder, and the split folder an image already sits in', () => {
    expect(exportRelative('images/train2017/a.jpg', 'train2017')).toBe('a.jpg');
    expect(exportRelative('images/train2017/a.jpg', 'val')).toBe('a.jpg');
    expect(exportRelative('images/train2017/a.jpg', null)).toBe('train2017/a.jpg');
    expect(exportRelative('photos/2024/a.jpg', 'train')).toBe('photos/2024/a.jpg');
    expect(exportRelative('../outside/a.jpg', null)).toBe('outside/a.jpg');
  });

  it('finds split folders and gives repeated flat names a suffix', () => {
    expect(splitFolderOf('images/val/sub/a.jpg')).toBe('val');
    expect(splitFolderOf('a/b.jpg')).toBeNull();
    const unique = uniqueNames();
    expect([unique('a.jpg'), unique('A.jpg'), unique('a.jpg'), unique('b')].map((u) => u.name)).toEqual(['a.jpg', 'A_2.jpg', 'a_3.jpg', 'b']);
  });
});
