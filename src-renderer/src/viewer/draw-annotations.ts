import type { Annotation } from '../../../src-shared/contract/entities';
import type { Geometry } from '../../../src-shared/geometry/schemas';
import { arcRadians, rotatedBoxCorners, withAlpha } from './shape-geometry';

/** The part of CanvasRenderingContext2D the drawing uses, so tests can pass a recorder. */
export type DrawContext = Pick<
  CanvasRenderingContext2D,
  'save' | 'restore' | 'beginPath' | 'closePath' | 'moveTo' | 'lineTo' | 'arc' | 'rect' | 'fill' | 'stroke' | 'drawImage' | 'lineWidth' | 'strokeStyle' | 'fillStyle' | 'lineJoin' | 'lineCap'
>;

export interface DrawOptions {
  /** Screen pixels per image pixel: strokes are divided by it to stay the same width on screen. */
  scale: number;
  colorOf(classId: number | null): string;
  /** A drawable tinted mask for a mask annotation, or null while it is not decoded. */
  maskImage(annotation: Annotation, color: string): CanvasImageSource | null;
  /** Masks are stretched over the image when their size differs from it. */
  imageSize: { width: number; height: number };
  highlightId?: string | null;
}

const STROKE_PX = 2;
const FILL_ALPHA = 0.18;
const POINT_PX = 4;

type Pt = readonly [number, number];

function pathThrough(ctx: DrawContext, points: readonly Pt[], closed: boolean) {
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  if (closed) ctx.closePath();
}

/** Draws a closed area: translucent fill (even-odd, so holes stay open) under a solid outline. */
function area(ctx: DrawContext, rings: readonly (readonly Pt[])[], color: string) {
  ctx.beginPath();
  for (const ring of rings) pathThrough(ctx, ring, true);
  ctx.fillStyle = withAlpha(color, FILL_ALPHA);
  ctx.fill('evenodd');
  ctx.stroke();
}

/** A stroke at least `minPx` wide on screen, or `width` image pixels when that is wider. */
function strokeWidth(widthInImage: number, scale: number, minPx = STROKE_PX) {
  return Math.max(widthInImage, minPx / scale);
}

function drawGeometry(ctx: DrawContext, g: Geometry, color: string, a: Annotation, o: DrawOptions) {
  switch (g.type) {
    case 'bbox': {
      const [x, y, w, h] = g.bbox;
      area(ctx, [[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], color);
      return;
    }
    case 'rotated_bbox':
      area(ctx, [rotatedBoxCorners(g)], color);
      return;
    case 'polygon':
      area(ctx, [g.points, ...(g.holes ?? [])], color);
      return;
    case 'line':
      ctx.beginPath();
      pathThrough(ctx, [g.p1, g.p2], false);
      ctx.lineWidth = strokeWidth(g.width, o.scale);
      ctx.stroke();
      return;
    case 'polyline':
      ctx.beginPath();
      pathThrough(ctx, g.points, g.closed);
      ctx.lineWidth = strokeWidth(g.width, o.scale);
      ctx.stroke();
      return;
    case 'circle': {
      const { start, end, full } = arcRadians(g.start_angle, g.end_angle);
      ctx.beginPath();
      ctx.arc(g.center[0], g.center[1], g.radius, start, end);
      if (full) {
        ctx.fillStyle = withAlpha(color, FILL_ALPHA);
        ctx.fill();
      }
      ctx.stroke();
      return;
    }
    case 'points':
      g.points.forEach(([x, y], i) => {
        if (g.visible?.[i] === false) return;
        ctx.beginPath();
        ctx.arc(x, y, POINT_PX / o.scale, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      });
      return;
    case 'mask': {
      const image = o.maskImage(a, color);
      if (image) ctx.drawImage(image, 0, 0, o.imageSize.width, o.imageSize.height);
      return;
    }
  }
}

/**
 * Draws annotations in the order given (the store's z-order) onto a context whose transform
 * already maps image pixels to the screen.
 */
export function drawAnnotations(ctx: DrawContext, annotations: readonly Annotation[], o: DrawOptions): void {
  for (const a of annotations) {
    const color = o.colorOf(a.class_id);
    const highlighted = a.id === o.highlightId;
    ctx.save();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = (highlighted ? STROKE_PX * 1.75 : STROKE_PX) / o.scale;
    drawGeometry(ctx, a.geometry, color, a, o);
    ctx.restore();
  }
}
