import { describe, expect, it } from 'vitest';
import { PALETTE } from '../../../src-shared/palette';
import { addClass, duplicateNames, removeClass, toClasses, updateClass } from './class-drafts';

describe('class drafts', () => {
  it('gives new classes the palette colors in order', () => {
    const drafts = addClass(addClass([], 'car'), 'person');
    expect(drafts.map((d) => d.color)).toEqual([PALETTE[0], PALETTE[1]]);
  });

  it('reuses a color freed by a removed class before cycling', () => {
    let drafts = addClass(addClass(addClass([], 'a'), 'b'), 'c');
    drafts = removeClass(drafts, drafts[1].key);
    drafts = addClass(drafts, 'd');
    expect(drafts.map((d) => d.color)).toEqual([PALETTE[0], PALETTE[2], PALETTE[1]]);
  });

  it('numbers classes 0..n-1 in creation order after removals and renames', () => {
    let drafts = addClass(addClass(addClass([], 'a'), 'b'), 'c');
    drafts = removeClass(drafts, drafts[0].key);
    drafts = updateClass(drafts, drafts[0].key, { name: ' bee ', color: '#ABCDEF' });
    expect(toClasses(drafts)).toEqual([
      { id: 0, name: 'bee', color: '#abcdef', parent_id: null },
      { id: 1, name: 'c', color: PALETTE[2], parent_id: null },
    ]);
  });

  it('finds duplicate names regardless of case', () => {
    const drafts = addClass(addClass(addClass([], 'Car'), 'car'), 'bus');
    expect(duplicateNames(drafts)).toEqual(new Set(['car']));
  });
});
