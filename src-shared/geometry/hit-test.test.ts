import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsContain, geometryBounds } from './bounds';
import { distanceToSegment, hitGeometry, pointInShape } from './hit-test';
import type { Geometry } from './schemas';
import { geometryArea } from './validate';

const pos = fc.double({ min: 0, max: 500, noNaN: true });
const len = fc.double({ min: 20, max: 300, noNaN: true });
const rotated = fc.record({ type: fc.constant('rotated_bbox' as const), cx: pos, cy: pos, width: len, height: len, angle: fc.double({ min: -179, max: 180, noNaN: true }) });
const bbox = fc.tuple(pos, pos, len, len).map(([x, y, w, h]) => ({ type: 'bbox' as const, bbox: [x, y, w, h] as [number, number, number, number] }));
/** A star-shaped (hence simple) polygon around a centre. */
const polygon = fc
  .tuple(pos, pos, fc.array(fc.double({ min: 20, max: 200, noNaN: true }), { minLength: 3, maxLength: 12 }))
  .map(([cx, cy, radii]) => ({
    type: 'polygon' as const,
    points: radii.map((r, i): [number, number] => [cx + r * Math.cos((2 * Math.PI * i) / radii.length), cy + r * Math.sin((2 * Math.PI * i) / radii.length)]),
  }));
const circle = fc.record({
  type: fc.constant('circle' as const),
  center: fc.tuple(pos, pos),
  radius: len,
  start_angle: fc.double({ min: 0, max: 359, noNaN: true }),
  end_angle: fc.constant(0),
}).map((c) => ({ ...c, end_angle: c.start_angle + 90 + ((c.radius * 7) % 270) }));
const areaShape: fc.Arbitrary<Geometry> = fc.oneof(rotated, bbox, polygon, circle);

/** Area by counting grid samples inside the shape over its bounds. */
function sampledArea(g: Geometry, n = 160): number {
  const b = geometryBounds(g);
  const w = b.maxX - b.minX;
  const h = b.maxY - b.minY;
  let inside = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (pointInShape(g, [b.minX + ((i + 0.5) * w) / n, b.minY + ((j + 0.5) * h) / n])) inside++;
  return (inside / (n * n)) * w * h;
}

describe('area, bounds and point-in-shape agree', () => {
  it('every point inside a shape lies within its bounds', () => {
    fc.assert(
      fc.property(areaShape, pos, pos, (g, x, y) => {
        if (pointInShape(g, [x, y])) expect(boundsContain(geometryBounds(g), [x, y], 1e-9)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the share of sampled points inside matches the area', () => {
    fc.assert(
      fc.property(areaShape, (g) => {
        const area = geometryArea(g)!;
        expect(Math.abs(sampledArea(g) - area) / area).toBeLessThan(0.04);
      }),
      { numRuns: 40 },
    );
  });

  it('a hit inside is a point in the shape; the outline is hit within the tolerance', () => {
    fc.assert(
      fc.property(areaShape, pos, pos, (g, x, y) => {
        const hit = hitGeometry(g, [x, y], 0);
        if (hit === 'inside') expect(pointInShape(g, [x, y])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hitGeometry', () => {
  it('finds strokes within their width or the tolerance, and keypoints by distance', () => {
    const line: Geometry = { type: 'line', p1: [0, 0], p2: [100, 0], width: 10 };
    expect(hitGeometry(line, [50, 4], 1)).toBe('edge');
    expect(hitGeometry(line, [50, 6], 1)).toBeNull();
    const points: Geometry = { type: 'points', points: [[10, 10], [50, 50]], visible: [true, false] };
    expect(hitGeometry(points, [12, 11], 3)).toBe('edge');
    expect(hitGeometry(points, [50, 50], 3)).toBeNull();
  });

  it('leaves polygon holes open and asks masks for their pixels', () => {
    const ring = (o: number, s: number): [number, number][] => [[o, o], [o + s, o], [o + s, o + s], [o, o + s]];
    const holed: Geometry = { type: 'polygon', points: ring(0, 100), holes: [ring(40, 20)] };
    expect(hitGeometry(holed, [20, 20], 1)).toBe('inside');
    expect(hitGeometry(holed, [50, 50], 1)).toBeNull();
    const mask: Geometry = { type: 'mask', rle: { size: [10, 10], counts: [100] } };
    expect(hitGeometry(mask, [3.5, 4.2], 1, (x, y) => x === 3 && y === 4)).toBe('inside');
  });

  it('measures the distance to a segment from any side', () => {
    fc.assert(
      fc.property(pos, pos, pos, pos, pos, pos, (ax, ay, bx, by, px, py) => {
        const d = distanceToSegment([px, py], [ax, ay], [bx, by]);
        expect(d).toBeLessThanOrEqual(Math.hypot(px - ax, py - ay) + 1e-9);
        expect(d).toBeLessThanOrEqual(Math.hypot(px - bx, py - by) + 1e-9);
      }),
    );
  });
});
