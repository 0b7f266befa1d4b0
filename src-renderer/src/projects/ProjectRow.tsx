import type { ProjectSummary } from '../../../src-shared/contract/entities';

/** One project in the list; Enter or a click opens it. */
export function ProjectRow({ project: p, onOpen, onDelete }: { project: ProjectSummary; onOpen(): void; onDelete(): void }) {
  return (
    <tr
      className="row-link"
      tabIndex={0}
      data-testid="project-row"
      data-project-id={p.id}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onOpen();
        if (e.key === 'Delete' && e.target === e.currentTarget) onDelete();
      }}
    >
      <td>
        <div className="project-name">{p.name}</div>
        {p.description && <div className="muted small ellipsis">{p.description}</div>}
      </td>
      <td className="muted">{p.task_types.join(', ')}</td>
      <td>
        <span className="swatches" title={p.classes.map((c) => c.name).join(', ')}>
          {p.classes.slice(0, 12).map((c) => (
            <span key={c.id} className="swatch" style={{ background: c.color }} />
          ))}
          <span className="muted small">{p.classes.length}</span>
        </span>
      </td>
      <td className="num" data-testid="project-images">
        {p.stats.images.toLocaleString()}
      </td>
      <td className="num">{p.stats.annotated_images.toLocaleString()}</td>
      <td className="num">{p.stats.annotations.toLocaleString()}</td>
      <td className="actions">
        <button
          type="button"
          className="ghost small"
          data-testid="delete-project"
          onClick={(e) => {
            e.stopPropagation();
            onDelete();
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
