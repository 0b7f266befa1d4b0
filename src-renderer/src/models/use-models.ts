import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import type { EngineStatus, SamModels } from './model-status';

/** While an engine is loading (hash check, ONNX sessions), how often its state is asked again. */
const LOADING_POLL_MS = 1000;

export interface ModelsState {
  list: SamModels | null;
  /** `aiStatus` per model id. */
  engines: Record<string, EngineStatus>;
  refresh(): Promise<void>;
}

/**
 * The manifest's models with the engine state of each, fetched on mount and on `refresh()`
 * (after every action), and again every second while an engine is loading. A stale answer
 * never overwrites a newer one.
 */
export function useModels(): ModelsState {
  const [list, setList] = useState<SamModels | null>(null);
  const [engines, setEngines] = useState<Record<string, EngineStatus>>({});
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await api.aiModels({});
      const statuses = await Promise.all(next.models.map((m) => api.aiStatus({ model_id: m.id, image_ids: [] })));
      if (mine !== seq.current) return;
      setList(next);
      setEngines(Object.fromEntries(statuses.map((s) => [s.model_id, s])));
    } catch (error) {
      // Listing reads the manifest and stats files: failing here is unexpected, not a refusal.
      if (mine === seq.current) reportError(error);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loading = Object.values(engines).some((e) => e.state === 'loading');
  useEffect(() => {
    if (!loading) return;
    const timer = setTimeout(() => void refresh(), LOADING_POLL_MS);
    return () => clearTimeout(timer);
  }, [loading, engines, refresh]);

  return { list, engines, refresh };
}
