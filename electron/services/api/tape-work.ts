/** Tape work run off the main thread: the requests, results and the function that runs them. */
import type { WriteResult } from '../tape/four-record-writer.ts';
import type { TapeStatus } from '../tape/tape-drive.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';
import { runWorker, siblingWorkerUrl, type WorkerRunOptions } from './worker-runner.ts';

/** What the tape worker is asked to do. */
export type TapeWorkRequest =
  | { op: 'write'; target: string; images: string }
  | { op: 'verify'; target: string; images?: string; expected?: { index: 1 | 2 | 3 | 4; bytes: number; sha256: string }[] }
  | { op: 'probe'; target: string };

/** A tape's status and whether anything is written on it. */
export interface TapeProbe { status: TapeStatus; hasData: boolean; capacityBytes: number | null }

/** The result type of each op. */
export interface TapeWorkResults { write: WriteResult; verify: VerifyResult; probe: TapeProbe }

/** Runs one tape request in a fresh worker thread. */
export function runTapeWork<R extends TapeWorkRequest>(request: R, opts: WorkerRunOptions<TapeProgress> = {}): Promise<TapeWorkResults[R['op']]> {
  return runWorker<TapeProgress, TapeWorkResults[R['op']]>(siblingWorkerUrl('tape-worker'), request, opts);
}
