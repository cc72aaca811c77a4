/** The worker side of worker-runner.ts: reads the request, posts progress/log/result, hears cancel. */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors.ts';
import type { WorkerMessage } from './worker-runner.ts';

/** What a worker body gets. */
export interface WorkerContext<Q, P> {
  request: Q;
  signal: AbortSignal;
  progress(p: P): void;
  log(line: string): void;
}

/** Runs `body` with the worker's request and reports its outcome to the parent. */
export function serveWorker<Q, P>(body: (ctx: WorkerContext<Q, P>) => Promise<unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('this module must run in a worker thread');
  const abort = new AbortController();
  port.on('message', (m: { type?: string }) => { if (m.type === 'cancel') abort.abort(); });
  const post = (m: WorkerMessage<P>): void => port.postMessage(m);
  body({
    request: workerData as Q,
    signal: abort.signal,
    progress: (progress) => post({ type: 'progress', progress }),
    log: (line) => post({ type: 'log', line }),
  }).then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'error', error: toErrorInfo(err) }),
  );
}
