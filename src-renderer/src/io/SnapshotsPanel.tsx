import { useCallback, useEffect, useState } from 'react';
import type { Snapshot } from '../../../src-shared/contract/io';
import { api } from '../api/client';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';

/**
 * Snapshots of a project inside the Export dialog: pick what to export (the current annotations or
 * a snapshot), freeze a new one, or restore one (after a backup snapshot of the current state).
 */
export function SnapshotsPanel({ projectId, selected, onSelect, disabled }: { projectId: string; selected: string | null; onSelect(id: string | null): void; disabled: boolean }) {
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<Snapshot | null>(null);
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    try {
      setSnapshots(await api.listSnapshots({ project_id: projectId }));
    } catch (err) {
      reportError(err);
    }
  }, [projectId]);
  useEffect(() => {
    void load();
  }, [load]);
  useApiEvent('dataChanged', (e) => {
    if (e.project_id === projectId && e.tables.includes('snapshots')) void load();
  });

  const create = async () => {
    setBusy(true);
    try {
      const s = await api.createSnapshot({ project_id: projectId, version_tag: tag.trim() || undefined, description: '' });
      setTag('');
      setNote(`Created ${s.version_tag}: ${s.total_annotations.toLocaleString()} annotations on ${s.total_images.toLocaleString()} images.`);
      await load();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (s: Snapshot) => {
    try {
      const r = await api.restoreSnapshot({ snapshot_id: s.snapshot_id, backup: true });
      setNote(`Restored ${s.version_tag}: ${r.restored.toLocaleString()} annotations back, ${r.removed.toLocaleString()} removed${r.backup ? `; the previous state is ${r.backup.version_tag}` : ''}.`);
      setRestoring(null);
      await load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div className="io-snapshots" data-testid="io-snapshots">
      <div className="io-row io-snapshot-create">
        <input
          type="text"
          placeholder="Tag of a new snapshot (optional)"
          value={tag}
          data-testid="io-snapshot-tag"
          disabled={disabled || busy}
          onChange={(e) => setTag(e.target.value)}
          className="io-grow"
        />
        <button type="button" className="small" data-testid="io-snapshot-create" disabled={disabled || busy} onClick={create}>
          Snapshot now
        </button>
      </div>
      <ul className="io-list io-snapshot-list">
        <li>
          <label className="io-check">
            <input type="radio" name="io-source" checked={selected === null} disabled={disabled} onChange={() => onSelect(null)} data-testid="io-source-current" />
            <span>Current annotations</span>
          </label>
        </li>
        {snapshots?.map((s) => (
          <li key={s.snapshot_id} data-testid="io-snapshot" data-tag={s.version_tag}>
            <label className="io-check io-grow">
              <input type="radio" name="io-source" checked={selected === s.snapshot_id} disabled={disabled} onChange={() => onSelect(s.snapshot_id)} data-testid="io-source-snapshot" />
              <span>
                <strong>{s.version_tag}</strong>
                <span className="muted">
                  {' '}
                  v{s.version} · {s.snapshot_type} · {s.total_images.toLocaleString()} images · {s.total_annotations.toLocaleString()} annotations · {new Date(s.created_at).toLocaleString()}
                </span>
              </span>
            </label>
            <button type="button" className="small" data-testid="io-snapshot-restore" disabled={disabled} onClick={() => setRestoring(s)}>
              Restore
            </button>
          </li>
        ))}
      </ul>
      {snapshots?.length === 0 && <p className="muted small">No snapshots yet.</p>}
      {note && (
        <p className="small muted" data-testid="io-snapshot-note">
          {note}
        </p>
      )}
      {restoring && (
        <ConfirmDialog title={`Restore ${restoring.version_tag}?`} confirmLabel="Restore" onConfirm={() => restore(restoring)} onClose={() => setRestoring(null)}>
          The project's annotations become those of <strong>{restoring.version_tag}</strong> ({restoring.total_annotations.toLocaleString()} annotations). The current state is
          snapshotted first, so this can be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
