import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProjectSummary } from '../../../src-shared/contract/entities';
import { api } from '../api/client';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { coalesce } from '../data/coalesce';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';
import { useNavigation } from '../navigation/store';
import { NewProjectDialog } from './NewProjectDialog';
import { ProjectRow } from './ProjectRow';

/** Home: every project with its counts, creating and deleting projects. */
export function ProjectList() {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ProjectSummary | null>(null);
  const openProject = useNavigation((s) => s.openProject);

  const load = useCallback(async () => {
    try {
      setProjects(await api.listProjects({}));
    } catch (error) {
      reportError(error);
      setProjects((p) => p ?? []);
    }
  }, []);
  const refresh = useMemo(() => coalesce(load), [load]);
  useEffect(refresh, [refresh]);
  useApiEvent('dataChanged', refresh);

  return (
    <div className="page">
      <header className="toolbar">
        <h1 className="app-title">Labeler Workstation</h1>
        <span className="spacer" />
        <button type="button" className="primary" data-testid="new-project" onClick={() => setCreating(true)}>
          New project
        </button>
      </header>
      <main className="page-body">
        {projects === null ? (
          <p className="muted">Loading projects…</p>
        ) : projects.length === 0 ? (
          <div className="empty" data-testid="no-projects">
            <p>No projects yet.</p>
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Create the first project
            </button>
          </div>
        ) : (
          <table className="table" data-testid="project-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Task</th>
                <th>Classes</th>
                <th className="num">Images</th>
                <th className="num">Annotated</th>
                <th className="num">Annotations</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <ProjectRow key={p.id} project={p} onOpen={() => openProject(p.id)} onDelete={() => setDeleting(p)} />
              ))}
            </tbody>
          </table>
        )}
      </main>
      {creating && (
        <NewProjectDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            openProject(id);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete project"
          confirmLabel="Delete project"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await api.deleteProject({ project_id: deleting.id });
              setDeleting(null);
              refresh();
            } catch (error) {
              reportError(error);
            }
          }}
        >
          <p>
            Delete <strong>{deleting.name}</strong> with its {deleting.stats.annotations} annotations? The image files on disk are not touched.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
