import type { Bounds } from '../../../src-shared/geometry/bounds';
import type { Size, View } from './view-transform';

/** A rectangle of the canvas in device pixels. */
export interface DeviceRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Paints the scene into `clip` (or everything) with the context's transform reset. */
export type Painter = (ctx: CanvasRenderingContext2D, view: View, clip: DeviceRect | null) => void;

export type RenderKind = 'full' | 'scroll' | 'damage' | 'preview' | 'none';

/** Past this share of the canvas, repainting a damaged region costs as much as a full redraw. */
const DAMAGE_LIMIT = 0.5;
/** Damage grows by this many CSS pixels: strokes, the selection outline and keypoint dots reach past the geometry. */
const DAMAGE_PAD_PX = 8;

/**
 * The Canvas2D bulk layer keeps its last frame and repaints as little as it can:
 * - a pan (same zoom, whole-pixel shift) moves the old pixels and paints only the strips that
 *   came into view;
 * - an edit or selection change paints only the rectangles invalidated (in image pixels);
 * - a wheel zoom shows the last frame scaled at once (a preview) and the caller asks for a crisp
 *   redraw when the wheel rests;
 * - anything else (resize, image change, a keyboard zoom) redraws everything.
 * With thousands of shapes a full redraw costs tens of milliseconds; a pan frame costs a copy
 * plus the shapes in two thin strips.
 */
export class BulkLayer {
  private last: { view: View; pw: number; ph: number } | null = null;
  private damage: Bounds[] | 'all' = 'all';
  private scratch: HTMLCanvasElement | null = null;
  private stale = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly paint: Painter,
  ) {}

  /** Marks image-pixel areas (or everything) as needing a repaint on the next render. */
  invalidate(area?: Bounds): void {
    if (!area || this.damage === 'all') this.damage = 'all';
    else this.damage.push(area);
  }

  /** Whether the canvas shows a scaled preview that still needs its crisp redraw. */
  get isStale(): boolean {
    return this.stale;
  }

  render(view: View, size: Size, dpr: number, options: { preview?: boolean } = {}): RenderKind {
    const canvas = this.canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 'none';
    const pw = Math.max(1, Math.round(size.width * dpr));
    const ph = Math.max(1, Math.round(size.height * dpr));
    const last = this.last;
    const sameCanvas = !!last && last.pw === pw && last.ph === ph && canvas.width === pw && canvas.height === ph;
    const damage = this.damage;
    this.damage = [];
    if (!sameCanvas) Object.assign(canvas, { width: pw, height: ph });
    let kind: RenderKind;
    if (!sameCanvas || damage === 'all' || (this.stale && !options.preview)) kind = this.full(ctx, view);
    else if (last.view.scale !== view.scale) kind = options.preview && !damage.length ? this.preview(ctx, last.view, view, pw, ph, dpr) : this.full(ctx, view);
    else kind = this.shifted(ctx, last.view, view, pw, ph, dpr, damage);
    this.last = { view, pw, ph };
    return kind;
  }

  private full(ctx: CanvasRenderingContext2D, view: View): RenderKind {
    this.stale = false;
    this.paint(ctx, view, null);
    return 'full';
  }

  /** Same zoom: move the old pixels by the pan, then paint the uncovered strips and the damage. */
  private shifted(ctx: CanvasRenderingContext2D, from: View, view: View, pw: number, ph: number, dpr: number, damage: Bounds[]): RenderKind {
    const dx = (view.x - from.x) * dpr;
    const dy = (view.y - from.y) * dpr;
    const rx = Math.round(dx);
    const ry = Math.round(dy);
    if (Math.abs(dx - rx) > 1e-6 || Math.abs(dy - ry) > 1e-6 || Math.abs(rx) >= pw || Math.abs(ry) >= ph) return this.full(ctx, view);
    const rects: DeviceRect[] = [];
    if (rx || ry) {
      const copy = this.scratchOf(pw, ph);
      const c = copy.getContext('2d')!;
      c.globalCompositeOperation = 'copy';
      c.drawImage(this.canvas, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(copy, rx, ry);
      ctx.globalCompositeOperation = 'source-over';
      if (rx > 0) rects.push({ x: 0, y: 0, width: rx, height: ph });
      if (rx < 0) rects.push({ x: pw + rx, y: 0, width: -rx, height: ph });
      if (ry > 0) rects.push({ x: 0, y: 0, width: pw, height: ry });
      if (ry < 0) rects.push({ x: 0, y: ph + ry, width: pw, height: -ry });
    }
    const pad = DAMAGE_PAD_PX * dpr;
    for (const b of damage) {
      const x0 = Math.max(0, Math.floor((b.minX * view.scale + view.x) * dpr - pad));
      const y0 = Math.max(0, Math.floor((b.minY * view.scale + view.y) * dpr - pad));
      const x1 = Math.min(pw, Math.ceil((b.maxX * view.scale + view.x) * dpr + pad));
      const y1 = Math.min(ph, Math.ceil((b.maxY * view.scale + view.y) * dpr + pad));
      if (x1 > x0 && y1 > y0) rects.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
    }
    if (!rects.length) return rx || ry ? 'scroll' : 'none';
    const area = rects.reduce((sum, r) => sum + r.width * r.height, 0);
    if (area > DAMAGE_LIMIT * pw * ph) return this.full(ctx, view);
    for (const r of rects) this.paint(ctx, view, r);
    return damage.length ? 'damage' : 'scroll';
  }

  /** A zoom step shown at once by scaling the last frame; the crisp frame follows when asked. */
  private preview(ctx: CanvasRenderingContext2D, from: View, view: View, pw: number, ph: number, dpr: number): RenderKind {
    const k = view.scale / from.scale;
    if (k > 4 || k < 0.25) return this.full(ctx, view);
    const copy = this.scratchOf(pw, ph);
    const c = copy.getContext('2d')!;
    c.globalCompositeOperation = 'copy';
    c.drawImage(this.canvas, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'copy';
    // Old screen point s maps to (s - from.x) * k + view.x (in CSS pixels).
    ctx.drawImage(copy, (view.x - from.x * k) * dpr, (view.y - from.y * k) * dpr, pw * k, ph * k);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, pw, ph);
    ctx.globalCompositeOperation = 'source-over';
    this.stale = true;
    return 'preview';
  }

  private scratchOf(pw: number, ph: number): HTMLCanvasElement {
    if (!this.scratch) this.scratch = document.createElement('canvas');
    if (this.scratch.width !== pw || this.scratch.height !== ph) Object.assign(this.scratch, { width: pw, height: ph });
    return this.scratch;
  }
}

export const BACKGROUND = '#1b1d21';
