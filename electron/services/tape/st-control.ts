/**
 * The control path of a Linux st drive (MTIOCTOP, MTIOCGET) behind a small interface, so the
 * drive can be tested here against its command sequence with a fake, and run for real through
 * koffi in a worker thread (st-ioctl-worker.ts).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { decodeMtget, encodeMtop, MT_OP, MTGET_BYTES, MTIOCGET, MTIOCTOP, type MtGet, type MtOpName } from './st-ioctl.ts';
import type { IoctlReply, IoctlRequest } from './st-ioctl-worker.ts';
import { TapeError, tapeErrnoOf } from './tape-error.ts';

// Same extension as this module: .ts when run from source (type stripping), .js once compiled for the app.
const IOCTL_WORKER_URL = new URL(`./st-ioctl-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** The tape ioctls the drive uses. Failures reject with a TapeError carrying the errno. */
export interface StControl {
  /** MTIOCTOP with the given operation and count. */
  op(fd: number, op: MtOpName, count: number): Promise<void>;
  /** MTIOCGET. */
  get(fd: number): Promise<MtGet>;
  /** Stops the worker, if any. */
  dispose(): Promise<void>;
}

/** Turns a numeric errno from ioctl into a TapeError naming the operation. */
export function ioctlError(errno: number, what: string): TapeError | Error {
  const name = Object.entries(os.constants.errno).find(([, v]) => v === errno)?.[0];
  const tapeErrno = tapeErrnoOf(name);
  const message = `${what} failed: ${name ?? `errno ${errno}`}${name === 'ENOTTY' ? ' (the target is not a tape device)' : ''}`;
  return tapeErrno ? new TapeError(tapeErrno, message) : new TapeError('EIO', message);
}

/** StControl through koffi's ioctl in a worker thread (started on first use). */
export class KoffiStControl implements StControl {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (r: IoctlReply) => void; reject: (e: Error) => void }>();

  async op(fd: number, op: MtOpName, count: number): Promise<void> {
    const reply = await this.#call(fd, MTIOCTOP, encodeMtop(MT_OP[op], count));
    if (reply.rc < 0) throw ioctlError(reply.errno, `MTIOCTOP ${op} ${count}`);
  }

  async get(fd: number): Promise<MtGet> {
    const reply = await this.#call(fd, MTIOCGET, Buffer.alloc(MTGET_BYTES));
    if (reply.rc < 0) throw ioctlError(reply.errno, 'MTIOCGET');
    return decodeMtget(reply.arg);
  }

  async dispose(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }

  #call(fd: number, request: number, arg: Buffer): Promise<IoctlReply> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      // Held while a call is in flight (else the process could exit mid-call), let go when idle.
      worker.ref();
      const req: IoctlRequest = { id, fd, request, arg };
      worker.postMessage(req);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(IOCTL_WORKER_URL);
    worker.on('message', (reply: IoctlReply) => {
      const w = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      w?.resolve(reply);
    });
    const failAll = (err: Error): void => {
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
      this.#worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.#waiting.size > 0) failAll(new Error(`tape ioctl worker exited with code ${code}`));
    });
    // Idle workers must not keep the process alive: a drive that was only probed (status() before a
    // refused write, never closed) kept the CLI running for ever. unref() comes after the listeners
    // because adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
