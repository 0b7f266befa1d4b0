import { useEffect, useRef, type PointerEvent, type RefObject } from 'react';
import { useViewerStatus } from './status-store';
import { panBy, screenToImage, wheelFactor, zoomAt, type View } from './view-transform';

/**
 * Mouse input of the viewer: the wheel zooms around the cursor, a left or middle drag pans, and
 * the cursor's image position goes to the status bar. Returns the pointer handlers for the box.
 */
export function usePanZoomInput(boxRef: RefObject<HTMLDivElement | null>, view: RefObject<View>, setView: (next: View) => void) {
  const drag = useRef<{ x: number; y: number; id: number } | null>(null);

  useEffect(() => {
    const box = boxRef.current!;
    // React's onWheel is passive; preventDefault (no page zoom or scroll) needs our own listener.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = box.getBoundingClientRect();
      setView(zoomAt(view.current, wheelFactor(e.deltaY, e.deltaMode), e.clientX - r.left, e.clientY - r.top));
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    return () => box.removeEventListener('wheel', onWheel);
  }, [boxRef, view, setView]);

  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    e.currentTarget.classList.remove('panning');
  };

  return {
    onPointerDown(e: PointerEvent<HTMLDivElement>) {
      // Left drag pans while there is nothing to select (the editor will take it for tools); middle drag always pans.
      if (e.button !== 0 && e.button !== 1) return;
      e.preventDefault();
      e.currentTarget.setPointerCapture(e.pointerId);
      drag.current = { x: e.clientX, y: e.clientY, id: e.pointerId };
      e.currentTarget.classList.add('panning');
    },
    onPointerMove(e: PointerEvent<HTMLDivElement>) {
      const r = e.currentTarget.getBoundingClientRect();
      useViewerStatus.setState({ cursor: screenToImage(view.current, e.clientX - r.left, e.clientY - r.top) });
      const d = drag.current;
      if (!d || d.id !== e.pointerId) return;
      setView(panBy(view.current, e.clientX - d.x, e.clientY - d.y));
      drag.current = { ...d, x: e.clientX, y: e.clientY };
    },
    onPointerUp: endDrag,
    onPointerCancel: endDrag,
    onPointerLeave: () => useViewerStatus.setState({ cursor: null }),
  };
}
