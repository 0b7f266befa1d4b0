import { describe, expect, it } from 'vitest';
import { choiceForKey, ordered, pick } from './item-keys';
import { reviewKeyAction } from '../review/review-keys';

const choices = [{ value: 'A' }, { value: 'B' }, { value: 'tie' }];

describe('item keys', () => {
  it('maps number keys to choices in order', () => {
    expect(choiceForKey('1', choices)).toBe('A');
    expect(choiceForKey('3', choices)).toBe('tie');
    expect(choiceForKey('4', choices)).toBeNull();
    expect(choiceForKey('a', choices)).toBeNull();
  });
  it('replaces single choices and toggles multiple ones', () => {
    expect(pick(['A'], 'B', false)).toEqual(['B']);
    expect(pick(['A'], 'B', true)).toEqual(['A', 'B']);
    expect(pick(['A', 'B'], 'A', true)).toEqual(['B']);
    expect(ordered(['tie', 'A'], choices)).toEqual(['A', 'tie']);
  });
});

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
