import type { Geometry } from './schemas';

/**
 * Coordinates rounded to `decimals` places (0.01 px by default): far below what anyone can draw,
 * and it keeps stored JSON free of float noise like 120.00000000000001.
 */
export function roundGeometry(g: Geometry, decimals = 2): Geometry {
  const k = 10 ** decimals;
  const r = (n: number) => Math.round(n * k) / k;
  const p = ([x, y]: readonly [number, number]): [number, number] => [r(x), r(y)];
  switch (g.type) {
    case 'bbox':
      return { ...g, bbox: [r(g.bbox[0]), r(g.bbox[1]), r(g.bbox[2]), r(g.bbox[3])] };
    case 'rotated_bbox':
      return { ...g, cx: r(g.cx), cy: r(g.cy), width: r(g.width), height: r(g.height), angle: r(g.angle) };
    case 'polygon':
      return { ...g, points: g.points.map(p), ...(g.holes ? { holes: g.holes.map((h) => h.map(p)) } : {}) };
    case 'line':
      return { ...g, p1: p(g.p1), p2: p(g.p2), width: r(g.width) };
    case 'polyline':
      return { ...g, points: g.points.map(p), width: r(g.width) };
    case 'circle':
      return { ...g, center: p(g.center), radius: r(g.radius), start_angle: r(g.start_angle), end_angle: r(g.end_angle) };
    case 'points':
      return { ...g, points: g.points.map(p) };
    case 'mask':
      return g;
  }
}
