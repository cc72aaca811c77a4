/**
 * SHA-256 in a worker thread, fed without copies: the caller's chunks live in SharedArrayBuffers
 * and `update` resolves when the worker is done with one (then it may be refilled). On a 1 GiB
 * record hashing costs about as much CPU as the framing and the copies into the page cache put
 * together; on the main thread it came on top of them (issue 15, "Virtual tape write speed").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HashReply, HashRequest } from './sha256-worker.ts';

// Same extension as this module: .ts when run from source (type stripping), .js once compiled for the app.
const WORKER_URL = new URL(`./sha256-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** A Buffer over shared memory, which the hash worker can read in place. */
export function sharedBuffer(bytes: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(bytes));
}

/** One running SHA-256 at a time, computed in a worker; `digest` ends it and starts the next. */
export class OffThreadSha256 {
  readonly #worker: Worker;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (r: HashReply) => void; reject: (e: Error) => void }>();
  #failed: Error | undefined;

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

  /** Adds `chunk` (a view of a SharedArrayBuffer) to the hash; resolves when the worker has read it. */
  async update(chunk: Uint8Array): Promise<void> {
    if (!(chunk.buffer instanceof SharedArrayBuffer)) throw new TypeError('OffThreadSha256.update needs a chunk in shared memory (sharedBuffer)');
    await this.#call({ id: 0, op: 'update', buf: chunk.buffer, offset: chunk.byteOffset, length: chunk.byteLength });
  }

  /** The hex digest of everything since the last digest. */
  async digest(): Promise<string> {
    const reply = await this.#call({ id: 0, op: 'digest' });
    return reply.hex!;
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  #call(req: HashRequest): Promise<HashReply> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...req, id });
    });
  }
}
