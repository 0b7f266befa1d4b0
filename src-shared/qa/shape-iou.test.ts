import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bboxIou, regionArea, regionIntersectionArea, regionIou, shapeIou, type Region } from './shape-iou';

type Pt = [number, number];

/** A simple (star-shaped) polygon: sorted angles, positive radii around a centre. */
const starPolygon = fc
  .record({
    cx: fc.double({ min: 6, max: 14, noNaN: true }),
    cy: fc.double({ min: 6, max: 14, noNaN: true }),
    radii: fc.array(fc.double({ min: 1, max: 5, noNaN: true }), { minLength: 3, maxLength: 9 }),
    clockwise: fc.boolean(),
  })
  .map(({ cx, cy, radii, clockwise }): Region => {
    const points = radii.map((r, i): Pt => {
      const t = (2 * Math.PI * i) / radii.length;
      return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
    });
    return { points: clockwise ? points.reverse() : points };
  });

const box = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 }));
const boxRegion = ([x, y, w, h]: number[]): Region => ({ points: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] });

function inside(p: Pt, ring: readonly (readonly [number, number])[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
const inRegion = (p: Pt, r: Region) => inside(p, r.points) && !(r.holes ?? []).some((h) => inside(p, h));

/** IoU by sampling a fine grid: the slow, obviously-right reference. */
function sampledIou(a: Region, b: Region, step = 0.05): number {
  let inter = 0;
  let union = 0;
  for (let x = step / 2; x < 20; x += step) {
    for (let y = step / 2; y < 20; y += step) {
      const ia = inRegion([x, y], a);
      const ib = inRegion([x, y], b);
      if (ia && ib) inter++;
      if (ia || ib) union++;
    }
  }
  return union ? inter / union : 0;
}

describe('box IoU', () => {
  it('computes the textbook case: two 2×2 boxes offset by 1 overlap 1/7', () => {
    expect(bboxIou([0, 0, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1 / 7, 12);
    expect(bboxIou([0, 0, 2, 2], [5, 5, 1, 1])).toBe(0);
  });

  it('is 1 with itself, symmetric, and within [0, 1]', () => {
    fc.assert(fc.property(box, box, (a, b) => {
      expect(bboxIou(a, a)).toBe(1);
      expect(bboxIou(a, b)).toBeCloseTo(bboxIou(b, a), 12);
      expect(bboxIou(a, b)).toBeGreaterThanOrEqual(0);
      expect(bboxIou(a, b)).toBeLessThanOrEqual(1);
    }));
  });
});

describe('polygon IoU (exact, by signed trapezoids)', () => {
  it('equals box IoU for axis-aligned rectangles given as polygons, in either winding', () => {
    fc.assert(fc.property(box, box, fc.boolean(), (a, b, reverse) => {
      const ra = boxRegion(a);
      const rb = boxRegion(b);
      if (reverse) rb.points = [...rb.points].reverse();
      expect(regionIou(ra, rb)).toBeCloseTo(bboxIou(a, b), 10);
    }));
  });

  it('matches a fine grid sample for random star-shaped polygons', () => {
    fc.assert(fc.property(starPolygon, starPolygon, (a, b) => {
      expect(Math.abs(regionIou(a, b) - sampledIou(a, b))).toBeLessThan(0.02);
    }), { numRuns: 40 });
  });

  it('is 1 with itself, symmetric, and unchanged by translating both', () => {
    fc.assert(fc.property(starPolygon, starPolygon, fc.double({ min: -50, max: 50, noNaN: true }), (a, b, d) => {
      expect(regionIou(a, a)).toBeCloseTo(1, 9);
      expect(regionIou(a, b)).toBeCloseTo(regionIou(b, a), 9);
      const move = (r: Region): Region => ({ points: r.points.map(([x, y]) => [x + d, y - d] as Pt) });
      expect(regionIou(move(a), move(b))).toBeCloseTo(regionIou(a, b), 6);
    }));
  });

  it('subtracts holes: a 10×10 square with a 4×4 hole against its own hole overlaps nothing', () => {
    const ring: Region = { points: [[0, 0], [10, 0], [10, 10], [0, 10]], holes: [[[3, 3], [7, 3], [7, 7], [3, 7]]] };
    const hole = boxRegion([3, 3, 4, 4]);
    expect(regionArea(ring)).toBe(84);
    expect(regionIntersectionArea(ring, hole)).toBeCloseTo(0, 9);
    expect(regionIntersectionArea(ring, boxRegion([0, 0, 5, 5]))).toBeCloseTo(25 - 4, 9);
  });

  it('handles a concave (L-shaped) polygon exactly', () => {
    const l: Region = { points: [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]] };
    expect(regionArea(l)).toBe(7);
    expect(regionIntersectionArea(l, boxRegion([0, 0, 2, 2]))).toBeCloseTo(3, 12);
    expect(regionIou(l, boxRegion([2, 2, 2, 2]))).toBe(0);
  });
});

describe('shapeIou', () => {
  it('compares a box with the same box rotated by 0°, and a polygon with a box', () => {
    expect(shapeIou({ type: 'bbox', bbox: [0, 0, 4, 2] }, { type: 'rotated_bbox', cx: 2, cy: 1, width: 4, height: 2, angle: 0 })).toBeCloseTo(1, 9);
    expect(shapeIou({ type: 'bbox', bbox: [0, 0, 2, 2] }, { type: 'polygon', points: [[0, 0], [2, 0], [0, 2]] })).toBeCloseTo(0.5, 12);
    expect(shapeIou({ type: 'rotated_bbox', cx: 0, cy: 0, width: 2, height: 2, angle: 45 }, { type: 'rotated_bbox', cx: 0, cy: 0, width: 2, height: 2, angle: 0 })).toBeCloseTo((8 * (Math.SQRT2 - 1)) / (8 - 8 * (Math.SQRT2 - 1)), 9);
  });

  it('has no IoU for lines and points', () => {
    expect(shapeIou({ type: 'line', p1: [0, 0], p2: [1, 1], width: 1 }, { type: 'bbox', bbox: [0, 0, 1, 1] })).toBeNull();
  });
});
