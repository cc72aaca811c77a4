/**
 * The main thread's side of the write step's hold on the tape (the worker side is tape-hold.ts): one
 * worker opens the drive for writing before the checks read it and writes on that same open, so the
 * checks the operator answered are the checks of the tape that gets written. Commands go one at a time.
 */
import { Worker } from 'node:worker_threads';
import { SysbError } from '../../../shared/errors.ts';
import type { WriteResult } from '../tape/four-record-writer.ts';
import type { DriveFacts } from './drive-facts.ts';
import type { HeldTapeCommand, StepWorkOptions, StepWorkRequest, ToWorkerMessage, WorkerMessage } from './step-work.ts';
import { WORKER_URL } from './step-work.ts';
import type { TapeReading } from './tape-reading.ts';

type HoldRequest = Extract<StepWorkRequest, { op: 'hold-write' }>;

/** A tape held for a write: ask its facts, read it, then write it or let it go. */
export class HeldTape {
  readonly #worker: Worker;
  readonly #ended: Promise<WriteResult | null>;
  #answer: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  #finished = false;

  /** Starts the worker that holds `request.target` (it opens the drive at the first read). */
  constructor(request: Omit<HoldRequest, 'op'>, opts: StepWorkOptions = {}) {
    const workerData: HoldRequest = { op: 'hold-write', ...request };
    this.#worker = new Worker(WORKER_URL, { workerData });
    const onAbort = (): void => this.#send({ type: 'cancel' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    this.#ended = new Promise<WriteResult | null>((resolve, reject) => {
      const settle = (fn: () => void): void => {
        if (this.#finished) return;
        this.#finished = true;
        opts.signal?.removeEventListener('abort', onAbort);
        fn();
        // A question still open gets the worker's end as its answer.
        this.#answer?.reject(new SysbError('INTERNAL', 'the job worker holding the tape stopped before it answered'));
        this.#answer = undefined;
        void this.#worker.terminate();
      };
      this.#worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'progress':
            opts.onProgress?.(m.progress);
            break;
          case 'log':
            opts.onLog?.(m.line);
            break;
          case 'reply':
            this.#settleAnswer((a) => a.resolve(m.value));
            break;
          case 'reply-error':
            this.#settleAnswer((a) => a.reject(new SysbError(m.error.code, m.error.message)));
            break;
          case 'done':
            settle(() => resolve(m.result as WriteResult | null));
            break;
          case 'error':
            settle(() => reject(new SysbError(m.error.code, m.error.message)));
            break;
        }
      });
      this.#worker.on('error', (err) => settle(() => reject(err)));
      this.#worker.on('exit', (code) => settle(() => reject(new SysbError('INTERNAL', `job worker stopped unexpectedly (exit ${code})`))));
    });
    // Rejections are taken by write() or release(); never unhandled.
    this.#ended.catch(() => undefined);
    if (opts.signal?.aborted) onAbort();
  }

  /** What the drive says and whether the image set fits its medium (parsed once, in the worker). */
  facts(): Promise<DriveFacts> {
    return this.#ask({ cmd: 'facts' }) as Promise<DriveFacts>;
  }

  /** Reads the first `maxRecords` records (all four by default) under the write's own lock. */
  read(maxRecords?: number): Promise<TapeReading> {
    return this.#ask(maxRecords === undefined ? { cmd: 'read' } : { cmd: 'read', maxRecords }) as Promise<TapeReading>;
  }

  /** Writes the four records on the held tape; resolves when they are on the medium. */
  async write(): Promise<WriteResult> {
    this.#send({ type: 'command', command: { cmd: 'write' } });
    const r = await this.#ended;
    if (!r) throw new SysbError('INTERNAL', 'the job worker ended without writing');
    return r;
  }

  /** Lets the tape go without writing (the checks stopped the write), or waits for a write to end; never throws. */
  async release(): Promise<void> {
    if (!this.#finished) this.#send({ type: 'command', command: { cmd: 'end' } });
    await this.#ended.catch(() => undefined);
  }

  #ask(command: HeldTapeCommand): Promise<unknown> {
    if (this.#finished) return Promise.reject(new SysbError('INTERNAL', 'the job worker holding the tape has ended'));
    if (this.#answer) return Promise.reject(new SysbError('INTERNAL', 'one question at a time to the worker holding the tape'));
    const answered = new Promise<unknown>((resolve, reject) => {
      this.#answer = { resolve, reject };
    });
    this.#send({ type: 'command', command });
    return answered;
  }

  #settleAnswer(fn: (a: { resolve: (v: unknown) => void; reject: (e: Error) => void }) => void): void {
    const a = this.#answer;
    this.#answer = undefined;
    if (a) fn(a);
  }

  #send(m: ToWorkerMessage): void {
    if (!this.#finished) this.#worker.postMessage(m);
  }
}
