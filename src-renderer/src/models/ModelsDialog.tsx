import { useRef, useState } from 'react';
import { api } from '../api/client';
import { Modal } from '../common/Modal';
import { ImportModelForm } from './ImportModelForm';
import { ModelRow } from './ModelRow';
import { outcomeOf, type Refusal } from './refusal';
import { useModelDownload } from './use-model-download';
import { useModels } from './use-models';
import './models.css';

/**
 * The SAM models of the manifest: where each is installed, whether its files match their
 * hashes, the engine state; import from disk, download on request (with progress and cancel),
 * and, with an image open, load a model to check it. The list is fetched again after every
 * action. Closing waits for a running import or download (cancel the download first).
 */
export function ModelsDialog({ onClose, imageId }: { onClose(): void; imageId?: string | null }) {
  const { list, engines, refresh } = useModels();
  const [checkedHere, setCheckedHere] = useState<ReadonlySet<string>>(new Set());
  const [loadRefusals, setLoadRefusals] = useState<Record<string, Refusal>>({});
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const encoderRef = useRef<HTMLInputElement>(null);
  const markChecked = (id: string) => setCheckedHere((s) => new Set(s).add(id));
  const download = useModelDownload((id, ok) => {
    if (ok) markChecked(id);
    void refresh();
  });

  const busy = importing || Boolean(download.running) || loadingId !== null;
  // The default first: it is the one SAM uses unless a project names another.
  const models = [...(list?.models ?? [])].sort((a, b) => Number(b.is_default) - Number(a.is_default));
  const importFor = importId ?? list?.default_model ?? models[0]?.id ?? '';

  const load = async (modelId: string) => {
    if (!imageId) return;
    setLoadingId(modelId);
    setLoadRefusals(({ [modelId]: _, ...rest }) => rest);
    const prepared = api.aiPrepare({ image_id: imageId, model_id: modelId });
    // The engine is "loading" from the moment the request arrives: show it while it runs.
    void refresh();
    try {
      await prepared;
    } catch (error) {
      const refusal = outcomeOf(error);
      if (refusal) setLoadRefusals((all) => ({ ...all, [modelId]: refusal }));
    } finally {
      setLoadingId(null);
      void refresh();
    }
  };

  const running = importing || Boolean(download.running);
  return (
    <Modal title="SAM models" testId="models-dialog" onClose={running ? () => undefined : onClose}>
      <div className="modal-body models-dialog">
        {!list ? (
          <p className="muted">Reading the model manifest…</p>
        ) : (
          <table className="table models-table" data-testid="models-table">
            <colgroup>
              <col className="c-model" />
              <col className="c-location" />
              <col className="c-size" />
              <col className="c-hash" />
              <col className="c-engine" />
              <col className="c-actions" />
            </colgroup>
            <thead>
              <tr>
                <th>Model</th>
                <th>Installed</th>
                <th className="num">Size</th>
                <th>Hashes</th>
                <th>Engine</th>
                <th className="actions" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <ModelRow
                  key={m.id}
                  model={m}
                  engine={engines[m.id] ?? null}
                  checkedHere={checkedHere.has(m.id)}
                  download={download.running?.modelId === m.id ? download.running : null}
                  refusal={download.refusals[m.id] ?? loadRefusals[m.id] ?? null}
                  busy={busy}
                  actions={{
                    download: () => void download.start(m.id),
                    cancelDownload: () => void download.cancel(),
                    importFiles: () => {
                      setImportId(m.id);
                      encoderRef.current?.focus();
                    },
                    load: imageId ? () => void load(m.id) : undefined,
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
        {list && (
          <ImportModelForm
            models={models}
            modelId={importFor}
            onModelChange={setImportId}
            encoderRef={encoderRef}
            onBusy={setImporting}
            onImported={(model) => {
              markChecked(model.id);
              void refresh();
            }}
          />
        )}
      </div>
      <footer className="modal-footer">
        <span className="muted small models-footer-note">Nothing is downloaded unless you press Download. Models can also be managed with `labeler models`.</span>
        <span className="spacer" />
        <button type="button" data-testid="models-refresh" disabled={busy} onClick={() => void refresh()}>
          Refresh
        </button>
        <button type="button" data-testid="models-close" disabled={running} title={running ? 'Wait for the import, or cancel the download' : undefined} onClick={onClose}>
          Close
        </button>
      </footer>
    </Modal>
  );
}
