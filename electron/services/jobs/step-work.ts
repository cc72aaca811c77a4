/**
 * Byte-heavy job work runs in a worker thread (capture + fetch over SSH, tape write, read-back,
 * reading an unknown tape, rendering labels); only progress (~4 Hz), log lines and the result cross back.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorInfo, SysbError } from '../../../shared/errors.ts';
import type { CaptureRequest, CaptureResult } from '../ssh/capture.ts';
import type { FetchTransport } from '../ssh/fetch-file.ts';
import type { FetchedImageSet } from '../ssh/fetch-image-set.ts';
import type { ServerConfig } from '../ssh/server-config.ts';
import type { SshSecrets } from '../ssh/ssh-secrets.ts';
import type { WriteResult } from '../tape/four-record-writer.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';
import type { RestoreCard } from '../labels/restore-card.ts';
import type { LabelFiles } from '../labels/write-labels.ts';
import type { TapeReading } from './tape-reading.ts';
import type { ExtractSummary } from '../contents/extract.ts';
import type { DriveFacts } from './drive-facts.ts';

/** How the worker reaches the server. */
export interface SshTarget {
  server: ServerConfig;
  /** Password and key passphrase for this run only, kept apart; never stored. */
  secrets: SshSecrets;
  knownHostsPath: string | null;
}

/** What the worker is asked to do. */
export type StepWorkRequest =
  | { op: 'capture'; ssh: SshTarget; request: CaptureRequest }
  | {
      op: 'fetch';
      ssh: SshTarget;
      capture: CaptureResult;
      request: CaptureRequest;
      osLevel: string | null;
      stagingRoot: string;
      dir: string;
      capturedAt: string;
      transport?: FetchTransport;
    }
  | { op: 'write'; target: string; images: string; capacityBytes?: number }
  /** The write step's hold on the tape (tape-hold.ts): answers HeldTapeCommands, then writes or ends. */
  | {
      op: 'hold-write';
      target: string;
      images: string;
      capacityBytes?: number;
      assumeTapeblksz?: number;
      candidateLengths: Record<number, number[]>;
    }
  /** The drive's state and the image set's fit (drive-facts.ts), for checks outside a write step. */
  | { op: 'drive-facts'; target: string; images?: string; capacityBytes?: number }
  | { op: 'verify'; target: string; images?: string; expected?: { index: 1 | 2 | 3 | 4; bytes: number; sha256: string }[] }
  | { op: 'read'; target: string; candidateLengths: Record<number, number[]>; maxRecords?: number }
  | { op: 'labels'; card: RestoreCard; dir: string }
  | { op: 'extract'; from: { file: string } | { target: string; record: 2 | 4 }; outDir: string; paths: string[]; overwrite: boolean };

/** The result of each op. */
export interface StepWorkResults {
  capture: { capture: CaptureResult; osLevel: string | null };
  fetch: FetchedImageSet;
  write: WriteResult;
  'hold-write': WriteResult | null;
  'drive-facts': DriveFacts;
  verify: VerifyResult;
  read: TapeReading;
  labels: LabelFiles;
  extract: ExtractSummary;
}

/** Progress the worker reports. */
export type WorkProgress =
  | { kind: 'tape'; tape: TapeProgress }
  | { kind: 'mksysb'; files: number; totalFiles: number; percent: number }
  | { kind: 'fetch'; image: string; bytes: number; total: number; bytesPerSecond: number; etaSeconds: number | null }
  | { kind: 'read'; record: number; bytes: number }
  | { kind: 'extract'; bytes: number; totalBytes: number | null; bytesPerSecond: number; etaSeconds: number | null };

/** What the main thread asks a worker holding a tape (op 'hold-write'), one at a time. */
export type HeldTapeCommand = { cmd: 'facts' } | { cmd: 'read'; maxRecords?: number } | { cmd: 'write' } | { cmd: 'end' };

/** Messages to the worker. */
export type ToWorkerMessage = { type: 'cancel' } | { type: 'command'; command: HeldTapeCommand };

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'progress'; progress: WorkProgress }
  | { type: 'log'; line: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorInfo }
  /** The answer to a HeldTapeCommand. */
  | { type: 'reply'; value: unknown }
  | { type: 'reply-error'; error: ErrorInfo };

/** Callbacks and cancellation for one run. */
export interface StepWorkOptions {
  onProgress?: (p: WorkProgress) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

/** The worker's entry module (the .ts source under type stripping, the .js build otherwise). */
export const WORKER_URL = new URL(`./step-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** Runs one request in a fresh worker thread; resolves with its result or rejects with its SysbError. */
export function runStepWork<R extends StepWorkRequest>(request: R, opts: StepWorkOptions = {}): Promise<StepWorkResults[R['op']]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: request });
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
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'progress':
          opts.onProgress?.(m.progress);
          break;
        case 'log':
          opts.onLog?.(m.line);
          break;
        case 'done':
          settle(() => resolve(m.result as StepWorkResults[R['op']]));
          break;
        case 'error':
          settle(() => reject(new SysbError(m.error.code, m.error.message)));
          break;
        case 'reply':
        case 'reply-error':
          break;
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new SysbError('INTERNAL', `job worker stopped unexpectedly (exit ${code})`))));
    if (opts.signal?.aborted) onAbort();
  });
}
