import type { Geometry } from '../../../src-shared/geometry/schemas';
import { arcRadians, rotatedBoxCorners, withAlpha } from './shape-geometry';

/** The part of CanvasRenderingContext2D the drawing uses, so tests can pass a recorder. */
export type DrawContext = Pick<
  CanvasRenderingContext2D,
  'save' | 'restore' | 'beginPath' | 'closePath' | 'moveTo' | 'lineTo' | 'arc' | 'rect' | 'fill' | 'stroke' | 'drawImage' | 'lineWidth' | 'strokeStyle' | 'fillStyle' | 'lineJoin' | 'lineCap' | 'miterLimit'
>;

/** What is drawn of an annotation: its identity, class and geometry (an Annotation or an editor record). */
export interface DrawItem {
  readonly key: string;
  readonly class_id: number | null;
  readonly geometry: Geometry;
}

export interface DrawOptions {
  /** Screen pixels per image pixel: strokes are divided by it to stay the same width on screen. */
  scale: number;
  colorOf(classId: number | null): string;
  /** A drawable tinted mask for a mask annotation, or null while it is not decoded. */
  maskImage(item: DrawItem, color: string): CanvasImageSource | null;
  /** Masks are stretched over the image when their size differs from it. */
  imageSize: { width: number; height: number };
  /** Drawn with a heavier outline and fill (the selection). */
  emphasis?: ReadonlySet<string>;
}

const STROKE_PX = 2;
const FILL_ALPHA = 0.18;
const EMPHASIS_FILL_ALPHA = 0.32;
const POINT_PX = 4;

type Pt = readonly [number, number];

function pathThrough(ctx: DrawContext, points: readonly Pt[], closed: boolean) {
  for (let i = 0; i < points.length; i++) {
    if (i === 0) ctx.moveTo(points[i][0], points[i][1]);
    else ctx.lineTo(points[i][0], points[i][1]);
  }
  if (closed) ctx.closePath();
}

/**
 * Canvas state set only when it changes: with thousands of shapes in a few class colors, most
 * style assignments (and their color parsing) are skipped.
 */
class Styler {
  private stroke = '';
  private fill = '';
  private width = -1;
  private rounded: boolean | null = null;
  private fills = new Map<string, string>();
  constructor(private ctx: DrawContext) {}
  strokeStyle(c: string) {
    if (c !== this.stroke) this.ctx.strokeStyle = this.stroke = c;
  }
  fillStyle(c: string) {
    if (c !== this.fill) this.ctx.fillStyle = this.fill = c;
  }
  translucent(c: string, alpha: number) {
    const k = `${c}/${alpha}`;
    let f = this.fills.get(k);
    if (!f) this.fills.set(k, (f = withAlpha(c, alpha)));
    this.fillStyle(f);
  }
  lineWidth(w: number) {
    if (w !== this.width) this.ctx.lineWidth = this.width = w;
  }
  /**
   * Round joins and caps for lines and polylines (thick strokes look drawn, not cut); mitred
   * corners for outlines, which Skia rasterises about a third faster and which keep boxes square.
   */
  round(yes: boolean) {
    if (yes === this.rounded) return;
    this.rounded = yes;
    this.ctx.lineJoin = yes ? 'round' : 'miter';
    this.ctx.lineCap = yes ? 'round' : 'butt';
  }
}

/** A closed area: translucent fill (even-odd, so holes stay open) under a solid outline. */
function area(ctx: DrawContext, s: Styler, rings: readonly (readonly Pt[])[], color: string, alpha: number) {
  s.round(false);
  ctx.beginPath();
  for (const ring of rings) pathThrough(ctx, ring, true);
  s.translucent(color, alpha);
  ctx.fill('evenodd');
  ctx.stroke();
}

function drawGeometry(ctx: DrawContext, s: Styler, item: DrawItem, color: string, outline: number, alpha: number, o: DrawOptions) {
  const g = item.geometry;
  switch (g.type) {
    case 'bbox': {
      const [x, y, w, h] = g.bbox;
      area(ctx, s, [[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], color, alpha);
      return;
    }
    case 'rotated_bbox':
      area(ctx, s, [rotatedBoxCorners(g)], color, alpha);
      return;
    case 'polygon':
      area(ctx, s, g.holes?.length ? [g.points, ...g.holes] : [g.points], color, alpha);
      return;
    case 'line':
      s.round(true);
      ctx.beginPath();
      pathThrough(ctx, [g.p1, g.p2], false);
      s.lineWidth(Math.max(g.width, outline));
      ctx.stroke();
      s.lineWidth(outline);
      return;
    case 'polyline':
      s.round(true);
      ctx.beginPath();
      pathThrough(ctx, g.points, g.closed);
      s.lineWidth(Math.max(g.width, outline));
      ctx.stroke();
      s.lineWidth(outline);
      return;
    case 'circle': {
      const { start, end, full } = arcRadians(g.start_angle, g.end_angle);
      ctx.beginPath();
      ctx.arc(g.center[0], g.center[1], g.radius, start, end);
      if (full) {
        s.translucent(color, alpha);
        ctx.fill();
      }
      ctx.stroke();
      return;
    }
    case 'points':
      s.fillStyle(color);
      for (let i = 0; i < g.points.length; i++) {
        if (g.visible?.[i] === false) continue;
        ctx.beginPath();
        ctx.arc(g.points[i][0], g.points[i][1], POINT_PX / o.scale, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
      return;
    case 'mask': {
      const image = o.maskImage(item, color);
      if (image) ctx.drawImage(image, 0, 0, o.imageSize.width, o.imageSize.height);
      return;
    }
  }
}

/**
 * Draws annotations in the order given (the store's z-order) onto a context whose transform
 * already maps image pixels to the screen. Leaves joins, caps and styles changed.
 */
export function drawAnnotations(ctx: DrawContext, items: readonly DrawItem[], o: DrawOptions): void {
  const s = new Styler(ctx);
  const outline = STROKE_PX / o.scale;
  // Acute polygon corners bevel instead of growing long spikes.
  ctx.miterLimit = 4;
  for (const item of items) {
    const color = o.colorOf(item.class_id);
    const emphasised = o.emphasis?.has(item.key) ?? false;
    const width = emphasised ? outline * 1.75 : outline;
    s.strokeStyle(color);
    s.lineWidth(width);
    drawGeometry(ctx, s, item, color, width, emphasised ? EMPHASIS_FILL_ALPHA : FILL_ALPHA, o);
  }
}
