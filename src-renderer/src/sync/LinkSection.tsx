import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../src-shared/contract/entities';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';

type ServerProject = Awaited<ReturnType<typeof api.syncServerProjects>>[number];

/** Linked projects with sync on/off, and linking a local project to a server project (or creating either side). */
export function LinkSection({ status, signedIn, reload }: { status: SyncStatus | null; signedIn: boolean; reload(): void }) {
  const [local, setLocal] = useState<ProjectSummary[]>([]);
  const [remote, setRemote] = useState<ServerProject[] | null>(null);
  const [projectId, setProjectId] = useState('');
  const [serverId, setServerId] = useState('');
  const links = status?.links ?? [];

  useEffect(() => {
    api.listProjects({}).then(setLocal, reportError);
    if (signedIn) api.syncServerProjects({}).then(setRemote, reportError);
  }, [signedIn, links.length]);

  const act = (work: Promise<unknown>) => work.catch(reportError).finally(reload);
  const linked = new Set(links.map((l) => l.project_id));
  // Once linked, the chosen projects leave both lists: clear the choice so Link is not left armed with it.
  const link = () =>
    act(api.syncLink({ project_id: projectId || undefined, server_project_id: serverId || undefined }).then(() => {
      setProjectId('');
      setServerId('');
    }));

  return (
    <div className="form">
      {links.length === 0 ? (
        <p className="muted">No project is linked to a server project yet.</p>
      ) : (
        <table className="table" data-testid="sync-links">
          <thead>
            <tr><th>Project</th><th>Sync</th><th className="num">Pending</th><th /></tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.project_id}>
                <td title={`server project ${l.server_project_id}`}>
                  <div>{l.project_name}</div>
                  <div className="small muted">{l.last_pulled_at ? `pulled ${new Date(l.last_pulled_at).toLocaleString()}` : 'never pulled'}</div>
                  {l.last_error && <div className="small bad">{l.last_error}</div>}
                </td>
                <td><input type="checkbox" checked={l.enabled} aria-label={`sync ${l.project_name}`} onChange={(e) => act(api.syncSetEnabled({ project_id: l.project_id, enabled: e.target.checked }))} /></td>
                <td className="num">{l.pending}</td>
                <td><button type="button" onClick={() => act(api.syncUnlink({ project_id: l.project_id }))}>Unlink</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {signedIn && (
        <div style={{ display: 'grid', gridTemplateColumns: '1fr auto 1fr auto', gap: 6, alignItems: 'center' }} data-testid="sync-link-form">
          <select value={projectId} onChange={(e) => setProjectId(e.target.value)} aria-label="local project">
            <option value="">New local copy</option>
            {local.filter((p) => !linked.has(p.id)).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
          <span>↔</span>
          <select value={serverId} onChange={(e) => setServerId(e.target.value)} aria-label="server project">
            <option value="">Create on the server</option>
            {(remote ?? []).filter((p) => !p.linked_project_id).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
          <button type="button" disabled={!projectId && !serverId} onClick={link}>
            Link
          </button>
        </div>
      )}
    </div>
  );
}
