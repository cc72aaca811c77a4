/**
 * The window names the folder an extract writes into; the main process decides whether it may. It must be
 * an absolute path that is a directory or can be created (its nearest existing ancestor is a writable
 * directory), and never a system directory: a mksysb unpacked over /etc or /usr would replace the
 * workstation's own files.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';

/** Directories an extract never writes into (itself; folders below them are the operator's call). */
const SYSTEM_DIRS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/home',
]);
/** Trees an extract never writes under: they are not files on a disk. */
const PSEUDO_TREES = ['/proc', '/sys', '/dev', '/run'];

function refuse(folder: string, why: string): SysbError {
  return new SysbError('INVALID_INPUT', `the folder ${folder} ${why}`);
}

/** Checks `folder` and returns it normalised; throws INVALID_INPUT saying what is wrong. */
export async function checkOutputFolder(folder: string): Promise<string> {
  if (folder.includes('\0')) throw refuse(JSON.stringify(folder), 'contains a NUL character');
  if (!path.isAbsolute(folder)) throw refuse(folder, 'is not an absolute path; give the full path (/home/…)');
  const wanted = path.resolve(folder);
  // Walk up to the nearest part that exists: it must be a directory we may write in.
  let existing = wanted;
  let st = await stat(existing).catch(() => null);
  while (!st) {
    const up = path.dirname(existing);
    if (up === existing) throw refuse(folder, 'cannot be created');
    existing = up;
    st = await stat(existing).catch(() => null);
  }
  if (!st.isDirectory())
    throw refuse(folder, existing === wanted ? 'is not a directory' : `cannot be created: ${existing} is not a directory`);
  const real = path.join(await realpath(existing), path.relative(existing, wanted));
  if (SYSTEM_DIRS.has(real) || PSEUDO_TREES.some((t) => real.startsWith(`${t}/`))) {
    throw refuse(
      folder,
      `is ${real === folder ? 'a system directory' : `the system directory ${real}`}: extract into a folder of your own`,
    );
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw refuse(
      folder,
      existing === wanted ? 'is not writable by SysbTape' : `cannot be created: ${existing} is not writable by SysbTape`,
    );
  }
  return wanted;
}
