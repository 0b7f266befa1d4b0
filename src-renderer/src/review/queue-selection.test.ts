import { describe, expect, it } from 'vitest';
import { clickSelection, emptySelection, keepPresent, nextCurrent, selectAll, selectedInOrder } from './queue-selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('queue selection', () => {
  it('toggles one row per click and anchors the range there', () => {
    const one = clickSelection(order, emptySelection, 'b', false);
    expect([...one.ids]).toEqual(['b']);
    expect(one.anchor).toBe('b');
    expect([...clickSelection(order, one, 'b', false).ids]).toEqual([]);
  });

  it('selects the range from the anchor with Shift, in either direction', () => {
    const anchored = clickSelection(order, emptySelection, 'b', false);
    expect(selectedInOrder(order, clickSelection(order, anchored, 'd', true))).toEqual(['b', 'c', 'd']);
    const up = clickSelection(order, clickSelection(order, emptySelection, 'd', false), 'a', true);
    expect(selectedInOrder(order, up)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats Shift without an anchor as a plain click', () => {
    expect([...clickSelection(order, emptySelection, 'c', true).ids]).toEqual(['c']);
  });

  it('selects all, and drops rows that left the queue', () => {
    const all = selectAll(order);
    expect(all.ids.size).toBe(5);
    const kept = keepPresent(['a', 'c'], all);
    expect(selectedInOrder(['a', 'c'], kept)).toEqual(['a', 'c']);
    expect(keepPresent(['c'], all).anchor).toBeNull();
  });
});

describe('the current row after a reload', () => {
  it('moves past a decided row, whether or not it stays in the queue', () => {
    expect(nextCurrent(['a', 'b', 'c'], ['b', 'c'], 'a', true)).toBe('b');
    expect(nextCurrent(['a', 'b', 'c'], ['a', 'b', 'c'], 'a', true)).toBe('b');
  });

  it('keeps a row that is still there, and falls back when the last one leaves', () => {
    expect(nextCurrent(['a', 'b'], ['a', 'b'], 'b', false)).toBe('b');
    expect(nextCurrent(['a', 'b', 'c'], ['a', 'b'], 'c', true)).toBe('b');
    expect(nextCurrent(['a', 'b', 'c'], ['a', 'b', 'c'], 'c', true)).toBe('c');
    expect(nextCurrent(['a'], [], 'a', true)).toBeNull();
    expect(nextCurrent([], ['x'], null, false)).toBe('x');
  });
});
