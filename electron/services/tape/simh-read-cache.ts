/**
 * The read side of SimhTapeDrive: a large cache over the .tap file, and the frame checks that turn a
 * damaged file into TAPE_DAMAGED with its offset (a length word cut short, a record running past the
 * end of the file, a trailing length that does not match the leading one). The cached* methods
 * answer without I/O when they can, so reading 512-byte blocks costs no await per block.
 */
import type { FileHandle } from 'node:fs/promises';
import { frameBytes } from './simh-format.ts';
import { TapeDamagedError } from './tape-error.ts';

const CACHE_BYTES = 4 * 1024 * 1024;

/** Cached, checked reads of a .tap file whose logical size the drive tracks (`sizeOf`). */
export class SimhReadCache {
  readonly #fh: FileHandle;
  readonly #sizeOf: () => number;
  #cache: Buffer = Buffer.alloc(0);
  #start = 0;
  #len = 0;

  constructor(fh: FileHandle, sizeOf: () => number) {
    this.#fh = fh;
    this.#sizeOf = sizeOf;
  }

  /** Forgets the cached bytes (after the file was written or truncated). */
  invalidate(): void {
    this.#len = 0;
  }

  /** The word at `at` when the cache holds it (and it is inside the file), else undefined. */
  cachedWord(at: number): number | undefined {
    const rel = at - this.#start;
    if (rel < 0 || at + 4 > this.#sizeOf() || rel + 4 > this.#len) return undefined;
    return this.#cache.readUInt32LE(rel);
  }

  /** checkFrame without I/O when the whole frame is cached and sound; undefined otherwise. */
  cachedFrame(at: number, length: number): number | undefined {
    const frame = frameBytes(length);
    const rel = at - this.#start;
    if (rel < 0 || at + frame > this.#sizeOf() || rel + frame > this.#len) return undefined;
    if (this.#cache.readUInt32LE(rel + frame - 4) !== this.#cache.readUInt32LE(rel)) return undefined;
    return frame;
  }

  /** The 32-bit word at `at`; TAPE_DAMAGED when the file ends inside it. */
  async word(at: number): Promise<number> {
    const size = this.#sizeOf();
    if (at + 4 > size) throw new TapeDamagedError(`truncated: ${size - at} stray bytes where a length word should be`, at);
    await this.#fill(at, 4);
    return this.#cache.readUInt32LE(at - this.#start);
  }

  /** Checks that a record frame at `at` is complete and its trailing length matches; returns its size. */
  async checkFrame(at: number, length: number): Promise<number> {
    const frame = frameBytes(length);
    const size = this.#sizeOf();
    if (at + frame > size) {
      throw new TapeDamagedError(`truncated record: length word says ${length} bytes but the file ends ${size - at} bytes later`, at);
    }
    await this.#fill(at, frame);
    const lead = this.#cache.readUInt32LE(at - this.#start);
    const trail = this.#cache.readUInt32LE(at + frame - 4 - this.#start);
    if (trail !== lead) {
      throw new TapeDamagedError(
        `trailing length word 0x${trail.toString(16)} does not match the leading length ${length} of the record at ${at}`,
        at + frame - 4,
      );
    }
    return frame;
  }

  /** Copies `n` cached bytes at file offset `at` into `into` (after checkFrame/cachedFrame said so). */
  copyData(at: number, n: number, into: Uint8Array, intoOffset: number): void {
    // copy() with offsets: no subarray object per block (GC pressure at 2 million blocks per GiB).
    this.#cache.copy(into, intoOffset, at - this.#start, at + n - this.#start);
  }

  /** Makes the cache hold [at, at+len) of the file; the caller checked that it is inside the size. */
  async #fill(at: number, len: number): Promise<void> {
    if (at >= this.#start && at + len <= this.#start + this.#len) return;
    const size = this.#sizeOf();
    const want = Math.min(Math.max(len, CACHE_BYTES), size - at);
    if (this.#cache.length < want) this.#cache = Buffer.allocUnsafe(Math.max(want, CACHE_BYTES));
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.#fh.read(this.#cache, got, want - got, at + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.#start = at;
    this.#len = got;
    if (got < len) throw new TapeDamagedError(`file shorter than its recorded size (${size} bytes)`, at + got);
  }
}
