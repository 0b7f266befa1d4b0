import { describe, expect, it } from 'vitest';
import { CELL_GAP, CELL_MIN_WIDTH, gridLayout, moveFocus } from './grid-layout';

describe('gridLayout', () => {
  it('fits as many minimum-width columns as the width allows', () => {
    const width = 2 * CELL_GAP + 4 * CELL_MIN_WIDTH + 3 * CELL_GAP;
    expect(gridLayout(width).columns).toBe(4);
    expect(gridLayout(width - 1).columns).toBe(3);
    expect(gridLayout(width).cellWidth).toBeCloseTo(CELL_MIN_WIDTH);
  });

  it('always has one column', () => {
    expect(gridLayout(0).columns).toBe(1);
  });
});

describe('moveFocus', () => {
  it('moves by one, by a row and by a page, clamped to the list', () => {
    expect(moveFocus(5, 'ArrowRight', 4, 10, 3)).toBe(6);
    expect(moveFocus(5, 'ArrowDown', 4, 10, 3)).toBe(9);
    expect(moveFocus(8, 'ArrowDown', 4, 10, 3)).toBe(9);
    expect(moveFocus(1, 'ArrowUp', 4, 10, 3)).toBe(0);
    expect(moveFocus(0, 'PageDown', 4, 100, 3)).toBe(12);
    expect(moveFocus(3, 'End', 4, 10, 3)).toBe(9);
    expect(moveFocus(3, 'x', 4, 10, 3)).toBeNull();
  });
});
