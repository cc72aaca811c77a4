/**
 * Starts the kernel's write-back of a file range without waiting for it: sync_file_range(2) with
 * SYNC_FILE_RANGE_WRITE, called through koffi on koffi's own thread (it may block while the disk
 * queue is full). A durable .tap write then keeps the disk busy while the next chunks are hashed
 * and framed, and the fdatasync at the filemark finds little left to do: `dd conv=fsync` writes
 * everything to the page cache first and only then waits for the disk.
 */
import koffi from 'koffi';

const SYNC_FILE_RANGE_WRITE = 2;

type SyncFileRange = ((fd: number, offset: number, nbytes: number, flags: number) => number) & {
  async: (fd: number, offset: number, nbytes: number, flags: number, cb: (err: unknown, rc: number) => void) => void;
};
let syncFileRange: SyncFileRange | undefined;

/** Asks the kernel to start writing `bytes` at `offset` of `fd` to disk; resolves when the request is queued. Best effort. */
export function startWriteback(fd: number, offset: number, bytes: number): Promise<void> {
  syncFileRange ??= koffi
    .load('libc.so.6')
    .func('int sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags)') as SyncFileRange;
  const fn = syncFileRange;
  // Errors are ignored on purpose: the fdatasync at the filemark is what makes the data durable.
  return new Promise((resolve) => fn.async(fd, offset, bytes, SYNC_FILE_RANGE_WRITE, () => resolve()));
}
