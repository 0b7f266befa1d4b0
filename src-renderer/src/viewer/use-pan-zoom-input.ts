import { useEffect, useRef, type MouseEvent, type PointerEvent, type RefObject } from 'react';
import { useViewerStatus } from './status-store';
import { panBy, screenToImage, wheelFactor, zoomAt, type View } from './view-transform';

/** Where the editor's tools receive pointer input (see editor/tools). */
export interface ToolPointer {
  (name: 'pointer_down' | 'pointer_move' | 'pointer_up' | 'double_click', e: MouseEvent<HTMLDivElement>, local: [number, number]): void;
}

/**
 * Turns pointer deltas into pans of whole device pixels, carrying the rest to the next move, so
 * the bulk layer can move its pixels instead of redrawing (see BulkLayer) while the total pan
 * stays within half a device pixel of the pointer.
 */
export function pixelSnapper() {
  let rx = 0;
  let ry = 0;
  return (dx: number, dy: number): [number, number] => {
    const dpr = window.devicePixelRatio || 1;
    rx += dx;
    ry += dy;
    const sx = Math.round(rx * dpr) / dpr;
    const sy = Math.round(ry * dpr) / dpr;
    rx -= sx;
    ry -= sy;
    return [sx, sy];
  };
}

const isField = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Mouse input of the canvas: the wheel zooms around the cursor; the middle button, or the left
 * button while Space is held, pans; every other press goes to the active tool (which may pan
 * too, like Select on empty canvas). The cursor's image position goes to the status bar.
 */
export function usePanZoomInput(boxRef: RefObject<HTMLDivElement | null>, view: RefObject<View>, setView: (next: View, how?: 'wheel') => void, tool?: ToolPointer) {
  const drag = useRef<{ x: number; y: number; id: number; snap: ReturnType<typeof pixelSnapper> } | null>(null);
  const space = useRef(false);

  useEffect(() => {
    const box = boxRef.current!;
    // React's onWheel is passive; preventDefault (no page zoom or scroll) needs our own listener.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = box.getBoundingClientRect();
      setView(zoomAt(view.current, wheelFactor(e.deltaY, e.deltaMode), e.clientX - r.left, e.clientY - r.top), 'wheel');
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || isField(e.target)) return;
      e.preventDefault();
      space.current = e.type === 'keydown';
      box.classList.toggle('space-pan', space.current);
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      box.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
    };
  }, [boxRef, view, setView]);

  const local = (e: MouseEvent<HTMLDivElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) {
      drag.current = null;
      e.currentTarget.classList.remove('panning');
    } else tool?.('pointer_up', e, local(e));
  };

  return {
    onPointerDown(e: PointerEvent<HTMLDivElement>) {
      if (e.button > 2) return;
      e.preventDefault();
      (document.activeElement as HTMLElement | null)?.blur?.();
      if (e.button !== 2) e.currentTarget.setPointerCapture(e.pointerId);
      if (e.button === 1 || (e.button === 0 && space.current) || !tool) {
        if (e.button === 2) return;
        drag.current = { x: e.clientX, y: e.clientY, id: e.pointerId, snap: pixelSnapper() };
        e.currentTarget.classList.add('panning');
        return;
      }
      tool('pointer_down', e, local(e));
    },
    onPointerMove(e: PointerEvent<HTMLDivElement>) {
      const [lx, ly] = local(e);
      useViewerStatus.setState({ cursor: screenToImage(view.current, lx, ly) });
      const d = drag.current;
      if (!d) return tool?.('pointer_move', e, [lx, ly]);
      if (d.id !== e.pointerId) return;
      const [dx, dy] = d.snap(e.clientX - d.x, e.clientY - d.y);
      drag.current = { ...d, x: e.clientX, y: e.clientY };
      if (dx || dy) setView(panBy(view.current, dx, dy));
    },
    onPointerUp: endDrag,
    onPointerCancel: endDrag,
    onDoubleClick(e: MouseEvent<HTMLDivElement>) {
      tool?.('double_click', e, local(e));
    },
    onContextMenu(e: MouseEvent<HTMLDivElement>) {
      e.preventDefault();
    },
    onPointerLeave: () => useViewerStatus.setState({ cursor: null }),
  };
}
