/** One user at a time for a virtual tape: a lock file beside the .tap, like st's exclusive open (EBUSY). */
import { promises as fsp } from 'node:fs';
import { TapeError } from './tape-error.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock for `tapePath`; resolves to a release function. Stale locks of dead processes are taken over. */
export async function acquireTapeLock(tapePath: string): Promise<() => Promise<void>> {
  const lockPath = `${tapePath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return async () => { await fsp.rm(lockPath, { force: true }); };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(await fsp.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new TapeError('EBUSY', `tape ${tapePath} is in use by process ${pid} (lock file ${lockPath})`);
      }
      await fsp.rm(lockPath, { force: true });
    }
  }
  throw new TapeError('EBUSY', `tape ${tapePath} is in use (could not take ${lockPath})`);
}
