/**
 * Flush-behind: asks the kernel to write a growing file to disk while it is still being received.
 * Linux starts writeback only past dirty_background_ratio (gigabytes on a large machine), so without
 * this a 1 GiB fetch leaves 1 GiB dirty and the closing fsync stalls for the whole of it. One
 * fdatasync at a time, every `everyBytes`, runs beside the writes and leaves little for the last sync.
 */
import type { FileHandle } from 'node:fs/promises';

/** Default distance between flushes: large enough to be cheap, small enough to keep the last sync short. */
export const FLUSH_EVERY_BYTES = 64 * 1024 * 1024;

export interface FlushBehind {
  /** Tell how many bytes the file holds now; starts a flush when due and none is running. */
  wrote(bytes: number): void;
  /** Waits for the running flush; rethrows its error (a disk error must fail the fetch). */
  settle(): Promise<void>;
}

export function flushBehind(fh: FileHandle, everyBytes = FLUSH_EVERY_BYTES): FlushBehind {
  let flushedAt = 0;
  let running: Promise<void> | undefined;
  let failure: unknown;
  return {
    wrote(bytes) {
      if (running || bytes - flushedAt < everyBytes) return;
      flushedAt = bytes;
      running = fh
        .datasync()
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => {
          running = undefined;
        });
    },
    async settle() {
      await running;
      if (failure) throw failure;
    },
  };
}
