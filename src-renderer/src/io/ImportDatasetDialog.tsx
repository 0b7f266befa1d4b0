import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { DatasetImportReport, formatDetectionSchema } from '../../../src-shared/contract/io';
import { api } from '../api/client';
import { Modal } from '../common/Modal';
import { describeError, reportError, type ShownError } from '../errors/error-store';
import { DETECTED_FORMAT_LIST, IMPORT_FORMAT_LABELS, newJobId, type DetectedFormat, type Progress } from './io-helpers';
import { CancelOrClose, InlineError, JobProgress, RejectedList, useJobProgress, WarningList } from './IoParts';

type Detection = z.infer<typeof formatDetectionSchema>;
type Stage = 'edit' | 'previewing' | 'previewed' | 'importing' | 'done';

/**
 * Import a dataset by typed path (serve mode has no native picker): detect its format, preview
 * what would land (dry run: counts, rejected records, warnings), then import with progress.
 */
export function ImportDatasetDialog({ projectId, onClose }: { projectId: string; onClose(): void }) {
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<'auto' | DetectedFormat>('auto');
  const [partial, setPartial] = useState(false);
  const [onExisting, setOnExisting] = useState<'add' | 'replace'>('add');
  const [detection, setDetection] = useState<Detection | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [detectError, setDetectError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>('edit');
  const [preview, setPreview] = useState<DatasetImportReport | null>(null);
  const [result, setResult] = useState<DatasetImportReport | null>(null);
  const [error, setError] = useState<Omit<ShownError, 'id'> | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useJobProgress(jobId);
  const detectSeq = useRef(0);
  const running = stage === 'previewing' || stage === 'importing';
  const trimmed = path.trim();

  // Detect the format shortly after the path stops changing; a stale answer is dropped.
  useEffect(() => {
    const seq = ++detectSeq.current;
    setDetection(null);
    setDetectError(null);
    if (!trimmed) return;
    const timer = setTimeout(async () => {
      setDetecting(true);
      try {
        const found = await api.detectDatasetFormat({ path: trimmed });
        if (seq === detectSeq.current) setDetection(found);
      } catch (err) {
        if (seq === detectSeq.current) setDetectError(describeError(err).message);
      } finally {
        if (seq === detectSeq.current) setDetecting(false);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [trimmed]);

  // Any change of what would be imported makes the preview stale.
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!running) setStage('edit');
  };

  const run = async (dryRun: boolean) => {
    const id = newJobId('import');
    setJobId(id);
    setProgress(null);
    setError(null);
    setStage(dryRun ? 'previewing' : 'importing');
    try {
      const report = await api.importDataset({ project_id: projectId, path: trimmed, format, partial, dry_run: dryRun, on_existing: onExisting, job_id: id });
      if (dryRun) {
        setPreview(report);
        setStage('previewed');
      } else {
        setResult(report);
        setStage('done');
      }
    } catch (err) {
      setError(describeError(err));
      setStage(dryRun ? 'edit' : 'previewed');
    }
  };

  const cancel = async () => {
    if (!jobId) return;
    try {
      await api.cancelDatasetJob({ job_id: jobId });
    } catch (err) {
      reportError(err);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || running) return;
    void run(stage !== 'previewed');
  };

  const blockedByRejections = Boolean(preview && preview.rejected.length > 0 && !partial);
  const effective = format === 'auto' ? detection?.format : format;
  const report = result ?? preview;

  return (
    <Modal title="Import dataset" testId="import-dataset-dialog" onClose={running ? () => undefined : onClose}>
      <form onSubmit={submit}>
        <div className="modal-body form io-dialog">
          <label>
            <span>Folder, zip or annotation file</span>
            <input
              type="text"
              className="mono"
              placeholder="/data/datasets/coco8-yolo"
              value={path}
              autoFocus
              data-testid="io-import-path"
              disabled={running}
              onChange={(e) => edit(setPath)(e.target.value)}
            />
          </label>
          <div className="io-detected small" data-testid="io-detected" data-format={detection?.format ?? ''}>
            {!trimmed ? (
              <span className="muted">Give a path; its format is detected.</span>
            ) : detecting ? (
              <span className="muted">Detecting…</span>
            ) : detectError ? (
              <span className="bad" data-testid="io-detect-error">
                {detectError}
              </span>
            ) : detection ? (
              detection.format ? (
                <span>
                  Detected <strong>{IMPORT_FORMAT_LABELS[detection.format]}</strong>
                  <span className="muted">
                    {' '}
                    · {detection.kind} · {detection.images.toLocaleString()} images · {detection.files.toLocaleString()} files
                    {detection.candidates[0] ? ` · ${detection.candidates[0].reason}` : ''}
                  </span>
                </span>
              ) : (
                <span className="bad">Nothing there looks like a dataset or images.</span>
              )
            ) : null}
          </div>
          <div className="io-row">
            <label className="io-grow">
              <span>Format</span>
              <select value={format} data-testid="io-import-format" disabled={running} onChange={(e) => edit(setFormat)(e.target.value as 'auto' | DetectedFormat)}>
                <option value="auto">Auto{detection?.format ? ` (${IMPORT_FORMAT_LABELS[detection.format]})` : ''}</option>
                {DETECTED_FORMAT_LIST.map((f) => (
                  <option key={f} value={f}>
                    {IMPORT_FORMAT_LABELS[f]}
                    {detection?.format === f ? ' (detected)' : detection?.candidates.some((c) => c.format === f) ? ' (possible)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <label className="io-grow">
              <span>Images that already have annotations</span>
              <select value={onExisting} data-testid="io-on-existing" disabled={running} onChange={(e) => edit(setOnExisting)(e.target.value as 'add' | 'replace')}>
                <option value="add">Add the imported ones beside them</option>
                <option value="replace">Replace them</option>
              </select>
            </label>
          </div>
          <label className="io-check">
            <input type="checkbox" checked={partial} data-testid="io-partial" disabled={running} onChange={(e) => edit(setPartial)(e.target.checked)} />
            <span>Import the valid part and keep the report (otherwise all or nothing)</span>
          </label>

          {running && <JobProgress progress={progress} testId="io-import-progress" idle={stage === 'previewing' ? 'Reading the dataset…' : 'Importing…'} />}
          {error && <InlineError error={error} testId="io-import-error" />}
          {report && !running && <ImportSummary report={report} blocked={!result && blockedByRejections} progress={progress} />}
        </div>
        <footer className="modal-footer">
          {effective && stage === 'edit' && <span className="muted small io-footer-note">{IMPORT_FORMAT_LABELS[effective]}</span>}
          <span className="spacer" />
          <CancelOrClose running={running} done={stage === 'done'} onCancel={cancel} onClose={onClose} />
          {stage !== 'done' && stage !== 'previewed' && (
            <button type="submit" className="primary" data-testid="io-preview-button" disabled={!trimmed || running}>
              {stage === 'previewing' ? 'Previewing…' : 'Preview'}
            </button>
          )}
          {(stage === 'previewed' || stage === 'importing') && (
            <button
              type="submit"
              className="primary"
              data-testid="io-import-run"
              disabled={running || blockedByRejections}
              title={blockedByRejections ? 'Some records were rejected: tick "import the valid part" to import the rest' : undefined}
            >
              {stage === 'importing' ? 'Importing…' : 'Import'}
            </button>
          )}
        </footer>
      </form>
    </Modal>
  );
}

function ImportSummary({ report, blocked, progress }: { report: DatasetImportReport; blocked: boolean; progress: Progress | null }) {
  const state = report.dry_run ? 'preview' : report.committed ? 'committed' : 'refused';
  const partial = report.committed && report.rejected.length > 0;
  return (
    <section className={`io-report ${state}${partial ? ' partial' : ''}`} data-testid={report.dry_run ? 'io-import-preview' : 'io-import-report'}
      data-state={state}
      data-progress={progress ? `${progress.done}/${progress.total}` : ''}
    >
      <div className="io-report-head">
        <span className={`io-state ${state}`}>{report.dry_run ? 'Preview — nothing written yet' : report.committed ? 'Imported' : 'Nothing imported'}</span>
        <span className="muted small">{IMPORT_FORMAT_LABELS[report.format]}</span>
      </div>
      <p className="io-message" data-testid="io-report-message">
        {report.message}
      </p>
      <dl className="io-counts">
        <Count label="Images" value={report.images} testId="io-report-images" />
        <Count label="New" value={report.images_new} />
        <Count label="Already present" value={report.images_existing} />
        <Count label="File missing" value={report.images_missing} bad={report.images_missing > 0} />
        <Count label="Annotations" value={report.annotations} testId="io-report-annotations" />
        <Count label="Image labels" value={report.image_labels} />
        <Count label="Rejected" value={report.rejected.length} bad={report.rejected.length > 0} testId="io-report-rejected" />
      </dl>
      {report.classes_created.length > 0 && (
        <p className="small io-classes" data-testid="io-report-classes">
          <span className="muted">{report.dry_run ? 'Classes to create' : 'Classes created'} ({report.classes_created.length}): </span>
          {report.classes_created
            .slice(0, 40)
            .map((c) => c.name)
            .join(', ')}
          {report.classes_created.length > 40 ? ', …' : ''}
        </p>
      )}
      {report.attributes_added.length > 0 && (
        <p className="small">
          <span className="muted">Attributes: </span>
          {report.attributes_added.map((a) => a.name).join(', ')}
        </p>
      )}
      {blocked && (
        <p className="small warn-text" data-testid="io-blocked">
          Rejected records stop an all-or-nothing import. Fix the dataset, or tick “import the valid part”.
        </p>
      )}
      <WarningList warnings={report.warnings} testId="io-import-warnings" />
      <RejectedList rejected={report.rejected} />
    </section>
  );
}

export function Count({ label, value, bad, testId }: { label: string; value: number; bad?: boolean; testId?: string }) {
  return (
    <div className="io-count-cell">
      <dt className="muted small">{label}</dt>
      <dd className={bad ? 'bad' : undefined} data-testid={testId}>
        {value.toLocaleString()}
      </dd>
    </div>
  );
}
