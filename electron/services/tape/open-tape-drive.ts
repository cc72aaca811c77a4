/** Turns the operator's TARGET (a .tap path or /dev/nstN) into a TapeDrive. */
import fs from 'node:fs';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import { LinuxStDrive } from './linux-st-drive.ts';
import { SimhTapeDrive, type SimhTapeOptions } from './simh-tape-drive.ts';
import type { TapeDrive } from './tape-drive.ts';

/** Options that apply to a virtual tape only. */
export interface TapeTargetOptions {
  simh?: SimhTapeOptions;
}

/** What kind of target a string names. */
export function tapeTargetKind(target: string): 'simh' | 'linux-st' {
  if (/^\/dev\/nst\d+[lma]?$/.test(target)) {
    checkTapeDevice(target);
    return 'linux-st';
  }
  if (/^\/dev\/st\d+[lma]?$/.test(target)) {
    throw new SysbError('USAGE', `${target} rewinds when it is closed; use the no-rewind device ${target.replace('/dev/st', '/dev/nst')}`);
  }
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SysbError('INVALID_INPUT', `tape target ${target} is a directory; give a file path ending in .tap or /dev/nstN`);
  }
  if (target.toLowerCase().endsWith('.tap')) return 'simh';
  throw new SysbError(
    'USAGE',
    `tape target '${target}' is neither a virtual tape (a path ending in .tap) nor a no-rewind tape device (/dev/nstN)`,
  );
}

/**
 * A /dev/nstN path that exists must be a character device: a regular file or link left there (a
 * mistyped `dd of=/dev/nst0` creates one) would otherwise be "written" as a tape. A missing node is
 * left to the drive, whose open says there is no such device.
 */
export function checkTapeDevice(target: string): void {
  const st = fs.statSync(target, { throwIfNoEntry: false });
  if (st && !st.isCharacterDevice()) {
    const what = st.isFile() ? 'a regular file' : st.isDirectory() ? 'a directory' : st.isBlockDevice() ? 'a block device' : 'not a device';
    throw new SysbError(
      'INVALID_INPUT',
      `${target} is ${what}, not a tape device (a character device of the st driver); remove it or give the right /dev/nstN`,
    );
  }
}

/** Creates the drive for a target (does not open it). */
export function tapeDriveFor(target: string, opts: TapeTargetOptions = {}): TapeDrive {
  switch (tapeTargetKind(target)) {
    case 'linux-st':
      return new LinuxStDrive(target);
    case 'simh':
      return new SimhTapeDrive(path.resolve(target), opts.simh);
  }
}
