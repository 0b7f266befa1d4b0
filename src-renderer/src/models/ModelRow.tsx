import { formatBytes } from '../io/io-helpers';
import { InlineError, JobProgress } from '../io/IoParts';
import { cacheLabel, hashState, locationLabel, modelBytes, shortHash, type EngineStatus, type SamModel } from './model-status';
import type { Refusal } from './refusal';
import type { RunningDownload } from './use-model-download';

export interface RowActions {
  download(): void;
  cancelDownload(): void;
  importFiles(): void;
  /** Loads the model on the open image (hash check + encode); absent when no image is open. */
  load?(): void;
}

/**
 * One manifest model: name and badges, where it is installed, size, its hash check, the engine
 * state, and what can be done (download, import, load). Errors and a running download take a
 * second, full-width row so long messages (two sha256 values) stay readable.
 */
export function ModelRow({
  model,
  engine,
  checkedHere,
  download,
  refusal,
  busy,
  actions,
}: {
  model: SamModel;
  engine: EngineStatus | null;
  checkedHere: boolean;
  download: RunningDownload | null;
  refusal: Refusal | null;
  busy: boolean;
  actions: RowActions;
}) {
  const bytes = modelBytes(model);
  const hashes = hashState(model, engine, checkedHere);
  const engineError = engine?.state === 'error' ? engine.error : null;
  const detail = download || refusal || engineError;
  return (
    <>
      <tr data-testid="models-row" data-model={model.id} data-installed={model.installed} data-location={model.location ?? ''} data-hash={hashes.kind} data-engine={engine?.state ?? ''} className={detail ? 'has-detail' : undefined}>
        <td>
          <div className="models-name">
            <strong>{model.id}</strong>
            {model.is_default && (
              <span className="models-badge default" data-testid="models-default">
                default
              </span>
            )}
            {!model.supported && (
              <span className="models-badge unsupported" title={`The "${model.decoder_variant}" decoder cannot run in this version yet`}>
                not supported yet
              </span>
            )}
          </div>
          <div className="muted small ellipsis" title={`${model.name}\n${model.description}\nLicense: ${model.license}`}>
            {model.name}
          </div>
        </td>
        <td data-testid="models-location">
          <span className={model.installed ? undefined : 'muted'}>{locationLabel(model)}</span>
          {model.dir && (
            <div className="mono small muted ellipsis models-dir" title={model.dir}>
              {model.dir}
            </div>
          )}
          {!model.installed && model.files.some((f) => f.present) && <div className="warn-text small">one file only</div>}
        </td>
        <td className="num">{bytes === null ? '—' : formatBytes(bytes)}</td>
        <td data-testid="models-hash">
          {hashes.kind !== 'absent' && <div className={`models-hash ${hashes.kind}`}>{hashes.text}</div>}
          <div className="mono small muted models-hashes">
            {model.files.map((f) => (
              <span key={f.role} title={`${f.role} ${f.name}: sha256 ${f.sha256 ?? f.sha256_recorded ?? 'none'}${f.sha256 ? ' (published)' : f.sha256_recorded ? ' (recorded on arrival)' : ''}`}>
                {f.role === 'encoder' ? 'enc' : 'dec'} {shortHash(f.sha256 ?? f.sha256_recorded)}
              </span>
            ))}
          </div>
        </td>
        <td data-testid="models-engine">
          <EngineCell engine={engine} />
        </td>
        <td className="actions">
          <RowButtons model={model} engine={engine} download={download} busy={busy} actions={actions} />
        </td>
      </tr>
      {detail && (
        <tr className="models-detail" data-testid="models-detail" data-model={model.id}>
          <td colSpan={6}>
            {download && (
              <div className="models-download">
                <JobProgress progress={download.progress} testId="models-download-progress" idle="Connecting…" />
                <button type="button" data-testid="models-download-cancel" disabled={!download.jobId} title={download.jobId ? undefined : 'Cancel becomes available when the first bytes arrive'} onClick={actions.cancelDownload}>
                  Cancel
                </button>
              </div>
            )}
            {refusal && <InlineError error={refusal} testId="models-row-error" />}
            {!refusal && engineError && <InlineError error={engineError} testId="models-engine-error" />}
          </td>
        </tr>
      )}
    </>
  );
}

function EngineCell({ engine }: { engine: EngineStatus | null }) {
  if (!engine) return <span className="muted">…</span>;
  const label = { idle: 'not loaded', loading: 'loading…', ready: 'ready', error: 'error' }[engine.state];
  return (
    <>
      <span className={`models-engine ${engine.state}`}>{label}</span>
      {engine.decoder_thread && <span className="small muted"> · decoder on {engine.decoder_thread === 'worker' ? 'a worker thread' : 'the main thread'}</span>}
      {engine.cache && (
        <div className="small muted" data-testid="models-cache">
          cache: {cacheLabel(engine.cache, formatBytes)}
        </div>
      )}
    </>
  );
}

function RowButtons({ model, engine, download, busy, actions }: { model: SamModel; engine: EngineStatus | null; download: RunningDownload | null; busy: boolean; actions: RowActions }) {
  const canLoad = actions.load && model.installed && model.supported && (engine?.state === 'idle' || engine?.state === 'error');
  return (
    <div className="models-buttons">
      {model.downloadable && !model.installed && (
        <button type="button" data-testid="models-download" disabled={busy || Boolean(download)} title="Download both files from the manifest URLs (resumes a partial download) and check their sha256" onClick={actions.download}>
          Download
        </button>
      )}
      <button type="button" data-testid="models-import-for" disabled={busy} title="Import this model's files from disk" onClick={actions.importFiles}>
        Import…
      </button>
      {canLoad && (
        <button type="button" data-testid="models-load" disabled={busy} title="Load this model (checks both files' sha256) and encode the open image with it" onClick={actions.load}>
          Load
        </button>
      )}
    </div>
  );
}
