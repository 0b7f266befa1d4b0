import { describe, expect, it } from 'vitest';
import { arcRadians, rotatedBoxCorners, withAlpha } from './shape-geometry';

describe('shape geometry', () => {
  it('gives the axis-aligned corners at angle 0', () => {
    expect(rotatedBoxCorners({ cx: 10, cy: 20, width: 4, height: 2, angle: 0 })).toEqual([
      [8, 19],
      [12, 19],
      [12, 21],
      [8, 21],
    ]);
  });

  it('turns clockwise on screen for a positive angle', () => {
    const [topLeft] = rotatedBoxCorners({ cx: 0, cy: 0, width: 2, height: 0, angle: 90 });
    // The left end of a horizontal segment ends up above the centre (y down).
    expect(topLeft[0]).toBeCloseTo(0);
    expect(topLeft[1]).toBeCloseTo(-1);
  });

  it('treats a 360° span as a full circle', () => {
    expect(arcRadians(0, 360).full).toBe(true);
    const a = arcRadians(90, 180);
    expect(a.full).toBe(false);
    expect(a.start).toBeCloseTo(Math.PI / 2);
    expect(a.end).toBeCloseTo(Math.PI);
  });

  it('converts hex colors to rgba', () => {
    expect(withAlpha('#ff8000', 0.5)).toBe('rgba(255,128,0,0.5)');
    expect(withAlpha('nope', 1)).toBe('rgba(255,255,255,1)');
  });
});
