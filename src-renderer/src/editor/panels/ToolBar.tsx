import { typeAllowed } from '../../../../src-shared/geometry/task-rules';
import { editor } from '../session';
import { TOOLS } from '../tools/registry';
import { Icon } from './icons';
import { useEditor } from './use-editor';

/** The tools down the left edge, with undo/redo and the stroke width for lines. */
export function ToolBar() {
  const tool = useEditor((s) => s.tool);
  const taskConfig = useEditor((s) => s.project.taskConfig);
  const lineWidth = useEditor((s) => s.lineWidth);
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  return (
    <nav className="tool-bar" aria-label="Tools" data-testid="tool-bar">
      {TOOLS.map((t) => {
        const allowed = !t.draws || typeAllowed(t.draws, taskConfig);
        return (
          <button
            key={t.id}
            type="button"
            className={tool === t.id ? 'tool active' : 'tool'}
            aria-pressed={tool === t.id}
            data-testid={`tool-${t.id}`}
            disabled={!allowed}
            title={allowed ? `${t.label} (${t.key.toUpperCase()}) — ${t.hint}` : `${t.label}: not allowed by this project's task settings`}
            onClick={() => editor.setTool(t.id)}
          >
            <Icon name={t.id} />
            <span className="tool-key">{t.key.toUpperCase()}</span>
          </button>
        );
      })}
      <span className="tool-sep" />
      <button type="button" className="tool" data-testid="undo" disabled={!canUndo} title="Undo (Ctrl+Z)" onClick={() => editor.undo()}>
        <Icon name="undo" />
      </button>
      <button type="button" className="tool" data-testid="redo" disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" onClick={() => editor.redo()}>
        <Icon name="redo" />
      </button>
      {(tool === 'line' || tool === 'polyline') && (
        <label className="tool-option" title="Width of new lines, in image pixels">
          <span>width</span>
          <input
            type="number"
            min={0}
            max={500}
            step={1}
            data-testid="line-width"
            value={lineWidth}
            onChange={(e) => editor.store.setState({ lineWidth: Math.max(0, Number(e.target.value) || 0) })}
          />
        </label>
      )}
    </nav>
  );
}
