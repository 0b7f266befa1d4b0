import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Project, ProjectStats } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import { api } from '../api/client';
import { coalesce } from '../data/coalesce';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';

/** A project and its counts, refreshed whenever core says this project's data changed. */
export function useProject(projectId: string): { project: Project | null; stats: ProjectStats | null; missing: boolean } {
  const [project, setProject] = useState<Project | null>(null);
  const [stats, setStats] = useState<ProjectStats | null>(null);
  const [missing, setMissing] = useState(false);

  const load = useCallback(async () => {
    try {
      const [p, s] = await Promise.all([api.getProject({ project_id: projectId }), api.projectStats({ project_id: projectId })]);
      setProject(p);
      setStats(s);
    } catch (error) {
      reportError(error);
      // Deleted elsewhere (another window, the CLI): there is nothing left to show here.
      if (error instanceof AppError && error.code === 'NOT_FOUND') setMissing(true);
    }
  }, [projectId]);
  const refresh = useMemo(() => coalesce(load), [load]);
  useEffect(refresh, [refresh]);
  useApiEvent('dataChanged', (e) => {
    if (e.project_id === projectId) refresh();
  });
  return { project, stats, missing };
}
