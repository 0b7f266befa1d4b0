import type { Result } from '../src-shared/contract/client';
import type { EventName } from '../src-shared/contract/events';
import type { ProcedureName } from '../src-shared/contract/procedures';

/** What the preload exposes on window.labeler (Electron only; serve mode has no such object). */
export type LabelerBridge = { [N in ProcedureName]: (input: unknown) => Promise<Result<unknown>> } & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    labeler?: LabelerBridge;
  }
}
