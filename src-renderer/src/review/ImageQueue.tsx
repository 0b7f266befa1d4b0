import { clickSelection, emptySelection, selectAll, type Selection } from './queue-selection';
import { isSelectAll, type QueueEntry } from './review-keys';

/**
 * The images of the review queue with a checkbox each. A click opens an image; the checkbox,
 * Ctrl/Cmd-click or Shift-click (a range from the last ticked row) select images for a bulk
 * review; Ctrl/Cmd+A selects every image while the queue has focus.
 */
export function ImageQueue({ queue, imageId, selection, onOpen, onSelect }: {
  queue: readonly QueueEntry[];
  imageId: string | null;
  selection: Selection;
  onOpen(imageId: string): void;
  onSelect(next: Selection): void;
}) {
  const order = queue.map((q) => q.image_id);
  const all = queue.length > 0 && selection.ids.size === queue.length;
  return (
    <div
      className="queue-list"
      tabIndex={0}
      data-testid="review-queue-list"
      onKeyDown={(e) => {
        if (!isSelectAll(e)) return;
        e.preventDefault();
        onSelect(selectAll(order));
      }}
    >
      {queue.length > 0 && (
        <label className="queue-select-all muted">
          <input type="checkbox" data-testid="review-select-all" checked={all} onChange={() => onSelect(all ? emptySelection : selectAll(order))} />
          {selection.ids.size ? `${selection.ids.size} selected` : 'Select all'}
        </label>
      )}
      <ul data-testid="review-queue">
        {queue.map((q) => {
          const selected = selection.ids.has(q.image_id);
          return (
            <li key={q.image_id} className={['queue-row', q.image_id === imageId ? 'current' : '', selected ? 'selected' : ''].join(' ').trim()}>
              <input
                type="checkbox"
                data-testid="review-queue-check"
                aria-label={`Select ${q.filename}`}
                checked={selected}
                readOnly
                onClick={(e) => onSelect(clickSelection(order, selection, q.image_id, e.shiftKey))}
              />
              <button
                type="button"
                data-testid="review-queue-item"
                data-image-id={q.image_id}
                data-selected={selected}
                title={q.filename}
                onClick={(e) => {
                  if (e.shiftKey || e.ctrlKey || e.metaKey) onSelect(clickSelection(order, selection, q.image_id, e.shiftKey));
                  else onOpen(q.image_id);
                }}
              >
                <span className="name">{q.filename}</span>
                <span className="counts">
                  <span className="st pending" title="pending">{q.pending}</span>
                  <span className="st approved" title="approved">{q.approved}</span>
                  <span className="st rejected" title="rejected">{q.rejected}</span>
                  {q.open_issues > 0 && <span className="st issues" title="open issues">!{q.open_issues}</span>}
                  {q.reviewed && <span title="reviewed">✓</span>}
                </span>
              </button>
            </li>
          );
        })}
        {queue.length === 0 && <li className="muted" data-testid="review-queue-empty">Nothing to review with these filters.</li>}
      </ul>
    </div>
  );
}
