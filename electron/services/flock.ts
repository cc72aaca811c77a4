/**
 * flock(2) without waiting, through koffi: the kernel drops the lock when the file is closed or its
 * process dies, so there is no lock file to go stale and no takeover to race. Used for the one writer
 * per virtual tape (tape/tape-file-lock.ts) and the one robot move at a time of a simulated library.
 */
import koffi from 'koffi';
import os from 'node:os';

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;

type FlockFn = (fd: number, operation: number) => number;
let flockFn: FlockFn | undefined;

/** Exclusive: one holder; shared: any number of holders while nobody holds it exclusively. */
export type LockMode = 'exclusive' | 'shared';

/**
 * Takes the lock on the open file `fd` if it is free: true when taken, false when another open of the
 * file holds a conflicting one. Other failures throw, naming flock's errno.
 */
export function tryFlock(fd: number, mode: LockMode): boolean {
  // Loaded on first use: commands that never lock anything do not pay for libc's binding.
  flockFn ??= koffi.load('libc.so.6').func('int flock(int fd, int operation)') as FlockFn;
  if (flockFn(fd, (mode === 'exclusive' ? LOCK_EX : LOCK_SH) | LOCK_NB) === 0) return true;
  const errno = koffi.errno();
  if (errno === os.constants.errno.EWOULDBLOCK) return false;
  const name = Object.entries(os.constants.errno).find(([, v]) => v === errno)?.[0] ?? `errno ${errno}`;
  throw new Error(`flock failed with ${name}`);
}
