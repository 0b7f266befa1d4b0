import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useElementSize } from '../common/use-element-size';
import { useNavigation, type ImageFilter } from '../navigation/store';
import { CELL_GAP, gridLayout, moveFocus } from './grid-layout';
import { ThumbnailCell } from './ThumbnailCell';
import { useImagePages } from './use-image-pages';

/** Waiting this long after scrolling stops before fetching keeps a fast scrollbar drag from loading every page it passes. */
const FETCH_DELAY_MS = 40;

/**
 * The images of a project as a virtualised grid: only visible rows are rendered and only
 * their pages are fetched, so 100,000 images scroll like 100. Arrow keys, Page Up/Down,
 * Home/End move the focus; Enter opens the focused image.
 */
export function ThumbnailGrid({ projectId, filter }: { projectId: string; filter: ImageFilter }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(scrollRef);
  const layout = gridLayout(width);
  const { pages, version } = useImagePages(projectId, filter);
  const total = pages.total ?? 0;
  const openImage = useNavigation((s) => s.openImage);
  const [focus, setFocus] = useState(() => useNavigation.getState().gridIndex);

  const virtualizer = useVirtualizer({
    count: Math.ceil(total / layout.columns),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => layout.rowHeight,
    overscan: 3,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, layout.rowHeight, layout.columns]);

  const rows = virtualizer.getVirtualItems();
  const start = rows.length ? rows[0].index * layout.columns : 0;
  const end = rows.length ? (rows[rows.length - 1].index + 1) * layout.columns : 0;
  useEffect(() => {
    const timer = setTimeout(() => pages.ensureRange(start, end), FETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [pages, start, end, version]);

  // Coming back from the viewer: scroll to the image that was open, once the grid has a size.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || !total || !width) return;
    restored.current = true;
    if (focus > 0) virtualizer.scrollToIndex(Math.floor(Math.min(focus, total - 1) / layout.columns), { align: 'center' });
    scrollRef.current?.focus({ preventScroll: true });
  }, [total, width, focus, layout.columns, virtualizer]);

  const open = useCallback(
    (index: number) => {
      const image = pages.get(index);
      if (image) openImage(projectId, image.id, index);
    },
    [pages, openImage, projectId],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') return open(focus);
    const rowsPerPage = Math.max(1, Math.floor(height / layout.rowHeight));
    const next = moveFocus(focus, e.key, layout.columns, total, rowsPerPage);
    if (next === null) return;
    e.preventDefault();
    setFocus(next);
    virtualizer.scrollToIndex(Math.floor(next / layout.columns), { align: 'auto' });
  };

  return (
    <div ref={scrollRef} className="grid-scroll" tabIndex={0} role="grid" aria-rowcount={Math.ceil(total / layout.columns)} data-testid="thumbnail-grid" onKeyDown={onKeyDown}>
      {pages.total === 0 && <p className="empty muted">{filter === 'all' ? 'No images yet. Import a folder above.' : 'No images match this filter.'}</p>}
      <div className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div key={row.key} role="row" className="grid-row" style={{ transform: `translateY(${row.start}px)`, height: layout.rowHeight - CELL_GAP }}>
            {Array.from({ length: layout.columns }, (_, c) => {
              const index = row.index * layout.columns + c;
              if (index >= total) return null;
              const image = pages.get(index);
              return <ThumbnailCell key={image?.id ?? `i${index}`} image={image} index={index} focused={index === focus} left={CELL_GAP + c * (layout.cellWidth + CELL_GAP)} width={layout.cellWidth} onOpen={open} />;
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
