/**
 * One writer or any number of readers per virtual tape: an flock(2) on the open .tap itself, like
 * st's exclusive open (EBUSY). The kernel drops the lock when the file is closed or the process dies,
 * so there is no lock file to go stale and no takeover to race. Non-blocking: a second user fails at
 * once with "in use" rather than waiting behind a write that may take an hour.
 */
import { tryFlock, type LockMode } from '../flock.ts';
import { TapeError } from './tape-error.ts';

/** Who takes the lock: a writer excludes everyone; readers (verify, identify, inspect) only exclude writers. */
export type TapeLockMode = LockMode;

/**
 * Locks the open file `fd` of `tapePath` without waiting. Throws TapeError EBUSY ("in use") when
 * another open of the tape holds a conflicting lock. Closing `fd` releases it.
 */
export function lockTapeFile(fd: number, tapePath: string, mode: TapeLockMode): void {
  let taken: boolean;
  try {
    taken = tryFlock(fd, mode);
  } catch (err) {
    throw new TapeError('EIO', `cannot lock tape ${tapePath}: ${(err as Error).message}`);
  }
  if (taken) return;
  throw new TapeError(
    'EBUSY',
    mode === 'exclusive'
      ? `tape ${tapePath} is in use by another process (a write, verify or identify is running on it); nothing was written`
      : `tape ${tapePath} is in use: another process is writing it; try again when the write has finished`,
  );
}
