import { describe, expect, it } from 'vitest';
import { UNCLASSIFIED_COLOR, UNKNOWN_CLASS_COLOR, classLookup } from './class-colors';

describe('classLookup', () => {
  const lookup = classLookup([{ id: 3, name: 'car', color: '#ff0000', parent_id: null }]);
  it('finds a class by id', () => {
    expect(lookup.colorOf(3)).toBe('#ff0000');
    expect(lookup.nameOf(3)).toBe('car');
  });
  it('falls back for missing and null classes', () => {
    expect(lookup.colorOf(9)).toBe(UNKNOWN_CLASS_COLOR);
    expect(lookup.nameOf(9)).toBe('class 9');
    expect(lookup.colorOf(null)).toBe(UNCLASSIFIED_COLOR);
  });
});
