import { useState } from 'react';
import type { z } from 'zod';
import type { formatWarningSchema, rejectionSchema } from '../../../src-shared/contract/io';
import { useApiEvent } from '../data/use-api-event';
import type { ShownError } from '../errors/error-store';
import { percentOf, type Progress } from './io-helpers';

type FormatWarning = z.infer<typeof formatWarningSchema>;
type Rejection = z.infer<typeof rejectionSchema>;

/** The latest `progress` event of one job (by the id the dialog gave it); null until one arrives. */
export function useJobProgress(jobId: string | null): [Progress | null, (p: Progress | null) => void] {
  const [progress, setProgress] = useState<Progress | null>(null);
  useApiEvent('progress', (p) => {
    if (jobId && p.job_id === jobId) setProgress(p);
  });
  return [progress, setProgress];
}

export function JobProgress({ progress, testId, idle }: { progress: Progress | null; testId: string; idle: string }) {
  const percent = percentOf(progress);
  return (
    <div className="progress io-progress" data-testid={testId} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-bar">
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-text small">
        {progress && progress.total > 0 ? `${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}` : ''}
        <span className="muted ellipsis"> {progress?.message || idle}</span>
      </span>
    </div>
  );
}

/** What a format cannot hold, or what an import met, each with its count and a few examples. */
export function WarningList({ warnings, testId }: { warnings: readonly FormatWarning[]; testId: string }) {
  if (!warnings.length) return null;
  return (
    <ul className="io-list io-warnings" data-testid={testId}>
      {warnings.map((w) => (
        <li key={w.code} data-testid="io-warning" data-code={w.code}>
          <span className="io-count warn" data-testid="io-warning-count">
            {w.count.toLocaleString()}
          </span>
          <span>
            {w.message}
            {w.examples.length > 0 && <span className="muted mono"> — {w.examples.slice(0, 3).join(', ')}{w.count > 3 ? ', …' : ''}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

const SHOWN_REJECTIONS = 200;

/** Records left out, with file, position and reason; long lists are cut with a note. */
export function RejectedList({ rejected }: { rejected: readonly Rejection[] }) {
  if (!rejected.length) return null;
  const shown = rejected.slice(0, SHOWN_REJECTIONS);
  return (
    <div className="io-rejected">
      <h3>
        Rejected records <span className="bad">{rejected.length.toLocaleString()}</span>
      </h3>
      <table className="table io-table" data-testid="io-rejected">
        <thead>
          <tr>
            <th>File</th>
            <th>Position</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={`${r.file}:${r.position}:${i}`} data-testid="io-rejected-row">
              <td className="mono ellipsis" title={r.file}>
                {r.file}
              </td>
              <td className="mono">{r.position}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rejected.length > shown.length && <p className="muted small">… and {(rejected.length - shown.length).toLocaleString()} more (the CLI with --json lists all).</p>}
    </div>
  );
}

export function InlineError({ error, testId }: { error: Omit<ShownError, 'id'>; testId: string }) {
  return (
    <div className="form-error" data-testid={testId} role="alert">
      <span className="code">{error.code}</span> {error.message}
      {error.details?.length ? (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>
              {d.field && <span className="mono">{d.field}: </span>}
              {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A dialog footer's left button: Cancel stops the running job; otherwise it closes the dialog (Close once done). */
export function CancelOrClose({ running, done, onCancel, onClose }: { running: boolean; done: boolean; onCancel(): void; onClose(): void }) {
  return running ? (
    <button type="button" data-testid="io-cancel" onClick={onCancel}>
      Cancel
    </button>
  ) : (
    <button type="button" data-testid="io-close" onClick={onClose}>
      {done ? 'Close' : 'Cancel'}
    </button>
  );
}
