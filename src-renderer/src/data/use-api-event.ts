import { useEffect, useLayoutEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../src-shared/contract/events';
import { api } from '../api/client';

/** Subscribes to a core event for the component's lifetime; the latest listener is always used. */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [event]);
}
