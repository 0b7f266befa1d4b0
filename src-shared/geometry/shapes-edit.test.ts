import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bboxFromPoints, resizeBbox } from './bbox';
import { boundsInside, geometryBounds } from './bounds';
import { angleInArc, normalizeArc } from './circle-arc';
import { insertVertex, nearestEdge, removeVertex, vertexAt } from './polygon-edit';
import type { Geometry } from './schemas';
import { clampTranslation, translateGeometry } from './translate';

const coord = fc.double({ min: 0, max: 1000, noNaN: true });

describe('boxes from drags and handles', () => {
  it('spans the same box whichever corner the drag starts from', () => {
    fc.assert(
      fc.property(coord, coord, coord, coord, (a, b, c, d) => {
        const one = bboxFromPoints([a, b], [c, d]);
        const other = bboxFromPoints([c, d], [a, b]);
        one.forEach((v, i) => expect(v + 0).toBeCloseTo(other[i] + 0, 9));
        expect(one[2]).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('moves only the dragged edges and flips instead of going negative', () => {
    expect(resizeBbox([10, 10, 20, 20], 1, 0, [50, 999])).toEqual([10, 10, 40, 20]);
    expect(resizeBbox([10, 10, 20, 20], -1, -1, [40, 40])).toEqual([30, 30, 10, 10]);
  });
});

describe('arcs', () => {
  it('normalise to a clockwise sweep of at most 360° starting in [0, 360)', () => {
    fc.assert(
      fc.property(fc.double({ min: -720, max: 720, noNaN: true }), fc.double({ min: -720, max: 720, noNaN: true }), (s, e) => {
        const n = normalizeArc(s, e);
        expect(n.start_angle).toBeGreaterThanOrEqual(0);
        expect(n.start_angle).toBeLessThan(360);
        expect(n.end_angle - n.start_angle).toBeGreaterThan(0);
        expect(n.end_angle - n.start_angle).toBeLessThanOrEqual(360 + 1e-9);
      }),
    );
    expect(angleInArc({ start_angle: 300, end_angle: 420 }, 10)).toBe(true);
    expect(angleInArc({ start_angle: 300, end_angle: 420 }, 100)).toBe(false);
  });

  it('regression (fast-check seed -1612333091): a sweep a rounding error short of 360° is the full circle', () => {
    const n = normalizeArc(-9.379164112033324e-13, 359.999999999999);
    expect(n.end_angle - n.start_angle).toBeCloseTo(360, 9);
    expect(n.start_angle).toBeLessThan(360);
  });
});

describe('polygon editing', () => {
  const square: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10]];
  it('inserts a vertex on the nearest edge and removes it again', () => {
    const edge = nearestEdge(square, [5, -1], true)!;
    expect(edge.index).toBe(0);
    expect(edge.point).toEqual([5, 0]);
    const more = insertVertex(square, edge.index, edge.point);
    expect(more[1]).toEqual([5, 0]);
    expect(removeVertex(more, 1)).toEqual(square);
    expect(nearestEdge(square, [-1, 5], true)!.index).toBe(3);
    expect(vertexAt(square, [9, 9.5], 2)).toBe(2);
  });
});

describe('moving shapes', () => {
  const image = { width: 400, height: 300 };
  const shapes: Geometry[] = [
    { type: 'bbox', bbox: [10, 10, 50, 40] },
    { type: 'polygon', points: [[100, 100], [150, 120], [120, 180]] },
    { type: 'circle', center: [200, 150], radius: 30, start_angle: 0, end_angle: 360 },
    { type: 'polyline', points: [[5, 5], [60, 80]], width: 4, closed: false },
  ];
  it('keeps a shape that starts inside the image inside it, however far it is dragged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), (g, dx, dy) => {
        const [cx, cy] = clampTranslation(geometryBounds(g), dx, dy, image);
        const b = geometryBounds(translateGeometry(g, cx, cy));
        expect(boundsInside(b, { minX: -1e-9, minY: -1e-9, maxX: 400 + 1e-9, maxY: 300 + 1e-9 })).toBe(true);
      }),
    );
  });
});
