import type { ErrorDetail } from '../contract/errors';
import type { Geometry } from './schemas';

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Checks that a geometry (already shape-valid) is usable on an image of the given size:
 * inside the image (with a half-pixel tolerance), non-degenerate, and consistent with its mask size.
 * Returns the problems found; an empty list means the geometry is accepted.
 */
export function validateGeometry(geometry: Geometry, image: ImageSize): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const slack = 0.5;
  const inside = (x: number, y: number) =>
    x >= -slack && y >= -slack && x <= image.width + slack && y <= image.height + slack;
  const checkPoints = (points: readonly (readonly [number, number])[], field: string) => {
    points.forEach(([x, y], i) => {
      if (!inside(x, y)) problems.push({ field: `${field}[${i}]`, message: `point (${x}, ${y}) lies outside the ${image.width}×${image.height} image` });
    });
  };
  switch (geometry.type) {
    case 'bbox': {
      const [x, y, w, h] = geometry.bbox;
      if (w <= 0 || h <= 0) problems.push({ field: 'geometry.bbox', message: 'width and height must be positive' });
      checkPoints([[x, y], [x + w, y + h]], 'geometry.bbox');
      break;
    }
    case 'rotated_bbox':
      if (geometry.width <= 0 || geometry.height <= 0) problems.push({ field: 'geometry', message: 'width and height must be positive' });
      checkPoints([[geometry.cx, geometry.cy]], 'geometry.center');
      break;
    case 'polygon':
      checkPoints(geometry.points, 'geometry.points');
      if (polygonArea(geometry.points) === 0) problems.push({ field: 'geometry.points', message: 'polygon has zero area' });
      break;
    case 'line':
      checkPoints([geometry.p1, geometry.p2], 'geometry');
      if (geometry.p1[0] === geometry.p2[0] && geometry.p1[1] === geometry.p2[1]) problems.push({ field: 'geometry', message: 'line end points coincide' });
      break;
    case 'polyline':
    case 'points':
      checkPoints(geometry.points, 'geometry.points');
      break;
    case 'circle':
      checkPoints([geometry.center], 'geometry.center');
      break;
    case 'mask': {
      const [h, w] = geometry.rle.size;
      if (h !== image.height || w !== image.width) {
        problems.push({ field: 'geometry.rle.size', message: `mask size ${w}×${h} differs from the image size ${image.width}×${image.height}` });
      }
      break;
    }
  }
  return problems;
}

/** Shoelace area (absolute) of a simple polygon. */
export function polygonArea(points: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** Area in square pixels, as the API reports it in `geometry.area`; undefined for types without one. */
export function geometryArea(geometry: Geometry): number | undefined {
  switch (geometry.type) {
    case 'bbox':
      return geometry.bbox[2] * geometry.bbox[3];
    case 'rotated_bbox':
      return geometry.width * geometry.height;
    case 'polygon':
      return polygonArea(geometry.points) - (geometry.holes ?? []).reduce((sum, hole) => sum + polygonArea(hole), 0);
    case 'circle':
      return (Math.PI * geometry.radius ** 2 * Math.abs(geometry.end_angle - geometry.start_angle)) / 360;
    default:
      return undefined;
  }
}
