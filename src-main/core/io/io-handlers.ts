import { AppError } from '../../../src-shared/contract/errors';
import type { ProcedureName } from '../../../src-shared/contract/procedures';
import type { CoreDeps, HandlerGroup } from '../deps';
import { defaultContext } from '../store/context';
import { detectPath } from './detect';
import { exportDataset, previewExport } from './export';
import { importDataset } from './import';
import { snapshotService } from './snapshots';

type IoProcedure = Extract<ProcedureName, 'detectDatasetFormat' | 'importDataset' | 'previewExport' | 'exportDataset' | 'cancelDatasetJob' | 'createSnapshot' | 'listSnapshots' | 'restoreSnapshot'>;

/** Dataset import/export, snapshots, and cancelling a running import or export by its job id. */
export function ioHandlers(deps: CoreDeps): HandlerGroup<IoProcedure> {
  const running = new Map<string, AbortController>();
  const snapshots = snapshotService(deps.store, defaultContext(deps.store.db));
  deps.onClose(() => {
    for (const job of running.values()) job.abort();
  });

  const job = async <T>(kind: string, requested: string | undefined, work: (id: string, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const id = requested ?? deps.jobId(kind);
    if (running.has(id)) throw new AppError('CONFLICT', `A job with id ${id} is already running. Use another job id.`);
    const controller = new AbortController();
    running.set(id, controller);
    try {
      return await work(id, controller.signal);
    } finally {
      running.delete(id);
    }
  };

  return {
    detectDatasetFormat: ({ path }) => detectPath(path),
    importDataset: (input) => job('import', input.job_id, (id, signal) => importDataset(deps, input, id, signal)),
    previewExport: (input) => previewExport(deps, input),
    exportDataset: (input) => job('export', input.job_id, (id, signal) => exportDataset(deps, input, id, signal)),
    cancelDatasetJob: ({ job_id }) => {
      const controller = running.get(job_id);
      controller?.abort();
      return { cancelled: Boolean(controller) };
    },
    createSnapshot: ({ project_id, version_tag, description }) => snapshots.create(project_id, { version_tag, description, type: 'manual' }),
    listSnapshots: ({ project_id }) => snapshots.list(project_id),
    restoreSnapshot: ({ snapshot_id, backup }) => {
      const result = snapshots.restore(snapshot_id, backup);
      deps.changed(result.snapshot.project_id, ['projects', 'images', 'annotations']);
      return result;
    },
  };
}
