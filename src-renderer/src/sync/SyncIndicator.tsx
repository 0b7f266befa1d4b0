import { useState, type CSSProperties } from 'react';
import { SyncPanel } from './SyncPanel';
import { describeSyncStatus, type Tone } from './status-label';
import { useSyncStatus } from './use-sync-status';

const COLORS: Record<Tone, string> = { ok: '#3fb950', busy: '#58a6ff', warn: '#d29922', bad: '#e5484d', muted: '#8b949e' };

// Top centre: the toolbars keep that space free (their spacer), so the pill never covers a control.
const pill: CSSProperties = { position: 'fixed', top: 7, left: '50%', transform: 'translateX(-50%)', zIndex: 900, display: 'flex', alignItems: 'center', gap: 6, borderRadius: 14, padding: '3px 10px', fontSize: 12 };

/** Always visible: offline / syncing / n pending / last synced / errors; a click opens the sync panel. */
export function SyncIndicator() {
  const { status, reload } = useSyncStatus();
  const [open, setOpen] = useState(false);
  const { label, tone, title } = describeSyncStatus(status);
  return (
    <>
      <button type="button" style={pill} title={title} data-testid="sync-indicator" data-tone={tone} onClick={() => setOpen(true)}>
        <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: COLORS[tone] }} />
        <span>{label}</span>
        {status && status.parked > 0 && <span className="badge" title="Changes the server refused" style={{ background: COLORS.bad }}>{status.parked} parked</span>}
        {status && status.conflicts > 0 && <span className="badge" title="Conflicts to look at" style={{ background: COLORS.warn }}>{status.conflicts} {status.conflicts === 1 ? 'conflict' : 'conflicts'}</span>}
      </button>
      {open && <SyncPanel status={status} reload={reload} onClose={() => setOpen(false)} />}
    </>
  );
}
