import { AppError } from '../../../src-shared/contract/errors';

/**
 * The order in which images get encoded. The encoder does one image at a time; what it does
 * next is the waiting job with the most urgent requester:
 *
 *   now (an annotator is looking at the image)  >  prefetch (next images)  >  batch (precompute)
 *
 * Requests for the same image share one job. Each requester may cancel; a job nobody waits for
 * any more is dropped before it starts. A job already running finishes (ONNX cannot be stopped
 * mid-run) and its result still lands in the cache.
 */
export const PRIORITIES = { now: 0, prefetch: 1, batch: 2 } as const;
export type Priority = keyof typeof PRIORITIES;

interface Waiter<T> {
  priority: number;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

interface Job<I, T> {
  key: string;
  input: I;
  seq: number;
  waiters: Set<Waiter<T>>;
  started: boolean;
}

export function cancelledError(): AppError {
  return new AppError('CONFLICT', 'Cancelled: the image is no longer needed.');
}

export function createEncodeQueue<I, T>(run: (input: I, key: string) => Promise<T>) {
  const jobs = new Map<string, Job<I, T>>();
  let seq = 0;
  let running: Job<I, T> | null = null;
  let completed = 0;
  let dropped = 0;

  const urgency = (job: Job<I, T>) => Math.min(...[...job.waiters].map((w) => w.priority));

  const pump = () => {
    if (running) return;
    let next: Job<I, T> | null = null;
    for (const job of jobs.values()) {
      if (!next || urgency(job) < urgency(next) || (urgency(job) === urgency(next) && job.seq < next.seq)) next = job;
    }
    if (!next) return;
    const job = next;
    job.started = true;
    running = job;
    run(job.input, job.key).then(
      (value) => {
        completed++;
        for (const w of job.waiters) w.resolve(value);
      },
      (error: Error) => {
        for (const w of job.waiters) w.reject(error);
      },
    ).finally(() => {
      jobs.delete(job.key);
      running = null;
      pump();
    });
  };

  return {
    /** Asks for `key`; resolves with the job's result, or rejects with CONFLICT if `signal` aborts first. */
    request(key: string, input: I, priority: Priority, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(cancelledError());
      let job = jobs.get(key);
      if (!job) {
        job = { key, input, seq: ++seq, waiters: new Set(), started: false };
        jobs.set(key, job);
      }
      const owner = job;
      const promise = new Promise<T>((resolve, reject) => {
        const waiter: Waiter<T> = { priority: PRIORITIES[priority], resolve, reject };
        owner.waiters.add(waiter);
        signal?.addEventListener('abort', () => {
          if (!owner.waiters.delete(waiter)) return;
          reject(cancelledError());
          if (!owner.waiters.size && !owner.started) {
            jobs.delete(owner.key);
            dropped++;
          }
        }, { once: true });
      });
      queueMicrotask(pump);
      return promise;
    },
    /** Keys waiting to start, most urgent first. */
    waiting(): string[] {
      return [...jobs.values()].filter((j) => !j.started).sort((a, b) => urgency(a) - urgency(b) || a.seq - b.seq).map((j) => j.key);
    },
    running: () => running?.key ?? null,
    stats: () => ({ waiting: [...jobs.values()].filter((j) => !j.started).length, running: running ? 1 : 0, completed, dropped }),
  };
}
