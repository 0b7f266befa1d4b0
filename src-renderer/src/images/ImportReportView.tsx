import type { ImportReport } from '../../../src-shared/contract/entities';

/** What an import did; failed files stay listed (path, reason, code) until closed. */
export function ImportReportView({ report, onClose }: { report: ImportReport; onClose(): void }) {
  return (
    <div className={report.failed.length ? 'import-report warn' : 'import-report'} data-testid="import-report">
      <div className="import-summary">
        <span>
          Imported <strong data-testid="report-imported">{report.imported}</strong> of {report.scanned} images
        </span>
        <span className="muted">
          <strong data-testid="report-existing">{report.skipped_existing}</strong> already present
        </span>
        <span className={report.failed.length ? 'bad' : 'muted'}>
          <strong data-testid="report-failed-count">{report.failed.length}</strong> failed
        </span>
        <span className="spacer" />
        <button type="button" className="icon" aria-label="Close report" onClick={onClose}>
          ×
        </button>
      </div>
      {report.failed.length > 0 && (
        <ul className="failed-list" data-testid="report-failed">
          {report.failed.map((f) => (
            <li key={f.path} data-testid="failed-file">
              <span className="mono">{f.path}</span> <span className="code">{f.code}</span> <span className="muted">{f.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
