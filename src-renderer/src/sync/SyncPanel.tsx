import { useState } from 'react';
import type { SyncReport, SyncStatus } from '../../../src-shared/contract/sync';
import { api } from '../api/client';
import { Modal } from '../common/Modal';
import { reportError } from '../errors/error-store';
import { ConflictList } from './ConflictList';
import { LinkSection } from './LinkSection';
import { ParkedList } from './ParkedList';
import { SignInForm } from './SignInForm';

type Tab = 'projects' | 'parked' | 'conflicts';

/** Sync: the account, linked projects (sync on/off, sync now), and the parked and conflict lists. */
export function SyncPanel({ status, reload, onClose }: { status: SyncStatus | null; reload(): void; onClose(): void }) {
  const [tab, setTab] = useState<Tab>('projects');
  const [report, setReport] = useState<SyncReport | null>(null);
  const [busy, setBusy] = useState(false);
  const account = status?.account ?? null;

  const syncNow = async () => {
    setBusy(true);
    // The previous run's report would claim "0 pending" while this one is still retrying.
    setReport(null);
    try {
      setReport(await api.syncNow({}));
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
      reload();
    }
  };
  const signOut = async () => {
    await api.syncSignOut({}).catch(reportError);
    reload();
  };

  return (
    <Modal title="Sync" onClose={onClose} testId="sync-panel">
      <div className="modal-body form">
        {!account || account.needs_sign_in ? (
          <>
            {account?.needs_sign_in && <p className="bad">The server refused the saved sign-in. Your {status?.pending ?? 0} unsent changes are kept; sign in again to send them.</p>}
            <SignInForm serverUrl={account?.server_url} onSignedIn={reload} />
          </>
        ) : (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div className="ellipsis">{account.full_name ?? account.email} ({account.role})</div>
              <div className="mono muted ellipsis">{account.server_url}</div>
            </div>
            <button type="button" className="primary" disabled={busy} onClick={syncNow} data-testid="sync-now">{busy ? 'Syncing…' : 'Sync now'}</button>
            <button type="button" onClick={signOut}>Sign out</button>
          </div>
        )}
        {report && (
          <p className="muted small" data-testid="sync-report">
            Pushed {report.pushed}, pulled {report.pulled}, {report.conflicts} conflicts, {report.parked} parked, {report.pending} pending.
          </p>
        )}
        {status?.last_error && status.state !== 'idle' && <p className="bad small">{status.last_error}</p>}
        <nav className="tabs">
          {(['projects', 'parked', 'conflicts'] as const).map((t) => (
            <button key={t} type="button" className={`tab${tab === t ? ' active' : ''}`} onClick={() => setTab(t)} data-testid={`sync-tab-${t}`}>
              {t === 'projects' ? 'Projects' : t === 'parked' ? 'Parked' : 'Conflicts'}
              {t !== 'projects' && <span className="tab-count">{t === 'parked' ? (status?.parked ?? 0) : (status?.conflicts ?? 0)}</span>}
            </button>
          ))}
        </nav>
        {tab === 'projects' && <LinkSection status={status} signedIn={Boolean(account && !account.needs_sign_in)} reload={reload} />}
        {tab === 'parked' && <ParkedList reload={reload} />}
        {tab === 'conflicts' && <ConflictList reload={reload} />}
      </div>
    </Modal>
  );
}
