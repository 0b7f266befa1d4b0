import type { AnnotationInput, AnnotationPatch } from '../../../../src-shared/contract/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import type { Diff } from './diff';
import type { IdMap } from './ids';
import { createInput, patchBetween, type ImageLevel, type ShapeRecord } from './records';

/** What the queue needs from core: the contract's annotation writes, nothing else. */
export interface SaveApi {
  createAnnotations(inputs: AnnotationInput[]): Promise<string[]>;
  updateAnnotation(id: string, patch: AnnotationPatch, imageId: string): Promise<void>;
  deleteAnnotations(ids: string[], imageId: string): Promise<void>;
  updateImage(imageId: string, level: ImageLevel): Promise<void>;
}

/** Injected timers, so tests step time by hand and the editor holds no raw timers. */
export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export type SaveStatus = 'saved' | 'saving' | 'retrying';
export interface SaveState {
  status: SaveStatus;
  /** Edits not yet confirmed by the store. */
  pending: number;
  error: { code: string; message: string } | null;
}

/** The one pending write per record: coalesced so ten moves of a box send one update. */
type Op =
  | { kind: 'create'; imageId: string; record: ShapeRecord }
  | { kind: 'update'; imageId: string; base: ShapeRecord; record: ShapeRecord }
  | { kind: 'delete'; imageId: string; base: ShapeRecord };

/** Edits reach the store this long after the first pending one; reload loses at most this plus a round trip. */
export const FLUSH_DELAY_MS = 250;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;
/** Refusals are final: retrying the same write would be refused again. Anything else may pass later. */
const FINAL_CODES = new Set(['VALIDATION_ERROR', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHORIZED']);

/**
 * Autosave: every committed diff is queued here and written to the store shortly after, in
 * order — creates (batched per image, binding their new ids), then updates, then deletes (batched),
 * then image-level labels. One flush runs at a time; edits made meanwhile wait for the next.
 *
 *   idle ──enqueue──► waiting (timer) ──► flushing ──ok──► idle | waiting
 *                                             └──transient error──► retrying (backoff) ──► flushing
 *                                             └──refused──► onRejected (the view reloads the truth)
 */
export class AutosaveQueue {
  private pending = new Map<string, Op>();
  private images = new Map<string, ImageLevel>();
  private inFlight = 0;
  private timer: unknown = null;
  private retryDelay = 0;
  private error: SaveState['error'] = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly deps: {
      api: SaveApi;
      ids: IdMap;
      scheduler: Scheduler;
      delayMs?: number;
      onState(state: SaveState): void;
      onRejected(imageIds: string[], error: AppError): void;
    },
  ) {}

  enqueue(imageId: string, d: Diff): void {
    for (const r of d.added) this.replay({ kind: 'create', imageId, record: r });
    for (const [from, to] of d.updated) this.replay({ kind: 'update', imageId, base: from, record: to });
    for (const r of d.removed) this.replay({ kind: 'delete', imageId, base: r });
    if (d.image) this.images.set(imageId, d.image[1]);
    this.schedule(this.deps.delayMs ?? FLUSH_DELAY_MS);
    this.emit();
  }

  /** Whether nothing is waiting or being written. */
  get idle(): boolean {
    return !this.pending.size && !this.images.size && !this.inFlight;
  }

  /** Has `key` a write that has not reached the store yet? */
  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  whenIdle(): Promise<void> {
    return this.idle ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes everything now (leaving an image, closing the window). */
  async flush(): Promise<void> {
    if (this.timer !== null) this.deps.scheduler.clear(this.timer);
    this.timer = null;
    if (this.inFlight) return this.whenIdle();
    const ops = [...this.pending.values()];
    const images = [...this.images];
    this.pending.clear();
    this.images.clear();
    if (!ops.length && !images.length) return this.settle();
    this.inFlight = ops.length + images.length;
    this.emit();
    const failures: { ops: Op[]; images: [string, ImageLevel][]; error: unknown }[] = [];
    const attempt = async (group: Op[], imgs: [string, ImageLevel][], run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        failures.push({ ops: group, images: imgs, error });
      }
    };
    const creates = ops.filter((o): o is Extract<Op, { kind: 'create' }> => o.kind === 'create');
    for (const [imageId, group] of groupBy(creates, (o) => o.imageId)) {
      await attempt(group, [], async () => {
        const ids = await this.deps.api.createAnnotations(group.map((o) => createInput(o.record, imageId)));
        group.forEach((o, i) => this.deps.ids.bind(o.record.key, ids[i]));
      });
    }
    const updates = ops.filter((o): o is Extract<Op, { kind: 'update' }> => o.kind === 'update');
    await Promise.all(
      updates.map((o) => {
        const id = this.deps.ids.idOf(o.record.key);
        const patch = patchBetween(o.base, o.record);
        return id && Object.keys(patch).length ? attempt([o], [], () => this.deps.api.updateAnnotation(id, patch, o.imageId)) : undefined;
      }),
    );
    const deletes = ops.filter((o) => o.kind === 'delete' && this.deps.ids.idOf(o.base.key));
    for (const [imageId, group] of groupBy(deletes, (o) => o.imageId)) {
      await attempt(group, [], () => this.deps.api.deleteAnnotations(group.map((o) => this.deps.ids.idOf(o.kind === 'delete' ? o.base.key : o.record.key)!), imageId));
    }
    for (const [imageId, level] of images) await attempt([], [[imageId, level]], () => this.deps.api.updateImage(imageId, level));
    this.inFlight = 0;
    this.handleFailures(failures);
    if (!this.pending.size && !this.images.size) return this.settle();
    this.schedule(this.retryDelay || (this.deps.delayMs ?? FLUSH_DELAY_MS));
    this.emit();
  }

  private handleFailures(failures: { ops: Op[]; images: [string, ImageLevel][]; error: unknown }[]) {
    const transient = failures.filter((f) => !(f.error instanceof AppError && FINAL_CODES.has(f.error.code)));
    const final = failures.filter((f) => !transient.includes(f));
    if (transient.length) {
      // Put the failed writes back before what was edited since, and replay the newer edits over them.
      const newer = [...this.pending.values()];
      this.pending.clear();
      for (const f of transient) f.ops.forEach((op) => this.replay(op));
      newer.forEach((op) => this.replay(op));
      for (const f of transient) for (const [id, level] of f.images) if (!this.images.has(id)) this.images.set(id, level);
      this.retryDelay = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, this.retryDelay * 2));
    } else this.retryDelay = 0;
    const first = failures[0]?.error;
    this.error = first ? describe(first) : null;
    if (final.length) {
      const imageIds = [...new Set(final.flatMap((f) => [...f.ops.map((o) => o.imageId), ...f.images.map(([id]) => id)]))];
      this.deps.onRejected(imageIds, final[0].error as AppError);
    }
  }

  /** Folds one write into the pending ones for its record, as if both were sent in order. */
  private replay(op: Op): void {
    const key = op.kind === 'delete' ? op.base.key : op.record.key;
    const before = this.pending.get(key);
    if (op.kind === 'create') {
      // Re-adding what a pending delete removes: the annotation never left the store, so update it.
      this.pending.set(key, before?.kind === 'delete' ? { kind: 'update', imageId: op.imageId, base: before.base, record: op.record } : op);
    } else if (op.kind === 'update') {
      if (before?.kind === 'create') this.pending.set(key, { ...before, record: op.record });
      else if (before?.kind === 'update') this.pending.set(key, { ...before, record: op.record });
      else this.pending.set(key, op);
    } else if (before?.kind === 'create') this.pending.delete(key);
    else this.pending.set(key, { kind: 'delete', imageId: op.imageId, base: before?.kind === 'update' ? before.base : op.base });
  }

  private schedule(ms: number) {
    if (this.timer !== null || this.inFlight) return;
    this.timer = this.deps.scheduler.set(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private settle() {
    this.emit();
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  private emit() {
    const pending = this.pending.size + this.images.size + this.inFlight;
    const status: SaveStatus = this.retryDelay > 0 && pending ? 'retrying' : pending ? 'saving' : 'saved';
    this.deps.onState({ status, pending, error: this.error });
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

const describe = (e: unknown) => (e instanceof AppError ? { code: e.code, message: e.message } : { code: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) });
