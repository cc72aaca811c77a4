/**
 * Runs one piece of byte-heavy work (tape write/verify, capture + fetch) in a fresh worker thread and
 * turns its messages into a promise with progress and log callbacks and AbortSignal cancellation.
 * Only progress (~4 Hz), log lines and the result cross back; the bytes stay in the worker.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorInfo, SysbError } from '../../../shared/errors.ts';

/** Messages a worker sends. */
export type WorkerMessage<P> =
  | { type: 'progress'; progress: P }
  | { type: 'log'; line: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorInfo };

/** Callbacks and cancellation for one run. */
export interface WorkerRunOptions<P> {
  onProgress?: (p: P) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

/** The URL of a worker file next to this one: `.ts` from source, `.js` in a compiled build. */
export function siblingWorkerUrl(name: string): URL {
  return new URL(`./${name}${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);
}

/** Starts the worker with `request` as workerData; resolves with its result or rejects with its SysbError. */
export function runWorker<P, R>(url: URL, request: unknown, opts: WorkerRunOptions<P> = {}): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: request });
    let settled = false;
    const onAbort = (): void => worker.postMessage({ type: 'cancel' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage<P>) => {
      switch (m.type) {
        case 'progress': opts.onProgress?.(m.progress); break;
        case 'log': opts.onLog?.(m.line); break;
        case 'done': settle(() => resolve(m.result as R)); break;
        case 'error': settle(() => reject(new SysbError(m.error.code, m.error.message))); break;
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new SysbError('INTERNAL', `worker stopped unexpectedly (exit ${code})`))));
    if (opts.signal?.aborted) onAbort();
  });
}
