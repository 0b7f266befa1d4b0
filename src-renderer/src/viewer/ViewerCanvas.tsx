import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react';
import type { Annotation } from '../../../src-shared/contract/entities';
import { drawAnnotations } from './draw-annotations';
import { createMaskCache } from './mask-image';
import { useViewerStatus } from './status-store';
import { usePanZoomInput } from './use-pan-zoom-input';
import { centred, fitView, zoomAt, zoomTo, type Size, type View } from './view-transform';

export interface ViewerControls {
  fit(): void;
  actualSize(): void;
  zoomBy(factor: number): void;
}

interface Props {
  bitmap: HTMLImageElement | null;
  /** The image's coordinate system (the stored size); annotations are in these pixels. */
  imageSize: Size | null;
  annotations: Annotation[];
  colorOf(classId: number | null): string;
  highlightId: string | null;
  controls: Ref<ViewerControls>;
}

const BACKGROUND = '#1b1d21';
const MISSING_IMAGE = '#262a31';

/**
 * The image and its annotations on a canvas with pan and zoom. The view lives in a ref and every
 * change only schedules one requestAnimationFrame redraw, so wheel and drag never re-render React.
 */
export function ViewerCanvas({ bitmap, imageSize, annotations, colorOf, highlightId, controls }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const view = useRef<View>({ scale: 1, x: 0, y: 0 });
  const autoFit = useRef(true);
  const frame = useRef(0);
  const maskImage = useMemo(() => createMaskCache(), []);
  const scene = useRef({ bitmap, imageSize, annotations, colorOf, highlightId });
  scene.current = { bitmap, imageSize, annotations, colorOf, highlightId };

  const boxSize = (): Size => ({ width: boxRef.current?.clientWidth ?? 1, height: boxRef.current?.clientHeight ?? 1 });

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = boxSize();
    const pw = Math.max(1, Math.round(width * dpr));
    const ph = Math.max(1, Math.round(height * dpr));
    if (canvas.width !== pw || canvas.height !== ph) Object.assign(canvas, { width: pw, height: ph });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, pw, ph);
    const s = scene.current;
    if (!s.imageSize) return;
    if (autoFit.current) view.current = fitView(s.imageSize, { width, height });
    const v = view.current;
    ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * v.x, dpr * v.y);
    // Past 2x, show pixels as squares: annotators need to see exactly where edges fall.
    ctx.imageSmoothingEnabled = v.scale < 2;
    ctx.imageSmoothingQuality = 'high';
    if (s.bitmap) ctx.drawImage(s.bitmap, 0, 0, s.imageSize.width, s.imageSize.height);
    else {
      // Without pixels, still show where the image is so its annotations have a frame.
      ctx.fillStyle = MISSING_IMAGE;
      ctx.fillRect(0, 0, s.imageSize.width, s.imageSize.height);
    }
    drawAnnotations(ctx, s.annotations, { scale: v.scale, colorOf: s.colorOf, maskImage, imageSize: s.imageSize, highlightId: s.highlightId });
    Object.assign(canvas.dataset, { scale: String(v.scale), x: String(v.x), y: String(v.y), dpr: String(dpr) });
    useViewerStatus.setState({ scale: v.scale });
  }, [maskImage]);

  const requestDraw = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      draw();
    });
  }, [draw]);

  const setView = useCallback(
    (next: View) => {
      autoFit.current = false;
      view.current = next;
      requestDraw();
    },
    [requestDraw],
  );

  useImperativeHandle(controls, () => {
    const middle = () => ({ x: boxSize().width / 2, y: boxSize().height / 2 });
    return {
      fit: () => {
        autoFit.current = true;
        requestDraw();
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
  }, [bitmap]);
  useEffect(requestDraw, [requestDraw, bitmap, imageSize, annotations, colorOf, highlightId]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useEffect(() => {
    const observer = new ResizeObserver(requestDraw);
    observer.observe(boxRef.current!);
    return () => observer.disconnect();
  }, [requestDraw]);
  const input = usePanZoomInput(boxRef, view, setView);

  return (
    <div ref={boxRef} className="canvas-box" data-testid="canvas-box" {...input}>
      <canvas ref={canvasRef} data-testid="image-canvas" />
    </div>
  );
}
