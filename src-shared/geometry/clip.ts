import type { Vec } from './points';
import type { Geometry } from './schemas';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const clampPoint = ([x, y]: Vec, r: Rect): [number, number] => [Math.min(r.x + r.width, Math.max(r.x, x)), Math.min(r.y + r.height, Math.max(r.y, y))];

/** Sutherland–Hodgman: the part of a polygon inside an axis-aligned rectangle (possibly empty). */
export function clipPolygonToRect(points: readonly Vec[], r: Rect): [number, number][] {
  type Edge = { inside: (p: Vec) => boolean; cut: (a: Vec, b: Vec) => [number, number] };
  const atX = (x: number) => (a: Vec, b: Vec): [number, number] => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Vec, b: Vec): [number, number] => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  const edges: Edge[] = [
    { inside: (p) => p[0] >= r.x, cut: atX(r.x) },
    { inside: (p) => p[0] <= r.x + r.width, cut: atX(r.x + r.width) },
    { inside: (p) => p[1] >= r.y, cut: atY(r.y) },
    { inside: (p) => p[1] <= r.y + r.height, cut: atY(r.y + r.height) },
  ];
  let out: [number, number][] = points.map((p) => [p[0], p[1]]);
  for (const edge of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (edge.inside(cur)) {
        if (!edge.inside(prev)) out.push(edge.cut(prev, cur));
        out.push(cur);
      } else if (edge.inside(prev)) out.push(edge.cut(prev, cur));
    }
  }
  return dropRepeats(out);
}

function dropRepeats(points: [number, number][]): [number, number][] {
  const out = points.filter((p, i) => i === 0 || p[0] !== points[i - 1][0] || p[1] !== points[i - 1][1]);
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

/**
 * The shape kept within the image: boxes and polygons are clipped to it, strokes and points
 * clamped onto it, circles and rotated boxes keep their centre inside. Null when nothing of the
 * shape is left (a box wholly outside, a polygon clipped to under 3 points).
 */
export function keepInImage(g: Geometry, image: { width: number; height: number }): Geometry | null {
  const r: Rect = { x: 0, y: 0, width: image.width, height: image.height };
  switch (g.type) {
    case 'bbox': {
      const [x, y, w, h] = g.bbox;
      const x0 = Math.max(0, x);
      const y0 = Math.max(0, y);
      const x1 = Math.min(image.width, x + w);
      const y1 = Math.min(image.height, y + h);
      return x1 > x0 && y1 > y0 ? { ...g, bbox: [x0, y0, x1 - x0, y1 - y0] } : null;
    }
    case 'polygon': {
      const points = clipPolygonToRect(g.points, r);
      if (points.length < 3) return null;
      const holes = (g.holes ?? []).map((h) => clipPolygonToRect(h, r)).filter((h) => h.length >= 3);
      return holes.length ? { type: 'polygon', points, holes } : { type: 'polygon', points };
    }
    case 'rotated_bbox': {
      const [cx, cy] = clampPoint([g.cx, g.cy], r);
      return { ...g, cx, cy };
    }
    case 'circle':
      return { ...g, center: clampPoint(g.center, r) };
    case 'line':
      return { ...g, p1: clampPoint(g.p1, r), p2: clampPoint(g.p2, r) };
    case 'polyline':
    case 'points':
      return { ...g, points: g.points.map((p) => clampPoint(p, r)) };
    case 'mask':
      return g;
  }
}
