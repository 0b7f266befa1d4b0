import type { EventName, EventPayload } from '../../src-shared/contract/events';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Core's event bus: services emit, transports forward to every connected renderer. */
export function createEventBus() {
  const listeners = new Set<Listener>();
  return {
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners) listener(event, payload);
    },
    listen(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;

/** Reports progress at most every `intervalMs` (and always at the end), so a 100k-file job does not flood the UI. */
export function progressReporter(bus: EventBus, base: { job_id: string; kind: string; project_id: string | null }, intervalMs = 100) {
  let last = 0;
  return (done: number, total: number, message: string, finished = false) => {
    const now = Date.now();
    if (!finished && now - last < intervalMs) return;
    last = now;
    bus.emit('progress', { ...base, done, total, message, finished });
  };
}
