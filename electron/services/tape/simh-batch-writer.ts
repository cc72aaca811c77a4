/**
 * Batched writes into a .tap file: frames are encoded into a ~1 MiB buffer, and full buffers are
 * written by the thread pool, up to four at once (regular-file pwrites at distinct offsets); a
 * buffer returns to the free list when its write is done. 1 MiB writes were faster here than
 * larger ones (page-cache writeback), and hundreds of thousands of 520-byte frames per GiB must
 * never mean one syscall each.
 */
import type { FileHandle } from 'node:fs/promises';
import { startWriteback } from './writeback.ts';

/** Batches the thread pool may be writing at once (it has four threads). */
const WRITES_IN_FLIGHT = 4;
/** Durable writers start the disk write-back of every this many bytes written (see writeback.ts). */
const WRITEBACK_BYTES = 8 * 1024 * 1024;

/** The write side of SimhTapeDrive. Callers fill `buf` from `len` after `room()`. */
export class SimhBatchWriter {
  readonly #fh: FileHandle;
  /** The batch being filled, and how much of it is used. */
  buf: Buffer;
  len = 0;
  #start = 0;
  readonly #free: Buffer[] = [];
  readonly #inFlight: { done: Promise<void>; buf: Buffer; at: number }[] = [];
  #error: unknown;
  readonly #writeback: boolean;
  /** Start of the bytes written but not yet handed to startWriteback. */
  #writebackFrom = 0;
  #writebackDone: Promise<void> = Promise.resolve();

  /** `writeback`: start the disk write-back as the file grows (for a writer that fdatasyncs anyway). */
  constructor(fh: FileHandle, batchBytes: number, writeback = false) {
    this.#fh = fh;
    this.buf = Buffer.allocUnsafe(batchBytes);
    this.#writeback = writeback;
  }

  /** Flushes, then places the next batch at file offset `at`. */
  async restartAt(at: number): Promise<void> {
    await this.flush();
    this.#start = at;
    this.#writebackFrom = at;
  }

  /** Makes room for `bytes` more in `buf` (submitting the batch, growing it for a huge frame). */
  async room(bytes: number): Promise<void> {
    if (this.len + bytes <= this.buf.length) return;
    await this.#submit();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
  }

  /** Writes everything out and waits for it. */
  async flush(): Promise<void> {
    await this.#submit();
    while (this.#inFlight.length > 0) await this.#retireOldest();
    // No write-back request may outlive the file descriptor (close follows a flush).
    await this.#writebackDone;
    this.#throwError();
  }

  async #submit(): Promise<void> {
    const buf = this.buf;
    const len = this.len;
    const at = this.#start;
    this.#start = at + len;
    this.len = 0;
    if (len === 0) return;
    const fh = this.#fh;
    const done = (async () => {
      let n = 0;
      while (n < len) n += (await fh.write(buf, n, len - n, at + n)).bytesWritten;
    })().catch((err: unknown) => {
      this.#error ??= err;
    });
    this.#inFlight.push({ done, buf, at });
    if (this.#inFlight.length >= WRITES_IN_FLIGHT) await this.#retireOldest();
    this.#kickWriteback();
    this.buf = this.#free.pop() ?? Buffer.allocUnsafe(buf.length);
    this.#throwError();
  }

  /** Hands the written (retired) bytes to the kernel's write-back in WRITEBACK_BYTES pieces, one request at a time. */
  #kickWriteback(): void {
    if (!this.#writeback) return;
    // Everything before the oldest write still in flight is in the page cache.
    const written = this.#inFlight[0]?.at ?? this.#start;
    if (written - this.#writebackFrom < WRITEBACK_BYTES) return;
    const from = this.#writebackFrom;
    this.#writebackFrom = written;
    const fd = this.#fh.fd;
    this.#writebackDone = this.#writebackDone.then(() => startWriteback(fd, from, written - from));
  }

  async #retireOldest(): Promise<void> {
    const oldest = this.#inFlight.shift();
    if (!oldest) return;
    await oldest.done;
    this.#free.push(oldest.buf);
  }

  #throwError(): void {
    if (this.#error !== undefined) {
      const err = this.#error;
      this.#error = undefined;
      throw err;
    }
  }
}
