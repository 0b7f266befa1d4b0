import type { ClassLookup } from '../../viewer/class-colors';
import { applyClass } from '../commands';
import { editor } from '../session';
import { useEditor } from './use-editor';

/** The project's classes: the active one draws new shapes; a click (or 1–9) also recolours the selection. */
export function ClassPicker({ classes }: { classes: ClassLookup }) {
  const list = useEditor((s) => s.project.classes);
  const active = useEditor((s) => s.activeClass);
  const hasSelection = useEditor((s) => s.selection.length > 0);
  return (
    <section className="panel-section" data-testid="class-picker">
      <h3>Class {hasSelection && <span className="muted small">applies to the selection</span>}</h3>
      {list.length === 0 && <p className="muted small">This project has no classes; shapes are stored without one.</p>}
      <ul className="class-options">
        {list.map((c, i) => (
          <li key={c.id}>
            <button type="button" className={c.id === active ? 'class-option active' : 'class-option'} data-testid="class-option" data-class-id={c.id} aria-pressed={c.id === active} onClick={() => applyClass(editor, c.id)}>
              <span className="class-key">{i < 9 ? i + 1 : ''}</span>
              <span className="swatch" style={{ background: classes.colorOf(c.id) }} />
              <span className="ellipsis">{c.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
