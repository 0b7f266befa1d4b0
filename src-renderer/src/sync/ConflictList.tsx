import { useCallback, useEffect, useState } from 'react';
import type { SyncConflict } from '../../../src-shared/contract/sync';
import { FIELD_GROUPS, isSyncTable } from '../../../src-shared/sync/fields';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';

/**
 * The values of the conflicting groups in one version, for display: only the fields where the two
 * versions differ (a group also holds fields nobody changed), else every field of the groups.
 */
function shown(c: SyncConflict, version: Record<string, unknown>, other: Record<string, unknown>): string {
  if (c.groups.includes('deleted')) return version.deleted ? 'deleted' : 'kept';
  const groups = isSyncTable(c.entity) ? (FIELD_GROUPS[c.entity] as Record<string, readonly string[]>) : {};
  const fields = c.groups.flatMap((g) => groups[g] ?? []);
  const differing = fields.filter((f) => JSON.stringify(version[f]) !== JSON.stringify(other[f]));
  return (differing.length ? differing : fields).map((f) => `${f}: ${JSON.stringify(version[f])}`).join(', ');
}

/** Conflicts: which version won and the one that lost, which can be restored as a new edit. */
export function ConflictList({ reload }: { reload(): void }) {
  const [items, setItems] = useState<SyncConflict[] | null>(null);
  const load = useCallback(() => void api.syncConflicts({ include_resolved: false }).then(setItems, reportError), []);
  useEffect(load, [load]);
  const act = (work: Promise<unknown>) => work.catch(reportError).finally(() => {
    load();
    reload();
  });
  if (!items) return <p className="muted">Loading…</p>;
  if (!items.length) return <p className="muted">No conflicts.</p>;
  return (
    <ul className="failed-list" style={{ maxHeight: 360 }} data-testid="sync-conflicts">
      {items.map((c) => (
        <li key={c.id} className="import-report">
          <div className="field-row">
            <strong>{c.entity.replace(/s$/, '')} · {c.groups.join(', ')}</strong>
            <span className="mono small ellipsis">{c.row_id}</span>
            <span className="spacer" />
            <button type="button" onClick={() => act(api.syncRestoreConflict({ conflict_id: c.id }))} title="Apply the losing version again as a new change">Restore</button>
            <button type="button" onClick={() => act(api.syncDismissConflict({ conflict_id: c.id }))}>Dismiss</button>
          </div>
          <div className="small">{c.winner === 'remote' ? 'Server version kept' : 'Your version kept'}: {shown(c, c.winning, c.losing)}</div>
          <div className="small muted">{c.winner === 'remote' ? 'Yours (lost)' : 'Server\'s (lost)'}: {shown(c, c.losing, c.winning)}</div>
        </li>
      ))}
    </ul>
  );
}
