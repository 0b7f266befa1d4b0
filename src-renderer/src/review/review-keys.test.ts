import { describe, expect, it } from 'vitest';
import { filterInput, reviewKeyAction } from './review-keys';

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
});

describe('review filters', () => {
  it('maps "awaiting / reviewed / all" to the contract\'s reviewed flag', () => {
    expect(filterInput({ reviewed: 'false' }).reviewed).toBe(false);
    expect(filterInput({ reviewed: 'true', class_id: 2 })).toMatchObject({ reviewed: true, class_id: 2 });
    expect(filterInput({ reviewed: 'all' }).reviewed).toBeNull();
  });
});
