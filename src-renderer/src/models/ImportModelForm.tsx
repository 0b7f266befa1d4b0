import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api } from '../api/client';
import { InlineError } from '../io/IoParts';
import type { SamModel } from './model-status';
import { outcomeOf, type Refusal } from './refusal';

/**
 * Import a model's two files by typed path (serve mode has no native picker) into the data
 * folder. Core checks both sha256 before copying anything; its refusal (which names the file,
 * its hash and the expected one) stays under the form until the paths change.
 */
export function ImportModelForm({
  models,
  modelId,
  onModelChange,
  onImported,
  onBusy,
  encoderRef,
}: {
  models: SamModel[];
  modelId: string;
  onModelChange(id: string): void;
  onImported(model: SamModel): void;
  onBusy(busy: boolean): void;
  encoderRef: RefObject<HTMLInputElement | null>;
}) {
  const [encoder, setEncoder] = useState('');
  const [decoder, setDecoder] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const model = models.find((m) => m.id === modelId);
  // The form sits below the model list: bring its answer into view.
  useEffect(() => {
    if (refusal || done) outcome.current?.scrollIntoView({ block: 'nearest' });
  }, [refusal, done]);
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setRefusal(null);
    setDone(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !encoder.trim() || !decoder.trim()) return;
    setBusy(true);
    onBusy(true);
    setRefusal(null);
    setDone(null);
    try {
      const imported = await api.aiImportModel({ model_id: modelId, encoder: encoder.trim(), decoder: decoder.trim() });
      setDone(`Imported ${imported.name} into ${imported.dir ?? 'the data folder'}.`);
      onImported(imported);
    } catch (error) {
      setRefusal(outcomeOf(error));
    } finally {
      setBusy(false);
      onBusy(false);
    }
  };

  const fileName = (role: 'encoder' | 'decoder') => model?.files.find((f) => f.role === role)?.name ?? role;
  return (
    <section className="models-import form" aria-label="Import a model from disk">
      <h3>Import from disk</h3>
      <form data-testid="models-import" onSubmit={submit}>
        <label>
          <span>Model</span>
          <select value={modelId} data-testid="models-import-model" disabled={busy} onChange={(e) => edit(onModelChange)(e.target.value)}>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
        </label>
        <div className="models-import-paths">
          <label>
            <span>Encoder ({fileName('encoder')})</span>
            <input ref={encoderRef} type="text" className="mono" placeholder={`/path/to/${fileName('encoder')}`} value={encoder} disabled={busy} data-testid="models-import-encoder" onChange={(e) => edit(setEncoder)(e.target.value)} />
          </label>
          <label>
            <span>Decoder ({fileName('decoder')})</span>
            <input type="text" className="mono" placeholder={`/path/to/${fileName('decoder')}`} value={decoder} disabled={busy} data-testid="models-import-decoder" onChange={(e) => edit(setDecoder)(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="models-import-run" disabled={busy || !encoder.trim() || !decoder.trim()}>
            {busy ? 'Checking…' : 'Import'}
          </button>
        </div>
        <p className="muted small models-note">Both files are hashed before anything is copied; a file that is not the published one is refused.</p>
        <div ref={outcome} className="models-import-outcome">
          {refusal && <InlineError error={refusal} testId="models-import-error" />}
          {done && (
            <p className="ok-text small" data-testid="models-import-done" role="status">
              {done}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
