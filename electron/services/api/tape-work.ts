/**
 * Runs one piece of tape work in a worker thread (tape-worker.ts) and turns its messages into a
 * promise with progress callbacks and AbortSignal cancellation.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorInfo, SysbError } from '../../../shared/errors.ts';
import type { WriteResult } from '../tape/four-record-writer.ts';
import type { TapeStatus } from '../tape/tape-drive.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';

/** What a worker is asked to do. */
export type TapeWorkRequest =
  | { op: 'write'; target: string; images: string }
  | { op: 'verify'; target: string; images?: string; expected?: { index: 1 | 2 | 3 | 4; bytes: number; sha256: string }[] }
  | { op: 'probe'; target: string };

/** A tape's status and whether anything is written on it. */
export interface TapeProbe { status: TapeStatus; hasData: boolean }

/** Messages from the worker. */
export type TapeWorkerMessage =
  | { type: 'progress'; progress: TapeProgress }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorInfo };

/** The result type of each op. */
export interface TapeWorkResults { write: WriteResult; verify: VerifyResult; probe: TapeProbe }

// Compiled builds run main.js next to tape-worker.js; source runs use the .ts file directly.
const workerUrl = new URL(`./tape-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** Runs `request` in a fresh worker; rejects with the worker's SysbError code, or CANCELLED. */
export function runTapeWork<R extends TapeWorkRequest>(
  request: R,
  opts: { onProgress?: (p: TapeProgress) => void; signal?: AbortSignal } = {},
): Promise<TapeWorkResults[R['op']]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: request });
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
    worker.on('message', (m: TapeWorkerMessage) => {
      switch (m.type) {
        case 'progress': opts.onProgress?.(m.progress); break;
        case 'done': settle(() => resolve(m.result as TapeWorkResults[R['op']])); break;
        case 'error': settle(() => reject(new SysbError(m.error.code, m.error.message))); break;
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new SysbError('INTERNAL', `tape worker stopped unexpectedly (exit ${code})`))));
    if (opts.signal?.aborted) onAbort();
  });
}
