/**
 * The window may name any path as a tape: the main process checks each one before a drive opens
 * it. A virtual tape is an absolute path ending in .tap that is a regular file (not a symbolic
 * link, FIFO, device or directory) or does not exist yet in an existing directory; a real drive is
 * /dev/nstN and must be a character device. (The SIMH drive checks again when it opens the file.)
 */
import { lstat, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { SysbError } from '../../../shared/errors.ts';

const ST_DEVICE = /^\/dev\/nst\d+$/;

function refuse(target: string, why: string): SysbError {
  return new SysbError('INVALID_INPUT', `tape target ${target} ${why}`);
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw refuse(path, `cannot be examined (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Throws INVALID_INPUT naming the target unless it is a usable .tap file or /dev/nstN device. */
export async function checkTapeTarget(target: string): Promise<void> {
  if (target.includes('\0')) throw refuse(JSON.stringify(target), 'contains a NUL character');
  if (!isAbsolute(target)) throw refuse(target, 'is not an absolute path; give the full path of the .tap file or /dev/nstN');
  if (ST_DEVICE.test(target)) {
    const st = await lstatOrNull(target);
    if (!st) throw refuse(target, 'does not exist (no such tape drive)');
    if (!st.isCharacterDevice()) throw refuse(target, 'is not a character device (not a tape drive)');
    return;
  }
  if (!/\.tap$/i.test(target)) throw refuse(target, 'is neither a virtual tape (.tap) nor a non-rewinding drive (/dev/nstN)');
  const st = await lstatOrNull(target);
  if (st === null) {
    // A new virtual tape: its directory must exist (the drive creates only the file).
    const dir = await stat(dirname(target)).catch(() => null);
    if (!dir?.isDirectory()) throw refuse(target, `cannot be created: ${dirname(target)} is not an existing directory`);
    return;
  }
  if (st.isSymbolicLink()) throw refuse(target, 'is a symbolic link; give the path of the .tap file itself');
  if (!st.isFile())
    throw refuse(target, `is not a regular file (${st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'a special file'})`);
}
