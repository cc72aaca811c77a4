/**
 * SHA-256 in a worker thread, fed without copies: `update` moves the chunk's ArrayBuffer to the
 * worker (postMessage transfer) and resolves with it once hashed, ready to be refilled. On a 1 GiB
 * record hashing costs about as much CPU as reading, framing and writing put together; on the main
 * thread it came on top of them (issue 15, "Virtual tape write speed"). Not SharedArrayBuffers:
 * V8 copies out of shared memory about half as fast, and the framing copies every byte.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HashReply, HashRequest } from './sha256-worker.ts';

// Same extension as this module: .ts when run from source (type stripping), .js once compiled for the app.
const WORKER_URL = new URL(`./sha256-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** One running SHA-256 at a time, computed in a worker; `digest` ends it and starts the next. */
export class OffThreadSha256 {
  readonly #worker: Worker;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (r: HashReply) => void; reject: (e: Error) => void }>();
  #failed: Error | undefined;

  /** Starts the worker (tens of milliseconds: start it before other preparations). */
  constructor() {
    this.#worker = new Worker(WORKER_URL);
    this.#worker.on('message', (reply: HashReply) => {
      const w = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      w?.resolve(reply);
    });
    const failAll = (err: Error): void => {
      this.#failed ??= err;
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
    };
    this.#worker.on('error', failAll);
    this.#worker.on('exit', (code) => failAll(new Error(`the SHA-256 worker exited with code ${code}`)));
  }

  /**
   * Adds the first `length` bytes of `buf` to the hash. `buf` is detached (moved to the worker) until
   * the promise resolves with it again.
   */
  async update(buf: ArrayBuffer, length: number): Promise<ArrayBuffer> {
    const reply = await this.#call({ id: 0, op: 'update', buf, length }, [buf]);
    return reply.buf!;
  }

  /** The hex digest of everything since the last digest. */
  async digest(): Promise<string> {
    const reply = await this.#call({ id: 0, op: 'digest' }, []);
    return reply.hex!;
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  #call(req: HashRequest, transfer: ArrayBuffer[]): Promise<HashReply> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...req, id }, transfer);
    });
  }
}
