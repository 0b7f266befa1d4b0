import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorPayload } from '../../../src-shared/contract/errors';
import type { SamWorkerData, WorkerCall, WorkerMessage } from './worker-protocol';

/** Name of the worker bundle the build emits next to the main entries (electron.vite.config.ts). */
export const WORKER_BUNDLE = 'sam-worker.js';

/**
 * Where the worker's code is. From TypeScript sources (vitest, tsx) a small JS bootstrap
 * registers tsx and imports `sam-worker.ts`; from the bundle, `out/main/sam-worker.js` sits beside
 * the entry files while this module may have been split into `out/main/chunks/`.
 */
export function workerEntry(here = import.meta.url): { file: string; entry?: string } {
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) {
    return { file: fileURLToPath(new URL('./dev-worker-bootstrap.mjs', here)), entry: new URL('./sam-worker.ts', here).href };
  }
  const candidates = [`./${WORKER_BUNDLE}`, `../${WORKER_BUNDLE}`].map((name) => fileURLToPath(new URL(name, here)));
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new AppError('NOT_FOUND', `The SAM worker bundle is missing (looked for ${candidates.join(', ')}). Rebuild the app with \`npm run build\`.`);
  return { file };
}

export interface WorkerClient {
  /** Resolves once the worker has loaded its model; rejects with the load error. */
  ready: Promise<void>;
  call<T>(request: WorkerCall, transfer?: ArrayBuffer[]): Promise<T>;
  /** Number of calls sent and not yet answered. */
  pending(): number;
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts a SAM worker and talks to it by request id. Once its model is loaded, the worker keeps
 * the process alive only while calls are pending, so an engine nobody closed never stops a CLI
 * from exiting.
 */
export function startWorker(data: SamWorkerData): WorkerClient {
  const entry = workerEntry();
  const worker = new Worker(entry.file, { workerData: { ...data, entry: entry.entry }, stdout: false, stderr: false });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let dead: AppError | null = null;
  let closing: Promise<void> | null = null;
  let exitedFlag = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    exitedFlag = true;
    resolve();
  }));
  let settleReady!: { resolve: () => void; reject: (error: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  ready.catch(() => undefined);

  const fail = (error: AppError) => {
    dead ??= error;
    settleReady.reject(error);
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    worker.unref();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') {
      if (!waiting.size) worker.unref();
      return settleReady.resolve();
    }
    if (message.type === 'failed') return fail(AppError.fromPayload(message.error));
    const call = waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id);
    if (!waiting.size) worker.unref();
    if (message.ok) call.resolve(message.value);
    else call.reject(AppError.fromPayload(message.error as ErrorPayload));
  });
  worker.on('error', (error) => fail(new AppError('INTERNAL_ERROR', `The SAM ${data.role} worker crashed: ${error.message}. Segmentation restarts on the next request.`)));
  worker.on('exit', (code) => fail(new AppError('INTERNAL_ERROR', `The SAM ${data.role} worker stopped (exit code ${code}). Segmentation restarts on the next request.`)));

  return {
    ready,
    call<T>(request: WorkerCall, transfer: ArrayBuffer[] = []) {
      if (dead) return Promise.reject(dead);
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.ref();
        worker.postMessage({ ...request, id }, transfer);
      });
    },
    pending: () => waiting.size,
    /**
     * Asks the worker to finish its current native call, release the model and exit. Terminating
     * it outright while ONNX Runtime is still creating a session aborts the whole process
     * ("terminate called after throwing Napi::Error"), so `terminate()` is only the fallback
     * for a worker that does not exit within `graceMs`.
     */
    close(graceMs = 15_000) {
      closing ??= (async () => {
        fail(new AppError('CONFLICT', 'The SAM engine was closed.'));
        if (exitedFlag) return;
        worker.ref();
        worker.postMessage({ id: 0, op: 'close' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
        if ((await Promise.race([exited, late])) === 'late') await worker.terminate();
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
