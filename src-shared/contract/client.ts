import { AppError, isErrorPayload, type ErrorPayload } from './errors';
import type { EventName, EventPayload } from './events';
import { PROCEDURE_NAMES, type ProcedureInput, type ProcedureName, type ProcedureOutput } from './procedures';

/** The result envelope every transport carries: never a thrown error across a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** What a transport must provide: one call per procedure name, and event subscription. */
export interface Transport {
  kind: 'ipc' | 'ws';
  call(name: ProcedureName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** URL the renderer can put in an <img> for an image file or its thumbnail. */
  mediaUrl(imageId: string, variant: 'image' | 'thumb'): string;
}

export type Client = {
  [N in ProcedureName]: (input: ProcedureInput<N>) => Promise<ProcedureOutput<N>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  mediaUrl(imageId: string, variant?: 'image' | 'thumb'): string;
  transport: Transport['kind'];
};

/** The typed client the renderer uses, whichever transport carries it. Failures reject with AppError. */
export function createClient(transport: Transport): Client {
  const client: Record<string, unknown> = {
    on: (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener),
    mediaUrl: (imageId: string, variant: 'image' | 'thumb' = 'image') => transport.mediaUrl(imageId, variant),
    transport: transport.kind,
  };
  for (const name of PROCEDURE_NAMES) {
    client[name] = async (input: unknown) => {
      const result = await transport.call(name, input ?? {});
      if (result.ok) return result.value;
      throw AppError.fromPayload(isErrorPayload(result.error) ? result.error : { code: 'INTERNAL_ERROR', message: 'malformed error from main' });
    };
  }
  return client as Client;
}
