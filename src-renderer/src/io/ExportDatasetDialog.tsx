import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ExportReport, exportPreviewSchema } from '../../../src-shared/contract/io';
import { YOLO_TASKS } from '../../../src-shared/formats/capabilities';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
import { Modal } from '../common/Modal';
import { describeError, reportError, type ShownError } from '../errors/error-store';
import { Count } from './ImportDatasetDialog';
import { EXPORT_FORMAT_LIST, IMPORT_FORMAT_LABELS, formatBytes, newJobId, parseSplit, type ExportFormat, type SplitDraft } from './io-helpers';
import { CancelOrClose, InlineError, JobProgress, useJobProgress, WarningList } from './IoParts';
import { SnapshotsPanel } from './SnapshotsPanel';

type ExportPreview = z.infer<typeof exportPreviewSchema>;
type YoloTask = 'auto' | (typeof YOLO_TASKS)[number];
type Stage = 'edit' | 'exporting' | 'done';

/**
 * Export the project in a format: the pre-export warnings (what the format cannot hold, counted)
 * refresh as options change and show before anything is written; then progress and a summary.
 */
export function ExportDatasetDialog({ projectId, onClose }: { projectId: string; onClose(): void }) {
  const [format, setFormat] = useState<ExportFormat>('coco');
  const [out, setOut] = useState('');
  const [newSplit, setNewSplit] = useState(false);
  const [splitDraft, setSplitDraft] = useState<SplitDraft>({ train: '0.8', val: '0.2', test: '0' });
  const [seed, setSeed] = useState('0');
  const [stratify, setStratify] = useState(false);
  const [withImages, setWithImages] = useState(false);
  const [zip, setZip] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [yoloTask, setYoloTask] = useState<YoloTask>('auto');
  const [snapshotId, setSnapshotId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [previewError, setPreviewError] = useState<Omit<ShownError, 'id'> | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [stage, setStage] = useState<Stage>('edit');
  const [result, setResult] = useState<ExportReport | null>(null);
  const [error, setError] = useState<Omit<ShownError, 'id'> | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useJobProgress(jobId);
  const previewSeq = useRef(0);
  // Counts change when the project does (an import elsewhere, a restore): re-check then too.
  const [revision, setRevision] = useState(0);
  useApiEvent('dataChanged', (e) => {
    if (e.project_id === projectId && stage !== 'exporting') setRevision((r) => r + 1);
  });

  const split = useMemo(() => (newSplit ? parseSplit(splitDraft) : null), [newSplit, splitDraft]);
  const seedValue = Number(seed);
  const seedOk = seed.trim() !== '' && Number.isInteger(seedValue);
  const optionsError = split && !split.ok ? split.message : !seedOk ? 'The seed is a whole number.' : null;
  const options = useMemo(
    () =>
      optionsError
        ? null
        : {
            project_id: projectId,
            format,
            split: split && split.ok ? split.split : null,
            seed: seedOk ? seedValue : 0,
            stratify,
            with_images: withImages,
            yolo_task: yoloTask,
            snapshot_id: snapshotId,
          },
    [optionsError, projectId, format, split, seedOk, seedValue, stratify, withImages, yoloTask, snapshotId],
  );

  // The preview follows the options (debounced); only the latest answer is shown.
  useEffect(() => {
    const seq = ++previewSeq.current;
    if (!options) {
      setPreviewing(false);
      return;
    }
    setPreviewing(true);
    const timer = setTimeout(async () => {
      try {
        const p = await api.previewExport(options);
        if (seq === previewSeq.current) {
          setPreview(p);
          setPreviewError(null);
        }
      } catch (err) {
        if (seq === previewSeq.current) setPreviewError(describeError(err));
      } finally {
        if (seq === previewSeq.current) setPreviewing(false);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [options, revision]);

  const running = stage === 'exporting';
  const outPath = out.trim();
  const canExport = Boolean(options && outPath && preview && !previewing && !running);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!options || !canExport) return;
    const id = newJobId('export');
    setJobId(id);
    setProgress(null);
    setError(null);
    setResult(null);
    setStage('exporting');
    try {
      setResult(await api.exportDataset({ ...options, out: outPath, zip, overwrite, job_id: id }));
      setStage('done');
    } catch (err) {
      setError(describeError(err));
      setStage('edit');
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

  const editing = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setError(null);
    if (stage === 'done') {
      setStage('edit');
      setResult(null);
    }
  };
  const disabled = running;

  return (
    <Modal title="Export dataset" testId="export-dataset-dialog" onClose={running ? () => undefined : onClose}>
      <form onSubmit={submit}>
        <div className="modal-body form io-dialog">
          <div className="io-row">
            <label className="io-grow">
              <span>Format</span>
              <select value={format} data-testid="io-export-format" disabled={disabled} onChange={(e) => editing(setFormat)(e.target.value as ExportFormat)}>
                {EXPORT_FORMAT_LIST.map((f) => (
                  <option key={f} value={f}>
                    {IMPORT_FORMAT_LABELS[f]}
                  </option>
                ))}
              </select>
            </label>
            {format === 'yolo' && (
              <label className="io-grow">
                <span>YOLO task</span>
                <select value={yoloTask} data-testid="io-yolo-task" disabled={disabled} onChange={(e) => editing(setYoloTask)(e.target.value as YoloTask)}>
                  {(['auto', ...YOLO_TASKS] as const).map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <label>
            <span>Output folder{zip ? ' or .zip file' : ''}</span>
            <input
              type="text"
              className="mono"
              placeholder={zip ? `/data/exports/project-${format}.zip` : `/data/exports/project-${format}`}
              value={out}
              autoFocus
              data-testid="io-export-out"
              disabled={disabled}
              onChange={(e) => editing(setOut)(e.target.value)}
            />
          </label>
          <div className="field">
            <span>Split</span>
            <div className="io-row io-split">
              <label className="io-check">
                <input type="checkbox" checked={newSplit} data-testid="io-new-split" disabled={disabled} onChange={(e) => editing(setNewSplit)(e.target.checked)} />
                <span>New split</span>
              </label>
              {newSplit ? (
                <>
                  {(['train', 'val', 'test'] as const).map((k) => (
                    <label key={k} className="io-inline">
                      <span>{k}</span>
                      <input
                        type="text"
                        inputMode="decimal"
                        className="io-num"
                        value={splitDraft[k]}
                        data-testid={`io-split-${k}`}
                        disabled={disabled}
                        onChange={(e) => editing(setSplitDraft)({ ...splitDraft, [k]: e.target.value })}
                      />
                    </label>
                  ))}
                  <label className="io-inline">
                    <span>seed</span>
                    <input type="text" inputMode="numeric" className="io-num" value={seed} data-testid="io-seed" disabled={disabled} onChange={(e) => editing(setSeed)(e.target.value)} />
                  </label>
                  <label className="io-check">
                    <input type="checkbox" checked={stratify} data-testid="io-stratify" disabled={disabled} onChange={(e) => editing(setStratify)(e.target.checked)} />
                    <span>stratify</span>
                  </label>
                </>
              ) : (
                <span className="muted small">Keep the split folders the images sit in</span>
              )}
            </div>
            {optionsError && (
              <span className="field-error small" data-testid="io-split-error">
                {optionsError}
              </span>
            )}
          </div>
          <div className="io-row">
            <label className="io-check">
              <input type="checkbox" checked={withImages} data-testid="io-with-images" disabled={disabled} onChange={(e) => editing(setWithImages)(e.target.checked)} />
              <span>Copy the images</span>
            </label>
            <label className="io-check">
              <input type="checkbox" checked={zip} data-testid="io-zip" disabled={disabled} onChange={(e) => editing(setZip)(e.target.checked)} />
              <span>Write a zip</span>
            </label>
            <label className="io-check">
              <input type="checkbox" checked={overwrite} data-testid="io-overwrite" disabled={disabled} onChange={(e) => editing(setOverwrite)(e.target.checked)} />
              <span>Replace the output if it exists</span>
            </label>
          </div>

          <details className="io-details" data-testid="io-snapshots-section">
            <summary>
              Source: <strong>{snapshotId ? 'a snapshot' : 'current annotations'}</strong> <span className="muted small">· snapshots</span>
            </summary>
            <SnapshotsPanel projectId={projectId} selected={snapshotId} onSelect={editing(setSnapshotId)} disabled={disabled} />
          </details>

          {stage !== 'done' && (
            <section className="io-report preview" data-testid="io-export-preview" data-ready={preview && !previewing ? 'true' : 'false'}>
              <div className="io-report-head">
                <span className="io-state preview">Before exporting</span>
                {previewing && <span className="muted small">Checking…</span>}
              </div>
              {previewError ? (
                <InlineError error={previewError} testId="io-export-preview-error" />
              ) : preview ? (
                <>
                  <dl className="io-counts">
                    <Count label="Images" value={preview.images} testId="io-preview-images" />
                    <Count label="Annotations" value={preview.annotations} testId="io-preview-annotations" />
                    {Object.entries(preview.splits).map(([name, n]) => (
                      <Count key={name} label={name} value={n} />
                    ))}
                  </dl>
                  {preview.yolo_task && <p className="small muted">YOLO task: {preview.yolo_task}</p>}
                  {preview.warnings.length ? (
                    <WarningList warnings={preview.warnings} testId="io-export-warnings" />
                  ) : (
                    <p className="small ok-text" data-testid="io-export-no-warnings">
                      {IMPORT_FORMAT_LABELS[preview.format]} holds everything in this project.
                    </p>
                  )}
                </>
              ) : (
                <p className="muted small">…</p>
              )}
            </section>
          )}

          {running && <JobProgress progress={progress} testId="io-export-progress" idle="Exporting…" />}
          {error && <InlineError error={error} testId="io-export-error" />}
          {result && stage === 'done' && (
            <section className="io-report committed" data-testid="io-export-report" data-progress={progress ? `${progress.done}/${progress.total}` : ''}>
              <div className="io-report-head">
                <span className="io-state committed">Exported</span>
                <span className="muted small">
                  {IMPORT_FORMAT_LABELS[result.format]} · {(result.duration_ms / 1000).toFixed(1)} s
                </span>
              </div>
              <p className="mono io-out" data-testid="io-export-out-path" title={result.out}>
                {result.out}
              </p>
              <dl className="io-counts">
                <Count label="Images" value={result.images} testId="io-export-images" />
                <Count label="Annotations" value={result.annotations} testId="io-export-annotations" />
                <Count label="Files" value={result.files} testId="io-export-files" />
                <div className="io-count-cell">
                  <dt className="muted small">Size</dt>
                  <dd>{formatBytes(result.bytes)}</dd>
                </div>
                {Object.entries(result.splits).map(([name, n]) => (
                  <Count key={name} label={name} value={n} />
                ))}
              </dl>
              <WarningList warnings={result.warnings} testId="io-export-result-warnings" />
            </section>
          )}
        </div>
        <footer className="modal-footer">
          <span className="spacer" />
          <CancelOrClose running={running} done={stage === 'done'} onCancel={cancel} onClose={onClose} />
          {stage !== 'done' && (
            <button type="submit" className="primary" data-testid="io-export-run" disabled={!canExport} title={!outPath ? 'Give the output path' : undefined}>
              {running ? 'Exporting…' : preview?.warnings.length ? 'Export anyway' : 'Export'}
            </button>
          )}
        </footer>
      </form>
    </Modal>
  );
}
