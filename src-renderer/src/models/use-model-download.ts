import { useState } from 'react';
import type { EventPayload } from '../../../src-shared/contract/events';
import { api } from '../api/client';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';
import { outcomeOf, type Refusal } from './refusal';

type Progress = EventPayload<'progress'>;

export interface RunningDownload {
  modelId: string;
  /** Known from the job's first progress event: `aiDownloadModel` answers only when it ends. */
  jobId: string | null;
  progress: Progress | null;
}

/**
 * One model download at a time, on request: `aiDownloadModel`, its `progress` events (kind
 * `ai.download`) and `aiCancel`. A refusal (no network, wrong hash, cancelled) is kept per model
 * for the row to show; `onSettled` runs after every outcome so the list refreshes.
 */
export function useModelDownload(onSettled: (modelId: string, ok: boolean) => void) {
  const [running, setRunning] = useState<RunningDownload | null>(null);
  const [refusals, setRefusals] = useState<Record<string, Refusal>>({});

  useApiEvent('progress', (p) => {
    if (p.kind !== 'ai.download') return;
    setRunning((r) => (r && (r.jobId === null || r.jobId === p.job_id) ? { ...r, jobId: p.job_id, progress: p } : r));
  });

  const start = async (modelId: string) => {
    if (running) return;
    setRunning({ modelId, jobId: null, progress: null });
    setRefusals(({ [modelId]: _, ...rest }) => rest);
    let ok = false;
    try {
      await api.aiDownloadModel({ model_id: modelId });
      ok = true;
    } catch (error) {
      const refusal = outcomeOf(error);
      if (refusal) setRefusals((all) => ({ ...all, [modelId]: refusal }));
    } finally {
      setRunning(null);
      onSettled(modelId, ok);
    }
  };

  const cancel = async () => {
    if (!running?.jobId) return;
    try {
      await api.aiCancel({ job_id: running.jobId });
    } catch (error) {
      reportError(error);
    }
  };

  return { running, refusals, start, cancel };
}
