import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { toggleClassHidden, toggleHidden, toggleLocked } from '../editor/commands';
import { useEditor } from '../editor/panels/use-editor';
import { Icon } from '../editor/panels/icons';
import { editor } from '../editor/session';
import type { ClassLookup } from './class-colors';

const ROW_PX = 26;

/**
 * The image's annotations: counts per class (with a per-class eye), then every annotation —
 * click selects (Shift/Ctrl adds), hovering highlights it on the canvas, the eye hides it and the
 * padlock locks it. The list is virtualised, so 6,000 annotations cost what 30 do.
 */
export function AnnotationPanel({ classes }: { classes: ClassLookup }) {
  const records = useEditor((s) => s.records);
  const selection = useEditor((s) => s.selection);
  const hidden = useEditor((s) => s.hidden);
  const hiddenClasses = useEditor((s) => s.hiddenClasses);
  const locked = useEditor((s) => s.locked);
  const selected = useMemo(() => new Set(selection), [selection]);
  const classOrder = useEditor((s) => s.project.classes);
  // Counts in the project's class order (removed classes and "no class" last), not in z-order.
  const perClass = useMemo(() => {
    const counts = new Map<number | null, number>();
    for (const r of records) counts.set(r.class_id, (counts.get(r.class_id) ?? 0) + 1);
    const rank = (id: number | null) => {
      const i = classOrder.findIndex((c) => c.id === id);
      return i < 0 ? Number.MAX_SAFE_INTEGER - (id === null ? 0 : 1) : i;
    };
    return new Map([...counts].sort((a, b) => rank(a[0]) - rank(b[0])));
  }, [records, classOrder]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({ count: records.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: 8 });

  // The selection made on the canvas scrolls into view in the list.
  const first = selection.length === 1 ? records.findIndex((r) => r.key === selection[0]) : -1;
  useEffect(() => {
    if (first >= 0) list.scrollToIndex(first, { align: 'auto' });
  }, [first, list]);

  return (
    <section className="panel-section annotations-section" data-testid="annotation-panel">
      <h3>
        Annotations <span className="muted" data-testid="annotation-total">{records.length}</span>
      </h3>
      {records.length === 0 && <p className="muted small">None on this image yet.</p>}
      {perClass.size > 0 && (
        <ul className="class-counts" data-testid="class-counts">
          {[...perClass].map(([id, n]) => (
            <li key={String(id)} className={hiddenClasses.has(id) ? 'dimmed' : ''}>
              <button type="button" className="icon eye" data-testid="class-visibility" title={hiddenClasses.has(id) ? 'Show this class' : 'Hide this class'} onClick={() => toggleClassHidden(editor, id)}>
                <Icon name={hiddenClasses.has(id) ? 'eyeOff' : 'eye'} size={14} />
              </button>
              <span className="swatch" style={{ background: classes.colorOf(id) }} />
              <span className="ellipsis">{classes.nameOf(id)}</span>
              <span className="spacer" />
              <span className="muted" data-testid="class-count">
                {n}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div ref={scrollRef} className="annotation-scroll">
        <ol className="annotation-list" style={{ height: list.getTotalSize() }}>
          {list.getVirtualItems().map((row) => {
            const r = records[row.index];
            const isHidden = hidden.has(r.key) || hiddenClasses.has(r.class_id);
            return (
              <li
                key={r.key}
                data-testid="annotation-item"
                data-key={r.key}
                aria-selected={selected.has(r.key)}
                className={`${selected.has(r.key) ? 'selected' : ''} ${isHidden ? 'dimmed' : ''}`}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_PX }}
                onMouseEnter={() => editor.setHovered(r.key)}
                onMouseLeave={() => editor.setHovered(null)}
                onClick={(e) => {
                  const now = editor.state.selection;
                  if (e.shiftKey || e.ctrlKey || e.metaKey) editor.select(now.includes(r.key) ? now.filter((k) => k !== r.key) : [...now, r.key]);
                  else editor.select([r.key]);
                }}
              >
                <span className="swatch" style={{ background: classes.colorOf(r.class_id) }} />
                <span className="ellipsis">{classes.nameOf(r.class_id)}</span>
                <span className="spacer" />
                <span className="muted small">{r.geometry.type}</span>
                <button type="button" className="icon" data-testid="item-visibility" title={hidden.has(r.key) ? 'Show' : 'Hide'} onClick={(e) => (e.stopPropagation(), toggleHidden(editor, [r.key]))}>
                  <Icon name={hidden.has(r.key) ? 'eyeOff' : 'eye'} size={14} />
                </button>
                <button type="button" className="icon" data-testid="item-lock" title={locked.has(r.key) ? 'Unlock' : 'Lock'} onClick={(e) => (e.stopPropagation(), toggleLocked(editor, [r.key]))}>
                  <Icon name={locked.has(r.key) ? 'lock' : 'unlock'} size={14} />
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
