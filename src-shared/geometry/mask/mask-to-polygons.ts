import type { BinaryMask, PixelBounds } from './binary-mask';
import { traceContours, type Contour } from './contours';
import type { PolygonShape } from './rasterize';
import { simplifyRing } from './simplify';
import { polygonArea } from '../validate';

export interface PolygonOptions {
  /** Douglas–Peucker tolerance in pixels; 0 keeps the exact pixel outline. */
  tolerance?: number;
  /** Components and holes smaller than this many pixels are dropped (specks, pinholes). */
  minArea?: number;
}

/**
 * The polygons of a mask: one per 4-connected component, with its holes, simplified, largest
 * first. Rings that simplify below three vertices or to no area are dropped.
 */
export function maskToPolygons(mask: BinaryMask, options: PolygonOptions = {}, within?: PixelBounds | null): PolygonShape[] {
  return contoursToPolygons(traceContours(mask, within), options);
}

/** `maskToPolygons` for contours already traced (callers that also want the RLE trace once). */
export function contoursToPolygons(contours: readonly Contour[], options: PolygonOptions = {}): PolygonShape[] {
  const tolerance = options.tolerance ?? 1;
  const minArea = options.minArea ?? 0;
  const polygons: { shape: PolygonShape; area: number }[] = [];
  for (const contour of contours) {
    if (contour.area < minArea) continue;
    const points = simplifyRing(contour.outer, tolerance);
    if (points.length < 3 || polygonArea(points) === 0) continue;
    const holes = contour.holes
      .filter((hole) => polygonArea(hole) >= Math.max(minArea, 1))
      .map((hole) => simplifyRing(hole, tolerance))
      .filter((hole) => hole.length >= 3 && polygonArea(hole) > 0);
    polygons.push({ shape: holes.length ? { points, holes } : { points }, area: contour.area });
  }
  return polygons.sort((a, b) => b.area - a.area).map((p) => p.shape);
}
