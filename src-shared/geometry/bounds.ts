import type { Vec } from './points';
import { rotatedBoxCorners } from './rotated-box';
import type { Geometry } from './schemas';

/** An axis-aligned rectangle in image pixels, edges included. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOfPoints(points: readonly Vec[], pad = 0): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad };
}

/**
 * A rectangle holding every point of the shape (strokes included at half their width). Circles
 * and arcs give the whole circle's square and masks the whole mask: conservative, never too small,
 * which is all the spatial index and culling need.
 */
export function geometryBounds(g: Geometry): Bounds {
  switch (g.type) {
    case 'bbox':
      return { minX: g.bbox[0], minY: g.bbox[1], maxX: g.bbox[0] + g.bbox[2], maxY: g.bbox[1] + g.bbox[3] };
    case 'rotated_bbox':
      return boundsOfPoints(rotatedBoxCorners(g));
    case 'polygon':
      return boundsOfPoints(g.points);
    case 'line':
      return boundsOfPoints([g.p1, g.p2], g.width / 2);
    case 'polyline':
      return boundsOfPoints(g.points, g.width / 2);
    case 'circle':
      return { minX: g.center[0] - g.radius, minY: g.center[1] - g.radius, maxX: g.center[0] + g.radius, maxY: g.center[1] + g.radius };
    case 'points':
      return boundsOfPoints(g.points);
    case 'mask':
      return { minX: 0, minY: 0, maxX: g.rle.size[1], maxY: g.rle.size[0] };
  }
}

export const boundsContain = (b: Bounds, [x, y]: Vec, pad = 0): boolean => x >= b.minX - pad && x <= b.maxX + pad && y >= b.minY - pad && y <= b.maxY + pad;

export const boundsIntersect = (a: Bounds, b: Bounds): boolean => a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;

/** Whether `inner` lies entirely within `outer`. */
export const boundsInside = (inner: Bounds, outer: Bounds): boolean =>
  inner.minX >= outer.minX && inner.minY >= outer.minY && inner.maxX <= outer.maxX && inner.maxY <= outer.maxY;

export const boundsUnion = (a: Bounds, b: Bounds): Bounds => ({
  minX: Math.min(a.minX, b.minX),
  minY: Math.min(a.minY, b.minY),
  maxX: Math.max(a.maxX, b.maxX),
  maxY: Math.max(a.maxY, b.maxY),
});

/** The rectangle spanned by two corners given in any order. */
export const boundsOfCorners = (a: Vec, b: Vec): Bounds => boundsOfPoints([a, b]);
