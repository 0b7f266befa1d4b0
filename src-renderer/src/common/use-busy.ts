import { useCallback, useState } from 'react';
import { reportError } from '../errors/error-store';

/**
 * For a control that starts an async call: `busy` while one runs (to disable the control), and
 * `run`, which holds `busy` around the call and sends a failure to the error banner.
 */
export function useBusy(): [busy: boolean, run: (action: () => Promise<unknown>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
