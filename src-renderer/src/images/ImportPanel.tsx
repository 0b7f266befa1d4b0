import { useState, type FormEvent } from 'react';
import type { ImportReport } from '../../../src-shared/contract/entities';
import type { EventPayload } from '../../../src-shared/contract/events';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
import { describeError, type ShownError } from '../errors/error-store';
import { ImportReportView } from './ImportReportView';

type Progress = EventPayload<'progress'>;

/**
 * Import by typed path: serve mode runs in a browser, which has no native folder picker that
 * yields an absolute path. Progress comes from core's `progress` events for this project.
 */
export function ImportPanel({ projectId }: { projectId: string }) {
  const [path, setPath] = useState('');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<Omit<ShownError, 'id'> | null>(null);

  useApiEvent('progress', (p) => {
    if (p.kind === 'import' && p.project_id === projectId) setProgress(p);
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress(null);
    try {
      setReport(await api.importFolder({ project_id: projectId, path: path.trim() }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setRunning(false);
    }
  };

  const percent = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <section className="import-panel">
      <form className="import-form" onSubmit={submit}>
        <input
          type="text"
          className="path-input"
          placeholder="Absolute folder path, e.g. /data/images"
          value={path}
          data-testid="import-path"
          aria-label="Folder to import"
          onChange={(e) => setPath(e.target.value)}
          disabled={running}
        />
        <button type="submit" className="primary" data-testid="import-button" disabled={running || !path.trim()}>
          {running ? 'Importing…' : 'Import folder'}
        </button>
        {(running || (progress && !progress.finished)) && (
          <div className="progress" data-testid="import-progress">
            <div className="progress-bar">
              <div className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
            <span className="progress-text small">
              {progress ? `${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}` : 'Scanning…'}
              <span className="muted ellipsis"> {progress?.message}</span>
            </span>
          </div>
        )}
      </form>
      {error && (
        <div className="form-error" data-testid="import-error" role="alert">
          <span className="code">{error.code}</span> {error.message}
        </div>
      )}
      {report && <ImportReportView report={report} onClose={() => setReport(null)} />}
    </section>
  );
}
