import type { EventPayload } from '../../src-shared/contract/events';
import type { ProcedureArgs, ProcedureName, ProcedureOutput } from '../../src-shared/contract/procedures';
import type { CoreOptions } from './app';
import type { EventBus } from './events';
import type { Media } from './media/media';
import type { Store } from './store';

/** What handler groups get from core: its services, plus helpers every group needs. */
export interface CoreDeps {
  store: Store;
  bus: EventBus;
  media: Media;
  dataDir: string;
  options: CoreOptions;
  /** Tells every view which tables a write touched. */
  changed(project_id: string | null, tables: EventPayload<'dataChanged'>['tables'], image_id?: string): void;
  /** A new id for a long job (progress events carry it). */
  jobId(kind: string): string;
  /** Runs when core closes (stop workers, flush caches), in reverse order of registration. */
  onClose(close: () => void): void;
}

export type Handler<N extends ProcedureName> = (input: ProcedureArgs<N>) => ProcedureOutput<N> | Promise<ProcedureOutput<N>>;
/** A set of procedure handlers; core merges the groups into one `Handlers`. */
export type HandlerGroup<N extends ProcedureName> = { [K in N]: Handler<K> };
export type Handlers = HandlerGroup<ProcedureName>;
