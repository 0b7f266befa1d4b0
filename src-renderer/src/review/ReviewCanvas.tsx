import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Annotation } from '../../../src-shared/contract/entities';
import { api } from '../api/client';
import { useElementSize } from '../common/use-element-size';
import { drawAnnotations } from '../viewer/draw-annotations';
import type { ClassLookup } from '../viewer/class-colors';
import { loadBitmap } from '../viewer/load-bitmap';
import { createMaskCache } from '../viewer/mask-image';
import { fitView, panBy, screenToImage, wheelFactor, zoomAt, type View } from '../viewer/view-transform';
import { isFitKey } from './review-keys';

/** Pointer travel (CSS px) above which a press is a pan, not a click that pins a comment. */
const DRAG_THRESHOLD = 4;

export interface Pin {
  x: number;
  y: number;
}

/**
 * The image under review with its annotations, read-only: fitted to the box, the focused
 * annotation emphasised, comment pins drawn. A click picks a point to pin a new comment at.
 * The wheel zooms about the cursor, a drag (with or without Space) pans; 0, F or a
 * double-click fit the image again. A new image always opens fitted.
 */
export function ReviewCanvas({ imageId, size, annotations, focusedId, lookup, pins, pending, onPick }: {
  imageId: string;
  size: { width: number; height: number };
  annotations: readonly Annotation[];
  focusedId: string | null;
  lookup: ClassLookup;
  pins: readonly (Pin & { resolved: boolean })[];
  pending: Pin | null;
  onPick(pin: Pin): void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const box = useElementSize(boxRef);
  const [bitmap, setBitmap] = useState<HTMLImageElement | null>(null);
  const [failed, setFailed] = useState(false);
  const maskImage = useMemo(() => createMaskCache(), []);

  useEffect(() => {
    let live = true;
    setBitmap(null);
    setFailed(false);
    loadBitmap(api.mediaUrl(imageId, 'image')).then(
      (b) => live && setBitmap(b),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [imageId]);

  const fit = useMemo(() => fitView(size, { width: Math.max(1, box.width), height: Math.max(1, box.height) }), [size, box.width, box.height]);
  /** The reviewer's zoom and pan; null while the image is fitted (so it refits when the box resizes). */
  const [zoomed, setZoomed] = useState<View | null>(null);
  const view = zoomed ?? fit;
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  useEffect(() => setZoomed(null), [imageId]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A non-passive listener: React's onWheel cannot stop the page from scrolling.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      setZoomed((v) => zoomAt(v ?? fit, wheelFactor(e.deltaY, e.deltaMode), e.clientX - rect.left, e.clientY - rect.top));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [fit]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isFitKey(e)) return;
      e.preventDefault();
      setZoomed(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onPointerDown = useCallback((e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  }, []);

  const onPointerMove = useCallback(
    (e: ReactPointerEvent<HTMLCanvasElement>) => {
      const d = drag.current;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.current = { x: e.clientX, y: e.clientY, moved: true };
      setZoomed((v) => panBy(v ?? fit, dx, dy));
    },
    [fit],
  );

  const onPointerUp = useCallback(
    (e: ReactPointerEvent<HTMLCanvasElement>) => {
      const d = drag.current;
      drag.current = null;
      if (!d || d.moved) return;
      const rect = e.currentTarget.getBoundingClientRect();
      const [x, y] = screenToImage(view, e.clientX - rect.left, e.clientY - rect.top);
      if (x >= 0 && y >= 0 && x <= size.width && y <= size.height) onPick({ x: Math.round(x), y: Math.round(y) });
    },
    [view, size, onPick],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || box.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(box.width * dpr);
    canvas.height = Math.round(box.height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#1b1d21';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(view.scale * dpr, 0, 0, view.scale * dpr, view.x * dpr, view.y * dpr);
    if (bitmap) ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const items = annotations.map((a) => ({ key: a.id, class_id: a.class_id, geometry: a.geometry }));
    drawAnnotations(ctx, items, {
      scale: view.scale,
      colorOf: lookup.colorOf,
      maskImage,
      imageSize: size,
      emphasis: focusedId ? new Set([focusedId]) : undefined,
    });
    const r = 6 / view.scale;
    for (const p of [...pins, ...(pending ? [{ ...pending, resolved: false, pending: true }] : [])]) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      ctx.fillStyle = 'pending' in p ? '#f5a524' : p.resolved ? '#8b919b' : '#e5484d';
      ctx.fill();
      ctx.lineWidth = 2 / view.scale;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
    canvas.dataset.scale = String(view.scale);
    canvas.dataset.x = String(view.x);
    canvas.dataset.y = String(view.y);
    canvas.dataset.dpr = String(dpr);
    canvas.dataset.fitted = zoomed ? 'false' : 'true';
    canvas.dataset.ready = bitmap ? 'true' : 'false';
  }, [bitmap, annotations, focusedId, lookup, pins, pending, view, zoomed, box.width, box.height, size, maskImage]);

  return (
    <div className="review-canvas" ref={boxRef}>
      <canvas
        ref={canvasRef}
        data-testid="review-canvas"
        style={{ width: box.width, height: box.height }}
        className={zoomed ? 'zoomed' : undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onDoubleClick={() => setZoomed(null)}
      />
      {zoomed && (
        <div className="review-zoom muted" data-testid="review-zoom">
          {Math.round(zoomed.scale * 100)}% · <kbd>0</kbd> or double-click fits
        </div>
      )}
      {failed && <div className="review-canvas-error">The image could not be shown.</div>}
    </div>
  );
}
