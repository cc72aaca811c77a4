/** Capture + fetch run off the main thread (ssh2 crypto and hashing are CPU work): request, progress, runner. */
import type { CaptureRequest } from '../ssh/capture.ts';
import type { FetchedImageSet } from '../ssh/fetch-image-set.ts';
import type { ServerConfig } from '../ssh/server-config.ts';
import { runWorker, siblingWorkerUrl, type WorkerRunOptions } from './worker-runner.ts';

/** What the capture worker is asked to do. */
export interface CaptureWorkRequest {
  server: ServerConfig;
  /** Password or passphrase for this run only. */
  secret: string | null;
  knownHostsPath: string | null | undefined;
  capture: CaptureRequest;
  stagingRoot: string;
}

/** Progress of a capture job: mksysb's file count, then the fetch's bytes. */
export type CaptureProgress =
  | { phase: 'capture'; step: string; files: number; totalFiles: number; percent: number }
  | { phase: 'fetch'; image: string; bytes: number; total: number; bytesPerSecond: number; etaSeconds: number | null };

/** What the capture worker returns. */
export interface CaptureWorkResult { fetched: FetchedImageSet; osLevel: string | null }

/** Runs capture + fetch in a fresh worker thread. */
export function runCaptureWork(request: CaptureWorkRequest, opts: WorkerRunOptions<CaptureProgress> = {}): Promise<CaptureWorkResult> {
  return runWorker<CaptureProgress, CaptureWorkResult>(siblingWorkerUrl('capture-worker'), request, opts);
}
