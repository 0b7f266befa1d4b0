import { useCallback, useEffect, useState } from 'react';
import type { SyncParked } from '../../../src-shared/contract/sync';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';

/** Changes the server refused, with the reason and what they carried; retry after fixing, or discard. */
export function ParkedList({ reload }: { reload(): void }) {
  const [items, setItems] = useState<SyncParked[] | null>(null);
  const load = useCallback(() => void api.syncParked({}).then(setItems, reportError), []);
  useEffect(load, [load]);
  const act = (work: Promise<unknown>) => work.catch(reportError).finally(() => {
    load();
    reload();
  });
  if (!items) return <p className="muted">Loading…</p>;
  if (!items.length) return <p className="muted">Nothing parked: the server accepted every change.</p>;
  return (
    <ul className="failed-list" style={{ maxHeight: 360 }} data-testid="sync-parked">
      {items.map((p) => (
        <li key={p.seq} className="import-report">
          <div className="field-row">
            <strong>{p.op} {p.entity.replace(/s$/, '')}</strong>
            <span className="mono small ellipsis">{p.row_id}</span>
            <span className="spacer" />
            <button type="button" onClick={() => act(api.syncRetryParked({ seq: p.seq }))}>Retry</button>
            <button type="button" onClick={() => act(api.syncDiscardParked({ seq: p.seq }))}>Discard</button>
          </div>
          <div className="small"><span className="bad">{p.code}</span> {p.reason}</div>
          <pre className="mono small" style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 80, overflow: 'auto' }}>{JSON.stringify(p.data)}</pre>
        </li>
      ))}
    </ul>
  );
}
