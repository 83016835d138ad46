/**
 * A small pool of identical Web Workers. Jobs are queued and handed to the next
 * idle worker; each job message carries an `id` and its answer echoes it.
 * Cancelling (AbortSignal) terminates the workers and rejects what is pending,
 * so a cancelled stage stops burning CPU at once; the pool restarts lazily.
 */
import { CancelledError } from '../util/progress';

export interface WorkerAnswer {
  id: number;
  ok: boolean;
  error?: { kind: string; message: string };
  [key: string]: unknown;
}

interface Job {
  message: Record<string, unknown>;
  transfer: Transferable[];
  onNote?: (note: WorkerAnswer) => void;
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: unknown) => void;
}

export class WorkerPool {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 1;

  constructor(
    private readonly makeWorker: () => Worker,
    readonly size: number = defaultPoolSize(),
  ) {}

  /** Runs one job; resolves with the worker's answer (ok or not). */
  run(
    message: Record<string, unknown>,
    transfer: Transferable[] = [],
    signal?: AbortSignal,
    /** Interim messages of a long job (those with `note: true`), e.g. progress. */
    onNote?: (note: WorkerAnswer) => void,
  ): Promise<WorkerAnswer> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<WorkerAnswer>((resolve, reject) => {
      const job: Job = { message: { ...message, id: this.nextId++ }, transfer, onNote, resolve, reject };
      if (signal) {
        const onAbort = () => this.cancelAll();
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        job.resolve = (a) => (done(), resolve(a));
        job.reject = (e) => (done(), reject(e));
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Terminates every worker and rejects all queued and running jobs. */
  cancelAll(): void {
    const pending = [...this.queue.splice(0), ...this.running.values()];
    this.running.clear();
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.idle = [];
    for (const job of pending) job.reject(new CancelledError());
  }

  dispose(): void {
    this.cancelAll();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.workers.length < this.size) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage(job.message, job.transfer);
    }
  }

  private spawn(): Worker {
    const worker = this.makeWorker();
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      if (event.data.note) {
        this.running.get(worker)?.onNote?.(event.data);
        return;
      }
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      job?.resolve(event.data);
      this.pump();
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.workers = this.workers.filter((w) => w !== worker);
      worker.terminate();
      job?.reject(new Error(`A worker failed: ${event.message || 'unknown error'}`));
      this.pump();
    };
    this.workers.push(worker);
    return worker;
  }
}

/** One worker per core, leaving none idle: DenseNet runs in its own worker beside them. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return Math.max(1, Math.min(8, cores));
}
