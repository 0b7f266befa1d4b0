import { describe, expect, it } from 'vitest';
import { choiceForKey, ordered, pick } from './item-keys';

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
