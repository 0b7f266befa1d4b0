/**
 * A workstation process for the kill -9 test: opens the store in `dataDir` and syncs one project
 * (push, pull or both) with the real sync service, printing a line before every request so the
 * test knows the process is in the middle of a push or a pull when it kills it.
 *
 *   node worker.mjs <dataDir> <projectId> <push|pull|both> <batchSize> <pageSize>
 */
import path from 'node:path';
import { openStore } from '../../src-main/core/store';
import { createSyncService } from '../../src-main/core/sync/service';
import { defaultSecretStore } from '../../src-main/core/sync/sync-handlers';

const [dataDir, projectId, mode, batchSize, pageSize] = process.argv.slice(2);
const store = await openStore(path.join(dataDir, 'labeler.db'));
const service = createSyncService({
  store,
  dataDir,
  secrets: defaultSecretStore(dataDir),
  batchSize: Number(batchSize),
  pageSize: Number(pageSize),
  attempts: 20,
  backoff: { baseMs: 5, maxMs: 50 },
  wrapDelegate: (d) => ({
    ...d,
    push: (request) => (process.stdout.write(`push ${request.mutations[0]?.seq}\n`), d.push(request)),
    changes: (id, since, limit) => (process.stdout.write(`pull ${since}\n`), d.changes(id, since, limit)),
  }),
});
try {
  const report = await service.syncNow(projectId, { mode: mode as 'push' | 'pull' | 'both' });
  process.stdout.write(`done ${JSON.stringify(report)}\n`);
} finally {
  await service.close();
  store.close();
}
