import type { Geometry } from '../geometry/schemas';

/**
 * Where a comment about an annotation is pinned on the image: the centre of a box or circle,
 * the vertex mean of a polygon or points, the midpoint of a line; null for masks (the caller
 * pins those by hand).
 */
export function anchorOf(geometry: Geometry): [number, number] | null {
  const centroid = (points: readonly (readonly [number, number])[]): [number, number] => [
    points.reduce((s, p) => s + p[0], 0) / points.length,
    points.reduce((s, p) => s + p[1], 0) / points.length,
  ];
  switch (geometry.type) {
    case 'bbox':
      return [geometry.bbox[0] + geometry.bbox[2] / 2, geometry.bbox[1] + geometry.bbox[3] / 2];
    case 'rotated_bbox':
      return [geometry.cx, geometry.cy];
    case 'circle':
      return [geometry.center[0], geometry.center[1]];
    case 'line':
      return centroid([geometry.p1, geometry.p2]);
    case 'polygon':
    case 'polyline':
    case 'points':
      return centroid(geometry.points);
    case 'mask':
      return null;
  }
}
