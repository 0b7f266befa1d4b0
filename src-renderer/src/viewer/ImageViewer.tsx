import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigation } from '../navigation/store';
import { AnnotationPanel } from './AnnotationPanel';
import { classLookup } from './class-colors';
import { StatusBar } from './StatusBar';
import { useViewerData } from './use-viewer-data';
import { ViewerCanvas, type ViewerControls } from './ViewerCanvas';
import { viewerAction, type ViewerAction } from './viewer-keys';

const isField = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** One image with its annotations: pan, zoom, and stepping through the project's images. */
export function ImageViewer({ projectId, imageId }: { projectId: string; imageId: string }) {
  const filter = useNavigation((s) => s.filter);
  const openImage = useNavigation((s) => s.openImage);
  const openProject = useNavigation((s) => s.openProject);
  const setGridIndex = useNavigation((s) => s.setGridIndex);
  const { project, data, loading } = useViewerData(projectId, imageId, filter);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const controls = useRef<ViewerControls>(null);
  const classes = useMemo(() => classLookup(project?.classes ?? []), [project]);
  const neighbours = data?.neighbours;

  const run = (action: ViewerAction) => {
    const c = controls.current;
    if (action === 'fit') c?.fit();
    else if (action === 'actual') c?.actualSize();
    else if (action === 'zoomIn') c?.zoomBy(1.25);
    else if (action === 'zoomOut') c?.zoomBy(0.8);
    else if (action === 'next' && neighbours?.next) openImage(projectId, neighbours.next, neighbours.index + 1);
    else if (action === 'previous' && neighbours?.previous) openImage(projectId, neighbours.previous, Math.max(0, neighbours.index - 1));
    else if (action === 'back') {
      if (neighbours && neighbours.index >= 0) setGridIndex(neighbours.index);
      openProject(projectId);
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const action = viewerAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, targetIsField: isField(e.target) });
      if (!action) return;
      e.preventDefault();
      runRef.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="page viewer" data-testid="image-viewer">
      <header className="toolbar">
        <button type="button" className="ghost" data-testid="back-to-grid" title="Back to the grid (Esc)" onClick={() => run('back')}>
          ← {project?.name ?? 'Images'}
        </button>
        <span className="spacer" />
        <div className="button-group">
          <button type="button" title="Previous image (A, ←)" data-testid="prev-image" disabled={!neighbours?.previous} onClick={() => run('previous')}>
            ‹ Prev
          </button>
          <button type="button" title="Next image (D, →)" data-testid="next-image" disabled={!neighbours?.next} onClick={() => run('next')}>
            Next ›
          </button>
        </div>
        <div className="button-group">
          <button type="button" title="Zoom out (-)" onClick={() => run('zoomOut')}>
            −
          </button>
          <button type="button" title="Fit to window (F)" data-testid="zoom-fit" onClick={() => run('fit')}>
            Fit
          </button>
          <button type="button" title="Actual size (1 or 0)" data-testid="zoom-100" onClick={() => run('actual')}>
            100%
          </button>
          <button type="button" title="Zoom in (+)" onClick={() => run('zoomIn')}>
            +
          </button>
        </div>
      </header>
      <div className="viewer-main">
        <div className="viewer-stage">
          <ViewerCanvas
            controls={controls}
            bitmap={data?.bitmap ?? null}
            imageSize={data ? { width: data.image.width, height: data.image.height } : null}
            annotations={data?.annotations ?? []}
            colorOf={classes.colorOf}
            highlightId={highlightId}
          />
          {loading && <div className="stage-note" data-testid="viewer-loading">Loading…</div>}
          {data?.bitmapError && (
            <div className="stage-error" data-testid="viewer-error" role="alert">
              <span className="code">{data.bitmapError.code}</span> {data.bitmapError.message}
            </div>
          )}
        </div>
        <AnnotationPanel annotations={data?.annotations ?? []} classes={classes} onHover={setHighlightId} />
      </div>
      <StatusBar image={data?.image ?? null} index={neighbours?.index ?? -1} total={neighbours?.total ?? 0} />
    </div>
  );
}
