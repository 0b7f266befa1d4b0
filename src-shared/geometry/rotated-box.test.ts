import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLocal, normalizeAngle, resizeRotatedBox, rotateBoxToward, rotatedBoxCorners, rotatedBoxFromCorners, toLocal, type RotatedBox } from './rotated-box';

const coord = fc.double({ min: -5000, max: 5000, noNaN: true });
const size = fc.double({ min: 0.5, max: 3000, noNaN: true });
const angle = fc.double({ min: -179.9, max: 180, noNaN: true });
const box = fc.record({ cx: coord, cy: coord, width: size, height: size, angle });
const close = (a: number, b: number, eps = 1e-6) => Math.abs(a - b) <= eps * Math.max(1, Math.abs(a), Math.abs(b));

describe('rotated box', () => {
  it('round-trips through its corners', () => {
    fc.assert(
      fc.property(box, (b) => {
        const back = rotatedBoxFromCorners(rotatedBoxCorners(b));
        expect(close(back.cx, b.cx) && close(back.cy, b.cy) && close(back.width, b.width) && close(back.height, b.height)).toBe(true);
        expect(Math.abs(normalizeAngle(back.angle - b.angle))).toBeLessThan(1e-6);
      }),
    );
  });

  it('maps to its own frame and back', () => {
    fc.assert(
      fc.property(box, coord, coord, (b, x, y) => {
        const [px, py] = fromLocal(b, toLocal(b, [x, y]));
        expect(close(px, x) && close(py, y)).toBe(true);
      }),
    );
  });

  it('keeps the opposite corner fixed while a corner handle is dragged', () => {
    fc.assert(
      fc.property(box, coord, coord, (b, x, y) => {
        const fixed = rotatedBoxCorners(b)[0];
        const resized = resizeRotatedBox(b, 1, 1, [x, y]);
        const corners = rotatedBoxCorners(resized);
        expect(corners.some(([cx, cy]) => Math.hypot(cx - fixed[0], cy - fixed[1]) < 1e-6 * Math.max(1, Math.abs(x), Math.abs(y), Math.abs(b.cx), Math.abs(b.cy)) + 1e-6)).toBe(true);
      }),
    );
  });

  it('points the rotation handle at the pointer and snaps with a step', () => {
    const b: RotatedBox = { cx: 0, cy: 0, width: 10, height: 10, angle: 0 };
    expect(rotateBoxToward(b, [0, -5]).angle).toBeCloseTo(0);
    expect(rotateBoxToward(b, [5, 0]).angle).toBeCloseTo(90);
    expect(rotateBoxToward(b, [5, -4.9], 15).angle).toBe(45);
  });

  it('folds angles into (-180, 180]', () => {
    fc.assert(fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), (a) => {
      const n = normalizeAngle(a);
      expect(n > -180 && n <= 180).toBe(true);
      expect(Math.abs(Math.sin(((n - a) * Math.PI) / 180))).toBeLessThan(1e-6);
    }));
  });
});
