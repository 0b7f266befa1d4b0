import { describe, expect, it } from 'vitest';
import { viewerAction } from './viewer-keys';

const key = (k: string, extra: Partial<{ ctrlKey: boolean; targetIsField: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, targetIsField: false, ...extra });

describe('viewer keys', () => {
  it('maps the documented shortcuts', () => {
    expect(viewerAction(key('f'))).toBe('fit');
    expect(viewerAction(key('1'))).toBe('actual');
    expect(viewerAction(key('0'))).toBe('actual');
    expect(viewerAction(key('+'))).toBe('zoomIn');
    expect(viewerAction(key('-'))).toBe('zoomOut');
    expect(viewerAction(key('D'))).toBe('next');
    expect(viewerAction(key('ArrowLeft'))).toBe('previous');
    expect(viewerAction(key('Escape'))).toBe('back');
  });

  it('stays quiet while typing or with a modifier', () => {
    expect(viewerAction(key('d', { targetIsField: true }))).toBeNull();
    expect(viewerAction(key('0', { ctrlKey: true }))).toBeNull();
    expect(viewerAction(key('q'))).toBeNull();
  });
});
