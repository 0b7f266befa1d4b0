import { useState } from 'react';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import { applyBulkReview, bulkSummary, gatherAnnotationIds, type BulkAction, type BulkDeps } from './bulk-review';
import type { ReviewFilters } from './review-keys';

const deps: BulkDeps = {
  listAnnotations: (id) => api.listAnnotations({ image_id: id }),
  reviewAnnotations: (ids, status, reason) => api.reviewAnnotations({ annotation_ids: ids, status, ...(reason ? { reason } : {}) }),
  markReviewed: (id) => api.reviewImage({ image_id: id, reviewed: true }),
};

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; label: string; done: number; total: number }
  | { kind: 'confirm-reject'; annotationIds: string[] };

/**
 * Bulk review of the selected queue images: approve or reject every annotation the filters show
 * on them, or only mark them reviewed. Rejecting first counts what it would touch and asks for a
 * reason and a confirmation; long runs show their progress.
 */
export function BulkBar({ imageIds, filters, onDone, onClear }: {
  imageIds: readonly string[];
  filters: ReviewFilters;
  onDone(summary: string): void;
  onClear(): void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [reason, setReason] = useState('');
  const running = phase.kind === 'running';
  const count = imageIds.length;

  const progress = (label: string) => (done: number, total: number) => setPhase({ kind: 'running', label, done, total });

  const gather = () => gatherAnnotationIds(deps, imageIds, filters, progress('Collecting annotations'));

  const apply = async (action: BulkAction, annotationIds: string[], why?: string) => {
    const label = action === 'approve' ? 'Approving' : action === 'reject' ? 'Rejecting' : 'Marking reviewed';
    await applyBulkReview(deps, { action, imageIds, annotationIds, reason: why }, progress(label));
    setPhase({ kind: 'idle' });
    onDone(bulkSummary(action, annotationIds.length, imageIds.length));
  };

  const run = (work: () => Promise<void>) => {
    setPhase({ kind: 'running', label: 'Starting', done: 0, total: count });
    work().catch((e) => {
      setPhase({ kind: 'idle' });
      reportError(e);
      onDone('Bulk review stopped: see the error. What finished is saved.');
    });
  };

  const approve = () => run(async () => apply('approve', await gather()));
  const markReviewed = () => run(() => apply('reviewed', []));
  const askReject = () =>
    run(async () => {
      const annotationIds = await gather();
      setReason('');
      setPhase({ kind: 'confirm-reject', annotationIds });
    });
  const reject = (annotationIds: string[]) => run(() => apply('reject', annotationIds, reason));

  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <div className="bulk-actions">
        <strong data-testid="bulk-count">
          {count} image{count === 1 ? '' : 's'} selected
        </strong>
        <button type="button" data-testid="bulk-approve" disabled={running} onClick={approve}>
          Approve all
        </button>
        <button type="button" className="danger" data-testid="bulk-reject" disabled={running} onClick={askReject}>
          Reject all…
        </button>
        <button type="button" data-testid="bulk-reviewed" disabled={running} onClick={markReviewed}>
          Mark reviewed
        </button>
        <button type="button" className="ghost" data-testid="bulk-clear" disabled={running} onClick={onClear}>
          Clear
        </button>
      </div>
      {phase.kind === 'running' && (
        <div className="bulk-progress" data-testid="bulk-progress">
          <progress value={phase.done} max={Math.max(1, phase.total)} />
          <span className="muted">
            {phase.label}… {phase.done} / {phase.total}
          </span>
        </div>
      )}
      {phase.kind === 'confirm-reject' && (
        <div className="reject-box" data-testid="bulk-reject-box">
          <label>
            <span data-testid="bulk-reject-summary">
              Reject {phase.annotationIds.length} annotation{phase.annotationIds.length === 1 ? '' : 's'} on {count} image{count === 1 ? '' : 's'}? Reason (becomes an issue comment on each):
            </span>
            <input
              autoFocus
              data-testid="bulk-reject-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setPhase({ kind: 'idle' });
                }
              }}
            />
          </label>
          <div className="row">
            <button type="button" className="danger" data-testid="bulk-reject-confirm" disabled={phase.annotationIds.length === 0} onClick={() => reject(phase.annotationIds)}>
              Reject {phase.annotationIds.length}
            </button>
            <button type="button" className="ghost" onClick={() => setPhase({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
