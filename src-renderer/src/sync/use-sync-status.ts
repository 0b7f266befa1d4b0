import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';

/** The sync status, kept current by `syncStatus` events; `reload` after an action. */
export function useSyncStatus(): { status: SyncStatus | null; reload(): void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const reload = useCallback(() => {
    api.syncStatus({}).then(setStatus, () => undefined);
  }, []);
  useEffect(reload, [reload]);
  useApiEvent('syncStatus', setStatus);
  return { status, reload };
}
