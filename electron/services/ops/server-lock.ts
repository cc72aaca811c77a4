/**
 * One capture per server at a time, across processes (the timer, a shell, the app): a lock file per
 * server created with O_EXCL holding the owner's pid and host. A lock whose process is gone is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerAlive } from '../jobs/job-owner.ts';

/** A held lock; release it when the capture ends. */
export interface ServerLock {
  file: string;
  release: () => void;
}

/** Takes the lock of `server` in `dir`, or returns the pid holding it. */
export function lockServer(dir: string, server: string): ServerLock | { heldBy: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${encodeURIComponent(server)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname() }), { flag: 'wx', mode: 0o600 });
      return {
        file,
        release: () => {
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid: number; host: string } | undefined;
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; host: string };
      } catch {
        owner = undefined;
      }
      if (owner && typeof owner.pid === 'number' && ownerAlive(owner)) return { heldBy: owner.pid };
      // The holder died without releasing: take the lock over.
      try {
        unlinkSync(file);
      } catch {
        /* raced with another taker */
      }
    }
  }
  return { heldBy: -1 };
}
