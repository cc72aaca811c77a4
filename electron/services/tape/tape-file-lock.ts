/**
 * One writer or any number of readers per virtual tape: an flock(2) on the open .tap itself, like
 * st's exclusive open (EBUSY). The kernel drops the lock when the file is closed or the process dies,
 * so there is no lock file to go stale and no takeover to race. Non-blocking: a second user fails at
 * once with "in use" rather than waiting behind a write that may take an hour.
 */
import koffi from 'koffi';
import os from 'node:os';
import { TapeError } from './tape-error.ts';

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;

type FlockFn = (fd: number, operation: number) => number;
let flockFn: FlockFn | undefined;

function flock(fd: number, operation: number): number {
  // Loaded on first use: commands that never open a .tap do not pay for libc's binding.
  flockFn ??= koffi.load('libc.so.6').func('int flock(int fd, int operation)') as FlockFn;
  return flockFn(fd, operation);
}

/** Who takes the lock: a writer excludes everyone; readers (verify, identify, inspect) only exclude writers. */
export type TapeLockMode = 'exclusive' | 'shared';

/**
 * Locks the open file `fd` of `tapePath` without waiting. Throws TapeError EBUSY ("in use") when
 * another open of the tape holds a conflicting lock. Closing `fd` releases it.
 */
export function lockTapeFile(fd: number, tapePath: string, mode: TapeLockMode): void {
  const rc = flock(fd, (mode === 'exclusive' ? LOCK_EX : LOCK_SH) | LOCK_NB);
  if (rc === 0) return;
  const errno = koffi.errno();
  if (errno === os.constants.errno.EWOULDBLOCK) {
    throw new TapeError(
      'EBUSY',
      mode === 'exclusive'
        ? `tape ${tapePath} is in use by another process (a write, verify or identify is running on it); nothing was written`
        : `tape ${tapePath} is in use: another process is writing it; try again when the write has finished`,
    );
  }
  const name = Object.entries(os.constants.errno).find(([, v]) => v === errno)?.[0] ?? `errno ${errno}`;
  throw new TapeError('EIO', `cannot lock tape ${tapePath}: flock failed with ${name}`);
}
