import type { Bounds } from './bounds';
import type { Vec } from './points';
import type { Geometry } from './schemas';

const move = ([x, y]: Vec, dx: number, dy: number): [number, number] => [x + dx, y + dy];

/** Whether a shape of this type can be moved by translating its coordinates (masks cannot). */
export const isTranslatable = (g: Geometry): boolean => g.type !== 'mask';

/** The shape moved by (dx, dy) image pixels; a mask is returned unchanged (its pixels are fixed). */
export function translateGeometry(g: Geometry, dx: number, dy: number): Geometry {
  switch (g.type) {
    case 'bbox':
      return { ...g, bbox: [g.bbox[0] + dx, g.bbox[1] + dy, g.bbox[2], g.bbox[3]] };
    case 'rotated_bbox':
      return { ...g, cx: g.cx + dx, cy: g.cy + dy };
    case 'polygon':
      return { ...g, points: g.points.map((p) => move(p, dx, dy)), ...(g.holes ? { holes: g.holes.map((h) => h.map((p) => move(p, dx, dy))) } : {}) };
    case 'line':
      return { ...g, p1: move(g.p1, dx, dy), p2: move(g.p2, dx, dy) };
    case 'polyline':
    case 'points':
      return { ...g, points: g.points.map((p) => move(p, dx, dy)) };
    case 'circle':
      return { ...g, center: move(g.center, dx, dy) };
    case 'mask':
      return g;
  }
}

/**
 * Limits a move so shapes whose bounds start inside the image stay inside it. Along an axis where
 * the bounds are already wider than the image (or outside it), the move is left as asked.
 */
export function clampTranslation(bounds: Bounds, dx: number, dy: number, image: { width: number; height: number }): [number, number] {
  const axis = (min: number, max: number, d: number, size: number) => {
    if (min < 0 || max > size) return d;
    return Math.max(-min, Math.min(size - max, d));
  };
  return [axis(bounds.minX, bounds.maxX, dx, image.width), axis(bounds.minY, bounds.maxY, dy, image.height)];
}
