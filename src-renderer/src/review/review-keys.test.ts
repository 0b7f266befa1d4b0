import { describe, expect, it } from 'vitest';
import { filterInput, isFitKey, isSelectAll, responseKeyAction, reviewKeyAction } from './review-keys';

describe('review keys', () => {
  const ev = (key: string, tagName = 'BODY') => ({ key, ctrlKey: false, metaKey: false, altKey: false, target: { tagName } as unknown as EventTarget });
  it('maps the reviewer keys and leaves fields alone', () => {
    expect(reviewKeyAction(ev('y'))).toBe('approve');
    expect(reviewKeyAction(ev('X'))).toBe('reject');
    expect(reviewKeyAction(ev('Enter'))).toBe('reviewed');
    expect(reviewKeyAction(ev('ArrowDown'))).toBe('focus-next');
    expect(reviewKeyAction(ev('y', 'INPUT'))).toBeNull();
    expect(reviewKeyAction(ev('Enter', 'BUTTON'))).toBeNull();
    expect(reviewKeyAction({ ...ev('y'), ctrlKey: true })).toBeNull();
  });

  it('walks responses with both the focus and the image keys', () => {
    expect(responseKeyAction(ev('j'))).toBe('next');
    expect(responseKeyAction(ev('ArrowRight'))).toBe('next');
    expect(responseKeyAction(ev('k'))).toBe('prev');
    expect(responseKeyAction(ev('y'))).toBe('approve');
    expect(responseKeyAction(ev('x'))).toBe('reject');
    expect(responseKeyAction(ev('Enter'))).toBeNull();
    expect(responseKeyAction(ev('x', 'TEXTAREA'))).toBeNull();
  });

  it('selects all with Ctrl or Cmd+A and fits with 0 or F, outside fields', () => {
    expect(isSelectAll({ ...ev('a'), ctrlKey: true })).toBe(true);
    expect(isSelectAll({ ...ev('a'), metaKey: true })).toBe(true);
    expect(isSelectAll(ev('a'))).toBe(false);
    expect(isSelectAll({ ...ev('a', 'INPUT'), ctrlKey: true })).toBe(false);
    const checkbox = { tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget;
    expect(isSelectAll({ ...ev('a'), ctrlKey: true, target: checkbox })).toBe(true);
    expect(reviewKeyAction({ ...ev('y'), target: checkbox })).toBe('approve');
    expect(isFitKey(ev('0'))).toBe(true);
    expect(isFitKey(ev('F'))).toBe(true);
    expect(isFitKey({ ...ev('f'), ctrlKey: true })).toBe(false);
  });
});

describe('review filters', () => {
  it('maps "awaiting / reviewed / all" to the contract\'s reviewed flag', () => {
    expect(filterInput({ reviewed: 'false' }).reviewed).toBe(false);
    expect(filterInput({ reviewed: 'true', class_id: 2 })).toMatchObject({ reviewed: true, class_id: 2 });
    expect(filterInput({ reviewed: 'all' }).reviewed).toBeNull();
  });
});
