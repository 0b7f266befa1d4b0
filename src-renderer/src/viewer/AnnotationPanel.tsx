import type { Annotation } from '../../../src-shared/contract/entities';
import type { ClassLookup } from './class-colors';

/** The image's annotations: counts per class, then each one; hovering one highlights it on the canvas. */
export function AnnotationPanel({ annotations, classes, onHover }: { annotations: Annotation[]; classes: ClassLookup; onHover(id: string | null): void }) {
  const perClass = new Map<number | null, number>();
  for (const a of annotations) perClass.set(a.class_id, (perClass.get(a.class_id) ?? 0) + 1);
  return (
    <aside className="side-panel" data-testid="annotation-panel">
      <h3>
        Annotations <span className="muted">{annotations.length}</span>
      </h3>
      {annotations.length === 0 && <p className="muted small">None on this image yet.</p>}
      {perClass.size > 0 && (
        <ul className="class-counts" data-testid="class-counts">
          {[...perClass].map(([id, n]) => (
            <li key={String(id)}>
              <span className="swatch" style={{ background: classes.colorOf(id) }} />
              <span className="ellipsis">{classes.nameOf(id)}</span>
              <span className="spacer" />
              <span className="muted">{n}</span>
            </li>
          ))}
        </ul>
      )}
      <ol className="annotation-list">
        {annotations.map((a) => (
          <li key={a.id} data-testid="annotation-item" onMouseEnter={() => onHover(a.id)} onMouseLeave={() => onHover(null)}>
            <span className="swatch" style={{ background: classes.colorOf(a.class_id) }} />
            <span className="ellipsis">{classes.nameOf(a.class_id)}</span>
            <span className="spacer" />
            <span className="muted small">{a.annotation_type}</span>
          </li>
        ))}
      </ol>
    </aside>
  );
}
