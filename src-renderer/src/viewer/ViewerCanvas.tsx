import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react';
import { imagePoint, viewportPoint } from '../../../src-shared/geometry/points';
import { FabricOverlay } from '../editor/canvas/fabric-overlay';
import { damageOf } from '../editor/canvas/damage';
import { visibleItems } from '../editor/canvas/visible-items';
import type { Editor } from '../editor/editor';
import { BACKGROUND, BulkLayer, type Painter } from './bulk-layer';
import { drawAnnotations } from './draw-annotations';
import { drawImageLayer, useImageLevels } from './image-levels';
import { createMaskCache } from './mask-image';
import { useViewerStatus } from './status-store';
import { pixelSnapper, usePanZoomInput, type ToolPointer } from './use-pan-zoom-input';
import { centred, fitView, panBy, zoomAt, zoomTo, type Size, type View } from './view-transform';

export interface ViewerControls {
  fit(): void;
  actualSize(): void;
  zoomBy(factor: number): void;
}

interface Props {
  editor: Editor;
  bitmap: HTMLImageElement | null;
  /** The image's coordinate system (the stored size); annotations are in these pixels. */
  imageSize: Size | null;
  colorOf(classId: number | null): string;
  controls: Ref<ViewerControls>;
}

const MISSING_IMAGE = '#262a31';
/** A wheel zoom shows scaled previews; the crisp frame comes once the wheel has rested this long. */
const CRISP_AFTER_MS = 140;

/**
 * The image and its annotations, in two layers: a retained Canvas2D layer with the image and every
 * annotation (see BulkLayer: pans and edits repaint only what changed), and a Fabric layer on top
 * with only what is being drawn or edited. The view lives in a ref and every change schedules one
 * requestAnimationFrame, so wheel, drag and pointer moves never re-render React.
 */
export function ViewerCanvas({ editor, bitmap, imageSize, colorOf, controls }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const fabric = useRef<FabricOverlay | null>(null);
  const bulk = useRef<BulkLayer | null>(null);
  const view = useRef<View>({ scale: 1, x: 0, y: 0 });
  const autoFit = useRef(true);
  const frame = useRef(0);
  const crispTimer = useRef(0);
  const pending = useRef({ bulk: true, overlay: true, preview: false });
  const maskImage = useMemo(() => createMaskCache(), []);
  const levels = useImageLevels(bitmap);
  const scene = useRef({ levels, imageSize, colorOf });
  scene.current = { levels, imageSize, colorOf };

  const boxSize = (): Size => ({ width: boxRef.current?.clientWidth ?? 1, height: boxRef.current?.clientHeight ?? 1 });
  const setViewRef = useCallback(
    (next: View) => {
      view.current = next;
      editor.view = next;
    },
    [editor],
  );

  /** Paints the image and the visible annotations into a device-pixel rectangle (or all of the canvas). */
  const paint = useCallback<Painter>(
    (ctx, v, clip) => {
      const dpr = window.devicePixelRatio || 1;
      const s = scene.current;
      const css = clip ? { x: clip.x / dpr, y: clip.y / dpr, width: clip.width / dpr, height: clip.height / dpr } : { x: 0, y: 0, ...boxSize() };
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (clip) {
        ctx.beginPath();
        ctx.rect(clip.x, clip.y, clip.width, clip.height);
        ctx.clip();
      }
      ctx.fillStyle = BACKGROUND;
      ctx.fillRect(clip?.x ?? 0, clip?.y ?? 0, clip?.width ?? ctx.canvas.width, clip?.height ?? ctx.canvas.height);
      if (s.imageSize) {
        ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * v.x, dpr * v.y);
        // Past 2x, show pixels as squares: annotators need to see exactly where edges fall.
        ctx.imageSmoothingEnabled = v.scale < 2;
        ctx.imageSmoothingQuality = 'high';
        if (s.levels.full) drawImageLayer(ctx, s.levels, s.imageSize, v, css, dpr);
        else {
          // Without pixels, still show where the image is so its annotations have a frame.
          ctx.fillStyle = MISSING_IMAGE;
          ctx.fillRect(0, 0, s.imageSize.width, s.imageSize.height);
        }
        const st = editor.state;
        if (st.imageId) drawAnnotations(ctx, visibleItems(editor, css), { scale: v.scale, colorOf: s.colorOf, maskImage, imageSize: s.imageSize, emphasis: new Set(st.selection) });
      }
      ctx.restore();
    },
    [editor, maskImage],
  );

  const requestDraw = useCallback((what: 'all' | 'overlay' | 'view' = 'view', preview = false) => {
    const p = pending.current;
    if (what === 'all') bulk.current?.invalidate();
    pending.current = { bulk: p.bulk || what !== 'overlay', overlay: true, preview: what === 'view' ? preview : false };
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      drawRef.current();
    });
  }, []);

  const draw = () => {
    const s = scene.current;
    const size = boxSize();
    const dpr = window.devicePixelRatio || 1;
    if (s.imageSize && autoFit.current) setViewRef(fitView(s.imageSize, size));
    const p = pending.current;
    pending.current = { bulk: false, overlay: false, preview: false };
    if (p.bulk && bulk.current) {
      const kind = bulk.current.render(view.current, size, dpr, { preview: p.preview });
      window.clearTimeout(crispTimer.current);
      if (kind === 'preview') crispTimer.current = window.setTimeout(() => requestDraw('view'), CRISP_AFTER_MS);
      const v = view.current;
      Object.assign(canvasRef.current!.dataset, { scale: String(v.scale), x: String(v.x), y: String(v.y), dpr: String(dpr), drawn: String(editor.state.records.length), render: kind });
    }
    if (p.overlay && fabric.current) {
      fabric.current.resize(size.width, size.height);
      fabric.current.render(editor, s.colorOf);
    }
    useViewerStatus.setState({ scale: view.current.scale });
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;

  const setView = useCallback(
    (next: View, how?: 'wheel') => {
      autoFit.current = false;
      setViewRef(next);
      requestDraw('view', how === 'wheel');
    },
    [requestDraw, setViewRef],
  );

  useImperativeHandle(controls, () => {
    const middle = () => ({ x: boxSize().width / 2, y: boxSize().height / 2 });
    return {
      fit: () => {
        autoFit.current = true;
        requestDraw('view');
      },
      actualSize: () => {
        const size = scene.current.imageSize;
        if (size) setView(autoFit.current ? centred(size, boxSize(), 1) : zoomTo(view.current, 1, middle().x, middle().y));
      },
      zoomBy: (factor) => setView(zoomAt(view.current, factor, middle().x, middle().y)),
    };
  }, [requestDraw, setView]);

  // A new image opens fitted; the same image with new annotations keeps the view.
  useLayoutEffect(() => {
    autoFit.current = true;
  }, [bitmap, imageSize?.width, imageSize?.height]);
  useEffect(() => requestDraw('all'), [requestDraw, levels, imageSize, colorOf]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      window.clearTimeout(crispTimer.current);
    },
    [],
  );

  useEffect(() => {
    bulk.current = new BulkLayer(canvasRef.current!, paint);
    fabric.current = new FabricOverlay(overlayRef.current!);
    requestDraw('all');
    return () => {
      fabric.current?.dispose();
      fabric.current = null;
      bulk.current = null;
    };
  }, [paint, requestDraw]);

  useEffect(() => {
    const snap = pixelSnapper();
    editor.panHost = (dx, dy) => {
      const [sx, sy] = snap(dx, dy);
      if (sx || sy) setView(panBy(view.current, sx, sy));
    };
    const box = boxRef.current!;
    return editor.store.subscribe((next, prev) => {
      if (next.overlay.cursor !== prev.overlay.cursor) box.style.cursor = next.overlay.cursor;
      const damage = damageOf(next, prev);
      if (damage === 'all') return requestDraw('all');
      damage.forEach((b) => bulk.current?.invalidate(b));
      if (damage.length) requestDraw('view');
      else if (next !== prev) requestDraw('overlay');
    });
  }, [editor, requestDraw, setView]);

  useEffect(() => {
    const observer = new ResizeObserver(() => requestDraw('all'));
    observer.observe(boxRef.current!);
    return () => observer.disconnect();
  }, [requestDraw]);

  const tool = useCallback<ToolPointer>(
    (name, e, [sx, sy]) => {
      const [ix, iy] = [(sx - view.current.x) / view.current.scale, (sy - view.current.y) / view.current.scale];
      editor.pointer({ name, point: imagePoint(ix, iy), screen: viewportPoint(sx, sy), button: e.button, shift: e.shiftKey, alt: e.altKey, ctrl: e.ctrlKey || e.metaKey });
    },
    [editor],
  );
  const input = usePanZoomInput(boxRef, view, setView, tool);

  return (
    <div ref={boxRef} className="canvas-box" data-testid="canvas-box" {...input}>
      <canvas ref={canvasRef} data-testid="image-canvas" />
      <div className="overlay-layer">
        <canvas ref={overlayRef} data-testid="overlay-canvas" />
      </div>
    </div>
  );
}
